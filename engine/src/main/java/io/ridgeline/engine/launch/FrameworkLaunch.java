package io.ridgeline.engine.launch;

import io.ridgeline.engine.advisor.Judgement;
import java.util.Optional;

/**
 * The launch line of an RL design: the framework the rules name for it (rl/frameworks.drl, lesson 9d), the stage
 * that chose it, the rule and its reason, as a shell comment (each framework has its own launcher and config).
 */
public final class FrameworkLaunch {

    /** The one target of an RL design. */
    public static final String TARGET = "framework";

    private FrameworkLaunch() {
    }

    /** The line for the rules' choice, or one saying that no rule of the rulebase names a framework. */
    public static String render(Optional<Judgement.Framework> choice) {
        return choice.map(f -> "# " + f.name() + " (binding wall: " + f.wall() + "; " + f.ruleId() + "): "
                        + f.explanation() + "\n")
                .orElse("# no rule of this rulebase names an RL framework for this design\n");
    }
}
