package io.ridgeline.engine.advisor.training;

import io.ridgeline.engine.advisor.Remedy;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.Budget;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import io.ridgeline.facts.TrainingGauge;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.ridgeline.engine.fixtures.TrainingFixtures.efficiency;
import static io.ridgeline.engine.fixtures.TrainingFixtures.h100;
import static io.ridgeline.engine.fixtures.TrainingFixtures.h100Nodes;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama70b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama8b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.mixtral8x7b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.training;
import static io.ridgeline.engine.fixtures.TrainingFixtures.trainingDesign;
import static io.ridgeline.engine.fixtures.TrainingFixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainingRemediesTest {

    private final TrainingRemedies remedies = new TrainingRemedies();

    /** Llama-3.1-8B on one node of 8 H100s, s 4096, a 4,194,304-token batch: dp 8, accumulation 128. */
    private static Scenario llama8bNode(Design d) {
        return training(llama8b(), h100Nodes(1), workload(1e11, 4096, 4_194_304), d);
    }

    private Remedy remedy(String mechanism, Scenario s) {
        TrainingEstimate now = TrainingEstimator.estimate(s);
        return remedies.apply(mechanism, s, now).orElseThrow();
    }

    @Test
    void theLoopStartsFromPlainDataParallelismOnEveryGpuWhateverTheScenarioSays() {
        Scenario given = training(llama70b(), h100Nodes(8), workload(1e11, 8192, 16_777_216),
                trainingDesign(8, 2, 4, 3, 4, true).withFormats(NumericFormat.BF16, NumericFormat.FP8,
                        NumericFormat.BF16));
        Design d = TrainingAdvisor.start(given.withDesign(given.design().withPipelineSchedule("dualpipe"))).design();
        // 8 nodes x 8 = 64 GPUs, all data parallel; the compute format is kept
        assertThat(List.of(d.tp(), d.pp(), d.cp(), d.ep(), d.dp(), d.zeroStage(), d.microBatch()))
                .containsExactly(1, 1, 1, 1, 64, 0, 1);
        assertThat(d.recompute()).isFalse();
        assertThat(d.activations()).isEqualTo(NumericFormat.FP8);
        // no pipeline, so 1F1B: a schedule the scenario names is the loop's to choose again
        assertThat(d.pipelineSchedule()).isEqualTo("1f1b");
    }

    @Test
    void pipelineSchedulesAreRemediesOfAPipelineAndDualPipeBuildsTheSmallestOne() {
        // Llama-3.1-8B on one node, 8 H100s: no pipeline, no zero-bubble schedule to switch to
        Scenario flat = llama8bNode(trainingDesign(1, 1, 8, 0, 1, false));
        assertThat(remedies.apply("zero_bubble", flat, TrainingEstimator.estimate(flat))).isEmpty();
        // DualPipe needs a pipeline: pp 1 -> 2, dp 8 -> 4, one model chunk a stage
        Design two = remedy("dualpipe", flat).next().design();
        assertThat(List.of(two.pp(), two.dp(), two.virtualStages())).containsExactly(2, 4, 1);
        assertThat(two.pipelineSchedule()).isEqualTo("dualpipe");
        // on 4 interleaved stages: zero-bubble and DualPipe each run one chunk a stage, interleaving runs 1F1B
        Scenario piped = llama8bNode(trainingDesign(1, 4, 2, 0, 1, false).withVirtualStages(2));
        Design zb = remedy("zero_bubble", piped).next().design();
        assertThat(zb.pipelineSchedule()).isEqualTo("zero_bubble");
        assertThat(zb.virtualStages()).isEqualTo(1);
        assertThat(remedy("dualpipe", piped).next().design().pipelineSchedule()).isEqualTo("dualpipe");
        Scenario zbDesign = piped.withDesign(zb);
        Design back = remedy("virtual_stages", zbDesign).next().design();
        assertThat(back.pipelineSchedule()).isEqualTo("1f1b");
        assertThat(back.virtualStages()).isEqualTo(2);
        // an odd pipeline cannot take DualPipe; a design already on it is not offered it again
        Scenario odd = llama8bNode(trainingDesign(1, 1, 8, 0, 1, false).withParallelism(1, 3, 2, 1, 1));
        assertThat(remedies.apply("dualpipe", odd, TrainingEstimator.estimate(odd))).isEmpty();
        Scenario dual = piped.withDesign(remedy("dualpipe", piped).next().design());
        assertThat(remedies.apply("dualpipe", dual, TrainingEstimator.estimate(dual))).isEmpty();
    }

    @Test
    void zeroClimbsOneStageAtATimeAndStepsBackFromFsdpOrStageTwoToStageOne() {
        Scenario s = llama8bNode(trainingDesign(1, 1, 8, 0, 1, false));
        assertThat(remedy("zero", s).next().design().zeroStage()).isEqualTo(1);
        assertThat(remedy("zero", s.withDesign(s.design().withZeroStage(1))).next().design().zeroStage())
                .isEqualTo(2);
        // ZeRO-2 steps back to stage 1 too: its gradient reduce-scatter per micro-batch is exposed time that
        // stage 1 saves where memory allows (the loop never revisits a design, so 1 -> 2 -> 1 cannot cycle)
        Scenario stage2 = s.withDesign(s.design().withZeroStage(2));
        Remedy fromTwo = remedy("zero", stage2);
        assertThat(fromTwo.next().design().zeroStage()).isEqualTo(1);
        assertThat(fromTwo.change()).isEqualTo("ZeRO stage 2 -> 1 (optimizer states sharded over 8 replicas; "
                + "gradients no longer sharded)");
        Remedy back = remedy("zero", s.withDesign(s.design().withZeroStage(3)));
        assertThat(back.next().design().zeroStage()).isEqualTo(1);
        assertThat(back.change()).isEqualTo("ZeRO stage 3 -> 1 (optimizer states sharded over 8 replicas; "
                + "parameters no longer sharded)");
        assertThat(remedy("zero", s).change()).isEqualTo("ZeRO stage 0 -> 1 (optimizer states sharded over 8 "
                + "replicas)");
        assertThat(remedy("fsdp", s).next().design().zeroStage()).isEqualTo(3);
        Scenario fsdp = s.withDesign(s.design().withZeroStage(3));
        assertThat(remedies.apply("fsdp", fsdp, TrainingEstimator.estimate(fsdp))).isEmpty();
    }

    @Test
    void tensorParallelismTakesItsGpusFromDataParallelism() {
        // 8 GPUs: tp 1 -> 2 leaves 8 / 2 = 4 data-parallel replicas
        Remedy r = remedy("tensor_parallelism", llama8bNode(trainingDesign(1, 1, 8, 0, 1, false)));
        assertThat(r.next().design().tp()).isEqualTo(2);
        assertThat(r.next().design().dp()).isEqualTo(4);
        assertThat(r.change()).isEqualTo("tp 1 -> 2 (dp 8 -> 4)");
    }

    @Test
    void aModelParallelAxisKeepsADataParallelismLoweredBelowTheGpus() {
        // 64 GPUs with dp lowered to 4 at tp 2: pp 2 leaves min(4, 64 / (2 x 2)) = 4
        Scenario s = training(llama70b(), h100Nodes(8), workload(1e11, 8192, 16_777_216),
                trainingDesign(2, 1, 4, 1, 1, false));
        Design d = remedy("pipeline_parallelism", s).next().design();
        assertThat(List.of(d.tp(), d.pp(), d.dp())).containsExactly(2, 2, 4);
    }

    @Test
    void contextParallelismNeedsADegreeThatDividesTheSequence() {
        Scenario s = training(llama8b(), h100Nodes(1), workload(1e11, 6, 4_194_304),
                trainingDesign(1, 1, 8, 0, 1, false));
        // 6 tokens: cp 2 divides, cp 4 does not
        assertThat(remedy("context_parallelism", s).next().design().cp()).isEqualTo(2);
        Scenario cp2 = s.withDesign(s.design().withParallelism(1, 1, 4, 1, 2));
        assertThat(remedies.apply("context_parallelism", cp2, TrainingEstimator.estimate(cp2))).isEmpty();
    }

    @Test
    void dataParallelismFallsToTheCriticalBatchCapOrHalves() {
        // B = 4,194,304 tokens over dp 8 x 4096: accumulation 128, cap floor(4,194,304 / (128 x 4096)) = 8 = dp
        Scenario s = llama8bNode(trainingDesign(1, 1, 8, 1, 1, false));
        assertThat(remedy("data_parallelism", s).next().design().dp()).isEqualTo(4);
        // 64 GPUs at s 8192 with a 262,144-token batch: one micro-batch of 64 x 8192 = 524,288 tokens per step;
        // cap floor(1.05 x 262,144 / (1 x 1 x 8192)) = floor(33.6) = 33 (33 x 8192 = 270,336 tokens, 3% past)
        Scenario over = training(llama8b(), h100Nodes(8), workload(1e11, 8192, 262_144),
                trainingDesign(1, 1, 64, 1, 1, false));
        assertThat(TrainingEstimator.estimate(over).maxUsefulDp()).isEqualTo(33);
        Remedy r = remedy("data_parallelism", over);
        assertThat(r.next().design().dp()).isEqualTo(33);
        assertThat(r.change()).isEqualTo("dp 64 -> 33 (33 of 64 GPUs)");
    }

    @Test
    void aLargerMicroBatchNeedsAccumulationToAbsorbIt() {
        Scenario s = llama8bNode(trainingDesign(1, 1, 8, 1, 1, false));
        assertThat(remedy("micro_batch", s).next().design().microBatch()).isEqualTo(2);
        // 64 GPUs x 8192 tokens exceed a 262,144-token batch: accumulation is 1, nothing to absorb
        Scenario one = training(llama8b(), h100Nodes(8), workload(1e11, 8192, 262_144),
                trainingDesign(1, 1, 64, 1, 1, false));
        assertThat(remedies.apply("micro_batch", one, TrainingEstimator.estimate(one))).isEmpty();
    }

    @Test
    void recomputationSwitchesBothWays() {
        Scenario off = llama8bNode(trainingDesign(1, 1, 8, 1, 1, false));
        assertThat(remedy("activation_recomputation", off).next().design().recompute()).isTrue();
        Scenario on = llama8bNode(trainingDesign(1, 1, 8, 1, 1, true));
        assertThat(remedy("activation_recomputation", on).next().design().recompute()).isFalse();
    }

    @Test
    void fp8ChangesTheMatrixProductsOnlyOnAGpuThatHasFp8() {
        Remedy r = remedy("fp8", llama8bNode(trainingDesign(1, 1, 8, 1, 1, false)));
        assertThat(r.next().design().activations()).isEqualTo(NumericFormat.FP8);
        assertThat(r.next().design().weights()).isEqualTo(NumericFormat.BF16);
    }

    @Test
    void expertParallelismIsOfferedOnlyForAMixtureOfExperts() {
        Scenario dense = llama8bNode(trainingDesign(1, 1, 8, 1, 1, false));
        assertThat(remedies.apply("expert_parallelism", dense, TrainingEstimator.estimate(dense))).isEmpty();
        Scenario moe = training(mixtral8x7b(), h100Nodes(1), workload(1e11, 4096, 4_194_304),
                trainingDesign(1, 1, 8, 3, 1, false));
        Remedy r = remedy("expert_parallelism", moe);
        // 8 experts over ep 2: 4 per GPU
        assertThat(r.next().design().ep()).isEqualTo(2);
        assertThat(r.change()).isEqualTo("ep 1 -> 2 (each GPU holds 4 of 8 experts per layer)");
    }

    @Test
    void anUnknownMechanismNamesTheKnownOnes() {
        Scenario s = llama8bNode(trainingDesign(1, 1, 8, 1, 1, false));
        assertThatThrownBy(() -> remedies.apply("warp_drive", s, TrainingEstimator.estimate(s)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fsdp, activation_recomputation");
    }

    @Test
    void theGaugeHoldsTheComparisonsTheRulesMake() {
        Scenario s = llama8bNode(trainingDesign(1, 1, 8, 1, 1, false));
        TrainingGauge g = TrainingGauges.of(s, TrainingEstimator.estimate(s));
        assertThat(g.gpusAvailable()).isEqualTo(8);
        // 32 heads, 8 GPUs per node: tp 8
        assertThat(g.maxTensorParallel()).isEqualTo(8);
        // 0.90 x 80e9 x 8 = 576e9 B
        assertThat(g.usableHbmBytesPerNode()).isCloseTo(576e9, within(1.0));
        // 4 B x 8,030,261,248 parameters (the whole model at tp 1, pp 1) = 32,121,044,992 B
        assertThat(g.weightGradBytesPerGpu()).isCloseTo(32_121_044_992.0, within(1.0));
        // 4,194,304 tokens / 8 GPUs / 128 micro-batches = 4096 tokens per GPU per micro-batch
        assertThat(g.tokensPerGpuPerMicroBatch()).isEqualTo(4096.0);
        assertThat(g.longSequence()).isFalse();
        assertThat(g.moe()).isFalse();
        // 8 GPUs x 3.00 USD
        assertThat(g.fleetUsdPerHour()).isEqualTo(24.0);
        // 32 layers / 4 per stage
        assertThat(g.maxPipelineStages()).isEqualTo(8);
    }

    @Test
    void theGpusAvailableAreCappedByTheBudget() {
        Scenario s = training(llama70b(), h100Nodes(8), workload(1e11, 8192, 16_777_216),
                trainingDesign(1, 1, 64, 0, 1, false));
        assertThat(TrainingGauges.gpusAvailable(s)).isEqualTo(64);
        // a cap of 48 GPUs
        assertThat(TrainingGauges.gpusAvailable(withBudget(s, new Budget(0, 48, 0, 0)))).isEqualTo(48);
        // 100 USD/h at 3.00 USD per GPU-hour pays for floor(33.3) = 33 GPUs
        assertThat(TrainingGauges.gpusAvailable(withBudget(s, new Budget(100, 0, 0, 0)))).isEqualTo(33);
        // a budget below one GPU still leaves one GPU to bill (the cost wall then says why)
        assertThat(TrainingGauges.gpusAvailable(withBudget(s, new Budget(1, 0, 0, 0)))).isEqualTo(1);
    }

    @Test
    void theLargestTensorParallelDegreeInANodeDividesTheHeads() {
        // 64 heads on 8 GPUs per node: 8
        Scenario s = training(llama70b(), h100Nodes(1), workload(1e11, 8192, 16_777_216),
                trainingDesign(1, 1, 8, 0, 1, false));
        assertThat(TrainingGauges.maxTensorParallel(s)).isEqualTo(8);
        // the same model on nodes of 4 GPUs: the node limits it to 4
        assertThat(TrainingGauges.maxTensorParallel(s.withCluster(Cluster.of(h100(), 4, 2), efficiency())))
                .isEqualTo(4);
        // 20 heads on 8 GPUs per node: 8 does not divide 20, 4 does
        ModelArchitecture twenty = new ModelArchitecture("m20", "m20", 24, 2560, 20, 4, 128, 6912, true, 32000,
                false, 4096, AttentionKind.GQA, 0, 0, null, null, 0, 0, "test");
        assertThat(TrainingGauges.maxTensorParallel(s.withModel(twenty))).isEqualTo(4);
    }

    /** Llama-3.1-70B on 8 nodes of 8 H100s, s 8192, a 16,777,216-token batch, fp8 products. */
    private static Scenario llama70b64(Design d) {
        return training(llama70b(), h100Nodes(8), workload(1e11, 8192, 16_777_216),
                d.withFormats(NumericFormat.BF16, NumericFormat.FP8, NumericFormat.BF16));
    }

    @Test
    void aTradeThatFitsAsItIsIsOfferedAsItIs() {
        // tp 8, dp 8, ZeRO-1 on 64 GPUs with full recomputation: tp 4, pp 2 fits as it is (the same 64 GPUs)
        Scenario s = llama70b64(trainingDesign(8, 1, 8, 1, 1, true));
        Remedy r = remedy("tp_to_pp", s);
        Design d = r.next().design();
        assertThat(List.of(d.tp(), d.pp(), d.cp(), d.dp(), d.zeroStage())).containsExactly(4, 2, 1, 8, 1);
        assertThat(d.recompute()).isTrue();
        // the pipeline it opens runs ZB-H1
        assertThat(d.pipelineSchedule()).isEqualTo("zero_bubble");
        assertThat(r.change()).isEqualTo("tp 8 -> 4, pp 1 -> 2, pipeline schedule 1f1b -> zero_bubble");
        assertThat(TrainingEstimator.estimate(r.next()).fits()).isTrue();
    }

    @Test
    void aTradeThatOutgrowsTheGpuIsCompletedByTheFastestMemoryReliefsThatFit() {
        // tp 8, dp 8, ZeRO-1, no recomputation: tp 4, pp 2 alone needs 79.4 GB of the 72 GB usable
        Scenario s = llama70b64(trainingDesign(8, 1, 8, 1, 1, false));
        Scenario bare = s.withDesign(s.design().withParallelism(4, 2, 8, 1, 1).withPipelineSchedule("zero_bubble"));
        assertThat(TrainingEstimator.estimate(bare).fits()).isFalse();
        Remedy r = remedy("tp_to_pp", s);
        TrainingEstimate after = TrainingEstimator.estimate(r.next());
        Design d = r.next().design();
        assertThat(after.fits()).isTrue();
        assertThat(d.tp()).isEqualTo(4);
        assertThat(d.tp() * d.pp() * d.cp() * d.dp()).isEqualTo(64);
        assertThat(r.change()).startsWith("tp 8 -> 4, pp 1 -> 2, pipeline schedule 1f1b -> zero_bubble; to fit: ");
        // no single relief that fits is faster than the one taken (nor any pair: the completion is the fastest)
        for (Scenario one : List.of(bare.withDesign(bare.design().withZeroStage(2)),
                bare.withDesign(bare.design().withZeroStage(3)),
                bare.withDesign(bare.design().withParallelism(4, 4, 4, 1, 1)),
                bare.withDesign(bare.design().withParallelism(4, 2, 4, 1, 2)),
                bare.withDesign(bare.design().withStepKernels(true, true, true)),
                bare.withDesign(bare.design().withRecompute(true)))) {
            TrainingEstimate e = TrainingEstimator.estimate(one);
            if (e.fits()) {
                assertThat(after.trainingDays()).isLessThanOrEqualTo(e.trainingDays());
            }
        }
    }

    @Test
    void recomputationIsTradedForTheMemoryOfMoreStagesOnlyWhenItIsOn() {
        Scenario on = llama70b64(trainingDesign(8, 1, 8, 1, 1, true));
        Remedy r = remedy("recompute_to_stages", on);
        assertThat(r.next().design().recompute()).isFalse();
        assertThat(r.change()).startsWith("recomputation full -> ");
        assertThat(TrainingEstimator.estimate(r.next()).fits()).isTrue();
        Scenario off = llama70b64(trainingDesign(8, 1, 8, 1, 1, false));
        assertThat(remedies.apply("recompute_to_stages", off, TrainingEstimator.estimate(off))).isEmpty();
    }

    @Test
    void tensorParallelismCannotBeTradedAwayBelowOne() {
        Scenario s = llama70b64(trainingDesign(1, 8, 8, 1, 1, true));
        TrainingEstimate now = TrainingEstimator.estimate(s);
        for (String m : TrainingRemedies.TRADES.stream().filter(t -> t.startsWith("tp_")).toList()) {
            assertThat(remedies.apply(m, s, now)).as(m).isEmpty();
        }
    }

    @Test
    void aPipelineOpenedByAChangeRunsZeroBubbleAndAnExistingOneKeepsItsSchedule() {
        // 70B on 64 GPUs, tp 8 dp 8: pp 1 -> 2 takes dp 8 -> 4 and opens a pipeline, which runs ZB-H1
        Scenario flat = llama70b64(trainingDesign(8, 1, 8, 1, 1, true));
        Remedy opened = remedy("pipeline_parallelism", flat);
        assertThat(opened.next().design().pipelineSchedule()).isEqualTo("zero_bubble");
        assertThat(opened.change()).isEqualTo("pp 1 -> 2 (dp 8 -> 4), pipeline schedule zero_bubble (ZB-H1: the "
                + "weight gradients fill the drain)");
        // a pipeline the rules put on 1F1B stays on it as it deepens
        Scenario piped = llama70b64(trainingDesign(8, 2, 4, 1, 1, true));
        Remedy deeper = remedy("pipeline_parallelism", piped);
        assertThat(deeper.next().design().pipelineSchedule()).isEqualTo("1f1b");
        assertThat(deeper.change()).isEqualTo("pp 2 -> 4 (dp 4 -> 2)");
    }

    @Test
    void zeroBubbleIsNeverSlowerNorLargerThanOneFOneBInTheBill() {
        // why a pipeline opened by a change starts on ZB-H1: at every depth and accumulation of this grid the
        // zero-bubble bill holds the same memory and is no slower ((p - 1) / (3 m + p - 1) <= (p - 1) / (m + p - 1))
        for (int pp : new int[] {2, 4, 8}) {
            for (int dp : new int[] {1, 8 / pp}) {
                Scenario oneF = llama70b64(trainingDesign(8, pp, dp, 1, 1, true));
                Scenario zb = oneF.withDesign(oneF.design().withPipelineSchedule("zero_bubble"));
                TrainingEstimate a = TrainingEstimator.estimate(oneF);
                TrainingEstimate b = TrainingEstimator.estimate(zb);
                assertThat(b.memoryBytesPerGpu()).as("pp %d dp %d", pp, dp).isEqualTo(a.memoryBytesPerGpu());
                assertThat(b.stepTimeS()).as("pp %d dp %d", pp, dp).isLessThanOrEqualTo(a.stepTimeS());
                assertThat(b.bubbleFraction()).as("pp %d dp %d", pp, dp).isLessThan(a.bubbleFraction());
            }
        }
    }

    @Test
    void zeroStepsDownWithItsMemoryFoundElsewhereNeverBySharding() {
        // 70B on 32 GPUs, tp 8 dp 4, no recomputation, ZeRO-2 (64.5 GB): stage 1 alone needs 77.7 GB of the 72 GB
        // usable, so the step down is completed by a relief other than ZeRO (more stages, context ranks, recomputation)
        Scenario two = training(llama70b(), h100Nodes(4), workload(1e11, 8192, 16_777_216),
                trainingDesign(8, 1, 4, 2, 1, false).withFormats(NumericFormat.BF16, NumericFormat.FP8,
                        NumericFormat.BF16));
        Scenario one = two.withDesign(two.design().withZeroStage(1));
        assertThat(TrainingEstimator.estimate(one).fits()).isFalse();
        Remedy r = remedy("zero", two);
        Design d = r.next().design();
        assertThat(d.zeroStage()).isEqualTo(1);
        assertThat(TrainingEstimator.estimate(r.next()).fits()).isTrue();
        assertThat(r.change()).startsWith("ZeRO stage 2 -> 1 (optimizer states sharded over 4 replicas; gradients no "
                + "longer sharded); to fit: ");
        assertThat(r.change()).doesNotContain("to fit: ZeRO");
    }

    @Test
    void tensorParallelismIsTradedForReplicasWhileAccumulationLeavesRoomUnderTheCriticalBatch() {
        // 70B on 64 GPUs at tp 8 dp 8: a 16,777,216-token batch is 2,048 sequences of 8192, 256 micro-batches a
        // replica; today's max_useful_dp is floor(1.05 x 2048 / 256) = 8, yet 16 replicas still train one or more
        // micro-batches each within the batch (16 x 8192 = 131,072 tokens <= 1.05 x 16,777,216)
        Scenario s = llama70b64(trainingDesign(8, 1, 8, 1, 1, true));
        assertThat(TrainingEstimator.estimate(s).maxUsefulDp()).isEqualTo(8);
        Design d = remedy("tp_to_dp", s).next().design();
        assertThat(d.tp()).isEqualTo(4);
        assertThat(d.tp() * d.pp() * d.cp() * d.dp()).isEqualTo(64);
        assertThat(TrainingEstimator.estimate(s.withDesign(d)).overLimits()).isEmpty();
    }

    @Test
    void aTradeIsNeverCompletedByGivingBackWhatItWasFor() {
        // 70B on 512 GPUs at tp 8 dp 64, ZeRO-1, no recomputation: tp 4 dp 128 is over the GPU; pipeline stages
        // taken from the new replicas (tp 4, pp 2, dp 64) would be the pipeline trade under the replicas' name
        Scenario s = training(llama70b(), h100Nodes(64), workload(2e12, 8192, 16_777_216),
                trainingDesign(8, 1, 64, 1, 1, false).withFormats(NumericFormat.BF16, NumericFormat.FP8,
                        NumericFormat.BF16));
        Design start = s.design();
        assertThat(TrainingEstimator.estimate(s.withDesign(start.withParallelism(4, 1, 128, 1, 1))).fits()).isFalse();
        Remedy r = remedy("tp_to_dp", s);
        Design d = r.next().design();
        assertThat(d.tp()).isEqualTo(4);
        assertThat(d.dp()).isGreaterThan(64);
        assertThat(TrainingRemedies.undoes(start, start.withParallelism(4, 1, 128, 1, 1), d)).isFalse();
        // the same completion rule, worked by hand on the three designs
        assertThat(TrainingRemedies.undoes(start, start.withParallelism(4, 1, 128, 1, 1),
                start.withParallelism(4, 2, 64, 1, 1))).isTrue();
        assertThat(TrainingRemedies.undoes(start, start.withParallelism(4, 1, 128, 1, 1),
                start.withParallelism(4, 1, 128, 1, 1).withZeroStage(2))).isFalse();
        assertThat(TrainingRemedies.undoes(start.withRecompute(true), start, start.withRecompute(true)
                .withParallelism(8, 2, 32, 1, 1))).isTrue();
        // the pipeline trade itself reaches tp 4 pp 2 under its own name
        assertThat(remedy("tp_to_pp", s).next().design().pp()).isEqualTo(2);
    }

    private static Scenario withBudget(Scenario s, Budget b) {
        return new Scenario(s.name(), s.kind(), s.model(), s.cluster(), s.inference(), s.training(), s.rl(), s.slo(),
                b, s.design(), s.efficiency(), s.preferences());
    }
}
