package io.ridgeline.engine.advisor.rl;

import io.ridgeline.engine.advisor.Remedy;
import io.ridgeline.engine.estimate.RlEstimator;
import io.ridgeline.engine.estimate.RlInputs;
import io.ridgeline.facts.Budget;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.RlGauge;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.ridgeline.engine.fixtures.TrainingFixtures.h100Nodes;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama8b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.rl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RlRemediesTest {

    private final RlRemedies remedies = new RlRemedies();

    /** 128 prompts x 8 samples, prompt 512, mean 1024, max 4096 tokens, 50 ms rewards, 2000 steps. */
    private static RlWorkload grpo(double actorShare) {
        return new RlWorkload(128, 8, 512, 1024, 4096, 50, 2000, actorShare);
    }

    /** Llama-3.1-8B on 2 nodes of 8 H100s, learner FSDP with recomputation. */
    private static Scenario scenario(String placement, int tp, double actorShare) {
        Design d = Design.defaults().withParallelism(tp, 1, 1, 1, 1).withZeroStage(3).withRecompute(true)
                .withRl(placement, 0);
        return RlRemedies.withLearnerDp(rl(llama8b(), h100Nodes(2), grpo(actorShare), d));
    }

    private Remedy remedy(String mechanism, Scenario s) {
        return remedies.apply(mechanism, s, RlEstimator.estimate(s)).orElseThrow();
    }

    @Test
    void theDesignRecordsTheLearnersDataParallelDegree() {
        // colocated: 16 learner GPUs / tp 2 = dp 8; disaggregated at share 0.5: 8 / 2 = 4
        assertThat(scenario("colocated", 2, 0.5).design().dp()).isEqualTo(8);
        assertThat(scenario("disaggregated", 2, 0.5).design().dp()).isEqualTo(4);
    }

    @Test
    void disaggregationKeepsTheLearnersGpusAMultipleOfItsGroup() {
        // 16 GPUs, learner group tp 4: learners 4, 8 or 12; a share of 0.6 asks for 9.6 actors, so 6.4 learners;
        // the nearest valid split is 8 learners (share 0.5, distance 0.1) against 4 (0.75, distance 0.15)
        Scenario s = RlRemedies.disaggregated(scenario("colocated", 4, 0.6), 0.6).orElseThrow();
        assertThat(s.rl().actorGpuShare()).isEqualTo(0.5);
        Scenario split = s.withDesign(s.design().withRl("disaggregated", 0));
        assertThat(RlInputs.learnerGpus(split)).isEqualTo(8);
    }

    @Test
    void asynchronousRolloutDisaggregatesAColocatedDesign() {
        Remedy r = remedy("async_rollout", scenario("colocated", 1, 0.5));
        Design d = r.next().design();
        assertThat(d.rlPlacement()).isEqualTo("disaggregated");
        assertThat(d.has(Feature.ASYNC_ROLLOUT)).isTrue();
        assertThat(d.maxStalenessSteps()).isEqualTo(1);
        // 8 learner GPUs / tp 1
        assertThat(d.dp()).isEqualTo(8);
        assertThat(r.change()).startsWith("placement colocated -> disaggregated (8 actor, 8 learner GPUs)");
        assertThat(RlEstimator.estimate(r.next()).async()).isTrue();
    }

    @Test
    void asynchronousRolloutOnSeparateGpusOnlyTurnsItOn() {
        Remedy r = remedy("async_rollout", scenario("disaggregated", 1, 0.5));
        assertThat(r.next().design().rlPlacement()).isEqualTo("disaggregated");
        assertThat(r.change()).isEqualTo("asynchronous rollout on (staleness 1: rollouts may come from a policy 1 "
                + "step old)");
        Scenario async = r.next();
        assertThat(remedies.apply("async_rollout", async, RlEstimator.estimate(async))).isEmpty();
    }

    @Test
    void colocationSwitchesAsynchronyOff() {
        Scenario async = remedy("async_rollout", scenario("disaggregated", 1, 0.5)).next();
        Design d = remedy("colocated_rl", async).next().design();
        assertThat(d.rlPlacement()).isEqualTo("colocated");
        assertThat(d.has(Feature.ASYNC_ROLLOUT)).isFalse();
        assertThat(d.maxStalenessSteps()).isZero();
        assertThat(d.dp()).isEqualTo(16);
    }

    @Test
    void rebalancingMovesGpusTowardsTheSlowerSide() {
        Scenario s = scenario("disaggregated", 1, 0.5);
        RlEstimate e = RlEstimator.estimate(s);
        double ta = e.rolloutTimeS() + e.rewardTimeS();
        double tl = e.learnerTimeS() + e.weightSyncTimeS();
        // a* = Ta a / (Ta a + Tl (1 - a)) at a = 0.5
        double target = ta * 0.5 / (ta * 0.5 + tl * 0.5);
        long actors = Math.round(target * 16);
        Remedy r = remedy("actor_rebalance", s);
        assertThat(ta).isGreaterThan(tl);
        assertThat(RlInputs.actorGpus(r.next())).isEqualTo((int) actors).isGreaterThan(8);
        assertThat(r.next().design().dp()).isEqualTo(16 - (int) actors);
        assertThat(remedies.apply("actor_rebalance", scenario("colocated", 1, 0.5),
                RlEstimator.estimate(scenario("colocated", 1, 0.5)))).isEmpty();
    }

    @Test
    void theLearnersTensorParallelismStaysInsideTheNode() {
        Scenario tp8 = scenario("colocated", 8, 0.5);
        assertThat(remedies.apply("tensor_parallelism", tp8, RlEstimator.estimate(tp8))).isEmpty();
        assertThat(remedy("tensor_parallelism", scenario("colocated", 2, 0.5)).next().design().tp()).isEqualTo(4);
    }

    @Test
    void fp8ChangesTheRolloutWeightsAndCacheNotTheLearner() {
        Design d = remedy("fp8", scenario("colocated", 1, 0.5)).next().design();
        assertThat(List.of(d.weights(), d.activations(), d.kvCache()))
                .containsExactly(NumericFormat.FP8, NumericFormat.BF16, NumericFormat.FP8);
    }

    @Test
    void theStepBudgetIsTheTighterOfDeadlineAndMoney() {
        Scenario s = scenario("colocated", 1, 0.5);
        // deadline 0.5 days over 2000 steps: 0.5 x 86,400 / 2000 = 21.6 s
        assertThat(RlGauges.stepBudgetS(withBudget(s, new Budget(0, 0, 0, 0.5)))).isCloseTo(21.6, within(1e-9));
        // 1000 USD for 16 GPUs at 3.00 USD/h: 1000 / 48 h = 75,000 s over 2000 steps = 37.5 s
        assertThat(RlGauges.stepBudgetS(withBudget(s, new Budget(0, 0, 1000, 0)))).isCloseTo(37.5, within(1e-9));
        assertThat(RlGauges.stepBudgetS(withBudget(s, new Budget(0, 0, 1000, 0.5)))).isCloseTo(21.6, within(1e-9));
        assertThat(RlGauges.stepBudgetS(s)).isZero();
        RlGauge g = RlGauges.of(withBudget(s, new Budget(0, 0, 0, 0.5)), RlEstimator.estimate(s));
        assertThat(g.allows(21.6)).isTrue();
        assertThat(g.allows(21.7)).isFalse();
        assertThat(RlGauges.of(s, RlEstimator.estimate(s)).allows(1e9)).isTrue();
    }

    @Test
    void theGaugeAddsEachSideOfTheStep() {
        Scenario s = scenario("disaggregated", 1, 0.5);
        RlEstimate e = RlEstimator.estimate(s);
        RlGauge g = RlGauges.of(s, e);
        assertThat(g.rolloutSideS()).isEqualTo(e.rolloutTimeS() + e.rewardTimeS());
        assertThat(g.learnerSideS()).isEqualTo(e.learnerTimeS() + e.weightSyncTimeS());
        assertThat(e.bindingStage()).isEqualTo("rollout");
        assertThat(g.bindingStageS()).isEqualTo(e.rolloutTimeS());
        // mean 1024 of a 4096-token longest rollout: the tail is most of the rollout
        assertThat(g.longTail()).isEqualTo(e.rolloutTailShare() >= RlGauge.LONG_TAIL_SHARE).isTrue();
    }

    private static Scenario withBudget(Scenario s, Budget b) {
        return new Scenario(s.name(), s.kind(), s.model(), s.cluster(), s.inference(), s.training(), s.rl(), s.slo(),
                b, s.design(), s.efficiency(), s.preferences());
    }
}
