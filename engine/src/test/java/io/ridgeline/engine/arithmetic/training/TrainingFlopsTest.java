package io.ridgeline.engine.arithmetic.training;

import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.ModelArchitecture;
import org.junit.jupiter.api.Test;

import static io.ridgeline.engine.fixtures.TrainingFixtures.gpt3;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama8b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

class TrainingFlopsTest {

    @Test
    void sixNForLlama8bIs4point818e10FlopPerToken() {
        // N = 8,030,261,248 (derived.param_counts in the reference); 6N = 6 x 8.030e9 = 4.818e10 FLOP/token
        double n = ParamCounter.totalParams(llama8b());
        assertThat(n).isEqualTo(8_030_261_248.0);
        assertThat(TrainingFlops.sixND(n, 1)).isCloseTo(4.818e10, withPercentage(0.01));
    }

    @Test
    void matmulParamsLeaveOutTheUntiedInputTable() {
        // 8,030,261,248 - 128,256 x 4,096 (525,336,576, a lookup) = 7,504,924,672; the output head stays
        assertThat(TrainingFlops.matmulParams(llama8b())).isEqualTo(7_504_924_672.0);
    }

    @Test
    void flopsPerTokenAddsCausalAttentionAt8kContext() {
        // 6 x 7,504,924,672 = 4.50295e10; attention 6 x L x s x d_attn = 6 x 32 x 8192 x 4096 = 6.44245e9
        // total 4.50295e10 + 6.44245e9 = 5.14720e10 FLOP/token
        assertThat(TrainingFlops.attentionForwardFlopsPerToken(llama8b(), 8192) * 3).isEqualTo(6_442_450_944.0);
        assertThat(TrainingFlops.flopsPerToken(llama8b(), 8192)).isCloseTo(5.14720e10, withPercentage(0.001));
    }

    @Test
    void gpt3On300BTokensMatchesThePublished3point14e23Flops() {
        // Brown et al. 2020: 3.14e23 FLOPs = 6 x 174.6e9 x 300e9. ParamCounter gives 174.566e9 (tied embeddings,
        // biases left out): 6 x 174.566e9 x 300e9 = 3.1422e23
        double n = ParamCounter.totalParams(gpt3());
        assertThat(TrainingFlops.sixND(n, 300e9)).isCloseTo(3.14e23, withPercentage(0.2));
        // GPT-3 ties its table, so the table is the output head and every parameter multiplies: N_mm = N
        assertThat(TrainingFlops.matmulParams(gpt3())).isEqualTo(n);
        // the attention term 6 x 96 x 2048 x 12288 = 1.4496e10 FLOP/token adds 1.38% that 6ND leaves out
        double withAttention = TrainingFlops.totalFlops(gpt3(), 2048, 300e9);
        assertThat(withAttention / TrainingFlops.sixND(n, 300e9) - 1).isCloseTo(0.01384, within(1e-4));
    }

    @Test
    void fullRecomputationRunsOneMoreForward() {
        // hardware = model + forward = 6 + 2 = 8 units: 4/3 of the model FLOPs
        double model = TrainingFlops.flopsPerToken(llama8b(), 4096);
        assertThat(TrainingFlops.hardwareFlopsPerToken(llama8b(), 4096, true)).isCloseTo(model * 4 / 3,
                withPercentage(1e-9));
        assertThat(TrainingFlops.hardwareFlopsPerToken(llama8b(), 4096, false)).isEqualTo(model);
    }

    @Test
    void aSlidingWindowCapsTheAttendedKeys() {
        // w = 4096 over s = 32768 on every layer: w - w^2/(2s) = 4096 - 4096^2/65536 = 4096 - 256 = 3840 keys,
        // against s/2 = 16384 for global attention
        ModelArchitecture m = llama8b();
        ModelArchitecture windowed = new ModelArchitecture("w", "w", m.layers(), m.hiddenSize(), m.attentionHeads(),
                m.kvHeads(), m.headDim(), m.intermediateSize(), true, m.vocabSize(), false, 32768,
                AttentionKind.GQA, 4096, 1.0, null, null, 0, 0, "test");
        assertThat(TrainingFlops.meanAttendedKeys(windowed, 32768)).isEqualTo(3840.0);
        assertThat(TrainingFlops.meanAttendedKeys(m, 32768)).isEqualTo(16384.0);
    }

    @Test
    void selectiveRecomputationRunsTheAttentionCoreAgain() {
        var m = gpt3();
        double model = TrainingFlops.flopsPerToken(m, 2048);
        assertThat(TrainingFlops.hardwareFlopsPerToken(m, 2048, "none")).isEqualTo(model);
        assertThat(TrainingFlops.hardwareFlopsPerToken(m, 2048, "full"))
                .isEqualTo(model + TrainingFlops.forwardFlopsPerToken(m, 2048));
        // the score and value products once more: 4 x layers x d_attn x mean keys
        assertThat(TrainingFlops.hardwareFlopsPerToken(m, 2048, "selective"))
                .isEqualTo(model + TrainingFlops.attentionForwardFlopsPerToken(m, 2048));
        assertThat(TrainingFlops.hardwareFlopsPerToken(m, 2048, "full"))
                .isEqualTo(TrainingFlops.hardwareFlopsPerToken(m, 2048, true));
    }

    @Test
    void selectiveRecomputationOfMlaAlsoRunsItsUpProjectionsAgain() {
        // 2 x 61 layers x 128 heads x (1536 x (128 + 64) + 512 x (128 + 128)) = 2 x 61 x 128 x 425,984 = 6.652e9
        var m = io.ridgeline.engine.TestFixtures.deepseekV3();
        assertThat(TrainingFlops.mlaUpProjectionFlopsPerToken(m)).isEqualTo(2.0 * 61 * 128 * 425_984);
        assertThat(TrainingFlops.hardwareFlopsPerToken(m, 4096, "selective") - TrainingFlops.flopsPerToken(m, 4096))
                .isEqualTo(TrainingFlops.attentionForwardFlopsPerToken(m, 4096) + 2.0 * 61 * 128 * 425_984);
    }

    @Test
    void theAttentionCoreAndTheOutputHeadAreTheBf16ShareOfAnFp8Step() {
        // 3 x the attention core's forward, once more under recomputation, and 6 h V for the head
        var m = io.ridgeline.engine.TestFixtures.deepseekV3();
        double core = TrainingFlops.attentionForwardFlopsPerToken(m, 4096);
        double head = 6.0 * 7168 * m.vocabSize();
        assertThat(TrainingFlops.bf16FlopsPerToken(m, 4096, "none")).isEqualTo(3 * core + head);
        assertThat(TrainingFlops.bf16FlopsPerToken(m, 4096, "selective")).isEqualTo(4 * core + head);
    }
}
