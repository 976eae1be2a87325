package io.ridgeline.engine.arithmetic;

import static io.ridgeline.engine.TestFixtures.deepseekV3;
import static io.ridgeline.engine.TestFixtures.gemma2_9b;
import static io.ridgeline.engine.TestFixtures.llama31_70b;
import static io.ridgeline.engine.TestFixtures.llama31_8b;
import static io.ridgeline.engine.TestFixtures.mistral7b;
import static io.ridgeline.engine.TestFixtures.mixtral8x7b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ridgeline.facts.NumericFormat;
import org.junit.jupiter.api.Test;

class MemoryTest {

    @Test
    void llama8bWeighSixteenGigabytesInBf16() {
        // 8,030,261,248 x 2 B = 16,060,522,496 B = 16.06 GB
        assertThat(Memory.weightBytes(ParamCounter.totalParams(llama31_8b()), NumericFormat.BF16))
                .isEqualTo(16_060_522_496.0);
    }

    @Test
    void int4HalvesAByte() {
        // 70,553,706,496 x 0.5 B = 35,276,853,248 B
        assertThat(Memory.weightBytes(70_553_706_496.0, NumericFormat.INT4)).isEqualTo(35_276_853_248.0);
    }

    @Test
    void kvBytesPerTokenMatchTheReferenceTable() {
        // derived.kv_cache_bytes_per_token_bf16: 8B 2x32x8x128x2 = 131072; 70B 2x80x8x128x2 = 327680;
        // DeepSeek-V3 MLA 61 x (512 + 64) x 2 = 70272
        assertThat(Memory.kvBytesPerToken(llama31_8b(), NumericFormat.BF16)).isEqualTo(131_072.0);
        assertThat(Memory.kvBytesPerToken(llama31_70b(), NumericFormat.BF16)).isEqualTo(327_680.0);
        assertThat(Memory.kvBytesPerToken(deepseekV3(), NumericFormat.BF16)).isEqualTo(70_272.0);
        assertThat(Memory.kvBytesPerToken(llama31_8b(), NumericFormat.FP8)).isEqualTo(65_536.0);
    }

    @Test
    void halfWindowedLayersCapTheirCacheAtTheWindow() {
        // Gemma-2-9B at L = 8192: 2 x 8 x 256 x 2 = 8192 B per layer-token;
        // 21 global layers x 8192 + 21 local layers x 4096 = 258,048 layer-tokens -> 2,113,929,216 B
        // (the naive 42 x 8192 x 8192 would be 2,818,572,288 B)
        assertThat(Memory.kvBytesForContext(gemma2_9b(), NumericFormat.BF16, 8192)).isEqualTo(2_113_929_216.0);
        assertThat(Memory.contextForKvBytes(gemma2_9b(), NumericFormat.BF16, 2_113_929_216.0))
                .isCloseTo(8192.0, within(1e-9));
    }

    @Test
    void fullyWindowedCacheStopsGrowingAtTheWindow() {
        double atWindow = Memory.kvBytesForContext(mistral7b(), NumericFormat.BF16, 4096);
        assertThat(Memory.kvBytesForContext(mistral7b(), NumericFormat.BF16, 32768)).isEqualTo(atWindow);
        assertThat(Memory.contextForKvBytes(mistral7b(), NumericFormat.BF16, atWindow + 1))
                .isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void kvHeadsReplicateWhenTensorParallelExceedsThem() {
        // 70B has 8 KV heads: tp 4 splits them 4 ways, tp 16 only 8 ways (pairs of ranks hold the same head)
        assertThat(Memory.kvShardDivisor(llama31_70b(), 4, 1, 1, 1)).isEqualTo(4.0);
        assertThat(Memory.kvShardDivisor(llama31_70b(), 16, 1, 1, 1)).isEqualTo(8.0);
        // pp 2 and cp 2 each halve a GPU's share
        assertThat(Memory.kvShardDivisor(llama31_70b(), 8, 2, 1, 2)).isEqualTo(32.0);
        // the MLA latent is copied on every tp rank
        assertThat(Memory.kvShardDivisor(deepseekV3(), 8, 1, 1, 1)).isEqualTo(1.0);
    }

    @Test
    void mixtralExpertsHoldNearlyAllItsWeights() {
        // 32 layers x 8 experts x 3 x 4096 x 14336 = 45,097,156,608 routed-expert params of 46,702,792,704
        assertThat(Memory.routedExpertParams(mixtral8x7b())).isEqualTo(45_097_156_608.0);
        // ep 8 over tp 2: experts / (pp x max(tp, ep)) = 90.19 GB / 8; non-expert / (tp x pp)
        assertThat(Memory.expertWeightBytesPerGpu(90_194_313_216.0, 2, 1, 8)).isEqualTo(11_274_289_152.0);
        assertThat(Memory.denseWeightBytesPerGpu(3_211_272_192.0, 2, 1)).isEqualTo(1_605_636_096.0);
        assertThat(Memory.attentionDataParallel(2, 8)).isEqualTo(4);
    }
}
