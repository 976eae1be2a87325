package io.ridgeline.rules.training;

import io.ridgeline.engine.advisor.Judge;
import io.ridgeline.engine.advisor.Judgement;
import io.ridgeline.engine.advisor.rl.RlAdvisor;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.rules.RuleInfo;
import io.ridgeline.engine.scenario.ScenarioLoader;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.Scenario;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RL framework rules (lesson 9d, rl/frameworks.drl) split the designs between them: on each bill here exactly
 * one of them fires, the one the bill is for, names its framework and the stage that chose it, and every other one
 * stays silent. The bills set the stage times, placement, asynchrony and tail apart, for a 7B, 8B or 405B policy on
 * one node or more: the rules read only those. Each rule's fires and quiet case on a whole scenario is in
 * frameworks.cases.yaml beside the rules.
 */
class RlFrameworkSplitTest {

    private static final RuleBase RULES = RuleBase.defaults();
    private static final RlAdvisor RL = new RlAdvisor(RULES);
    private static final Judge JUDGE = new Judge(RULES);
    private static final ScenarioLoader LOADER = new ScenarioLoader(Catalogs.builtIn());

    /** The scenario: rl-grpo-mid (two nodes of eight H100s) with another policy or on one node. */
    private static Scenario scenario(String model, int nodes) {
        Scenario s = LOADER.load(Path.of("..", "examples", "rl-grpo-mid.yaml"))
                .withModel(Catalogs.builtIn().model(model));
        return s.withCluster(s.cluster().withNodes(nodes), s.efficiency());
    }

    /** A bill with the given placement, asynchrony, stage times (s) and tail share; the longest stage binds. */
    private static RlEstimate bill(String placement, boolean async, double rollout, double tail, double reward,
                                   double learner, double sync) {
        String stage = rollout >= Math.max(reward, Math.max(learner, sync)) ? "rollout"
                : learner >= Math.max(reward, sync) ? "learner" : reward >= sync ? "reward" : "weight_sync";
        double step = rollout + reward + learner + sync;
        return new RlEstimate(16, 8, 8, placement, async, async ? 1 : 0, 512, 524_288, rollout, tail, reward, learner,
                16e9, sync, step, stage, 50e9, 40e9, 72e9, true, 1, 100, List.of(), List.of());
    }

    private static Judgement judge(Scenario s, RlEstimate e) {
        Map<String, Object> now = new LinkedHashMap<>(RL.values(s));
        now.putAll(Json.values(e));
        return JUDGE.judge(RL.facts(s, e), now, Map.of());
    }

    /** Rule id, framework, the scenario's model and nodes, the bill. */
    static Stream<Arguments> cases() {
        String small = "llama-3.1-8b";
        String large = "llama-3.1-405b";
        return Stream.of(
                Arguments.of("RL-F-01", "AReaL", small, 2, bill("colocated", false, 5, 0.1, 20, 3, 0.4)),
                Arguments.of("RL-F-02", "verl", large, 2, bill("colocated", false, 3, 0.1, 0, 1, 5)),
                Arguments.of("RL-F-03", "slime", large, 2, bill("disaggregated", false, 3, 0.1, 0, 1, 5)),
                // 405B parameters: at or above 70B
                Arguments.of("RL-F-04", "NeMo RL", large, 2, bill("colocated", false, 5, 0.1, 0, 20, 1)),
                Arguments.of("RL-F-05", "verl", small, 2, bill("colocated", false, 5, 0.1, 0, 20, 1)),
                Arguments.of("RL-F-06", "AReaL", small, 2, bill("disaggregated", true, 30, 0.7, 1, 10, 0.4)),
                Arguments.of("RL-F-07", "slime", small, 2, bill("disaggregated", false, 30, 0.1, 1, 10, 0.4)),
                Arguments.of("RL-F-08", "slime", small, 2, bill("colocated", false, 30, 0.7, 1, 10, 0.4)),
                Arguments.of("RL-F-09", "TRL", small, 1, bill("colocated", false, 30, 0.1, 1, 10, 0.4)),
                Arguments.of("RL-F-10", "OpenRLHF", small, 2, bill("colocated", false, 30, 0.1, 1, 10, 0.4)),
                Arguments.of("RL-F-11", "verl", large, 2, bill("colocated", false, 30, 0.1, 0, 10, 1)),
                Arguments.of("RL-F-12", "slime", small, 2, bill("disaggregated", true, 30, 0.1, 1, 10, 0.4)));
    }

    @ParameterizedTest(name = "{0} names {1}, and no other framework rule fires")
    @MethodSource("cases")
    void exactlyTheCasesRuleNamesItsFramework(String ruleId, String framework, String model, int nodes,
                                              RlEstimate bill) {
        Judgement j = judge(scenario(model, nodes), bill);
        assertThat(j.frameworks()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo(ruleId);
            assertThat(f.name()).isEqualTo(framework);
            assertThat(f.wall()).isEqualTo(bill.bindingStage());
            assertThat(f.explanation()).isNotBlank().doesNotContain("?}");
        });
        // the rule is silent on every other case
        cases().filter(a -> !a.get()[0].equals(ruleId)).forEach(other -> assertThat(
                judge(scenario((String) other.get()[2], (int) other.get()[3]), (RlEstimate) other.get()[4])
                        .firedRules()).as("%s on %s's case", ruleId, other.get()[0]).doesNotContain(ruleId));
    }

    @Test
    void theReasonsCarryTheBillsNumbers() {
        Judgement trl = judge(scenario("llama-3.1-8b", 1), bill("colocated", false, 30, 0.1, 1, 10, 0.4));
        assertThat(trl.frameworks().get(0).explanation())
                .startsWith("Rollout takes 30.0 s of the 41.4 s step, 10.0% of it on the tail, on one node with a "
                        + "policy of 8.03 B parameters (under 15 B)");
        Judgement nemo = judge(scenario("llama-3.1-405b", 2), bill("colocated", false, 5, 0.1, 0, 20, 1));
        assertThat(nemo.frameworks().get(0).explanation())
                .contains("The learner (20.0 s) sets the step for a policy of 406 B parameters, at or above 70 B");
    }

    @Test
    void everyFrameworkRuleHasABill() {
        List<String> covered = cases().map(a -> (String) a.get()[0]).toList();
        List<String> ids = RULES.rules().stream().filter(r -> r.file().endsWith("frameworks.drl"))
                .map(RuleInfo::id).toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(ids);
    }
}
