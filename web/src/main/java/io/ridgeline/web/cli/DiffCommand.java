package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.report.AdviceDiff;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "For reviewers: advise two scenarios under one rulebase (diff A.yaml B.yaml), or one scenario "
                + "under two (diff A.yaml --rules X --rules Y; one --rules compares the built-in rulebase with X), "
                + "and print what changed: the status, the final design, the walls met and the binding one each "
                + "turn, the remedies applied, the vetoes, the rules that fired and the final figures that moved.")
final class DiffCommand implements Callable<Integer> {

    @Parameters(arity = "1..2", paramLabel = "FILE", description = "One or two scenario files (YAML or JSON).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "DIR", description = "A folder of .drl files to use instead of the "
            + "built-in rulebase; give it twice to compare two folders on one scenario.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "A folder of gpus.yaml / models.yaml / efficiency.yaml merged over the built-in catalogs.")
    Path catalog;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Catalogs catalogs = catalog == null ? Catalogs.builtIn() : Catalogs.builtIn().mergedWith(catalog);
        AdviceDiff d;
        if (files.size() == 2) {
            if (rules.size() > 1) {
                throw new ParameterException(spec.commandLine(), "--rules: two scenario files are compared under "
                        + "one rulebase; give --rules at most once (or one file and --rules twice)");
            }
            Ridgeline r = ridgeline(catalogs, rules.isEmpty() ? null : rules.get(0));
            d = AdviceDiff.of(files.get(0).toString(), advise(r, files.get(0)), files.get(1).toString(),
                    advise(r, files.get(1)));
        } else {
            if (rules.isEmpty() || rules.size() > 2) {
                throw new ParameterException(spec.commandLine(), "--rules: one scenario file is compared under two "
                        + "rulebases: give --rules once (against the built-in rulebase) or twice; got "
                        + rules.size());
            }
            Path leftRules = rules.size() == 2 ? rules.get(0) : null;
            Path rightRules = rules.get(rules.size() - 1);
            Path file = files.get(0);
            d = AdviceDiff.of(leftRules == null ? "built-in rules" : leftRules.toString(),
                    advise(ridgeline(catalogs, leftRules), file), rightRules.toString(),
                    advise(ridgeline(catalogs, rightRules), file));
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(d));
        } else {
            out.print(d.text());
        }
        return 0;
    }

    private static Ridgeline ridgeline(Catalogs catalogs, Path rulesFolder) {
        return new Ridgeline(catalogs, Sources.rulesFrom(rulesFolder));
    }

    private static Advice advise(Ridgeline r, Path file) {
        return r.advise(Common.scenario(r, file));
    }
}
