package io.ridgeline.rules.training;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.Iteration;
import io.ridgeline.engine.advisor.rl.RlAdvisor;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RlProbeTest {
    @Test
    void probe() throws Exception {
        RlAdvisor adv = new RlAdvisor(RuleBase.defaults());
        ScenarioLoader loader = new ScenarioLoader(Catalogs.builtIn());
        try (var files = Files.list(Path.of("../examples"))) {
            for (Path p : files.sorted().filter(f -> f.getFileName().toString().startsWith("rl-")).toList()) {
                Advice a = adv.advise(loader.load(p));
                System.out.println("=== " + p.getFileName() + ": " + a.status() + " -- " + a.stopReason());
                for (Iteration it : a.iterations()) {
                    var e = it.estimate();
                    System.out.printf("  [%d] %s async=%s tp%d dp%d z%d rc%s %s | actor %s learner %s fits %s roll %.1f tail %.2f rew %.1f learn %.1f sync %.2f step %.1f days %.2f | binding %s -> %s (%s) walls %s%n",
                            it.index(), e.get("placement"), e.get("async"), it.design().tp(), it.design().dp(), it.design().zeroStage(), it.design().recompute(), it.design().weights(),
                            e.get("actor_gpus"), e.get("learner_gpus"), e.get("fits"), e.get("rollout_time_s"), e.get("rollout_tail_share"), e.get("reward_time_s"), e.get("learner_time_s"), e.get("weight_sync_time_s"), e.get("step_time_s"), e.get("training_days"),
                            it.binding(), it.applied() == null ? "-" : it.applied().mechanism(), it.applied() == null ? "" : it.applied().change(),
                            it.bottlenecks().stream().map(b -> b.name() + ":" + b.kind().substring(0, 3)).toList());
                    if (it.applied() != null) {
                        System.out.println("      " + it.applied().ruleId() + " " + it.applied().explanation());
                        it.vetoed().forEach(v -> System.out.println("      veto " + v.mechanism() + " " + v.ruleId() + ": " + v.reason()));
                    }
                }
            }
        }
    }
}
