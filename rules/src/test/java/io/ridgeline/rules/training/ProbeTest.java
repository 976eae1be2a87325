package io.ridgeline.rules.training;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.Iteration;
import io.ridgeline.engine.advisor.training.TrainingAdvisor;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.scenario.ScenarioLoader;
import io.ridgeline.facts.TrainingEstimate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() throws Exception {
        String only = System.getProperty("probe", "training-");
        TrainingAdvisor adv = new TrainingAdvisor(RuleBase.defaults());
        ScenarioLoader loader = new ScenarioLoader(Catalogs.builtIn());
        try (var files = Files.list(Path.of("../examples"))) {
            for (Path p : files.sorted().filter(f -> f.getFileName().toString().startsWith(only)).toList()) {
                Advice a = adv.advise(loader.load(p));
                System.out.println("=== " + p.getFileName() + ": " + a.status() + " -- " + a.stopReason());
                for (Iteration it : a.iterations()) {
                    var e = it.estimate();
                    System.out.printf("  [%d] tp%d pp%d cp%d dp%d ep%d z%d mb%d rc%s %s | mem %.1fGB step %.2fs mfu %.3f days %.1f bubble %.3f exp %.3f | binding %s -> %s (%s) walls %s%n",
                            it.index(), it.design().tp(), it.design().pp(), it.design().cp(), it.design().dp(), it.design().ep(),
                            it.design().zeroStage(), it.design().microBatch(), it.design().recompute(), it.design().activations(),
                            ((Number) e.get("memory_bytes_per_gpu")).doubleValue() / 1e9, e.get("step_time_s"), e.get("mfu"), e.get("training_days"), e.get("bubble_fraction"),
                            ((Number) e.get("exposed_comm_time_s")).doubleValue() / ((Number) e.get("step_time_s")).doubleValue(),
                            it.binding(), it.applied() == null ? "-" : it.applied().mechanism(), it.applied() == null ? "" : it.applied().change(),
                            it.bottlenecks().stream().map(b -> b.name() + ":" + b.kind().charAt(0)).toList());
                    if (it.applied() != null && System.getProperty("probe.explain") != null) {
                        System.out.println("      " + it.applied().ruleId() + " " + it.applied().explanation());
                        it.alsoRecommended().forEach(c -> System.out.println("      also " + c.mechanism() + " " + c.ruleId() + " p" + c.preference()));
                        it.vetoed().forEach(v -> System.out.println("      veto " + v.mechanism() + " " + v.ruleId() + ": " + v.reason()));
                    }
                }
            }
        }
    }
}
