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

    /** A step costs 1 ms plus 10 us per prompt token and 0.1 ms per decoding sequence. */
    private static final ClosedLoop.StepCost PER_TOKEN = (d, ctx, n, share, prompts) -> 0.001 + n * 1e-5 + d * 1e-4;

    @Test
    void aCachedPoolEntryPrefillsOnlyItsLastPartialBlock() {
        // one client, a pool of one prompt of 100 tokens (spread: entry 0 is 102 tokens), 2 output tokens:
        // request 1 prefills 102 tokens: 1 ms + 1.02 ms = 2.02 ms of TTFT, then one decode step of 1.1 ms;
        // request 2 finds the entry cached: 102 mod 16 = 6 tokens, 1 ms + 0.06 ms = 1.06 ms of TTFT
        ClosedLoop.Result pooled = ClosedLoop.run(1, 2, 100, 2, 8, true, 0.5, PER_TOKEN, 8192, 1);
        assertThat(pooled.ttftMeanS()).isCloseTo((0.00202 + 0.00106) / 2, within(1e-12));
        assertThat(pooled.tpotMeanS()).isCloseTo(0.0011, within(1e-12));
        // no pool: request 2 is entry 1, 95 tokens, all prefilled: 1 ms + 0.95 ms
        ClosedLoop.Result fresh = ClosedLoop.run(1, 2, 100, 2, 8, true, 0.5, PER_TOKEN, 8192, 0);
        assertThat(fresh.ttftMeanS()).isCloseTo((0.00202 + 0.00195) / 2, within(1e-12));
        assertThat(ClosedLoop.uncachedTail(102)).isEqualTo(6);
        // a prompt of whole blocks recomputes its last token
        assertThat(ClosedLoop.uncachedTail(96)).isEqualTo(1);
    }

    @Test
    void warmUpRequestsRunButAreLeftOutOfTheFigures() {
        // as above with request 1 as the warm-up: the figures are request 2's alone, and the rate counts the time
        // from its send (t = 2.02 + 1.1 = 3.12 ms) to its end (+ 1.06 + 1.1 ms): 1 request in 2.16 ms
        ClosedLoop.Result r = ClosedLoop.run(1, 1, 100, 2, 8, true, 0.5, PER_TOKEN, 8192, 1, 1);
        assertThat(r.ttftMeanS()).isCloseTo(0.00106, within(1e-12));
        assertThat(r.requestsPerS()).isCloseTo(1 / 0.00216, within(1e-6));
        assertThat(r.makespanS()).isCloseTo(0.00216, within(1e-12));
    }

    @Test
    void aSteadyStateThatPrefillsPartOfEachPromptCostsOnlyThatPart() {
        // mixed steps, 10 running, P = 1000, G = 100: in full each step prefills 10 x 1000 / 100 = 100 tokens;
        // prefilling a tenth of each prompt, 10 tokens: 1 ms + 0.1 ms + 1 ms for the decode = 2.1 ms a step
        ClosedLoop.Result r = ClosedLoop.steadyState(10, 1000, 100, true, PER_TOKEN, 8192, 0.1);
        assertThat(r.tpotMeanS()).isCloseTo(0.0021, within(1e-12));
        ClosedLoop.Result full = ClosedLoop.steadyState(10, 1000, 100, true, PER_TOKEN, 8192, 1.0);
        assertThat(full.tpotMeanS()).isCloseTo(0.003, within(1e-12));
    }

    @Test
    void wholePromptStepsNeverSplitAPromptThatFitsTheBudget() {
        // a 1,500-token budget and two 1,000-token prompts at once: chunked, the first step takes the first prompt
        // and 500 tokens of the second; whole, the second waits for the next step
        java.util.List<double[]> steps = new java.util.ArrayList<>();
        ClosedLoop.StepCost recording = (d, ctx, n, share, prompts) -> {
            steps.add(new double[] {n, share, prompts});
            return 0.010 + n * 1e-6;
        };
        ClosedLoop.Scheduling whole = new ClosedLoop.Scheduling(true, false, 1500, 0, 0, 0, 1);
        ClosedLoop.Result r = ClosedLoop.run(2, 2, 1000, 20, 8, 0.99, recording, whole, 0, 0);
        int p0 = ClosedLoop.length(1000, 0, 0);
        int p1 = ClosedLoop.length(1000, 1, 0);
        // step 1: the first prompt alone, 10 ms + P0 x 1 us; step 2: the second prompt beside the first's decode
        assertThat(steps.get(0)[0]).isEqualTo(p0);
        assertThat(steps.get(0)[1]).isEqualTo(1.0);
        assertThat(steps.get(1)[0]).isEqualTo(p1);
        assertThat(steps).allSatisfy(st -> assertThat(st[1]).isIn(0.0, 1.0));
        double ttft0 = 0.010 + p0 * 1e-6;
        double ttft1 = ttft0 + 0.010 + p1 * 1e-6;
        assertThat(r.ttftMeanS()).isCloseTo((ttft0 + ttft1) / 2, within(1e-12));

        steps.clear();
        ClosedLoop.run(2, 2, 1000, 20, 8, 0.99, recording, ClosedLoop.Scheduling.chunked(true, 1500), 0, 0);
        assertThat(steps.get(0)[0]).isEqualTo(1500);
        assertThat(steps.get(0)[1]).isCloseTo(1.0 + (1500.0 - p0) / p1, within(1e-12));
    }

    @Test
    void aSpeculativeStepSpendsKPlusOneTokensOfTheBudgetOnEachDecodingSequence() {
        // one sequence decoding with k = 3 drafts takes 4 tokens of a 1,000-token budget: a long prompt's chunk
        // beside it is 996 tokens (997 with plain decoding)
        java.util.List<Integer> chunks = new java.util.ArrayList<>();
        ClosedLoop.StepCost recording = (d, ctx, n, share, prompts) -> {
            if (d == 1 && n > 0) {
                chunks.add(n);
            }
            return 0.010;
        };
        ClosedLoop.run(2, 2, 5000, 200, 8, 0.99, recording, new ClosedLoop.Scheduling(true, true, 1000, 0, 0, 0, 4),
                0, 0);
        assertThat(chunks).contains(996).doesNotContain(999);
    }

    @Test
    void heldPromptsWaitForCompanyOrTheirStepsAndNoLonger() {
        // prompts held until two wait, at most 3 steps: a request sent while the other client decodes waits up to
        // 3 decode-only steps of 10 ms before its prefill; the cold start (nothing decoding) is never held
        ClosedLoop.Result free = ClosedLoop.run(2, 20, 1000, 100, 8, 0.99, FLAT,
                ClosedLoop.Scheduling.chunked(true, 8192), 0, 0);
        ClosedLoop.Result held = ClosedLoop.run(2, 20, 1000, 100, 8, 0.99, FLAT,
                new ClosedLoop.Scheduling(true, true, 8192, 2, 0, 3, 1), 0, 0);
        ClosedLoop.Result enough = ClosedLoop.run(2, 20, 1000, 100, 8, 0.99, FLAT,
                new ClosedLoop.Scheduling(true, true, 8192, 1, 0, 3, 1), 0, 0);
        assertThat(held.ttftMeanS()).isGreaterThan(free.ttftMeanS());
        assertThat(held.ttftMeanS() - free.ttftMeanS()).isLessThanOrEqualTo(3 * 0.010 + 1e-9);
        // one waiting prompt is company enough for a threshold of one: nothing is held
        assertThat(enough.ttftMeanS()).isEqualTo(free.ttftMeanS());
        // a token threshold the waiting prompts reach at once holds nothing either
        ClosedLoop.Result tokens = ClosedLoop.run(2, 20, 1000, 100, 8, 0.99, FLAT,
                new ClosedLoop.Scheduling(true, true, 8192, 0, 500, 3, 1), 0, 0);
        assertThat(tokens.ttftMeanS()).isEqualTo(free.ttftMeanS());
    }
}
