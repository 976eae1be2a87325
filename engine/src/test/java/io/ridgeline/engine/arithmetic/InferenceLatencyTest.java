package io.ridgeline.engine.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InferenceLatencyTest {

    @Test
    void prefillIsComputeBound() {
        // 8B, P = 3584: 60,928,166,985,728 FLOP / (1 x 1 x 989e12 x 0.75) = 82.1411 ms,
        // against a weight read of 16.06 GB / 2.9815e12 = 5.3867 ms
        double compute = InferenceLatency.prefillComputeS(60_928_166_985_728.0, 1, 989e12, 0.75);
        double read = Roofline.memoryTimeS(16_060_522_496.0, 3.35e12, 0.89);
        assertThat(compute * 1e3).isCloseTo(82.1411, within(1e-4));
        assertThat(read * 1e3).isCloseTo(5.3867, within(1e-4));
        assertThat(InferenceLatency.ttftServiceS(compute, read, 0)).isEqualTo(compute);
    }

    @Test
    void tensorAndContextParallelSplitThePrefill() {
        // the same prompt on tp 4 x cp 2: 82.1411 / 8 = 10.2676 ms
        assertThat(InferenceLatency.prefillComputeS(60_928_166_985_728.0, 4 * 2, 989e12, 0.75) * 1e3)
                .isCloseTo(10.2676, within(1e-4));
    }

    @Test
    void mm1QueueAtHalfLoadWaitsEightTimesTheServiceAtP99() {
        // M/M/1: rho 0.5, t = 100 ms (mu = 10/s), p = 0.99: ln(0.5 / 0.01) / (10 x 0.5) = 3.91202 / 5 = 0.782405 s
        assertThat(InferenceLatency.mm1WaitS(0.5, 0.1, 0.99)).isCloseTo(0.782405, within(1e-6));
    }

    @Test
    void deterministicServiceAtLowLoadIsTheExactMd1Quantile() {
        // rho 0.04, S = 12.9 s: below one service time Erlang's series has one term, P(W <= t) = (1 - rho) e^(lambda t)
        // with lambda = 0.04 / 12.9 s. 0.96 e^(lambda t) = 0.99 gives lambda t = ln(0.99 / 0.96) = 0.0307716 and
        // t = 0.0307716 x 12.9 / 0.04 = 9.9238 s.
        assertThat(InferenceLatency.queueWaitS(0.04, 12.9, 0.99)).isCloseTo(9.9238, within(1e-3));
    }

    @Test
    void poissonQuantilesByHand() {
        // mu 0.5: P(N <= 2) = e^-0.5 (1 + 0.5 + 0.125) = 0.98561 < 0.99, P(N <= 3) = 0.99825: 3
        assertThat(InferenceLatency.poissonQuantile(0.5, 0.99)).isEqualTo(3);
        // mu 4: P(N <= 8) = 0.97864, P(N <= 9) = 0.99187: 9
        assertThat(InferenceLatency.poissonQuantile(4, 0.99)).isEqualTo(9);
        assertThat(InferenceLatency.poissonQuantile(0, 0.99)).isZero();
        // past the summed range the Cornish-Fisher quantile is within one count of the exact one
        for (double mu : new double[] {250, 1_000, 40_000}) {
            int exact = new org.apache.commons.math3.distribution.PoissonDistribution(mu)
                    .inverseCumulativeProbability(0.99);
            assertThat(InferenceLatency.poissonQuantile(mu, 0.99)).isBetween(exact - 1, exact + 1);
        }
    }

    @Test
    void tpotAtThePercentileCountsThePrefillStallsARequestMeets() {
        // step 10 ms, mean 10 / (1 - 0.1) = 11.111 ms, 0.5 stalls/s of 200 ms (rho 0.1), G = 201: the decode lasts
        // 200 x 11.111 ms = 2.2222 s, N ~ Poisson(1.1111), Q_0.99 = 4 (P(N <= 3) = 0.97343, P(N <= 4) = 0.99434):
        // TPOT_p99 = 10 + 4 x 200 / 200 = 14 ms
        double mean = 0.010 / 0.9;
        assertThat(InferenceLatency.tpotAtPercentileS(0.010, mean, 201, 0.200, 0.5, 0.99) * 1e3)
                .isCloseTo(14.0, within(1e-9));
        // chunked into 8 pieces of 25 ms at 4 stalls/s: the same work, N ~ Poisson(8.889), Q_0.99 = 16
        // (P(N <= 15) = 0.98004, P(N <= 16) = 0.99006): 10 + 16 x 25 / 200 = 12 ms, a tighter tail
        assertThat(InferenceLatency.tpotAtPercentileS(0.010, mean, 201, 0.025, 4.0, 0.99) * 1e3)
                .isCloseTo(12.0, within(1e-9));
        // no stalls (disaggregated, or no arrivals): the mean
        assertThat(InferenceLatency.tpotAtPercentileS(0.010, mean, 201, 0.200, 0.0, 0.99)).isEqualTo(mean);
    }

    @Test
    void lightLoadHasNoWaitAtP99() {
        // rho 0.005 < 1 - p: fewer than 1% of requests wait at all
        assertThat(InferenceLatency.queueWaitS(0.005, 0.1, 0.99)).isZero();
    }

    @Test
    void saturatedQueueIsUnbounded() {
        assertThat(InferenceLatency.queueWaitS(1.0, 0.1, 0.99)).isInfinite();
        assertThat(InferenceLatency.decodeSlowdown(1.2)).isEqualTo(1.0);
        // colocated decode at rho 0.2 stretches by 1 / 0.8 = 1.25
        assertThat(InferenceLatency.decodeSlowdown(0.2)).isEqualTo(1.25);
    }

    @Test
    void e2eIsTtftPlusTheRemainingTokens() {
        // 200 ms + 20 ms x 255 = 5300 ms
        assertThat(InferenceLatency.e2eS(0.2, 0.02, 256)).isCloseTo(5.3, within(1e-12));
        assertThat(InferenceLatency.e2eS(0.2, 0.02, 1)).isEqualTo(0.2);
    }

    @Test
    void weightBoundBatchIsWhereKvTrafficEqualsWeights() {
        // 8B, L = 4096: 16,060,522,496 / 536,870,912 = 29.91 sequences
        assertThat(InferenceLatency.weightBoundBatch(16_060_522_496.0, 536_870_912.0)).isCloseTo(29.915,
                within(1e-3));
    }

    @Test
    void speculationYieldsTokensPerStepFromAcceptance() {
        // (1 - 0.7^5) / (1 - 0.7) = (1 - 0.16807) / 0.3 = 2.7731
        assertThat(InferenceLatency.specTokensPerStep(0.7, 4)).isCloseTo(2.7731, within(1e-9));
        assertThatThrownBy(() -> InferenceLatency.specTokensPerStep(1.0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("specAcceptanceRate");
    }

    @Test
    void moeExpertTouchGrowsWithBatch() {
        // E = 8, k = 2: B = 1 -> 2 experts; B = 4 -> 8 x (1 - 0.75^4) = 5.4688; B = 32 -> 7.9992
        assertThat(InferenceLatency.expectedExpertsTouched(8, 2, 1)).isEqualTo(2.0);
        assertThat(InferenceLatency.expectedExpertsTouched(8, 2, 4)).isCloseTo(5.46875, within(1e-9));
        assertThat(InferenceLatency.expectedExpertsTouched(8, 2, 32)).isCloseTo(7.9992, within(1e-4));
    }

    @Test
    void prefixCacheServesTheSharedPrefixAndRoutedHistory() {
        // shared 1024 of 4096; on the last of 5 turns cache-aware routing adds the 500 x (5 - 1) = 2000 tokens of
        // the earlier turns
        assertThat(InferenceLatency.cachedPrefixTokens(4096, 1024, true, false, 500, 5)).isEqualTo(1024);
        assertThat(InferenceLatency.cachedPrefixTokens(4096, 1024, true, true, 500, 5)).isEqualTo(3024);
        assertThat(InferenceLatency.cachedPrefixTokens(4096, 1024, false, true, 500, 5)).isZero();
        // the last position is always computed
        assertThat(InferenceLatency.cachedPrefixTokens(4096, 4096, true, false, 0, 0)).isEqualTo(4095);
    }

    @Test
    void ringAllReduceOfOneRankIsFree() {
        assertThat(InferenceLatency.ringAllReduceS(1e9, 1, 450e9, 0.8, 10e-6)).isZero();
    }
}
