package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.report.Reports;
import io.ridgeline.engine.search.DesignSearch;
import io.ridgeline.facts.Scenario;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search the whole serving design space the scenario in FILE allows (GPU types, model tiers, "
                + "tp, pp, ep, cp, accepted formats, speculative decoding, prefix caching, chunked prefill, "
                + "disaggregation, autoscaling), size the replicas of each shape for the load, and rank the designs "
                + "that meet every requirement; for a pretraining scenario, the layouts of its cluster (tp, pp, cp, "
                + "dp, ep, ZeRO, micro-batch, recomputation, fp8), fastest first. Without FILE, the built-in default "
                + "scenario.")
final class SearchCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A serving or pretraining scenario file (YAML or JSON).")
    Path file;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "How many of the best feasible designs (cheapest; fastest for training) to list, 1 to 1000 (default ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    Common common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (top < 1 || top > 1000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--top: " + top + " is out of range; allowed 1 to 1000");
        }
        Ridgeline r = common.ridgeline();
        Scenario s = Common.scenario(r, file);
        var out = spec.commandLine().getOut();
        if (s.kind() == io.ridgeline.facts.WorkloadKind.TRAINING) {
            io.ridgeline.engine.search.TrainingSearch.Result training = r.searchTraining(s, top);
            out.print(common.json ? Json.write(training) + "\n"
                    : Reports.trainingSearch(s.name(), training, common.markdown));
            return 0;
        }
        DesignSearch.Result result = r.search(s, top);
        if (common.json) {
            out.println(Json.write(result));
        } else {
            out.print(Reports.search(s.name(), result, common.markdown));
        }
        return 0;
    }
}
