package io.ridgeline.engine.arithmetic;

import static io.ridgeline.engine.TestFixtures.deepseekV3;
import static io.ridgeline.engine.TestFixtures.llama31_8b;
import static io.ridgeline.engine.TestFixtures.mistral7b;
import static io.ridgeline.engine.TestFixtures.mixtral8x7b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FlopsTest {

    @Test
    void forwardCostsTwoFlopsPerActiveParameter() {
        // 2 x 8,030,261,248 = 16,060,522,496 FLOP per token
        assertThat(Flops.forwardFlopsPerToken(8_030_261_248.0)).isEqualTo(16_060_522_496.0);
    }

    @Test
    void prefillAttentionIsTwoLayersPSquaredTimesModelWidth() {
        // Llama-3.1-8B, P = 4096: 2 x 32 x 4096^2 x (32 x 128) = 2 x 32 x 4096^3 = 4,398,046,511,104 FLOP
        assertThat(Flops.prefillAttentionFlops(llama31_8b(), 4096)).isEqualTo(4_398_046_511_104.0);
    }

    @Test
    void cachedPrefixStillCostsAttentionForTheNewQueries() {
        // positions 1025..4096 attend to all earlier keys: pairs per layer = (4096^2 - 1024^2) / 2 = 7,864,320;
        // x 32 layers x 4 x 32 x 128 FLOP per pair = 4,123,168,604,160 FLOP
        assertThat(Flops.prefillAttentionFlops(llama31_8b(), 1024, 4096)).isEqualTo(4_123_168_604_160.0);
    }

    @Test
    void decodeAttentionIsFourLayersContextTimesModelWidth() {
        // 4 x 32 x 4096 x 4096 = 2,147,483,648 FLOP for one token at L = 4096
        assertThat(Flops.decodeAttentionFlopsPerToken(llama31_8b(), 4096)).isEqualTo(2_147_483_648.0);
    }

    @Test
    void slidingWindowCapsTheKeysEachQuerySees() {
        // Mistral-7B, W = 4096 on every layer, P = 8192: pairs per layer = 4096 x 8192 - 4096^2 / 2 = 25,165,824
        // (global would be 8192^2 / 2 = 33,554,432); x 32 layers x 16,384 FLOP per pair
        assertThat(Flops.causalPairs(8192, 4096)).isEqualTo(25_165_824.0);
        assertThat(Flops.prefillAttentionFlops(mistral7b(), 8192)).isEqualTo(25_165_824.0 * 32 * 16_384);
        // decode at L = 32768 sees only 4096 keys: 4 x 32 x 4096 x 4096
        assertThat(Flops.decodeAttentionFlopsPerToken(mistral7b(), 32768)).isEqualTo(2_147_483_648.0);
    }

    @Test
    void moeTokenPaysOnlyForItsActiveExperts() {
        // Mixtral active params 12,879,925,248 (top-2 of 8): decode at L = 0 is 2 x active
        double active = ParamCounter.activeParams(mixtral8x7b());
        assertThat(active).isEqualTo(12_879_925_248.0);
        assertThat(Flops.decodeFlopsPerToken(mixtral8x7b(), active, 0)).isEqualTo(25_759_850_496.0);
    }

    @Test
    void routedExpertsCarryMostOfMixtralsTokenFlops() {
        // 2 x 32 layers x top-2 x 3 x 4096 x 14336 = 22,548,578,304 FLOP of the 25,759,850,496 per token
        assertThat(Flops.routedExpertFlopsPerToken(mixtral8x7b())).isEqualTo(22_548_578_304.0);
        assertThat(Flops.routedExpertFlopsPerToken(llama31_8b())).isZero();
    }

    @Test
    void mlaDecodeAttendsInTheLatentSpace() {
        // absorbed MLA: QK^T over 512 + 64, AV over 512: 2 x 128 heads x (2 x 512 + 64) = 278,528 FLOP per pair
        assertThat(Flops.decodeAttentionFlopsPerPairPerLayer(deepseekV3())).isEqualTo(278_528.0);
        // prefill decompresses: 2 x 128 x (128 + 64 + 128) = 81,920 FLOP per pair
        assertThat(Flops.prefillAttentionFlopsPerPairPerLayer(deepseekV3())).isEqualTo(81_920.0);
    }

    @Test
    void prefillFlopsAddLinearAndAttention() {
        // 8B, P = 3584: 2 x 8,030,261,248 x 3584 + 2 x 32 x 3584^2 x 4096 = 60,928,166,985,728 FLOP
        double n = ParamCounter.activeParams(llama31_8b());
        assertThat(Flops.prefillFlops(llama31_8b(), n, 0, 3584)).isCloseTo(60_928_166_985_728.0, within(1.0));
    }

    @Test
    void cachedTokensBeyondThePromptAreRejected() {
        assertThatThrownBy(() -> Flops.prefillAttentionFlops(llama31_8b(), 5000, 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cachedTokens");
    }
}
