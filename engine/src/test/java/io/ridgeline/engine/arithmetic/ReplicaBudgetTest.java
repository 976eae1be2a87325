package io.ridgeline.engine.arithmetic;

import static io.ridgeline.engine.TestFixtures.llama31_70b;
import static io.ridgeline.engine.TestFixtures.llama31_8b;
import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.facts.NumericFormat;
import org.junit.jupiter.api.Test;

class ReplicaBudgetTest {

    @Test
    void ninetyPercentOfHbmIsUsable() {
        assertThat(ReplicaBudget.usableHbmBytes(80e9)).isEqualTo(72e9);
    }

    @Test
    void workspaceIsOneChunkOfActivations() {
        // 8B, 2048-token chunk, tp 1: 2048 x (4 x 4096 + 2 x 14336) x 2 B = 184,549,376 B
        assertThat(ReplicaBudget.workspaceBytesPerGpu(llama31_8b(), 2048, 1, 1)).isEqualTo(184_549_376.0);
        // without chunked prefill a 16k prompt is one chunk
        assertThat(ReplicaBudget.largestPrefillChunkTokens(16384, false)).isEqualTo(16384);
        assertThat(ReplicaBudget.largestPrefillChunkTokens(16384, true)).isEqualTo(2048);
        // cp 2 halves the tokens each rank holds: 1024 x 45,056 x 2 = 92,274,688 B
        assertThat(ReplicaBudget.workspaceBytesPerGpu(llama31_8b(), 2048, 1, 2)).isEqualTo(92_274_688.0);
    }

    @Test
    void llama8bOnOneH100HoldsAHundredAndThreeSequencesOf4k() {
        // KV budget = 72e9 - 16,060,522,496 - 184,549,376 = 55,754,928,128 B;
        // per sequence 4096 x 131072 = 536,870,912 B -> floor(103.85) = 103
        double budget = ReplicaBudget.kvBudgetBytes(72e9, 16_060_522_496.0, 184_549_376.0);
        assertThat(budget).isEqualTo(55_754_928_128.0);
        assertThat(ReplicaBudget.maxBatch(budget, 536_870_912.0)).isEqualTo(103);
        // at batch 32: 55,754,928,128 / 32 / 131072 = 13,293.01 -> 13,293 tokens
        assertThat(ReplicaBudget.maxContext(llama31_8b(), NumericFormat.BF16, 1.0, budget, 32)).isEqualTo(13_293);
    }

    @Test
    void llama70bOnFourH100sHoldsAHundredAndEightSequencesOf4k() {
        // weights/GPU 141,107,412,992 / 4 = 35,276,853,248; workspace 2048 x (4 x 8192 + 2 x 28672 / 4) x 2
        // = 192,937,984; budget 36,530,208,768; per sequence per GPU 4096 x 327680 / 4 = 335,544,320 -> 108.87
        double ws = ReplicaBudget.workspaceBytesPerGpu(llama31_70b(), 2048, 4, 1);
        assertThat(ws).isEqualTo(192_937_984.0);
        double budget = ReplicaBudget.kvBudgetBytes(72e9, 35_276_853_248.0, ws);
        assertThat(ReplicaBudget.maxBatch(budget, 335_544_320.0)).isEqualTo(108);
    }

    @Test
    void weightsOverHbmLeaveNoKvBudget() {
        // 70B bf16 on one GPU: 141.1 GB of weights against 72 GB usable
        assertThat(ReplicaBudget.kvBudgetBytes(72e9, 141_107_412_992.0, 0)).isZero();
        assertThat(ReplicaBudget.maxBatch(0, 335_544_320.0)).isZero();
    }

    @Test
    void maxContextStopsAtTheModelLimit() {
        // 55.75 GB for one 8B sequence would hold 425,376 tokens; the model stops at 131,072
        assertThat(ReplicaBudget.maxContext(llama31_8b(), NumericFormat.BF16, 1.0, 55_754_928_128.0, 1))
                .isEqualTo(131_072);
    }
}
