package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.report.Reports;
import io.ridgeline.facts.Scenario;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Print the bill of the design in FILE: every figure with its formula and the numbers "
                + "substituted into it. Without FILE, the built-in default scenario.")
final class EstimateCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A scenario file (YAML or JSON).")
    Path file;

    @Mixin
    Common common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Ridgeline r = common.ridgeline();
        Scenario s = Common.scenario(r, file);
        io.ridgeline.facts.Bill estimate = r.estimate(s);
        var out = spec.commandLine().getOut();
        if (common.json) {
            out.println(Json.write(Ridgeline.estimateDocument(s, estimate)));
        } else {
            out.print(Reports.estimate(s, estimate, common.markdown));
        }
        return 0;
    }
}
