package io.ridgeline.engine.estimate;

import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;

import static io.ridgeline.engine.fixtures.TrainingFixtures.h100Nodes;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama70b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama8b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.rl;
import static io.ridgeline.engine.fixtures.TrainingFixtures.trainingDesign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

class RlEstimatorTest {

    /** Learner: tp 1, ZeRO-3, micro 1, full recomputation; placement and staleness as given. */
    private static Design design(String placement, int staleness) {
        return trainingDesign(1, 1, 1, 3, 1, true).withRl(placement, staleness);
    }

    /** Llama-8B on one node, colocated: 32 prompts x 8 samples, prompt 256, mean 1024, max 4096, reward 50 ms. */
    private static Scenario longTailColocated() {
        return rl(llama8b(), h100Nodes(1), new RlWorkload(32, 8, 256, 1024, 4096, 50, 100, 0.5),
                design("colocated", 0));
    }

    /** Llama-8B on two nodes, disaggregated 8 + 8: 16 prompts x 4 samples, prompt 128, mean 16, max 32, 10 ms. */
    private static Scenario shortGenerationsDisaggregated(Design d) {
        return rl(llama8b(), h100Nodes(2), new RlWorkload(16, 4, 128, 16, 32, 10, 1000, 0.5), d);
    }

    @Test
    void longGenerationsMakeTheRolloutBind() {
        RlEstimate e = RlEstimator.estimate(longTailColocated());
        assertThat(e.totalGpus()).isEqualTo(8);
        assertThat(e.actorGpus()).isEqualTo(8);
        assertThat(e.learnerGpus()).isEqualTo(8);
        assertThat(e.rolloutsPerStep()).isEqualTo(256.0);
        assertThat(e.rolloutTokensPerStep()).isEqualTo(256.0 * 1024);
        // resident learner state, ZeRO-3 over 8: (2 params + 12 optimizer + 2 reference) x N / 8 = 16.06 GB;
        // actor budget 72 - 16.06 = 55.94 GB; tp 1 holds W 16.06 GB + 32 rollouts x 4352 x 131,072 B = 18.25 GB
        // -> actor memory 16.06 + 18.25 + 16.06 = 50.37 GB
        assertThat(e.actorMemoryBytesPerGpu()).isCloseTo(50_374_656_000.0, withPercentage(1e-9));
        // prefill 15,076,958,208 x 256 x 32 / 7.4175e14 = 0.16651 s; decode step 6.4671 ms (memory-bound; compute
        // 0.665 ms); 4096 steps for the longest rollout -> 0.16651 + 4096 x 6.4671 ms = 26.656 s
        assertThat(e.rolloutTimeS()).isCloseTo(26.65588, within(1e-4));
        // (4096 - 1024) x 6.4671 ms / 26.656 s = 74.5% of the rollout waits for the tail
        assertThat(e.rolloutTailShare()).isCloseTo(0.74531, within(1e-4));
        // reward 50 ms x ceil(256 / (8 x 8)) = 0.2 s. Learner at s = 1280 over 256 x 1280 = 327,680 tokens on
        // 8 x 7.4175e14 FLOP/s: the update (3 forwards + 1 recomputed) 61,381,574,656 x 327,680 / 5.934e15 =
        // 3.38954 s, the reference and the old log-probs one forward each, 15,345,393,664 x 327,680 / 5.934e15 =
        // 0.84738 s: 3.38954 + 2 x 0.84738 = 5.08431 s (the fixture's efficiency has no activation passes).
        // Sync: 16.06 GB / 360e9 + 17 x 10 us = 0.04478 s, then the bf16 engine reloads (2 + 2) x 8.030e9 B /
        // (3.35e12 x 0.89) = 0.010773 s: 0.055556 s
        assertThat(e.rewardTimeS()).isCloseTo(0.2, within(1e-12));
        assertThat(e.learnerTimeS()).isCloseTo(5.08431, within(1e-4));
        assertThat(e.weightSyncBytes()).isEqualTo(16_060_522_496.0);
        assertThat(e.weightSyncTimeS()).isCloseTo(0.0555561, within(1e-6));
        // synchronous: 26.656 + 0.2 + 5.084 + 0.056 = 31.996 s; rollout binds
        assertThat(e.stepTimeS()).isCloseTo(31.99574, within(1e-4));
        assertThat(e.bindingStage()).isEqualTo("rollout");
        assertThat(e.async()).isFalse();
        // learner memory: state 16.06 GB + ZeRO-3 buffer 0.872 GB + reference 2.008 GB + activations at s = 4352,
        // 32 x 2 x 4352 x 4096 + 34 x 4352 x 4096 + 4 x 4352 x 132,352 = 4.051 GB -> 22.99 GB
        assertThat(e.learnerMemoryBytesPerGpu()).isCloseTo(22_991_447_040.0, withPercentage(1e-9));
        assertThat(e.fits()).isTrue();
        // 100 steps x 31.996 s = 0.037032 days; 8 GPUs x 0.88877 h x $3 = $21.33
        assertThat(e.trainingDays()).isCloseTo(0.037032, within(1e-6));
        assertThat(e.costUsd()).isCloseTo(21.330, within(1e-3));
        assertThat(e.overLimits()).isEmpty();
        // the split: rollout 26.656 of 26.656 + 0.2 + 5.084 + 0.056 = 31.996 s = 83.3%, with the published
        // colocated synchronous runs beside it
        assertThat(e.figures()).anySatisfy(f -> {
            assertThat(f.key()).isEqualTo("rollout_share");
            assertThat(f.value()).isCloseTo(26.65588 / 31.99574, within(1e-5));
            assertThat(f.substituted()).contains("old log-probs").contains("published rollout 45%")
                    .contains("verl-project/verl@1dda039b9c63:docs/advance/fully_async.md line 357");
        });
    }

    @Test
    void shortGenerationsOnSeparateGpusMakeTheWeightSyncBind() {
        RlEstimate e = RlEstimator.estimate(shortGenerationsDisaggregated(design("disaggregated", 0)));
        assertThat(e.actorGpus()).isEqualTo(8);
        assertThat(e.learnerGpus()).isEqualTo(8);
        // rollout: prefill 15,043,403,776 x 128 x 8 / 7.4175e14 = 0.02077 s; step (16.06 GB + 8 x 136 x 131,072)
        // / 2.9815e12 = 5.4346 ms; 32 steps -> 0.19467 s; tail (32 - 16) x 5.4346 ms / 0.19467 = 44.7%
        assertThat(e.rolloutTimeS()).isCloseTo(0.194673, within(1e-5));
        assertThat(e.rolloutTailShare()).isCloseTo(0.44666, within(1e-4));
        // reward 10 ms x ceil(64/128) = 0.01 s; learner at s = 144: one forward 15,047,598,080 FLOP per token,
        // the update 4 of them (full recomputation) and the reference and old log-probs one each:
        // 6 x 15,047,598,080 x 9216 / 5.934e15 = 0.14022 s
        assertThat(e.learnerTimeS()).isCloseTo(0.140221, within(1e-5));
        // sync: each actor GPU receives 16.06 GB over its 50e9 x 0.8 NIC: 0.40151 s + 17 x 25 us = 0.40194 s,
        // then reloads it in 0.010773 s: 0.41271 s
        assertThat(e.weightSyncTimeS()).isCloseTo(0.412712, within(1e-6));
        // synchronous step 0.19467 + 0.01 + 0.14022 + 0.41271 = 0.75761 s; weight sync binds
        assertThat(e.stepTimeS()).isCloseTo(0.757606, within(1e-5));
        assertThat(e.bindingStage()).isEqualTo("weight_sync");
    }

    @Test
    void asynchronousRolloutOverlapsGenerationWithTrainingWhenDisaggregated() {
        // staleness 1: the actors pause for the sync, max(0.19467 + 0.01 + 0.41271, 0.14022 + 0.41271) = 0.61738 s
        Design d = design("disaggregated", 1).with(Feature.ASYNC_ROLLOUT);
        RlEstimate e = RlEstimator.estimate(shortGenerationsDisaggregated(d));
        assertThat(e.async()).isTrue();
        assertThat(e.maxStalenessSteps()).isEqualTo(1);
        assertThat(e.stepTimeS()).isCloseTo(0.617385, within(1e-5));
        // staleness 4: new weights every 4 steps, max(0.19467 + 0.01 + 0.41271 / 4, 0.14022 + 0.41271 / 4)
        // = 0.30785 s, and the rollout sets it
        RlEstimate every4 = RlEstimator.estimate(shortGenerationsDisaggregated(design("disaggregated", 4)
                .with(Feature.ASYNC_ROLLOUT)));
        assertThat(every4.stepTimeS()).isCloseTo(0.194673 + 0.01 + 0.412712 / 4, within(1e-5));
        assertThat(every4.bindingStage()).isEqualTo("rollout");
    }

    @Test
    void aKlFreeRunWithTheRolloutEnginesLogprobsTrainsOnlyTheUpdate() {
        // no reference model and no old-log-prob pass: the learner is the update alone, 4 x 15,047,598,080 x 9216
        // / 5.934e15 = 0.093481 s, and the reference's bf16 copy leaves the learner's memory
        Scenario with = shortGenerationsDisaggregated(design("disaggregated", 0));
        Scenario without = with.withRl(new RlWorkload(16, 4, 128, 16, 32, 10, 1000, 0.5, false, false));
        RlEstimate a = RlEstimator.estimate(with);
        RlEstimate b = RlEstimator.estimate(without);
        assertThat(b.learnerTimeS()).isCloseTo(4 * 15_047_598_080.0 * 9216 / 5.934e15, within(1e-6));
        assertThat(a.learnerMemoryBytesPerGpu() - b.learnerMemoryBytesPerGpu()).isPositive();
        assertThat(a.figures()).anySatisfy(f -> assertThat(f.formula()).contains("reference forward"));
        assertThat(b.figures()).noneSatisfy(f -> assertThat(f.formula()).contains("reference forward"));
    }

    @Test
    void colocatedGpusCannotOverlapSoAsyncFallsBackToSynchronous() {
        Scenario sc = longTailColocated().withDesign(design("colocated", 2).with(Feature.ASYNC_ROLLOUT));
        RlEstimate e = RlEstimator.estimate(sc);
        assertThat(e.async()).isFalse();
        assertThat(e.stepTimeS()).isCloseTo(31.99574, within(1e-4));
        assertThat(e.figures()).anySatisfy(f -> assertThat(f.formula()).contains("cannot overlap"));
    }

    @Test
    void aLearnerThatDoesNotFitIsReportedNotThrown() {
        // Llama-70B learner on 8 GPUs, ZeRO-3: (16 + 2 reference) x 70.55e9 / 8 = 158.7 GB per GPU > 72 GB
        Scenario sc = rl(llama70b(), h100Nodes(1), new RlWorkload(8, 4, 256, 256, 512, 10, 10, 0.5),
                design("colocated", 0));
        RlEstimate e = RlEstimator.estimate(sc);
        assertThat(e.fits()).isFalse();
        assertThat(e.overLimits()).anySatisfy(s -> assertThat(s).startsWith("learner memory").contains("exceeds"));
        for (RecordComponent rc : RlEstimate.class.getRecordComponents()) {
            Object v;
            try {
                v = rc.getAccessor().invoke(e);
            } catch (ReflectiveOperationException ex) {
                throw new AssertionError(ex);
            }
            if (v instanceof Double x) {
                assertThat(x).as(rc.getName()).isFinite();
            }
        }
        assertThat(e.figures()).allSatisfy(f -> assertThat(f.value()).as(f.key()).isFinite());
    }

    @Test
    void inputsAreCheckedWithTheFieldNamed() {
        assertThatThrownBy(() -> RlEstimator.estimate(rl(llama8b(), h100Nodes(1),
                new RlWorkload(8, 4, 256, 512, 256, 10, 10, 0.5), design("colocated", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rl.max_generation_tokens");
        assertThatThrownBy(() -> RlEstimator.estimate(rl(llama8b(), h100Nodes(1),
                new RlWorkload(8, 4, 256, 256, 512, 10, 10, 0.5), design("sideways", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("design.rl_placement");
        assertThatThrownBy(() -> RlEstimator.estimate(rl(llama8b(), h100Nodes(2),
                new RlWorkload(8, 4, 256, 256, 512, 10, 10, 1.0), design("disaggregated", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rl.actor_gpu_share")
                .hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> RlEstimator.estimate(rl(llama8b(), h100Nodes(2),
                new RlWorkload(8, 4, 256, 256, 512, 10, 10, 0.25), trainingDesign(8, 1, 1, 3, 1, true)
                        .withRl("disaggregated", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of design tp*pp*cp");
    }

    /** The same cluster with the H100's PCIe Gen5 x16 host link, 64 GB/s each way. */
    private static Scenario withHostLink(Scenario sc) {
        var g = sc.cluster().gpu();
        var withLink = new io.ridgeline.facts.Gpu(g.id(), g.name(), g.vendor(), g.family(), g.peakFlopsPerS(),
                g.hbmBytes(), g.hbmBytesPerS(), g.scaleUpBytesPerS(), g.scaleOutBytesPerS(), g.maxGpusPerNode(),
                g.tdpWatts(), g.usdPerGpuHour(), g.priceNote(), g.sources(), 64e9);
        var c = sc.cluster();
        return sc.withCluster(new io.ridgeline.facts.Cluster(withLink, c.gpusPerNode(), c.nodes(),
                c.scaleUpBytesPerS(), c.scaleOutBytesPerS()), sc.efficiency());
    }

    private static double figure(RlEstimate e, String name) {
        return e.figures().stream().filter(x -> x.key().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void aColocatedLearnerSwapsItsStateToHostMemoryWhenTheRolloutFitsOnlyThen() {
        // Llama-3.1-70B (N = 70.55e9) colocated on 16 H100s, ZeRO-3: the resident state is (2 params + 12 optimizer
        // + 2 reference) x N / 16 = N B = 70.55 GB a GPU, leaving 1.45 GB of the usable 72 for the rollout engine,
        // whose weights alone are 141.1 GB / tp 8 = 17.6 GB: it does not fit, and one rollout decodes at a time.
        // Offloaded, the engine takes tp 4 (35.3 GB of weights a GPU) and decodes 64 rollouts at once, for
        // 2 x 70.55 GB / (64 GB/s x 0.8) = 2.756 s of transfers a step
        Scenario tight = rl(llama70b(), h100Nodes(2), new RlWorkload(32, 8, 256, 1024, 4096, 50, 100, 0.5),
                design("colocated", 0));
        RlEstimate resident = RlEstimator.estimate(tight);
        RlEstimate swapped = RlEstimator.estimate(withHostLink(tight));
        // no host link in the catalog: the state stays, and the actor is over HBM (88.4 GB)
        assertThat(figure(resident, "colocated_swap_s")).isZero();
        assertThat(resident.actorMemoryBytesPerGpu()).isGreaterThan(72e9);
        assertThat(figure(resident, "actor_concurrency")).isEqualTo(1.0);
        // with it the rollout gets the whole usable HBM (58.1 GB used) and the step pays the two transfers
        // (the learner itself, 70.55 GB of state and its activations, is another matter: reported, not swapped)
        assertThat(swapped.actorMemoryBytesPerGpu()).isLessThan(72e9);
        assertThat(figure(swapped, "actor_tp")).isEqualTo(4.0);
        assertThat(figure(swapped, "actor_concurrency")).isEqualTo(64.0);
        assertThat(figure(swapped, "colocated_swap_s")).isCloseTo(2 * 70.5536e9 / (64e9 * 0.8), withPercentage(0.01));
        assertThat(swapped.stepTimeS()).isLessThan(resident.stepTimeS() / 10);
        assertThat(swapped.stepTimeS()).isCloseTo(swapped.rolloutTimeS() + swapped.rewardTimeS()
                + swapped.learnerTimeS() + swapped.weightSyncTimeS() + figure(swapped, "colocated_swap_s"),
                within(1e-9));
    }

    @Test
    void aColocatedLearnerKeepsItsStateWhenTheRolloutIsNotKvBound() {
        // Llama-8B's 32 x 8 rollouts all decode beside the resident state (32 of 32 a GPU): freeing HBM buys nothing,
        // so no swap
        RlEstimate e = RlEstimator.estimate(withHostLink(longTailColocated()));
        assertThat(figure(e, "colocated_swap_s")).isZero();
        assertThat(e.stepTimeS()).isEqualTo(RlEstimator.estimate(longTailColocated()).stepTimeS());
    }
}
