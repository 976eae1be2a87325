package io.ridgeline.engine.arithmetic;

import static io.ridgeline.engine.TestFixtures.llama31_70b;
import static io.ridgeline.engine.TestFixtures.mixtral8x7b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InferenceCommTest {

    @Test
    void tensorParallelInsideANodeRidesNvlink() {
        // 70B tp 4: 2 x 80 all-reduces of 32 x 8192 x 2 B = 524,288 B;
        // each 2 x 3/4 x 524,288 / (450e9 x 0.8) + 10 us = 12.1845 us -> 1.9495 ms
        InferenceComm comm = InferenceComm.of(llama31_70b(), 4, 1, 1, 1, 8, 450e9, 50e9, 0.8);
        assertThat(comm.tpAllReducesPerPass()).isEqualTo(160);
        assertThat(comm.tpS(32) * 1e3).isCloseTo(1.9495, within(1e-4));
    }

    @Test
    void eachDoublingOfTheRanksPastTwoAddsARoundOfLatency() {
        // 70B, 1 token: 160 all-reduces of 8192 x 2 B = 16,384 B. tp 8 with alpha 10 us and 4 us a round:
        // 2 x 7/8 x 16,384 / 3.6e11 = 0.079644 us + 10 + 4 x (log2 8 - 1) = 18.079644 us -> 2.892743 ms;
        // tp 2 pays no round: (2 x 1/2 x 16,384 / 3.6e11 + 10) us x 160 = 1.607282 ms; tp 4 one: 14.068267 us
        InferenceComm tp8 = InferenceComm.of(llama31_70b(), 8, 1, 1, 1, 8, 450e9, 50e9, 0.8, 10e-6, 30e-6, 4e-6);
        assertThat(tp8.tpS(1) * 1e3).isCloseTo(2.892743, within(1e-6));
        InferenceComm tp2 = InferenceComm.of(llama31_70b(), 2, 1, 1, 1, 8, 450e9, 50e9, 0.8, 10e-6, 30e-6, 4e-6);
        assertThat(tp2.tpS(1) * 1e3).isCloseTo(1.607282, within(1e-6));
        InferenceComm tp4 = InferenceComm.of(llama31_70b(), 4, 1, 1, 1, 8, 450e9, 50e9, 0.8, 10e-6, 30e-6, 4e-6);
        assertThat(tp4.tpS(1) / 160 * 1e6).isCloseTo(14.068267, within(1e-6));
        // no round: the constant alpha of before
        InferenceComm flat = InferenceComm.of(llama31_70b(), 8, 1, 1, 1, 8, 450e9, 50e9, 0.8, 10e-6, 30e-6);
        assertThat(flat.tpS(1) / 160 * 1e6).isCloseTo(10.079644, within(1e-6));
    }

    @Test
    void tensorParallelAcrossNodesRunsAtTheNicSpeed() {
        // tp 16 on 8-GPU nodes: 2 x 15/16 x 524,288 / (50e9 x 0.8) + 30 us = 54.576 us; x 160 = 8.7322 ms
        InferenceComm comm = InferenceComm.of(llama31_70b(), 16, 1, 1, 1, 8, 450e9, 50e9, 0.8);
        assertThat(comm.tpS(32) * 1e3).isCloseTo(8.7322, within(1e-4));
    }

    @Test
    void pipelineHopsCrossNodesOnlyBetweenNodes() {
        // tp 8 x pp 2 on 8-GPU nodes: one hop, across nodes; tp 4 x pp 2: one hop inside the node
        InferenceComm across = InferenceComm.of(llama31_70b(), 8, 2, 1, 1, 8, 450e9, 50e9, 0.8);
        assertThat(across.ppCrossNodeHops()).isEqualTo(1);
        assertThat(across.ppInNodeHops()).isZero();
        InferenceComm inside = InferenceComm.of(llama31_70b(), 4, 2, 1, 1, 8, 450e9, 50e9, 0.8);
        assertThat(inside.ppInNodeHops()).isEqualTo(1);
        // one hop of 32 tokens: 524,288 B / (450e9 x 0.8) + 10 us = 11.4564 us
        assertThat(inside.ppS(32) * 1e6).isCloseTo(11.4564, within(1e-4));
    }

    @Test
    void expertParallelSwapsTheMlpAllReduceForAllToAlls() {
        // Mixtral tp 1, ep 8: 8 attention groups; per MoE layer dispatch + combine, each rank sends
        // 4 tokens x top-2 x 4096 x 2 B = 65,536 B, 7/8 of it: 57,344 B / 360e9 + 10 us = 10.1593 us;
        // 2 x 32 layers = 0.6502 ms. No tp all-reduce at tp 1.
        InferenceComm comm = InferenceComm.of(mixtral8x7b(), 1, 1, 8, 1, 8, 450e9, 50e9, 0.8);
        assertThat(comm.attentionGroups()).isEqualTo(8);
        assertThat(comm.tpAllReducesPerPass()).isZero();
        assertThat(comm.epS(4) * 1e3).isCloseTo(0.6502, within(1e-4));
        // tp 2 ep 2: only the 32 attention all-reduces remain
        assertThat(InferenceComm.of(mixtral8x7b(), 2, 1, 2, 1, 8, 450e9, 50e9, 0.8).tpAllReducesPerPass())
                .isEqualTo(32);
    }
}
