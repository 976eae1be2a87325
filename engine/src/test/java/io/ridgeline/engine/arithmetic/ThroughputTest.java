package io.ridgeline.engine.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputTest {

    @Test
    void kneeMatchesTheHandSolution() {
        // 8B tp 1, L = 4096, TPOT SLO 20 ms, memory bound: (16.06e9 + B x 536,870,912) / 2.9815e12 = 0.020
        // -> B = (0.020 x 2.9815e12 - 16,060,522,496) / 536,870,912 = 81.1545
        // (compute at B = 81 is 1.99 ms, well under the 20 ms memory time)
        DecodeStep step = Steps.llama8bTp1(4096);
        assertThat(Throughput.kneeBatch(step::stepS, 0.020, 103)).isCloseTo(81.1545, within(1e-3));
    }

    @Test
    void kneeIsZeroWhenBatchOneMissesAndMaxWhenAllMeet() {
        DecodeStep step = Steps.llama8bTp1(4096);
        assertThat(Throughput.kneeBatch(step::stepS, 0.005, 103)).isZero();
        assertThat(Throughput.kneeBatch(step::stepS, 0.5, 103)).isEqualTo(103.0);
    }

    @Test
    void frontierWalksPowersOfTwoUpToTheMemoryCeiling() {
        // at B = 1: 1 / 5.5668 ms = 179.64 tokens/s
        List<Throughput.FrontierPoint> f = Throughput.frontier(Steps.llama8bTp1(4096)::stepS, 103);
        assertThat(f).extracting(Throughput.FrontierPoint::batch).containsExactly(1, 2, 4, 8, 16, 32, 64, 103);
        assertThat(f.get(0).tokensPerS()).isCloseTo(179.64, within(0.01));
        assertThat(f.get(0).tpotMs()).isCloseTo(5.5668, within(1e-4));
        // throughput keeps rising but each doubling buys less: TPOT at 64 is
        // (16,060,522,496 + 64 x 536,870,912) / 2.9815e12 = 50,420,260,864 / 2.9815e12 = 16.9110 ms
        assertThat(f.get(6).tpotMs()).isCloseTo(16.9110, within(1e-4));
    }

    @Test
    void costPerMillionTokens() {
        // 8 GPUs x $3/h over 10,000 tokens/s: 24 / 36e6 x 1e6 = $0.6667 per million tokens
        assertThat(Throughput.costPerMillionTokensUsd(8, 3.0, 10_000)).isCloseTo(0.66667, within(1e-5));
    }

    @Test
    void offlineMakespanAddsDecodeAndPrefill() {
        // 10,000 requests x 256 tokens / 5000 tokens/s = 512 s; + 10,000 x 0.1 s / 4 replicas = 250 s
        assertThat(Throughput.offlineMakespanS(10_000, 256, 5000, 0.1, 4)).isCloseTo(762.0, within(1e-9));
    }

    @Test
    void throughputIsBatchOverTpot() {
        assertThat(Throughput.tokensPerS(64, 0.016)).isEqualTo(4000.0);
    }
}
