package io.ridgeline.engine.arithmetic.rl;

import io.ridgeline.engine.arithmetic.training.Links;
import io.ridgeline.engine.arithmetic.training.TrainingFlops;
import io.ridgeline.facts.NumericFormat;
import org.junit.jupiter.api.Test;

import static io.ridgeline.engine.fixtures.TrainingFixtures.h100Nodes;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama70b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama8b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RlArithmeticTest {

    @Test
    void llama8bKvCacheIs128KibPerToken() {
        // 2 x 32 layers x 8 KV heads x 128 x 2 B = 131,072 B (reference: derived.kv_cache_bytes_per_token_bf16)
        assertThat(ActorPlacement.kvBytesPerToken(llama8b(), NumericFormat.BF16)).isEqualTo(131_072.0);
        assertThat(ActorPlacement.kvBytesPerToken(llama70b(), NumericFormat.BF16)).isEqualTo(327_680.0);
        assertThat(ActorPlacement.kvBytesPerToken(llama8b(), NumericFormat.FP8)).isEqualTo(65_536.0);
    }

    @Test
    void actorTakesTheSmallestTensorParallelismThatHoldsWeightsAndKv() {
        // Llama-70B bf16 W = 141.1 GB; 64 rollouts on 16 GPUs, each reserving 1536 x 327,680 B = 0.5033 GB of KV;
        // 72 GB per GPU. tp 1: 141.1 GB > 72. tp 2 (8 replicas, 8 rollouts each): 70.55 + 8 x 0.5033 / 2
        // = 72.57 GB > 72. tp 4 (4 replicas, 16 each): 35.28 + 16 x 0.5033 / 4 = 37.29 GB fits
        double w = 2 * 70_553_706_496.0;
        double kvRollout = 1536 * 327_680.0;
        ActorPlacement.Placement p = ActorPlacement.place(llama70b(), 16, 8, 64, w, kvRollout, 72e9);
        assertThat(p.tp()).isEqualTo(4);
        assertThat(p.replicas()).isEqualTo(4);
        assertThat(p.rolloutsPerReplica()).isEqualTo(16);
        assertThat(p.concurrency()).isEqualTo(16);
        assertThat(p.fits()).isTrue();
    }

    @Test
    void whenNoTensorParallelismHoldsEveryRolloutTheRestWait() {
        // Llama-8B W 16.06 GB, 4,096 rollouts on 8 GPUs, KV 0.5704 GB each (4352 tokens), budget 55.94 GB:
        // even tp 8 cannot hold 4096 x 0.5704 GB; tp 8 holds floor((55.94 - 16.06/8) / (0.5704/8)) = 756 at once
        double w = 2 * 8_030_261_248.0;
        double kvRollout = 4352 * 131_072.0;
        ActorPlacement.Placement p = ActorPlacement.place(llama8b(), 8, 8, 4096, w, kvRollout, 55_939_477_504.0);
        assertThat(p.tp()).isEqualTo(8);
        assertThat(p.rolloutsPerReplica()).isEqualTo(4096);
        assertThat(p.concurrency()).isEqualTo((int) Math.floor((55_939_477_504.0 - w / 8) / (kvRollout / 8)));
        assertThat(p.concurrency()).isEqualTo(756);
    }

    @Test
    void theLongTailSetsTheRolloutAndItsShareIsOneMinusMeanOverMax() {
        // 32 rollouts, mean 1024, max 4096, all in flight: steps = max(4096, 32 x 1024 / 32) = 4096;
        // with no prefill the tail share is (4096 - 1024)/4096 = 0.75
        Rollout.Bill b = Rollout.bill(0, 0.0065, false, 32, 32, 1024, 4096);
        assertThat(b.decodeSteps()).isEqualTo(4096);
        assertThat(b.rolloutS()).isCloseTo(4096 * 0.0065, within(1e-9));
        assertThat(b.tailShare()).isCloseTo(0.75, within(1e-12));
        assertThat(b.computeBound()).isFalse();
    }

    @Test
    void whenOnlySomeRolloutsFitTheOthersWorkComesFirstThenTheLongest() {
        // 128 rollouts, 16 at a time, mean 1024, max 4096: the 112 that wait take ceil(112 x 1024 / 16) = 7168
        // steps of the 16 slots, and the last to start may be the longest: 7168 + 4096 = 11,264 steps (Graham's
        // bound); the tail is (4096 - 1024) x 5 ms = 15.36 s of 11,264 x 5 ms = 56.32 s, 27.3%
        Rollout.Bill b = Rollout.bill(0, 0.005, false, 128, 16, 1024, 4096);
        assertThat(b.decodeSteps()).isEqualTo(11_264);
        assertThat(b.rolloutS()).isCloseTo(56.32, within(1e-9));
        assertThat(b.tailShare()).isCloseTo(3072.0 / 11_264, within(1e-12));
        // with every rollout in flight the longest alone sets the steps
        assertThat(Rollout.decodeSteps(16, 16, 1024, 4096)).isEqualTo(4096);
        assertThat(Rollout.decodeSteps(8, 16, 1024, 4096)).isEqualTo(4096);
    }



    @Test
    void rewardRunsInWavesOfTheWorkerPool() {
        // 256 rollouts, 64 workers, 50 ms each: ceil(256/64) = 4 waves = 0.2 s
        assertThat(RlStages.rewardSeconds(50, 256, 64)).isCloseTo(0.2, within(1e-12));
        assertThat(RlStages.rewardSeconds(50, 257, 64)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void theUpdateAndOneForwardPassOverTheRollouts() {
        // Llama-8B at s = 1280: 6 x 7,504,924,672 + 6 x 32 x 1280 x 4096 = 46,036,180,992; the reference forward
        // adds a third (15,345,393,664) and recomputation another: 76,726,968,320 FLOP per token
        double forward = TrainingFlops.forwardFlopsPerToken(llama8b(), 1280);
        assertThat(forward).isEqualTo(15_345_393_664.0);
        assertThat(TrainingFlops.hardwareFlopsPerToken(llama8b(), 1280, "full") + forward)
                .isEqualTo(76_726_968_320.0);
        assertThat(TrainingFlops.hardwareFlopsPerToken(llama8b(), 1280, "none") + forward)
                .isEqualTo(61_381_574_656.0);
        // 327,680 tokens on 8 GPUs: 76,726,968,320 x 327,680 / (8 x 989e12 x 0.75) = 4.2369 s
        assertThat(RlStages.learnerSeconds(76_726_968_320.0, 327_680, 8, 989e12, 0.75)).isCloseTo(4.23692,
                within(1e-5));
    }

    @Test
    void theRolloutEngineReloadsWhatItReceivesAtHbmSpeed() {
        // Llama-8B, 8,030,261,248 params, fp8 actor at tp 1: it reads 2 B and writes 1 B per weight,
        // 3 x 8.030e9 = 24.09 GB / (3.35e12 x 0.8) = 8.9891 ms; at tp 2 half of it
        assertThat(RlStages.engineReloadSeconds(8_030_261_248.0, 1, 1.0, 3.35e12, 0.8))
                .isCloseTo(3 * 8_030_261_248.0 / 2.68e12, within(1e-12));
        assertThat(RlStages.engineReloadSeconds(8_030_261_248.0, 1, 1.0, 3.35e12, 0.8) * 1000)
                .isCloseTo(8.98910, within(1e-5));
        assertThat(RlStages.engineReloadSeconds(8_030_261_248.0, 2, 2.0, 3.35e12, 0.8))
                .isCloseTo(4 * 8_030_261_248.0 / 2 / 2.68e12, within(1e-12));
    }

    @Test
    void weightSyncMovesTheBf16PolicySliceEachActorGpuNeeds() {
        // 2 x 8,030,261,248 = 16.06 GB. Colocated in a node, tp 1: 16.06 GB / 360e9 + 17 buckets x 10 us
        // = 0.044783 s. Disaggregated to one actor node: / 40e9 + 17 x 25 us = 0.401938 s; to 4 actor nodes
        // the pipeline adds 3 bucket slices: (16.06 + 3 x 1) GB / 40e9 + 20 x 25 us = 0.47701 s
        double bytes = RlStages.weightSyncBytes(8_030_261_248.0);
        assertThat(bytes).isEqualTo(16_060_522_496.0);
        assertThat(RlStages.colocatedSyncSeconds(bytes, 1, Links.scaleUp(h100Nodes(1)), 0.8))
                .isCloseTo(0.0447826, within(1e-7));
        assertThat(RlStages.disaggregatedSyncSeconds(bytes, 1, 1, Links.scaleOut(h100Nodes(2)), 0.8))
                .isCloseTo(0.4019381, within(1e-7));
        assertThat(RlStages.disaggregatedSyncSeconds(bytes, 1, 4, Links.scaleOut(h100Nodes(5)), 0.8))
                .isCloseTo((16_060_522_496.0 + 3e9) / 40e9 + 20 * 25e-6, within(1e-9));
    }

    @Test
    void asynchronousStepsOverlapGenerationWithTraining() {
        // sync 10 + 1 + 6 + 2 = 19 s; async the actors pause for the sync: max(10 + 1 + 2, 6 + 2) = 13 s, and
        // taking new weights every 2 steps max(10 + 1 + 1, 6 + 1) = 12 s; rollout is the largest stage
        assertThat(RlStages.synchronousStepSeconds(10, 1, 6, 2)).isEqualTo(19.0);
        assertThat(RlStages.asynchronousStepSeconds(10, 1, 6, 2, 1)).isEqualTo(13.0);
        assertThat(RlStages.asynchronousStepSeconds(10, 1, 6, 2, 2)).isEqualTo(12.0);
        // a sync-bound step: max(1 + 0 + 8, 2 + 8) = 10 s at k = 1, max(1 + 2, 2 + 2) = 4 s at k = 4
        assertThat(RlStages.asynchronousStepSeconds(1, 0, 2, 8, 1)).isEqualTo(10.0);
        assertThat(RlStages.asynchronousStepSeconds(1, 0, 2, 8, 4)).isEqualTo(4.0);
        assertThat(RlStages.bindingStage(10, 1, 6, 2)).isEqualTo("rollout");
        assertThat(RlStages.bindingStage(1, 1, 6, 8)).isEqualTo("weight_sync");
        assertThat(RlStages.bindingStage(1, 9, 6, 8)).isEqualTo("reward");
        assertThat(RlStages.bindingStage(1, 1, 6, 2)).isEqualTo("learner");
    }
}
