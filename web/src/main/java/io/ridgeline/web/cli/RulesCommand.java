package io.ridgeline.web.cli;

import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.rules.RuleInfo;
import io.ridgeline.engine.rules.RuleReference;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "For rule authors: list the rules, check that a folder of .drl files compiles and that "
                + "every rule carries an id, a lesson and an explanation, run the cases beside them, or print the "
                + "names and facts a rule may use.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.CheckRules.class, RulesCommand.TestRules.class,
            RulesCommand.VocabularyNames.class, RulesCommand.Reference.class})
final class RulesCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every rule: id, name, lesson, file.")
    static final class ListRules implements Callable<Integer> {
        @Option(names = "--rules", paramLabel = "DIR", description = "A rule folder instead of the built-in one.")
        Path dir;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RuleBase rb = dir == null ? RuleBase.defaults() : RuleBase.fromFolder(dir);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(rb.rules()));
            } else {
                for (RuleInfo r : rb.rules()) {
                    out.println(String.format("%-10s lesson %-4s %-28s %s", r.id(), r.lesson(), r.file(), r.name()));
                }
                out.println(rb.rules().size() + " rules from " + rb.origin());
            }
            return 0;
        }
    }

    /** How an author's folder is compiled: alone (as --rules runs it) or with the built-in rulebase. */
    static final class Folder {
        @Option(names = "--with-builtin", description = "Compile DIR together with the built-in rulebase, as "
                + "--add-rules does (for rules that extend it).")
        boolean withBuiltin;

        RuleBase compile(Path dir) {
            return withBuiltin ? RuleBase.builtInWith(dir) : RuleBase.fromFolder(dir);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compile DIR (default: the built-in rulebase) and lint every rule's metadata. "
                    + "Exit 2 on any problem, naming the file and the rule.")
    static final class CheckRules implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR")
        Path dir;

        @picocli.CommandLine.Mixin
        Folder folder;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RuleBase rb = dir == null ? RuleBase.defaults() : folder.compile(dir);
            List<String> problems = io.ridgeline.engine.rules.RuleLint.problems(rb);
            var out = spec.commandLine().getOut();
            if (!problems.isEmpty()) {
                problems.forEach(p -> spec.commandLine().getErr().println("error: " + p));
                return AdvisorCli.EXIT_BAD_INPUT;
            }
            out.println("ok: " + rb.rules().size() + " rules compile, each with an id, a lesson and an "
                    + "explanation; ids are unique (" + rb.origin() + ")");
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run the cases beside DIR's rules: every *" + io.ridgeline.engine.rules.RuleCases.SUFFIX
                    + " under DIR names, for each rule id, a scenario where the rule fires and one where it stays "
                    + "quiet (each judged as given, as audit does). Every rule of DIR needs both. Exit 2 on any "
                    + "failure, naming the file and the rule.")
    static final class TestRules implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR")
        Path dir;

        @picocli.CommandLine.Mixin
        Folder folder;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RuleBase rb = folder.compile(dir);
            boolean withBuiltin = folder.withBuiltin;
            // the folder's own rules: with the built-in rulebase, those whose file is under DIR
            String prefix = "(" + dir + ") ";
            java.util.Map<String, String> own = new java.util.TreeMap<>();
            rb.rules().stream().filter(r -> !withBuiltin || r.file().startsWith(prefix))
                    .forEach(r -> own.put(r.id(), withBuiltin ? r.file().substring(prefix.length()) : r.file()));
            io.ridgeline.engine.Ridgeline ridgeline = new io.ridgeline.engine.Ridgeline(
                    io.ridgeline.engine.catalog.Catalogs.builtIn(), () -> rb);
            io.ridgeline.web.Presets examples = io.ridgeline.web.Presets.fromClasspath();
            List<io.ridgeline.engine.rules.RuleCases.Outcome> outcomes = io.ridgeline.engine.rules.RuleCases.run(
                    dir, own, name -> examples.find(name).map(io.ridgeline.web.Presets.Preset::text), text -> {
                        try {
                            return ridgeline.audit(ridgeline.parse(text, "case")).firedRules();
                        } catch (io.ridgeline.engine.scenario.InputError e) {
                            throw new IllegalArgumentException(e.getMessage(), e);
                        }
                    });
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            long failed = outcomes.stream().filter(o -> !o.passed()).count();
            for (io.ridgeline.engine.rules.RuleCases.Outcome o : outcomes) {
                String line = o.file() + ": " + (o.ruleId().isEmpty() ? "" : o.ruleId() + " ")
                        + (o.expectation().isEmpty() ? "" : o.expectation() + " ") + o.detail();
                if (o.passed()) {
                    out.println("ok   " + line);
                } else {
                    err.println("FAIL " + line);
                }
            }
            if (failed > 0 || outcomes.isEmpty()) {
                err.println("error: " + (outcomes.isEmpty() ? "no rule and no case under " + dir
                        : failed + " of " + outcomes.size() + " expectations failed (" + rb.origin() + ")"));
                return AdvisorCli.EXIT_BAD_INPUT;
            }
            out.println("ok: " + outcomes.size() + " expectations hold for the " + own.size() + " rules of " + dir
                    + ", each firing in one case and quiet in another (" + rb.origin() + ")");
            return 0;
        }
    }

    @Command(name = "vocabulary", mixinStandardHelpOptions = true,
            description = "The names a rule may use, from their owners: the mechanisms the remedies apply, the walls "
                    + "the rulebase and the engine name, the regimes of a wall with two sides, and the placeholders "
                    + "an explanation may fill ({name}, {after.name}).")
    static final class VocabularyNames implements Callable<Integer> {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            java.util.Map<String, java.util.Set<String>> names = new java.util.LinkedHashMap<>();
            names.put("mechanisms", io.ridgeline.engine.rules.Vocabulary.mechanisms());
            names.put("walls", io.ridgeline.engine.rules.Vocabulary.walls());
            names.put("regimes", io.ridgeline.engine.rules.Vocabulary.regimes());
            names.put("placeholders", io.ridgeline.engine.rules.Vocabulary.placeholders(RuleBase.defaults()));
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(names));
            } else {
                names.forEach((kind, set) -> out.println(kind + " (" + set.size() + "): " + String.join(", ", set)));
            }
            return 0;
        }
    }

    @Command(name = "reference", mixinStandardHelpOptions = true,
            description = "The author's reference as Markdown, generated from the vocabulary and the fact records: "
                    + "the facts each domain's rules see and their fields with units, the conclusions, the guards, the "
                    + "mechanisms, walls and regimes, the preference scale and the explanation placeholders. "
                    + "docs/rules.md holds it; --into rewrites a file's generated block.")
    static final class Reference implements Callable<Integer> {
        @Option(names = "--into", paramLabel = "FILE", description = "Replace the generated block of FILE (between "
                + "its marker comments) instead of printing: " + RuleReference.REGENERATE + ".")
        Path into;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            String reference = RuleReference.markdown(RuleBase.defaults());
            var out = spec.commandLine().getOut();
            if (into == null) {
                out.print(reference);
                out.flush();
                return 0;
            }
            String doc = java.nio.file.Files.readString(into);
            if (RuleReference.block(doc).isEmpty()) {
                spec.commandLine().getErr().println("error: " + into + " has no generated block: a line "
                        + RuleReference.BEGIN + ", later a line " + RuleReference.END);
                return AdvisorCli.EXIT_BAD_INPUT;
            }
            String updated = RuleReference.replaceBlock(doc, reference);
            if (updated.equals(doc)) {
                out.println("ok: " + into + " is up to date");
            } else {
                java.nio.file.Files.writeString(into, updated);
                out.println("ok: rewrote the generated reference in " + into);
            }
            return 0;
        }
    }
}
