package io.ridgeline.engine.advisor.rl;

import io.ridgeline.facts.Design;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.ridgeline.engine.fixtures.TrainingFixtures.h100Nodes;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama405b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama8b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.rl;
import static org.assertj.core.api.Assertions.assertThat;

class RlFrameworksTest {

    private static final RlWorkload W = new RlWorkload(64, 8, 512, 1024, 4096, 50, 100, 0.5);

    private static Scenario scenario(io.ridgeline.facts.ModelArchitecture m, int nodes) {
        return rl(m, h100Nodes(nodes), W, Design.defaults());
    }

    /** A bill with the given placement, asynchrony, stage times (s) and tail share. */
    private static RlEstimate bill(String placement, boolean async, double rollout, double tail, double reward,
                                   double learner, double sync) {
        String stage = rollout >= Math.max(reward, Math.max(learner, sync)) ? "rollout"
                : learner >= Math.max(reward, sync) ? "learner" : reward >= sync ? "reward" : "weight_sync";
        double step = rollout + reward + learner + sync;
        return new RlEstimate(16, 8, 8, placement, async, async ? 1 : 0, 512, 524_288, rollout, tail, reward, learner,
                16e9, sync, step, stage, 50e9, 40e9, 72e9, true, 1, 100, List.of(), List.of());
    }

    @Test
    void aSingleNodeSmallPolicyWithAShortTailGetsTrl() {
        RlFrameworks.Choice c = RlFrameworks.recommend(scenario(llama8b(), 1),
                bill("colocated", false, 30, 0.1, 1, 10, 0.4));
        assertThat(c.framework()).isEqualTo("TRL");
        assertThat(c.wall()).isEqualTo("rollout");
        assertThat(c.reason()).contains("rollout 30.0 s of the 41.4 s step, 10% of it on the tail");
    }

    @Test
    void aColocatedSmallPolicyAcrossNodesGetsOpenRlhf() {
        assertThat(RlFrameworks.recommend(scenario(llama8b(), 2), bill("colocated", false, 30, 0.1, 1, 10, 0.4))
                .framework()).isEqualTo("OpenRLHF");
    }

    @Test
    void aLongTailWithoutAsynchronyOrOnSeparateGpusGetsSlime() {
        assertThat(RlFrameworks.recommend(scenario(llama8b(), 2), bill("colocated", false, 30, 0.7, 1, 10, 0.4))
                .framework()).isEqualTo("slime");
        assertThat(RlFrameworks.recommend(scenario(llama8b(), 2), bill("disaggregated", false, 30, 0.1, 1, 10, 0.4))
                .framework()).isEqualTo("slime");
    }

    @Test
    void anAsynchronousLongTailGetsAreal() {
        assertThat(RlFrameworks.recommend(scenario(llama8b(), 2), bill("disaggregated", true, 30, 0.7, 1, 10, 0.4))
                .framework()).isEqualTo("AReaL");
    }

    @Test
    void slowRewardsGetAreal() {
        RlFrameworks.Choice c = RlFrameworks.recommend(scenario(llama8b(), 2),
                bill("colocated", false, 5, 0.1, 20, 3, 0.4));
        assertThat(c.framework()).isEqualTo("AReaL");
        assertThat(c.wall()).isEqualTo("reward");
    }

    @Test
    void theWeightSyncGetsVerlColocatedAndSlimeDisaggregated() {
        assertThat(RlFrameworks.recommend(scenario(llama405b(), 32), bill("colocated", false, 3, 0.1, 0, 1, 5))
                .framework()).isEqualTo("verl");
        assertThat(RlFrameworks.recommend(scenario(llama405b(), 32), bill("disaggregated", false, 3, 0.1, 0, 1, 5))
                .framework()).isEqualTo("slime");
    }

    @Test
    void aLearnerBoundLargePolicyGetsNemoRlAndASmallOneVerl() {
        // 405B parameters: at or above 70B
        assertThat(RlFrameworks.recommend(scenario(llama405b(), 32), bill("colocated", false, 5, 0.1, 0, 20, 1))
                .framework()).isEqualTo("NeMo RL");
        assertThat(RlFrameworks.recommend(scenario(llama8b(), 2), bill("colocated", false, 5, 0.1, 0, 20, 1))
                .framework()).isEqualTo("verl");
    }

    @Test
    void aRolloutBoundLargeColocatedPolicyGetsVerl() {
        assertThat(RlFrameworks.recommend(scenario(llama405b(), 32), bill("colocated", false, 30, 0.1, 0, 10, 1))
                .framework()).isEqualTo("verl");
    }
}
