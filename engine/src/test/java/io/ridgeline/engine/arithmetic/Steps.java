package io.ridgeline.engine.arithmetic;

import static io.ridgeline.engine.TestFixtures.llama31_70b;
import static io.ridgeline.engine.TestFixtures.llama31_8b;
import static io.ridgeline.engine.TestFixtures.mixtral8x7b;

/** Decode steps of the fixture models on H100s (989 TFLOP/s x 0.75, 3.35 TB/s x 0.89, NVLink 450 GB/s x 0.8). */
final class Steps {

    private Steps() {
    }

    /** Llama-3.1-8B, tp 1, bf16, context L: weights 16,060,522,496 B; KV L x 131,072 B; 2N + 4 x 32 x L x 4096 FLOP. */
    static DecodeStep llama8bTp1(int context) {
        return new DecodeStep(1, 16_060_522_496.0, 0, 0, 0, context * 131_072.0,
                16_060_522_496.0 + 4.0 * 32 * context * 4096, 989e12, 0.75, 3.35e12, 0.89, 1,
                InferenceComm.of(llama31_8b(), 1, 1, 1, 1, 8, 450e9, 50e9, 0.8));
    }

    /** Llama-3.1-70B, tp 4, bf16, L = 4096: 35,276,853,248 B and 335,544,320 KV bytes per sequence per GPU. */
    static DecodeStep llama70bTp4() {
        double flopsPerGpu = 2 * 70_553_706_496.0 / 4 + 4.0 * 80 * 4096 * 8192 / 4;
        return new DecodeStep(1, 35_276_853_248.0, 0, 0, 0, 335_544_320.0, flopsPerGpu, 989e12, 0.75, 3.35e12,
                0.89, 1, InferenceComm.of(llama31_70b(), 4, 1, 1, 1, 8, 450e9, 50e9, 0.8));
    }

    /** Mixtral-8x7B, tp 2, bf16, L = 1024: non-expert 1,605,636,096 B and experts 45,097,156,608 B per GPU. */
    static DecodeStep mixtralTp2() {
        double flopsPerGpu = (2 * 12_879_925_248.0 + 4.0 * 32 * 1024 * 4096) / 2;
        return new DecodeStep(1, 1_605_636_096.0, 45_097_156_608.0, 8, 2, 1024 * 131_072.0 / 2, flopsPerGpu,
                989e12, 0.75, 3.35e12, 0.89, 1, InferenceComm.of(mixtral8x7b(), 2, 1, 1, 1, 8, 450e9, 50e9, 0.8));
    }
}
