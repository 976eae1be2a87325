package io.ridgeline.engine.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    /** A step costs a fixed 10 ms plus 1 ms per 1,000 prompt tokens: easy to work by hand. */
    private static final ClosedLoop.StepCost FLAT = (d, ctx, n, share, prompts) -> 0.010 + n * 1e-6;

    @Test
    void oneClientDecodesAloneAfterItsPrefill() {
        // one client, 1,000-token prompts, 101 output tokens (lengths spread +-10%): each request is one mixed
        // step of prefill (10 ms + P x 1 us) and G - 1 decode steps of 10 ms, so TPOT is 10 ms exactly
        ClosedLoop.Result r = ClosedLoop.run(1, 1000, 101, 8, true, 0.99, FLAT);
        assertThat(r.tpotMeanS()).isCloseTo(0.010, within(1e-12));
        // TTFT = 10 ms + P x 1 us with P spread evenly around 1,000: the mean is 11 ms within the spread's rounding
        assertThat(r.ttftMeanS()).isCloseTo(0.011, within(0.00005));
        assertThat(r.meanDecodeBatch()).isEqualTo(1.0);
    }

    @Test
    void moreClientsShareTheStepsAndTheMeansFollowTheCycle() {
        // 8 clients on a step whose cost does not grow with the batch: throughput grows with the clients, TPOT stays
        // near the step (prefill chunks ride in decode steps and cost only their tokens)
        ClosedLoop.Result one = ClosedLoop.run(1, 1000, 101, 64, true, 0.99, FLAT);
        ClosedLoop.Result eight = ClosedLoop.run(8, 1000, 101, 64, true, 0.99, FLAT);
        assertThat(eight.outputTokensPerS()).isGreaterThan(7 * one.outputTokensPerS());
        assertThat(eight.tpotMeanS()).isBetween(0.010, 0.0115);
        // the benchmark's derived rate C x G / (TTFT + (G - 1) TPOT) agrees with the tokens counted over the run
        assertThat(eight.derivedTokensPerS(8, 101)).isCloseTo(eight.outputTokensPerS(),
                within(0.05 * eight.outputTokensPerS()));
    }

    @Test
    void separatePrefillStepsPauseDecodingAndStretchTpot() {
        ClosedLoop.Result mixed = ClosedLoop.run(32, 4000, 100, 64, true, 0.99, FLAT);
        ClosedLoop.Result separate = ClosedLoop.run(32, 4000, 100, 64, false, 0.99, FLAT);
        assertThat(separate.tpotMeanS()).isGreaterThan(mixed.tpotMeanS());
    }

    @Test
    void clientsBeyondTheBatchWaitForASlot() {
        // room for 4 sequences, 16 clients: the others queue, so TTFT grows by whole request lifetimes
        ClosedLoop.Result roomy = ClosedLoop.run(16, 1000, 50, 16, true, 0.99, FLAT);
        ClosedLoop.Result tight = ClosedLoop.run(16, 1000, 50, 4, true, 0.99, FLAT);
        assertThat(tight.meanDecodeBatch()).isLessThanOrEqualTo(4.0);
        assertThat(tight.ttftMeanS()).isGreaterThan(3 * roomy.ttftMeanS());
        assertThat(tight.ttftAtPercentileS()).isGreaterThanOrEqualTo(tight.ttftMeanS());
    }

    @Test
    void lengthsSpreadEvenlyAroundTheirMean() {
        long sum = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 0; i < 1000; i++) {
            int l = ClosedLoop.length(1000, i, 0);
            sum += l;
            min = Math.min(min, l);
            max = Math.max(max, l);
        }
        assertThat(sum / 1000.0).isCloseTo(1000.0, within(2.0));
        assertThat(min).isGreaterThanOrEqualTo(900);
        assertThat(max).isLessThanOrEqualTo(1100);
    }
}
