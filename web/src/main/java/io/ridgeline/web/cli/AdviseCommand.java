package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.scenario.DesignDocument;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.report.Reports;
import io.ridgeline.facts.Scenario;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "advise", mixinStandardHelpOptions = true,
        description = "Run the design loop on FILE: name the binding wall, apply the remedy the rules choose, "
                + "recompute, repeat until nothing binds, then cut cost while every requirement holds; a serving "
                + "answer is checked against the search of the whole design space. Without FILE, the built-in "
                + "default scenario.")
final class AdviseCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A scenario file (YAML or JSON).")
    Path file;

    @Mixin
    Common common;

    @Option(names = "--emit", paramLabel = "TARGET", description = "Also print the final design as a launch "
            + "command: vllm or sglang (serving), megatron or torchtitan (training), framework (RL).")
    String emit;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Ridgeline r = common.ridgelineLoadingRules();
        Scenario s = Common.scenario(r, file);
        Advice a = r.advise(s);
        var out = spec.commandLine().getOut();
        String launch = emit == null ? null : r.launchCommand(emit, s, a);
        if (common.json) {
            Map<String, Object> m = new LinkedHashMap<>(Json.toMap(a));
            Map<String, Object> bands = Ridgeline.validationError(a);
            if (!bands.isEmpty()) {
                m.put("validation_error", bands);
            }
            m.put("requirements", Ridgeline.requirements(s));
            m.put("final_design_document", DesignDocument.of(a.finalDesign()));
            if (launch != null) {
                m.put("launch_command", launch);
            }
            out.println(Json.write(m));
        } else {
            out.print(Reports.advice(a, common.markdown));
            if (launch != null) {
                out.println();
                out.print(common.markdown ? Reports.codeBlock("sh", launch) : launch.endsWith("\n") ? launch
                        : launch + "\n");
            }
        }
        return 0;
    }
}
