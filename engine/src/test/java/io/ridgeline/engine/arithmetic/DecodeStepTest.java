package io.ridgeline.engine.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DecodeStepTest {

    @Test
    void llama8bBatchOneDecodeReadsItsWeightsOnce() {
        // (16,060,522,496 + 4096 x 131,072) / (3.35e12 x 0.89) = 16,597,393,408 / 2.9815e12 = 5.5668 ms
        DecodeStep step = Steps.llama8bTp1(4096);
        assertThat(step.memoryS(1, 1) * 1e3).isCloseTo(5.5668, within(1e-4));
        assertThat(step.commS(1, 1)).isZero();
        assertThat(step.stepS(1) * 1e3).isCloseTo(5.5668, within(1e-4));
        assertThat(step.computeS(1, 1)).isLessThan(step.memoryS(1, 1));
    }

    @Test
    void llama70bOnTp4PaysForKvAndAllReduces() {
        // B = 32, L = 4096:
        // memory  (35,276,853,248 + 32 x 335,544,320) / 2.9815e12 = 15.4333 ms
        // compute 32 x (2 x 70.55e9 / 4 + 4 x 80 x 4096 x 8192 / 4) / (989e12 x 0.75) = 1.6377 ms
        // comm    160 x (2 x 3/4 x 524,288 B / (450e9 x 0.8) + 10 us) = 160 x 12.1845 us = 1.9495 ms
        // TPOT    15.4333 + 1.9495 = 17.3828 ms
        DecodeStep step = Steps.llama70bTp4();
        assertThat(step.memoryS(32, 1) * 1e3).isCloseTo(15.4333, within(1e-4));
        assertThat(step.computeS(32, 1) * 1e3).isCloseTo(1.6377, within(1e-4));
        assertThat(step.commS(32, 1) * 1e3).isCloseTo(1.9495, within(1e-4));
        assertThat(step.stepS(32) * 1e3).isCloseTo(17.3828, within(1e-4));
    }

    @Test
    void mixtralAtBatchOneReadsOnlyTheTwoRoutedExperts() {
        // B = 1 touches 8 x (1 - (1 - 2/8)^1) = 2 experts per layer: 1,605,636,096 + 45,097,156,608 x 0.25
        // = 12,879,925,248 B per GPU (the active parameters x 2 B / tp 2); + 67,108,864 B of KV
        // -> 12,947,034,112 / 2.9815e12 = 4.3425 ms
        DecodeStep step = Steps.mixtralTp2();
        assertThat(step.weightBytesReadPerGpu(1, 1)).isEqualTo(12_879_925_248.0);
        assertThat(step.memoryS(1, 1) * 1e3).isCloseTo(4.3425, within(1e-4));
    }

    @Test
    void mixtralAtBatchEightTouchesSevenExpertsPerLayer() {
        // 8 x (1 - 0.75^8) = 7.199 experts: 1,605,636,096 + 45,097,156,608 x 0.89989 = 42,187,984,896 B
        // -> (42,187,984,896 + 8 x 67,108,864) / 2.9815e12 = 14.3300 ms, 3.3x batch one for 8x the tokens
        DecodeStep step = Steps.mixtralTp2();
        assertThat(InferenceLatency.expectedExpertsTouched(8, 2, 8)).isCloseTo(7.1991, within(1e-4));
        assertThat(step.weightBytesReadPerGpu(8, 1)).isCloseTo(42_187_984_896.0, within(1.0));
        assertThat(step.memoryS(8, 1) * 1e3).isCloseTo(14.3300, within(1e-4));
    }

    @Test
    void speculationPaysAtBatchOne() {
        // 8B, L = 4096, k = 4, alpha = 0.7: tokens per step (1 - 0.7^5) / 0.3 = 2.7731.
        // verify at 5 query tokens stays memory bound: 5.5668 ms (compute 5 x 18.21 GFLOP / 741.75 TFLOP/s
        // = 0.1227 ms); 4 draft steps x 0.05 x 5.5668 = 1.1134 ms -> (5.5668 + 1.1134) / 2.7731 = 2.4089 ms
        DecodeStep step = Steps.llama8bTp1(4096);
        assertThat(step.speculativeTpotS(1, 4, 0.7, 0.05) * 1e3).isCloseTo(2.4089, within(1e-4));
        assertThat(step.speculativeTpotS(1, 4, 0.7, 0.05)).isLessThan(step.stepS(1));
    }

    @Test
    void speculationIsATrapAtBatch256WithShortContexts() {
        // 8B, L = 128, B = 256: plain step memory bound, (16.06e9 + 256 x 16.78e6) / 2.9815e12 = 6.8273 ms;
        // verify at 5 tokens turns compute bound: 256 x 5 x (16.06e9 + 4 x 32 x 128 x 4096) / 741.75e12
        // = 27.8306 ms; (27.8306 + 4 x 0.05 x 6.8273) / 2.7731 = 10.5283 ms > 6.8273 ms
        DecodeStep step = Steps.llama8bTp1(128);
        assertThat(step.stepS(256) * 1e3).isCloseTo(6.8273, within(1e-4));
        assertThat(step.computeS(256, 5) * 1e3).isCloseTo(27.8306, within(1e-4));
        assertThat(step.speculativeTpotS(256, 4, 0.7, 0.05) * 1e3).isCloseTo(10.5283, within(1e-4));
        assertThat(step.speculativeTpotS(256, 4, 0.7, 0.05)).isGreaterThan(step.stepS(256));
    }

    @Test
    void pipelineStagesDoNotCutTheWeightReadPerToken() {
        // 8B split in 2 stages of 8.03 GB: a token passes both, so at B = 1 the step still reads 16.06 GB
        DecodeStep onePp = Steps.llama8bTp1(4096);
        DecodeStep twoPp = new DecodeStep(2, 16_060_522_496.0 / 2, 0, 0, 0, 4096 * 131_072.0 / 2,
                onePp.flopsPerTokenPerGpu() / 2, 989e12, 0.75, 3.35e12, 0.89, 1, onePp.comm());
        assertThat(twoPp.memoryS(1, 1)).isCloseTo(onePp.memoryS(1, 1), within(1e-12));
        // at B = 64 two micro-batches of 32 alternate: 2 x (8.03 GB + 32 x 268 MB) / 2.9815e12, less than
        // one stage's (16.06 GB + 64 x 537 MB) because each stage reads only its own layers' KV
        double expected = 2 * (8_030_261_248.0 + 32 * 268_435_456.0) / 2.9815e12;
        assertThat(twoPp.memoryS(64, 1)).isCloseTo(expected, within(1e-12));
    }
}
