package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Audit;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.report.Reports;
import io.ridgeline.facts.Scenario;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Judge the design in FILE as given, without changing it: every requirement it breaks, every "
                + "trap it has switched on, with severity and the numbers.")
final class AuditCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A scenario file (YAML or JSON).")
    Path file;

    @Mixin
    Common common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Ridgeline r = common.ridgelineLoadingRules();
        Scenario s = r.load(file);
        Audit a = r.audit(s);
        var out = spec.commandLine().getOut();
        if (common.json) {
            Map<String, Object> m = new LinkedHashMap<>(Json.toMap(a));
            Map<String, Object> bands = Ridgeline.validationError(s, a.estimate());
            if (!bands.isEmpty()) {
                m.put("validation_error", bands);
            }
            m.put("requirements", Ridgeline.requirements(s));
            out.print(Json.write(m) + "\n");
        } else {
            out.print(Reports.audit(a, common.markdown));
        }
        return 0;
    }
}
