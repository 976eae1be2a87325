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
            loadRulesInBackground();
        }
        return ridgeline();
    }

    /** The commands that bill a scenario against the built-in catalogs, and those that also fire the rules. */
    private static final java.util.Set<String> BILLING = java.util.Set.of("advise", "audit", "estimate", "search",
            "diff");
    private static final java.util.Set<String> JUDGING = java.util.Set.of("advise", "audit");

    /**
     * Before the command line is parsed (a tenth of a second of a cold start), starts loading what the named command
     * will need on background threads: the built-in catalogs, which every catalog folder is merged over, and for
     * {@code advise} and {@code audit} without {@code --rules} or {@code --add-rules} the built-in rulebase. Only
     * work the command does anyway is started early; whoever needs it first waits for it.
     */
    static void preloadFor(String[] args) {
        for (String what : preloadsFor(args)) {
            if (what.equals(PRELOAD_RULES)) {
                loadRulesInBackground();
            } else {
                inBackground("ridgeline-" + what, Catalogs::builtIn);
            }
        }
    }

    static final String PRELOAD_CATALOGS = "catalogs";
    static final String PRELOAD_RULES = "rules";

    /** What {@link #preloadFor} starts for these arguments: {@code catalogs}, {@code rules}, both or neither. */
    static java.util.List<String> preloadsFor(String[] args) {
        if (args.length == 0 || !BILLING.contains(args[0])) {
            return java.util.List.of();
        }
        boolean ownRules = java.util.Arrays.stream(args).anyMatch(a -> a.equals("--rules")
                || a.startsWith("--rules=") || a.equals("--add-rules") || a.startsWith("--add-rules="));
        return JUDGING.contains(args[0]) && !ownRules ? java.util.List.of(PRELOAD_CATALOGS, PRELOAD_RULES)
                : java.util.List.of(PRELOAD_CATALOGS);
    }

    /** Whether the built-in rulebase has begun loading in the background: it is started once per process. */
    private static final java.util.concurrent.atomic.AtomicBoolean RULES_LOADING =
            new java.util.concurrent.atomic.AtomicBoolean();

    private static void loadRulesInBackground() {
        if (RULES_LOADING.compareAndSet(false, true)) {
            inBackground("ridgeline-rules", RuleBase::defaults);
        }
    }

    private static void inBackground(String name, Runnable work) {
        Thread loading = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError e) {
                // the first need loads it again and reports the failure there
            }
        }, name);
        loading.setDaemon(true);
        loading.start();
    }
}
