package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.rules.RuleBase;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Where the catalogs and the rulebase come from: the built-in ones, a user's catalog folder, an author's rules. */
final class Sources {

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "A folder of gpus.yaml / models.yaml / efficiency.yaml merged over the built-in catalogs.")
    Path catalog;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "A folder of .drl files to use instead of the built-in rulebase.")
    Path rules;

    @Option(names = "--add-rules", paramLabel = "DIR",
            description = "A folder of .drl files compiled together with the built-in rulebase (extends it).")
    Path addRules;

    Catalogs catalogs() {
        return catalog == null ? Catalogs.builtIn() : Catalogs.builtIn().mergedWith(catalog);
    }

    /** The rulebase to compile, on first need. */
    Supplier<RuleBase> ruleBase() {
        Path folder = rules;
        Path extra = addRules;
        if (folder != null && extra != null) {
            throw new IllegalArgumentException("--rules replaces the built-in rulebase and --add-rules extends it: "
                    + "give one of them");
        }
        return () -> {
            if (folder == null && extra == null) {
                return RuleBase.defaults();
            }
            return linted(folder != null ? RuleBase.fromFolder(folder) : RuleBase.builtInWith(extra));
        };
    }

    /** A folder's rulebase instead of the built-in one (null: the built-in), compiled on first need. */
    static Supplier<RuleBase> rulesFrom(Path folder) {
        return () -> folder == null ? RuleBase.defaults() : linted(RuleBase.fromFolder(folder));
    }

    /** An author's folder runs as given, and what `rules check` would refuse is said on the way. */
    static RuleBase linted(RuleBase rb) {
        for (String problem : io.ridgeline.engine.rules.RuleLint.problems(rb)) {
            System.err.println("warning: " + problem);
        }
        return rb;
    }

    /** The service, its rulebase compiled on first need. */
    Ridgeline ridgeline() {
        return new Ridgeline(catalogs(), ruleBase());
    }

    /**
     * The service for a command that will need the rules: the built-in rulebase starts loading on a background
     * thread while the catalogs and the scenario load (the first need then waits for it, or loads it itself if the
     * thread has not begun). An author's folder still compiles on first need, its warnings in their usual place.
     */
    Ridgeline ridgelineLoadingRules() {
        if (rules == null && addRules == null) {
            Thread loading = new Thread(() -> {
                try {
                    RuleBase.defaults();
                } catch (RuntimeException | LinkageError e) {
                    // the first need loads it again and reports the failure there
                }
            }, "ridgeline-rules");
            loading.setDaemon(true);
            loading.start();
        }
        return ridgeline();
    }
}
