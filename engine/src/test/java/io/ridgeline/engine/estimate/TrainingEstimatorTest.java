package io.ridgeline.engine.estimate;

import io.ridgeline.engine.arithmetic.training.CommThresholds;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import io.ridgeline.facts.TrainingWorkload;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.ridgeline.engine.fixtures.TrainingFixtures.h100Nodes;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama70b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama8b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.mixtral8x7b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.training;
import static io.ridgeline.engine.fixtures.TrainingFixtures.trainingDesign;
import static io.ridgeline.engine.fixtures.TrainingFixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

class TrainingEstimatorTest {

    /** Llama-8B on one 8 x H100 node, ZeRO-1 over dp 8, micro 1, s 8192, 262,144 tokens/step, 1e11 tokens. */
    private static Scenario llama8bOneNode(boolean recompute) {
        return training(llama8b(), h100Nodes(1), workload(1e11, 8192, 262_144),
                trainingDesign(1, 1, 8, 1, 1, recompute));
    }

    /** DeepSeek-V3's published layout on 2,048 H100: pp 16, ep 64 over 8 nodes, ZeRO-1, 120 micro-batches a step. */
    private static Scenario deepSeekV3Published(String schedule) {
        return training(io.ridgeline.engine.TestFixtures.deepseekV3(), h100Nodes(256),
                workload(1.48e13, 4096, 62_914_560), trainingDesign(1, 16, 128, 1, 1, false)
                        .withParallelism(1, 16, 128, 64, 1).withPipelineSchedule(schedule));
    }

    @Test
    void aLayoutPastTheRequestedGlobalBatchIsOverALimitWhenNoCriticalBatchIsStated() {
        // Llama-3.1-8B on 64 H100s, s 4096, a 131,072-token batch (32 sequences), B_crit not stated: the requested
        // batch is the critical batch, and floor(1.05 x 131,072 / (1 x 1 x 4096)) = 33 replicas are useful
        Scenario past = training(llama8b(), h100Nodes(8), workload(1e11, 4096, 131_072),
                trainingDesign(1, 1, 64, 1, 1, false));
        TrainingEstimate e = TrainingEstimator.estimate(past);
        assertThat(e.maxUsefulDp()).isEqualTo(33);
        // dp 64 would train 64 x 4096 = 262,144 tokens a step, twice the batch asked for
        assertThat(e.overLimits()).anySatisfy(l -> assertThat(l).contains("dp 64 exceeds the critical-batch cap of 33")
                .contains("the requested global batch"));
        Scenario within = past.withDesign(past.design().withParallelism(1, 1, 32, 1, 1));
        assertThat(TrainingEstimator.estimate(within).overLimits()).noneMatch(l -> l.contains("critical-batch"));
    }

    @Test
    void theQuickMemoryCheckAgreesWithTheBillUnderEverySchedule() {
        // the search and the loop's trades prune with fitsInMemory: it must say what the bill says, DualPipe's
        // second stage of parameters and gradients included
        int disagreeing = 0;
        boolean dualPipeTipsOver = false;
        for (String schedule : List.of("1f1b", "zero_bubble", "dualpipe")) {
            for (int zero = 0; zero <= 3; zero++) {
                for (int pp : new int[] {2, 4}) {
                    Scenario s = training(llama70b(), h100Nodes(8), workload(1e11, 8192, 16_777_216),
                            trainingDesign(8, pp, 8 / pp, zero, 1, false));
                    s = s.withDesign(s.design().withPipelineSchedule(schedule));
                    boolean quick = TrainingEstimator.fitsInMemory(s);
                    if (quick != TrainingEstimator.estimate(s).fits()) {
                        disagreeing++;
                    }
                    if (schedule.equals("dualpipe") && !quick) {
                        Scenario one = s.withDesign(s.design().withPipelineSchedule("1f1b"));
                        dualPipeTipsOver |= TrainingEstimator.fitsInMemory(one);
                    }
                }
            }
        }
        assertThat(disagreeing).isZero();
        // and the grid holds a layout that fits under 1F1B and not with DualPipe's two stages
        assertThat(dualPipeTipsOver).isTrue();
    }

    @Test
    void dualPipeHidesTheExpertAllToAllsForASecondStagesParameters() {
        TrainingEstimate plain = TrainingEstimator.estimate(deepSeekV3Published("1f1b"));
        TrainingEstimate dual = TrainingEstimator.estimate(deepSeekV3Published("dualpipe"));
        // under 1F1B the all-to-alls and sends are on the critical path
        assertThat(plain.epCommTimeS()).isPositive();
        assertThat(plain.exposedCommTimeS()).isGreaterThan(plain.epCommTimeS());
        // DualPipe: rank i holds stages i and 15 - i, twice the parameters and gradients, the optimizer once
        assertThat(dual.paramBytesPerGpu()).isCloseTo(2 * plain.paramBytesPerGpu(), withPercentage(1e-9));
        assertThat(dual.gradBytesPerGpu()).isCloseTo(2 * plain.gradBytesPerGpu(), withPercentage(1e-9));
        assertThat(dual.optimizerBytesPerGpu()).isCloseTo(plain.optimizerBytesPerGpu(), withPercentage(1e-9));
        // the first stage holds p + 1 = 17 micro-batches' activations, not 16
        assertThat(dual.activationBytesPerGpu()).isCloseTo(plain.activationBytesPerGpu() * 17 / 16,
                withPercentage(1e-9));
        // the same traffic, hidden: the compute covers the sends and the all-to-alls, only DP's reduction shows
        assertThat(dual.epCommTimeS()).isCloseTo(plain.epCommTimeS(), withPercentage(1e-9));
        assertThat(dual.computeTimeS()).isGreaterThan(dual.epCommTimeS() + dual.ppCommTimeS());
        assertThat(dual.exposedCommTimeS()).isLessThan(dual.dpCommTimeS() * 2 + 1e-12);
        // bubble (p - 2) / (3 m + p - 2) = 14 / 374; step = (compute + exposed) / (1 - bubble) + the optimizer step
        assertThat(dual.bubbleFraction()).isCloseTo(14.0 / 374, within(1e-12));
        assertThat(dual.stepTimeS()).isCloseTo((dual.computeTimeS() + dual.exposedCommTimeS())
                / (1 - 14.0 / 374) + figure(dual, "optimizer_time_s"), withPercentage(1e-9));
        assertThat(dual.stepTimeS()).isLessThan(plain.stepTimeS());
        // zero-bubble: 1F1B's memory and exposure, the bubble 15 / 375
        TrainingEstimate zb = TrainingEstimator.estimate(deepSeekV3Published("zero_bubble"));
        assertThat(zb.memoryBytesPerGpu()).isCloseTo(plain.memoryBytesPerGpu(), withPercentage(1e-9));
        assertThat(zb.exposedCommTimeS()).isCloseTo(plain.exposedCommTimeS(), withPercentage(1e-9));
        assertThat(zb.bubbleFraction()).isCloseTo(15.0 / 375, within(1e-12));
    }

    @Test
    void aBatchRampBillsEachStageAtItsOwnBatchThenTheRestAtTheGlobalBatch() {
        // Llama-8B on one node, 1e11 tokens at 262,144 a step; a ramp of 1e9 tokens at 65,536 (one micro-batch
        // round: dp 8 x 8192) and 4e9 at 131,072
        Scenario flat = llama8bOneNode(true);
        TrainingWorkload w = flat.training();
        TrainingWorkload ramped = new TrainingWorkload(w.tokens(), w.seqLen(), w.globalBatchTokens(), 0, 0, 0,
                List.of(new TrainingWorkload.BatchStage(65_536, 1e9), new TrainingWorkload.BatchStage(131_072, 4e9)));
        TrainingEstimate all = TrainingEstimator.estimate(flat.withTraining(ramped));
        TrainingEstimate main = TrainingEstimator.estimate(flat);
        TrainingEstimate first = TrainingEstimator.estimate(flat.withTraining(ramped.atStage(ramped.batchStages()
                .get(0))));
        TrainingEstimate second = TrainingEstimator.estimate(flat.withTraining(ramped.atStage(ramped.batchStages()
                .get(1))));
        // stage 1: 1e9 / 65,536 = 15,258.8 steps of one micro-batch; stage 2: 4e9 / 131,072 = 30,517.6 of two
        assertThat(first.steps()).isCloseTo(1e9 / 65_536, within(1e-6));
        assertThat(second.steps()).isCloseTo(4e9 / 131_072, within(1e-6));
        // the rest, (1e11 - 5e9) / 262,144 steps, at the global batch's step time
        double mainSteps = (1e11 - 5e9) / 262_144;
        assertThat(all.steps()).isCloseTo(first.steps() + second.steps() + mainSteps, within(1e-6));
        assertThat(all.trainingDays()).isCloseTo(first.trainingDays() + second.trainingDays()
                + mainSteps * main.stepTimeS() / 86400, within(1e-9));
        // the step time, memory and MFU are the global batch's; the ramp is slower per token, so the run is longer
        assertThat(all.stepTimeS()).isEqualTo(main.stepTimeS());
        assertThat(all.memoryBytesPerGpu()).isEqualTo(main.memoryBytesPerGpu());
        assertThat(all.trainingDays()).isGreaterThanOrEqualTo(main.trainingDays());
        assertThat(all.costUsd()).isCloseTo(8 * all.trainingDays() * 24 * 3.0, within(1e-6));
        Map<String, Double> figures = all.figures().stream().collect(Collectors.toMap(Figure::key, Figure::value));
        assertThat(figures.get("batch_ramp_days")).isCloseTo(first.trainingDays() + second.trainingDays(),
                within(1e-9));
    }

    @Test
    void llama8bOnOneNodeWithRecomputationIsComputeBound() {
        TrainingEstimate e = TrainingEstimator.estimate(llama8bOneNode(true));
        // GPUs 8; accumulation 262,144 / (8 x 1 x 8192) = 4
        assertThat(e.totalGpus()).isEqualTo(8);
        assertThat(e.gradAccumulation()).isEqualTo(4);
        assertThat(e.tokensPerGpuPerStep()).isEqualTo(32_768.0);
        // F = 6 x 7,504,924,672 + 6 x 32 x 8192 x 4096 = 51,471,998,976 FLOP/token
        assertThat(e.flopsPerToken()).isEqualTo(51_471_998_976.0);
        assertThat(e.totalFlops()).isCloseTo(5.1472e21, withPercentage(0.001));
        // memory: params 2 B x N = 16.06 GB, grads 16.06 GB, optimizer 12 B x N / 8 = 12.05 GB,
        // activations 7.625 GB (see TrainingMemoryTest) -> 51.79 GB of the usable 72 GB
        assertThat(e.memoryBytesPerGpu()).isCloseTo(4 * 8_030_261_248.0 + 1.5 * 8_030_261_248.0
                + 7_625_244_672.0, withPercentage(1e-9));
        assertThat(e.fits()).isTrue();
        assertThat(e.memoryOverBytes()).isZero();
        // compute = (4/3 x F) x 262,144 / (8 x 989e12 x 0.75) = 68,629,331,968 x 262,144 / 5.934e15 = 3.0318 s
        assertThat(e.computeTimeS()).isCloseTo(3.031811, within(1e-6));
        // DP all-reduce 0.0801 s (CommunicationTest) hides inside the last micro-batch's backward,
        // 3.0318 / 4 x 3/4 = 0.5685 s, so the step is the compute and the optimizer step over its ZeRO-1 shard:
        // 8,030,261,248 / 8 x 28 B / (3.35e12 x 0.89) = 0.0094267 s -> 3.041238 s
        assertThat(e.dpCommTimeS()).isCloseTo(0.080082, within(1e-6));
        assertThat(e.exposedCommTimeS()).isZero();
        assertThat(figure(e, "optimizer_time_s")).isCloseTo(8_030_261_248.0 / 8 * 28 / (3.35e12 * 0.89),
                within(1e-9));
        assertThat(e.stepTimeS()).isCloseTo(3.041238, within(1e-6));
        // MFU = eta_c x model/hardware FLOPs x compute/step = 0.75 x 3/4 x 3.031811 / 3.041238 = 0.56076
        assertThat(e.mfu()).isCloseTo(0.5625 * 3.031811 / 3.041238, within(1e-6));
        // steps 1e11 / 262,144 = 381,469.7; days = 381,469.7 x 3.04124 / 86400 = 13.4275; cost 8 x 322.26 h x $3 = 7,734
        assertThat(e.steps()).isCloseTo(381_469.73, within(0.01));
        assertThat(e.trainingDays()).isCloseTo(13.4275, within(1e-4));
        assertThat(e.costUsd()).isCloseTo(7734.27, within(0.01));
        // DP hides above 0.080082 s / (51,471,998,976 / 7.4175e14 s per token) = 1,154 tokens per GPU
        assertThat(e.dpHideTokensPerGpu()).isCloseTo(1154.04, within(0.01));
        assertThat(e.tokensPerGpuPerStep()).isGreaterThan(e.dpHideTokensPerGpu());
        // Amdahl: t_dp(n -> inf) = 2 x 2 B x 8.03e9 / (50e9 x 0.8) = 0.8030 s; f = 0.8030 / (3.04124 + 0.8030)
        // = 0.20889; ceiling 4.787x
        assertThat(e.strongScalingCeiling()).isCloseTo(4.7872, within(1e-4));
        // no critical batch stated: the global batch is the cap, floor(1.05 x 262,144 / (1 x 4 x 8192)) = 8 = dp
        assertThat(e.criticalBatchTokens()).isEqualTo(262_144.0);
        assertThat(e.maxUsefulDp()).isEqualTo(8);
        // checkpoint 14 B x N = 112.42 GB at the assumed 10 GB/s: 11.24 s; MTBF 1/(1.9733e-5 x 8) = 6,334.6 h;
        // interval sqrt(2 x 11.24 x 6,334.6 x 3600) / 60 = 377.4 min
        assertThat(e.checkpointBytes()).isCloseTo(112.4237e9, withPercentage(1e-4));
        assertThat(e.checkpointWriteS()).isCloseTo(11.2424, within(1e-4));
        assertThat(e.checkpointIntervalMin()).isCloseTo(377.40, within(0.01));
        // loader: 262,144 tokens per 3.04124 s = 86,196 tokens/s
        assertThat(e.loaderTokensPerS()).isCloseTo(86_196.5, within(0.1));
        assertThat(e.overLimits()).isEmpty();
    }

    @Test
    void llama8bWithoutRecomputationDoesNotFitAndSaysByHowMuch() {
        // ZeRO-1 state 5.5 B x N = 44.17 GB + activations 32 x 34 x 8192 x 4096 + 4 x 8192 x 132,352
        // = 40.84 GB -> 85.01 GB, over the usable 72 GB by 13.01 GB
        TrainingEstimate e = TrainingEstimator.estimate(llama8bOneNode(false));
        assertThat(e.fits()).isFalse();
        assertThat(e.memoryBytesPerGpu()).isCloseTo(85.0106e9, withPercentage(1e-4));
        assertThat(e.memoryOverBytes()).isCloseTo(13.0106e9, withPercentage(1e-3));
        assertThat(e.overLimits()).singleElement().asString()
                .contains("85.01 GB", "72 GB", "13.01 GB", "exceed");
        // it is still billed: without recomputation the products run at the full eta_c, and the optimizer step
        // (0.0094267 s) is the rest of the step: MFU 0.75 x 2.273858 / (2.273858 + 0.0094267) = 0.74690
        assertThat(e.mfu()).isCloseTo(0.75 * e.computeTimeS() / (e.computeTimeS()
                + figure(e, "optimizer_time_s")), within(1e-9)).isCloseTo(0.74690, within(1e-5));
    }

    @Test
    void llama70bOn1024GpusPaysTheTensorParallelTaxAndTheBubble() {
        // tp 8 (in node), pp 4, dp 32, ZeRO-1, micro 1, s 8192, batch 16,777,216 -> accumulation 64
        Scenario sc = training(llama70b(), h100Nodes(128), workload(15e12, 8192, 16_777_216),
                trainingDesign(8, 4, 32, 1, 1, false));
        TrainingEstimate e = TrainingEstimator.estimate(sc);
        assertThat(e.totalGpus()).isEqualTo(1024);
        assertThat(e.gradAccumulation()).isEqualTo(64);
        // F = 6 x 69,503,033,344 + 6 x 80 x 8192^2 = 449,230,454,784; compute = F x 16,777,216 /
        // (1024 x 989e12 x 0.75) = 9.9227 s spread evenly; the last of the 4 stages also runs the output layer,
        // 6 x 8192 x 128,256 = 6.3040e9 per token against 20 layers of (449.23e9 - 6.304e9) / 80 = 5.5366e9:
        // (20 x 5.5366e9 + 6.304e9) / (449.23e9 / 4) = 1.04210, so compute = 9.9227 x 1.04210 = 10.3405 s
        assertThat(e.computeTimeS()).isCloseTo(10.340476, within(1e-5));
        // TP: 64 x 20 x 4 = 5120 all-reduces of 2 x 7/8 x 134,217,728 B at 360e9 B/s + 5120 x 10 us = 3.3917 s
        assertThat(e.tpCommTimeS()).isCloseTo(3.391730, within(1e-6));
        // tax 3.3917 / 10.3405 = 32.80%: the closed form 0.34145 (CommThresholds, one layer's all-reduces over its
        // compute) over the slowest stage's 1.04210, within 1%
        double fLayer = 6 * 855_654_400.0 + 6.0 * 8192 * 8192;
        assertThat(e.tpTaxFraction()).isCloseTo(3.391730 / 10.340476, within(1e-5));
        assertThat(e.tpTaxFraction()).isCloseTo(CommThresholds.tpTax(8, 8192, fLayer, 989e12, 0.75, 450e9, 0.8)
                / 1.04210, withPercentage(1));
        // PP: 2 x 64 x 16,777,216 B over scale-out at 40e9 + 128 x 25 us = 0.05689 s
        assertThat(e.ppCommTimeS()).isCloseTo(0.056887, within(1e-6));
        // DP: 2 x 31/32 x 2 B x 2,270,470,144 = 8.798 GB at 40e9 + 57 buckets x 25 us = 0.22138 s, against a
        // last backward of 10.3405/64 x 2/3 = 0.10771 s: 0.11366 s exposed
        assertThat(e.dpCommTimeS()).isCloseTo(0.221377, within(1e-6));
        // bubble (4-1)/(64+4-1) = 3/67; step = (10.3405 + 0.1137 + 3.3917 + 0.0569) / (1 - 3/67) = 14.5544 s,
        // and the optimizer step over the ZeRO-1 shard, 2,270,470,144 / 32 x 28 B / (3.35e12 x 0.89) = 0.000666 s:
        // 14.5551 s
        assertThat(e.bubbleFraction()).isCloseTo(3.0 / 67, within(1e-12));
        assertThat(e.exposedCommTimeS()).isCloseTo(0.113664 + 3.391730 + 0.056887, within(1e-5));
        assertThat(e.stepTimeS()).isCloseTo(14.55445 + 2_270_470_144.0 / 32 * 28 / (3.35e12 * 0.89), within(1e-4));
        // MFU = 449,230,454,784 x 16,777,216 / (14.5544 x 1024 x 989e12) = 51.13%
        assertThat(e.mfu()).isCloseTo(0.51133, within(1e-4));
        // memory: (2 + 2) B x 2,270,470,144 + 12 B x 2,270,470,144 / 32 + 80 layers' activations 22.817 GB
        // = 32.75 GB
        assertThat(e.memoryBytesPerGpu()).isCloseTo(32.7503e9, withPercentage(1e-4));
        assertThat(e.fits()).isTrue();
    }

    @Test
    void tensorParallelAcrossNodesCostsNineTimesMoreThanInNode() {
        // the same 70B layer at tp 16 spans two nodes: BW 50e9 instead of 450e9, and 2 x 15/16 instead of
        // 2 x 7/8 on half the compute per GPU: tax far above 1
        Scenario inNode = training(llama70b(), h100Nodes(2), workload(1e12, 8192, 131_072),
                trainingDesign(8, 1, 2, 3, 1, true));
        Scenario across = training(llama70b(), h100Nodes(2), workload(1e12, 8192, 131_072),
                trainingDesign(16, 1, 1, 3, 1, true));
        double taxIn = TrainingEstimator.estimate(inNode).tpTaxFraction();
        double taxAcross = TrainingEstimator.estimate(across).tpTaxFraction();
        assertThat(taxIn).isBetween(0.2, 0.4);
        assertThat(taxAcross / taxIn).isGreaterThan(9.0);
    }

    @Test
    void aStatedCriticalBatchCapsDataParallelism() {
        // B_crit 1,048,576 tokens / (micro 1 x accumulation 1 x 8192) = 128 replicas < dp 256
        TrainingWorkload w = new TrainingWorkload(1e12, 8192, 2_097_152, 0, 0, 1_048_576);
        Scenario sc = training(llama8b(), h100Nodes(32), w, trainingDesign(1, 1, 256, 3, 1, true));
        TrainingEstimate e = TrainingEstimator.estimate(sc);
        assertThat(e.maxUsefulDp()).isEqualTo(128);
        assertThat(e.overLimits()).anySatisfy(s -> assertThat(s).contains("dp 256", "critical-batch cap of 128"));
    }

    @Test
    void expertParallelismShowsUpInTheStepForAnMoeModel() {
        Scenario sc = training(mixtral8x7b(), h100Nodes(1), workload(1e12, 4096, 262_144),
                trainingDesign(1, 1, 8, 1, 1, true).withParallelism(1, 1, 8, 8, 1));
        TrainingEstimate e = TrainingEstimator.estimate(sc);
        assertThat(e.epCommTimeS()).isGreaterThan(0);
        // 6 x N_mm uses the top-2 active params (12.9B), not the 46.7B total
        assertThat(e.activeParams()).isLessThan(e.totalParams() / 3);
        assertThat(e.flopsPerToken()).isLessThan(6 * 13e9 + 6.0 * 32 * 4096 * 4096);
    }

    @Test
    void everyMainNumberHasAFigureWithFormulaAndSubstitution() {
        TrainingEstimate e = TrainingEstimator.estimate(llama8bOneNode(true));
        Map<String, Figure> byKey = e.figures().stream().collect(Collectors.toMap(Figure::key, f -> f));
        assertThat(byKey).containsKeys("flops_per_token", "total_flops", "memory_bytes_per_gpu", "compute_time_s",
                "dp_comm_time_s", "tp_comm_time_s", "exposed_comm_time_s", "bubble_fraction", "step_time_s", "mfu",
                "dp_hide_tokens_per_gpu", "tp_tax_fraction", "max_useful_dp", "strong_scaling_ceiling",
                "training_days", "cost_usd", "checkpoint_interval_min", "loader_tokens_per_s");
        assertThat(byKey.get("step_time_s").value()).isEqualTo(e.stepTimeS());
        assertThat(byKey.get("mfu").substituted()).endsWith("56.1%");
        assertThat(byKey).containsKey("optimizer_time_s");
        assertThat(e.figures()).allSatisfy(f -> {
            assertThat(f.formula()).isNotBlank();
            assertThat(f.substituted()).isNotBlank();
            assertThat(f.key()).matches("[a-z0-9_]+");
        });
    }

    @Test
    void totalParamsFigureNamesTheAttentionBiasesWhenTheModelHasThem() {
        Scenario qwen = training(io.ridgeline.engine.catalog.Catalogs.builtIn().model("qwen2.5-7b"), h100Nodes(1),
                workload(1e11, 8192, 262_144), trainingDesign(1, 1, 8, 1, 1, true));
        Figure total = TrainingEstimator.estimate(qwen).figures().stream()
                .filter(f -> f.key().equals("total_params")).findFirst().orElseThrow();
        // 28 layers x (3584 + 512 + 512) = 129,024 of the 7,615,616,512
        assertThat(total.value()).isEqualTo(7_615_616_512.0);
        assertThat(total.formula()).isEqualTo("N = embeddings + layers x (attention + MLP + norms + q, k, v biases)");
        assertThat(total.substituted()).isEqualTo("N = 7.616 G (biases 28 x 4608 = 129024)");
        Figure llama = TrainingEstimator.estimate(llama8bOneNode(true)).figures().stream()
                .filter(f -> f.key().equals("total_params")).findFirst().orElseThrow();
        assertThat(llama.formula()).isEqualTo("N = embeddings + layers x (attention + MLP + norms)");
        assertThat(llama.substituted()).isEqualTo("N = 8.03 G");
    }

    @Test
    void noRecordNumberIsNanOrInfinite() throws Exception {
        List<Scenario> scenarios = List.of(llama8bOneNode(true), llama8bOneNode(false),
                training(llama8b(), h100Nodes(1), workload(1e9, 8192, 8192), trainingDesign(1, 1, 1, 0, 1, false)));
        for (Scenario sc : scenarios) {
            TrainingEstimate e = TrainingEstimator.estimate(sc);
            for (RecordComponent rc : TrainingEstimate.class.getRecordComponents()) {
                Object v = rc.getAccessor().invoke(e);
                if (v instanceof Double d) {
                    assertThat(d).as(rc.getName()).isFinite();
                }
            }
            assertThat(e.figures()).allSatisfy(f -> assertThat(f.value()).as(f.key()).isFinite());
        }
    }

    private static double figure(TrainingEstimate e, String key) {
        return e.figures().stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow().value();
    }
}
