package io.ridgeline.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import org.junit.jupiter.api.Test;

/**
 * How many shared prefixes a replica's prefix cache keeps, and what a miss costs (lessons 13, 15, 17): the code
 * assistant of case study 13 (8B on H100s, 6,000-token prompts of which 5,000 are the repository, p99 TTFT 150 ms)
 * with its repositories in rotation.
 */
class PrefixResidencyTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    private static Scenario codeAssistant(int repositories, int replicas, String features) {
        return RIDGELINE.parse("""
                kind: inference
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 4}
                workload: {prompt_tokens: 6000, shared_prefix_tokens: 5000, output_tokens: 32, requests_per_s: 40,
                           distinct_prefixes: %d}
                slo: {percentile: p99, ttft_ms: 150, tpot_ms: 25}
                design: {tp: 1, replicas: %d, features: [%s]}
                """.formatted(repositories, replicas, features), "code-assistant-repositories");
    }

    @Test
    void aReplicaKeepsWhatItsKvBudgetHoldsAndTheRestMiss() {
        InferenceEstimate e = (InferenceEstimate) RIDGELINE.estimate(codeAssistant(2000, 1, "prefix_caching"));
        // a sequence of 6,032 tokens and a prefix of 5,000 at 131,072 B a token (bf16, 8 KV heads x 128 x 32 layers
        // x 2): the budget keeps one prefix a running sequence plus what is left, 70 of the 2,000
        double perSequence = e.kvBytesPerTokenPerGpu() * e.contextTokens();
        double prefix = e.kvBytesPerTokenPerGpu() * 5000;
        int expected = e.maxBatch() + (int) Math.floor((e.kvBudgetBytesPerGpu() - e.maxBatch() * perSequence) / prefix);
        assertThat(e.kvBytesPerTokenPerGpu()).isEqualTo(131_072);
        assertThat(e.prefixCacheCapacity()).isEqualTo(expected).isEqualTo(70);
        assertThat(e.prefixHitRate()).isCloseTo(70.0 / 2000, within(1e-12));
        // 3.5% hits: the p99 request misses and prefills the whole prompt
        assertThat(e.prefillTokens()).isEqualTo(6000);
        // one repository: hot on every replica, as before
        InferenceEstimate one = (InferenceEstimate) RIDGELINE.estimate(codeAssistant(1, 1, "prefix_caching"));
        assertThat(one.prefixHitRate()).isEqualTo(1.0);
        assertThat(one.prefillTokens()).isEqualTo(1000);
    }

    @Test
    void routingByPrefixSplitsTheRotationOverTheReplicas() {
        // 30 replicas, routed: ceil(2000 / 30) = 67 a replica, within the 70 each keeps: every request hits
        InferenceEstimate routed = (InferenceEstimate) RIDGELINE.estimate(
                codeAssistant(2000, 30, "prefix_caching, cache_aware_routing"));
        assertThat(routed.prefixHitRate()).isEqualTo(1.0);
        assertThat(routed.prefillTokens()).isEqualTo(1000);
        // unrouted, each of the 30 still sees all 2,000
        InferenceEstimate spread = (InferenceEstimate) RIDGELINE.estimate(codeAssistant(2000, 30, "prefix_caching"));
        assertThat(spread.prefixHitRate()).isCloseTo(0.035, within(1e-12));
        assertThat(spread.ttftMs()).isGreaterThan(routed.ttftMs());
    }

    @Test
    void theLoopFreesKvForTheRotationAndMatchesTheSearch() {
        // 200 repositories: an fp8 KV cache and fp8 weights on two GPUs keep them all, and prefix caching pays
        Advice a = RIDGELINE.advise(codeAssistant(200, 1, ""));
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        InferenceEstimate end = (InferenceEstimate) a.finalEstimate();
        assertThat(a.finalDesign().has(io.ridgeline.facts.Feature.PREFIX_CACHING)).isTrue();
        assertThat(end.prefixHitRate()).isEqualTo(1.0);
        assertThat(a.search().costRatio()).isCloseTo(1.0, within(1e-9));
        // how many repositories the design carries: the wall moves where the p99 request starts to miss, the
        // smallest N with capacity / N < 0.99
        io.ridgeline.engine.advisor.FlipPoint f = a.flipPoints().stream()
                .filter(p -> p.knob().equals("distinct_prefixes") && p.flipsAt() > p.current()).findFirst()
                .orElseThrow();
        assertThat(f.flipsAt()).isEqualTo(Math.floor(end.prefixCacheCapacity() / 0.99) + 1);
    }
}
