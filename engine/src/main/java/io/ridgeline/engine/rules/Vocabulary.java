package io.ridgeline.engine.rules;

import io.ridgeline.engine.advisor.DesignLoop;
import io.ridgeline.engine.advisor.InferenceRemedies;
import io.ridgeline.engine.advisor.rl.RlRemedies;
import io.ridgeline.engine.advisor.training.TrainingRemedies;
import io.ridgeline.engine.arithmetic.rl.RlStages;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names rules and the engine share, each read from its one owner: the mechanisms the three domains' remedies
 * apply (InferenceRemedies, TrainingRemedies, RlRemedies), and the walls the built-in rulebase names when it
 * classifies a bill (every {@code new Bottleneck("...")} and {@code new Binding("...")} of its files), the RL step's
 * stages (RlStages) and the design loop's economy phases.
 */
public final class Vocabulary {

    private static final Pattern INSERTED_WALL = Pattern.compile("new (?:Bottleneck|Binding)\\(\\s*\"([a-z0-9_]+)\"");

    private Vocabulary() {
    }

    /** Every mechanism a remedy applies, in any domain. */
    public static Set<String> mechanisms() {
        Set<String> out = new TreeSet<>();
        out.addAll(InferenceRemedies.MECHANISMS);
        out.addAll(TrainingRemedies.MECHANISMS);
        out.addAll(RlRemedies.MECHANISMS);
        return Collections.unmodifiableSet(out);
    }

    /** Every wall the built-in rulebase (when it is on the classpath) and the engine name. */
    public static Set<String> walls() {
        return walls(Map.of());
    }

    /** The built-in walls and those the given rule files insert themselves. */
    static Set<String> walls(Map<String, String> sources) {
        Set<String> out = new TreeSet<>(BuiltIn.WALLS);
        out.addAll(inserted(sources));
        return Collections.unmodifiableSet(out);
    }

    /** The walls the built-in rule files insert, the RL stages and the loop's phases, read once. */
    private static final class BuiltIn {
        static final Set<String> WALLS = builtInWalls();

        private static Set<String> builtInWalls() {
            Set<String> out = new TreeSet<>();
            try {
                out.addAll(inserted(RuleBase.builtInSources()));
            } catch (IllegalStateException e) {
                // the engine alone, without the rules module: only the engine's own names
            }
            out.addAll(RlStages.STAGES);
            out.add(DesignLoop.ECONOMY);
            out.add(DesignLoop.ECONOMY_DETOUR);
            return Collections.unmodifiableSet(out);
        }
    }

    /** The wall names the files insert (new Bottleneck("..."), new Binding("...")). */
    private static Set<String> inserted(Map<String, String> sources) {
        Set<String> out = new TreeSet<>();
        for (String text : sources.values()) {
            Matcher m = INSERTED_WALL.matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
