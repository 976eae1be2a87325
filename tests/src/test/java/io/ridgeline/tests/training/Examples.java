package io.ridgeline.tests.training;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.Iteration;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.scenario.ScenarioLoader;
import io.ridgeline.facts.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The example scenarios and what an advice did with them. */
final class Examples {

    private static final ScenarioLoader LOADER = new ScenarioLoader(Catalogs.builtIn());

    private Examples() {
    }

    static Path folder() {
        Path p = Path.of("../examples");
        return Files.isDirectory(p) ? p : Path.of("examples");
    }

    static Scenario load(String name) {
        return LOADER.load(folder().resolve(name + ".yaml"));
    }

    /** The mechanisms applied, in order. */
    static List<String> applied(Advice a) {
        return a.iterations().stream().map(Iteration::applied).filter(Objects::nonNull)
                .map(x -> x.mechanism()).toList();
    }

    /** The rule that recommended each applied mechanism, in order. */
    static List<String> appliedRules(Advice a) {
        return a.iterations().stream().map(Iteration::applied).filter(Objects::nonNull)
                .map(x -> x.ruleId()).toList();
    }

    /** The binding wall of each iteration that applied something, in order. */
    static List<String> walls(Advice a) {
        return a.iterations().stream().filter(i -> i.applied() != null).map(Iteration::binding).toList();
    }
}
