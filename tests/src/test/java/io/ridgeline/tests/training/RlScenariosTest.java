package io.ridgeline.tests.training;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.rl.RlAdvisor;
import io.ridgeline.engine.estimate.RlEstimator;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.Scenario;
import org.junit.jupiter.api.Test;

import static io.ridgeline.tests.training.Examples.applied;
import static io.ridgeline.tests.training.Examples.load;
import static io.ridgeline.tests.training.Examples.walls;
import static org.assertj.core.api.Assertions.assertThat;

/** The RL post-training scenarios: the stage that binds each, what relieves it, and the framework it points to. */
class RlScenariosTest {

    private static final RlAdvisor ADVISOR = new RlAdvisor(RuleBase.defaults());

    @Test
    void aGrpoRunOnAMidSizeModelIsRolloutBoundWithALongTail() {
        Scenario s = load("rl-grpo-mid");
        RlEstimate start = RlEstimator.estimate(s);
        assertThat(start.bindingStage()).isEqualTo("rollout");
        assertThat(start.rolloutTailShare()).isGreaterThan(0.3);
        Advice a = ADVISOR.advise(s);
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        assertThat(walls(a).get(0)).isEqualTo("rollout");
        assertThat(applied(a).get(0)).isEqualTo("async_rollout");
        assertThat(a.iterations().get(0).applied().ruleId()).isEqualTo("RL-R-01");
        RlEstimate end = (RlEstimate) a.finalEstimate();
        assertThat(end.placement()).isEqualTo("disaggregated");
        assertThat(end.async()).isTrue();
        assertThat(end.maxStalenessSteps()).isEqualTo(1);
        assertThat(end.trainingDays()).isLessThanOrEqualTo(0.6);
        assertThat(Json.toMap(end)).containsKeys("placement", "async", "max_staleness_steps");
        // the colocated start points at slime: a long tail without asynchrony
        assertThat(ADVISOR.framework(s)).hasValueSatisfying(f -> {
            assertThat(f.name()).isEqualTo("slime");
            assertThat(f.ruleId()).isEqualTo("RL-F-08");
        });
        // the rules' choice is in the trace too
        assertThat(a.iterations().get(0).firedRules()).contains("RL-F-08");
    }

    @Test
    void aLongReasoningRunIsBoundByGeneration() {
        Scenario s = load("rl-long-reasoning");
        RlEstimate start = RlEstimator.estimate(s);
        assertThat(start.bindingStage()).isEqualTo("rollout");
        assertThat(start.rolloutTimeS()).isGreaterThan(start.learnerTimeS() + start.rewardTimeS()
                + start.weightSyncTimeS());
        Advice a = ADVISOR.advise(s);
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        // generation binds: fp8 rollout weights halve what each decode step streams, and asynchronous rollout
        // overlaps the rest with training; the KV-limited actors (132 of 512 rollouts in flight) still wait for the
        // longest trace after the others, so rollout keeps setting the step
        assertThat(walls(a)).containsExactly("rollout", "rollout");
        assertThat(applied(a)).containsExactly("fp8", "async_rollout");
        RlEstimate end = (RlEstimate) a.finalEstimate();
        assertThat(end.bindingStage()).isEqualTo("rollout");
        assertThat(end.rolloutTailShare()).isGreaterThan(0.3);
        assertThat(end.trainingDays()).isLessThanOrEqualTo(2.9);
        // an asynchronous long tail points at AReaL
        assertThat(ADVISOR.framework(s.withDesign(a.finalDesign()))).hasValueSatisfying(f -> {
            assertThat(f.name()).isEqualTo("AReaL");
            assertThat(f.ruleId()).isEqualTo("RL-F-06");
        });
    }

    @Test
    void aLargePolicyIsBoundByItsWeightSync() {
        Scenario s = load("rl-large-policy-sync");
        RlEstimate start = RlEstimator.estimate(s);
        assertThat(start.bindingStage()).isEqualTo("weight_sync");
        // 2 B x 671e9 parameters of bf16 policy
        assertThat(start.weightSyncBytes()).isGreaterThan(1.3e12);
        Advice a = ADVISOR.advise(s);
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        assertThat(walls(a)).containsExactly("weight_sync");
        assertThat(applied(a)).containsExactly("async_rollout");
        assertThat(a.iterations().get(0).applied().ruleId()).isEqualTo("RL-W-01");
        assertThat(ADVISOR.framework(s)).hasValueSatisfying(f -> {
            assertThat(f.name()).isEqualTo("slime");
            assertThat(f.wall()).isEqualTo("weight_sync");
            assertThat(f.ruleId()).isEqualTo("RL-F-03");
        });
    }
}
