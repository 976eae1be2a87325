package io.ridgeline.engine.arithmetic.training;

import io.ridgeline.engine.arithmetic.ParamCounter;
import org.junit.jupiter.api.Test;

import static io.ridgeline.engine.fixtures.TrainingFixtures.llama405b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

class ScalingAndRunTest {

    @Test
    void bubbleOfFourStagesAndSixteenMicroBatchesIs15point8Percent() {
        // (p-1)/(m+p-1) = 3/19 = 0.1579
        assertThat(PipelineBubble.fraction(4, 16)).isCloseTo(3.0 / 19, within(1e-12));
        assertThat(PipelineBubble.fraction(1, 16)).isZero();
    }

    @Test
    void criticalBatchCapsDataParallelism() {
        // 1.05 x B_crit 4,194,304 tokens / (micro 1 x accum 4 x seq 8192) = 134.4: 134 replicas
        assertThat(ScalingLimits.maxUsefulDp(4_194_304, 1, 4, 8192)).isEqualTo(134);
        // a batch below one replica's share still allows one replica
        assertThat(ScalingLimits.maxUsefulDp(1000, 1, 1, 8192)).isEqualTo(1);
        // a global batch past B_crit: one micro-batch of 8,192 tokens per replica within 4,194,304 tokens, 512
        assertThat(ScalingLimits.maxUsefulDp(4_194_304, 1, 8192)).isEqualTo(512);
        // a 16,777,216-token batch on 24 replicas rounds its accumulation up to 86 (16.9M tokens, 0.8% past):
        // floor(16,777,216 / (86 x 8192)) = 23 would strand a replica; with the 5% allowance
        // floor(1.05 x 16,777,216 / (86 x 8192)) = 25 keeps all 24
        assertThat(ScalingLimits.maxUsefulDp(16_777_216, 1, 86, 8192)).isEqualTo(25);
    }

    @Test
    void amdahlCeilingIsOneOverTheFixedShare() {
        // f = 0.05: speedup(16) = 1 / (0.05 + 0.95/16) = 9.143; ceiling 1/0.05 = 20
        assertThat(ScalingLimits.speedup(0.05, 16)).isCloseTo(9.1429, within(1e-4));
        assertThat(ScalingLimits.ceiling(0.05)).isCloseTo(20.0, within(1e-12));
        assertThat(ScalingLimits.fixedShare(9.5, 0.5)).isCloseTo(0.05, within(1e-12));
        assertThatThrownBy(() -> ScalingLimits.ceiling(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1]");
    }

    @Test
    void llama3FailureRateGivesAThreeHourMtbfOn16kGpus() {
        // 419 / (54 x 24 x 16,384) = 1.9733e-5 per GPU-hour; MTBF = 1 / (1.9733e-5 x 16,384) = 54 x 24 / 419
        // = 3.0931 h
        assertThat(Checkpointing.DEFAULT_FAILURES_PER_GPU_HOUR).isCloseTo(1.9733e-5, withPercentage(0.01));
        assertThat(Checkpointing.mtbfHours(Checkpointing.DEFAULT_FAILURES_PER_GPU_HOUR, 16384))
                .isCloseTo(3.0931, within(1e-4));
    }

    @Test
    void youngDalyIntervalFor405bOn16kGpusIsAboutAnHour() {
        // checkpoint 14 B x 405,853,388,800 = 5.682 TB; at 10 GB/s: 568.19 s
        // interval = sqrt(2 x 568.19 s x 3.0931 h x 3600) = sqrt(2 x 568.19 x 11,135.1) = 3,557.2 s = 59.29 min
        double bytes = Checkpointing.bytes(ParamCounter.totalParams(llama405b()));
        assertThat(bytes).isCloseTo(5.68195e12, withPercentage(0.001));
        double write = Checkpointing.writeSeconds(bytes, Checkpointing.DEFAULT_WRITE_BYTES_PER_S);
        assertThat(write).isCloseTo(568.19, within(0.01));
        double mtbfS = Checkpointing.mtbfHours(Checkpointing.DEFAULT_FAILURES_PER_GPU_HOUR, 16384) * 3600;
        assertThat(Checkpointing.youngDalyIntervalS(write, mtbfS) / 60).isCloseTo(59.29, within(0.01));
        // lost time: 568.19/3557.2 + 3557.2/(2 x 11,135.1) = 0.1597 + 0.1597 = 31.9%: at this write speed,
        // checkpoints must be asynchronous or faster
        double interval = Checkpointing.youngDalyIntervalS(write, mtbfS);
        assertThat(Checkpointing.overheadFraction(write, interval, mtbfS)).isCloseTo(0.3195, within(1e-3));
    }

    @Test
    void loaderMustDeliverTheGlobalBatchEveryStep() {
        // 4,194,304 tokens every 10 s = 419,430.4 tokens/s; vocab 128,256 > 65,536 -> 4 B ids: 1.678 MB/s
        double tps = DataPlane.loaderTokensPerS(4_194_304, 10);
        assertThat(tps).isCloseTo(419_430.4, within(1e-6));
        assertThat(DataPlane.bytesPerToken(128256)).isEqualTo(4);
        assertThat(DataPlane.bytesPerToken(50257)).isEqualTo(2);
        assertThat(DataPlane.loaderBytesPerS(tps, 128256)).isCloseTo(1_677_721.6, within(1e-6));
    }

    @Test
    void stepTimeChargesTheBubbleAsAShareOfTheStep() {
        // (10 + 1) / (1 - 3/19) = 11 x 19/16 = 13.0625 s; then MFU = 4.5e10 x 4,194,304 / (13.0625 x 512 x 989e12)
        double step = StepTime.stepSeconds(10, 1, 3.0 / 19);
        assertThat(step).isCloseTo(13.0625, within(1e-12));
        assertThat(StepTime.mfu(4.5e10, 4_194_304, step, 512, 989e12)).isCloseTo(0.02853, within(1e-5));
        // days from FLOPs equals days from steps: 1e24 / (512 x 989e12 x 0.4) / 86400 = 57.14 days
        assertThat(StepTime.trainingDays(1e24, 512, 989e12, 0.4)).isCloseTo(57.14, within(0.01));
        assertThat(StepTime.costUsd(512, 57.14, 3.0)).isCloseTo(2_106_408.96, within(0.01));
    }

    @Test
    void interleavingShrinksTheBubbleByTheVirtualStages() {
        // 16 stages, 16 micro-batches: plain 1F1B 15 / 31 = 48.4%; 8 chunks a stage 15 / (8 x 16 + 15) = 10.5%
        assertThat(PipelineBubble.fraction(16, 16, 1)).isCloseTo(15.0 / 31, within(1e-12));
        assertThat(PipelineBubble.fraction(16, 16, 1)).isEqualTo(PipelineBubble.fraction(16, 16));
        assertThat(PipelineBubble.fraction(16, 16, 8)).isCloseTo(15.0 / 143, within(1e-12));
        assertThat(PipelineBubble.fraction(1, 16, 8)).isZero();
    }

    @Test
    void zeroBubbleAndDualPipeShrinkTheBubbleAsDeepSeekV3sTableTwoSays() {
        // units of a micro-batch's forward F on a stage, B = 2F with W = F, F&B = F + B; a micro-batch is 3 units
        // DeepSeek-V3's layout, 16 stages and 120 micro-batches:
        // 1F1B: (p - 1)(F + B) = 45 of 360 + 45: 15 / 135 = 11.1%
        assertThat(PipelineBubble.fraction(16, 120, 1, "1f1b")).isCloseTo(15.0 / 135, within(1e-12));
        // ZB-H1: (p - 1)(F + B - 2W) = 15 of 360 + 15: 4.0%
        assertThat(PipelineBubble.fraction(16, 120, 1, "zero_bubble")).isCloseTo(15.0 / 375, within(1e-12));
        // DualPipe: (p/2 - 1)(F&B + B - 3W) = 7 x 2 = 14 of 360 + 14: 3.74%
        assertThat(PipelineBubble.fraction(16, 120, 1, "dualpipe")).isCloseTo(14.0 / 374, within(1e-12));
        // no pipeline, no bubble; two stages of DualPipe leave none either
        assertThat(PipelineBubble.fraction(1, 120, 1, "zero_bubble")).isZero();
        assertThat(PipelineBubble.fraction(2, 8, 1, "dualpipe")).isZero();
        // the interleaved schedule stays 1F1B's
        assertThat(PipelineBubble.fraction(16, 16, 8, "1f1b")).isEqualTo(PipelineBubble.fraction(16, 16, 8));
    }

    @Test
    void theSlowestStageCarriesTheOutputLayerAndTheRoundedUpLayers() {
        // Llama 3.1 70B on 16 stages: 5 layers a stage; per token a layer is 1, the output layer 1.22 of it:
        // (5 + 1.22) / ((80 + 1.22) / 16) = 6.22 / 5.07625 = 1.2253
        assertThat(StepTime.slowestStageFactor(1.0, 1.22, 80, 16)).isCloseTo(6.22 / (81.22 / 16),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(StepTime.slowestStageFactor(1.0, 1.22, 80, 16)).isCloseTo(1.2253,
                org.assertj.core.api.Assertions.within(0.0001));
        // 126 layers on 32 stages round up to 4 a stage: (4 + 0) / (126 / 32) = 1.0159 even without a head
        assertThat(StepTime.slowestStageFactor(1.0, 0.0, 126, 32)).isCloseTo(128.0 / 126,
                org.assertj.core.api.Assertions.within(1e-12));
        // no pipeline, no imbalance
        assertThat(StepTime.slowestStageFactor(1.0, 1.22, 80, 1)).isEqualTo(1.0);
    }

    @Test
    void activationTrafficIsPassesTimesBytesOverTheHbmShare() {
        // 5 passes x 4.25 B x s b h (2048 x 12288 = 25,165,824) = 534,773,760 B per layer per micro-batch;
        // x 12 layers x 64 micro-batches = 4.107e11 B; over 2.039 TB/s x 0.8 = 1.631e12 B/s: 0.2518 s
        double s = StepTime.activationTrafficSeconds(5, 4.25, 2048.0 * 12288, 12, 64, false, 2.039e12, 0.8);
        assertThat(s).isCloseTo(5 * 4.25 * 2048.0 * 12288 * 12 * 64 / (2.039e12 * 0.8),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s).isCloseTo(0.2518, org.assertj.core.api.Assertions.within(0.0001));
        // full recomputation writes the forward's third again
        assertThat(StepTime.activationTrafficSeconds(5, 4.25, 2048.0 * 12288, 12, 64, true, 2.039e12, 0.8))
                .isCloseTo(s * 4 / 3, org.assertj.core.api.Assertions.within(1e-12));
        // no passes, no time: the old model
        assertThat(StepTime.activationTrafficSeconds(0, 4.25, 2048.0 * 12288, 12, 64, true, 2.039e12, 0.8)).isZero();
    }

    @Test
    void anFp8StepsSustainedRateMixesTheFp8AndBf16Products() {
        // DeepSeek-V3's step on H800: of 2.673e11 FLOP a token, 4.650e10 in bf16:
        // R = 2.673e11 / (2.208e11 / (1.979e15 x 0.70) + 4.650e10 / (9.89e14 x 0.75)) = 2.673e11 / (1.5939e-4 +
        // 6.2690e-5) = 1.2037e15 FLOP/s
        assertThat(StepTime.sustainedFlopsPerS(2.673e11, 4.650e10, 1.979e15, 0.70, 9.89e14, 0.75))
                .isCloseTo(1.2037e15, org.assertj.core.data.Percentage.withPercentage(0.05));
        // all in one format: peak x eta
        assertThat(StepTime.sustainedFlopsPerS(1e11, 0, 1.979e15, 0.70, 9.89e14, 0.75))
                .isCloseTo(1.979e15 * 0.70, org.assertj.core.data.Percentage.withPercentage(1e-9));
        // 20 of 132 SMs held: the compute takes 132 / 112 = 1.1786x as long
        assertThat(StepTime.smHeldFactor(20.0 / 132)).isCloseTo(132.0 / 112, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void theOptimizerStepMoves28BytesAParameterOfItsShardThroughHbm() {
        // Llama-2-7B's 6.738e9 parameters on one H100 without ZeRO: 6.738e9 x 28 B / (3.35e12 x 0.8) = 0.07040 s;
        // ZeRO-1 over 8 shards it: 0.00880 s
        assertThat(StepTime.optimizerSeconds(6.738e9, 3.35e12, 0.8)).isCloseTo(0.070397, within(1e-6));
        assertThat(StepTime.optimizerSeconds(6.738e9 / 8, 3.35e12, 0.8)).isCloseTo(0.0087996, within(1e-6));
    }
}
