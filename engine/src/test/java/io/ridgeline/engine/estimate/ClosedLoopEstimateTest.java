package io.ridgeline.engine.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.arithmetic.ClosedLoop;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import org.junit.jupiter.api.Test;

/** A scenario with workload.concurrency: the bill carries the closed loop's latencies and rate. */
class ClosedLoopEstimateTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    private static Scenario loop(int clients) {
        return RIDGELINE.parse("""
                kind: inference
                model: llama-3.1-70b
                hardware: {gpu: h200, gpus_per_node: 8, nodes: 1}
                workload: {concurrency: %d, prompt_tokens: 922, output_tokens: 922}
                slo: {percentile: p99, ttft_ms: 2000, tpot_ms: 50}
                design: {tp: 4, precision: fp8, kv_cache: fp8, features: [chunked_prefill]}
                """.formatted(clients), "closed-loop");
    }

    @Test
    void theBillCarriesTheLoopsPercentilesAndRate() {
        Scenario s = loop(32);
        ClosedLoop.Result r = InferenceEstimator.closedLoop(s);
        InferenceEstimate e = InferenceEstimator.estimate(s);
        assertThat(e.tpotMs()).isEqualTo(r.tpotAtPercentileS() * 1e3);
        assertThat(e.tpotMeanMs()).isEqualTo(r.tpotMeanS() * 1e3);
        assertThat(e.ttftMs()).isEqualTo(r.ttftAtPercentileS() * 1e3);
        assertThat(e.tokensPerSPerReplica()).isEqualTo(r.outputTokensPerS());
        assertThat(e.requestsPerSCapacity()).isCloseTo(r.requestsPerS(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(e.batch()).isBetween(1, 32);
        // the p99 is at least the mean
        assertThat(r.tpotAtPercentileS()).isGreaterThanOrEqualTo(r.tpotMeanS());
        Figure tpot = e.figures().stream().filter(f -> f.key().equals("tpot_ms")).findFirst().orElseThrow();
        assertThat(tpot.formula()).contains("closed-loop benchmark");
        assertThat(tpot.substituted()).contains("32 clients, 320 requests on one replica");
    }

    @Test
    void moreClientsRaiseThroughputAndLatencyTogether() {
        InferenceEstimate eight = InferenceEstimator.numeric(loop(8));
        InferenceEstimate sixtyFour = InferenceEstimator.numeric(loop(64));
        assertThat(sixtyFour.tokensPerSPerReplica()).isGreaterThan(eight.tokensPerSPerReplica());
        assertThat(sixtyFour.tpotMeanMs()).isGreaterThan(eight.tpotMeanMs());
        assertThat(sixtyFour.ttftMs()).isGreaterThan(eight.ttftMs());
    }

    @Test
    void clientsSplitOverTheReplicas() {
        Scenario two = loop(64).withDesign(loop(64).design().withReplicas(2));
        ClosedLoop.Result perReplica = InferenceEstimator.closedLoop(two);
        ClosedLoop.Result alone = InferenceEstimator.closedLoop(loop(32));
        assertThat(perReplica.tpotMeanS()).isEqualTo(alone.tpotMeanS());
        InferenceEstimate e = InferenceEstimator.numeric(two);
        assertThat(e.tokensPerS()).isCloseTo(2 * alone.outputTokensPerS(), org.assertj.core.api.Assertions.within(1e-6));
    }

    private static Scenario pooled(int distinct, String features) {
        return RIDGELINE.parse("""
                kind: inference
                model: llama-3.1-8b
                hardware: {gpu: h200, gpus_per_node: 8, nodes: 1}
                workload: {concurrency: 64, prompt_tokens: 2000, output_tokens: 100, distinct_prompts: %d}
                slo: {percentile: p50}
                design: {tp: 1, precision: fp8, kv_cache: bf16, features: [%s]}
                """.formatted(distinct, features), "pooled");
    }

    @Test
    void aCachedPromptPoolTakesThePrefillOutOfTheSteps() {
        ClosedLoop.Result fresh = InferenceEstimator.closedLoop(pooled(0, "chunked_prefill, prefix_caching"));
        ClosedLoop.Result cached = InferenceEstimator.closedLoop(pooled(100, "chunked_prefill, prefix_caching"));
        ClosedLoop.Result uncached = InferenceEstimator.closedLoop(pooled(100, "chunked_prefill"));
        // 640 requests over 100 prompts: 540 prefill 2,000 tokens less a block's tail, so the steps shrink
        assertThat(cached.tpotMeanS()).isLessThan(0.6 * fresh.tpotMeanS());
        assertThat(cached.ttftMeanS()).isLessThan(fresh.ttftMeanS());
        // without prefix caching the pool changes nothing but the lengths' draw
        assertThat(uncached.tpotMeanS()).isCloseTo(fresh.tpotMeanS(),
                org.assertj.core.api.Assertions.within(0.03 * fresh.tpotMeanS()));
        // a pool whose prompts do not fit the KV memory beside the batch is evicted before it comes round again:
        // 100,000 x 2,000 tokens x 131 kB (bf16 KV) is 26 TB against the H200's 141 GB
        ClosedLoop.Result evicted = InferenceEstimator.closedLoop(pooled(100_000, "chunked_prefill, prefix_caching"));
        assertThat(evicted.tpotMeanS()).isCloseTo(fresh.tpotMeanS(),
                org.assertj.core.api.Assertions.within(0.03 * fresh.tpotMeanS()));
        Figure tpot = InferenceEstimator.estimate(pooled(100, "chunked_prefill, prefix_caching")).figures().stream()
                .filter(f -> f.key().equals("tpot_ms")).findFirst().orElseThrow();
        assertThat(tpot.substituted()).contains("prompts from a pool of 100 (prefix cache: kept)");
    }

    @Test
    void aCachedPoolIsSizedByCountingReplicasUpNotByBisection() {
        Scenario s = RIDGELINE.parse("""
                kind: inference
                model: llama-3.1-70b
                hardware: {gpu: h200, gpus_per_node: 8, nodes: 1}
                workload: {concurrency: 64, prompt_tokens: 8000, output_tokens: 200, distinct_prompts: 100}
                slo: {percentile: p50, ttft_ms: 500, tpot_ms: 40}
                design: {tp: 2, precision: fp8, kv_cache: fp8, features: [chunked_prefill, prefix_caching]}
                """, "pooled-fleet");
        // one replica sees 640 requests over the 100 prompts, 540 of them cached; four replicas see 160 each and
        // cache the pool four times, 60 hits each: the median TTFT grows with the replicas
        InferenceEstimate one = InferenceEstimator.numeric(s.withDesign(s.design().withReplicas(1)));
        InferenceEstimate four = InferenceEstimator.numeric(s.withDesign(s.design().withReplicas(4)));
        assertThat(four.ttftMs()).isGreaterThan(one.ttftMs());
        assertThat(FleetSizing.fewestReplicas(s)).hasValue(1);
        // a closed loop needs the replicas that hold its clients within the usable batch: 64 clients, one replica
        assertThat(one.replicasNeeded()).isEqualTo(1);
    }
}
