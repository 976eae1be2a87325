package io.ridgeline.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.search.DesignSearch;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Scenarios where the loop once answered wrongly (src/test/resources/serving-loop, with the design `estimate` prices
 * as correct beside each as alt-*): each now reaches its correct outcome, and the search finds a design at least as
 * cheap as the known one.
 */
class ServingLoopCasesTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    private static Scenario load(String name) {
        return RIDGELINE.load(Path.of("src", "test", "resources", "serving-loop", name + ".yaml"));
    }

    private static InferenceEstimate feasible(Advice a) {
        assertThat(a.status()).as(a.stopReason()).isEqualTo(Advice.FEASIBLE);
        InferenceEstimate e = (InferenceEstimate) a.finalEstimate();
        assertThat(e.overLimits()).isEmpty();
        return e;
    }

    @Test
    void aFixedBatchOfOneIsLiftedUntilCapacityCoversTheLoad() {
        InferenceEstimate e = feasible(RIDGELINE.advise(load("s01-known-8b-40rps")));
        assertThat(e.requestsPerSCapacity()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void aShortfallOnlyAtThePeakIsRelievedAlthoughTheMeanFiguresDoNotGrow() {
        // one replica meets the mean (3.05 of 2.76 requests/s) and falls short at the 9.9x peak; the mean-load
        // capacity of two replicas is no higher (each runs half the batch), but the peak breach closes
        Advice a = RIDGELINE.advise(load("s915-1b-peak-only-shortfall"));
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        assertThat(((InferenceEstimate) a.finalEstimate()).breaches()).isEmpty();
        assertThat(a.search().costRatio()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.05));
    }

    @Test
    void theAuditOfAFixedBatchOfOneSaysItViolatesTheCapacityItsBillIsShortOf() {
        var audit = RIDGELINE.audit(load("s01-known-8b-40rps"));
        assertThat(audit.verdict()).isEqualTo("violates_requirements");
        assertThat(((InferenceEstimate) audit.estimate()).overLimits())
                .anyMatch(l -> l.contains("exceed the fleet's capacity"));
        assertThat(audit.binding()).isEqualTo("throughput");
    }

    @Test
    void anAutoscaledFleetMeetsItsObjectivesAtThePeak() {
        Scenario s = load("x01-consumer-chatbot-example");
        InferenceEstimate e = feasible(RIDGELINE.advise(s));
        assertThat(e.peakRequestsPerS()).isEqualTo(400);
        assertThat(e.peakTpotMs()).isLessThanOrEqualTo(60);
        assertThat(e.peakTtftMs()).isLessThanOrEqualTo(2000);
        assertThat(e.costPerHourUsd()).isLessThanOrEqualTo(300);
        // the design the old loop ended on breaks its requirements at its peak (with the engine's fitted terms its
        // prefill queue no longer keeps up there)
        InferenceEstimate old = (InferenceEstimate) RIDGELINE.estimate(load("alt-x01-chatbot-ceiling-at-peak"));
        assertThat(old.overLimits()).anyMatch(l -> l.startsWith("prefill utilisation"));
    }

    @Test
    void theDraftCountsInMemoryAndContextParallelismDoesNotRunAway() {
        Advice a = RIDGELINE.advise(load("s24-70b-tpot10-smaller-ok"));
        InferenceEstimate e = feasible(a);
        assertThat(e.totalGpus()).isLessThanOrEqualTo(2);
        assertThat(a.finalDesign().cp()).isEqualTo(1);
    }

    @Test
    void aRagAssistantIsFeasibleOnItsThirtyTwoGpus() {
        InferenceEstimate e = feasible(RIDGELINE.advise(load("s32-70b-rag")));
        assertThat(e.totalGpus()).isLessThanOrEqualTo(32);
    }

    @Test
    void longPromptsAndATightTpotNeedFewerGpusThanColocatedReplication() {
        InferenceEstimate e = feasible(RIDGELINE.advise(load("s48-70b-disagg-should-win")));
        assertThat(e.totalGpus()).isLessThanOrEqualTo(72);
    }

    @Test
    void noReplicaIsWiderThanANodeWhenMultiNodeIsNotAllowed() {
        Advice a = RIDGELINE.advise(load("s52-dsv3-ep16-no-multinode"));
        InferenceEstimate e = feasible(a);
        assertThat(e.gpusPerReplica()).isLessThanOrEqualTo(8);
    }

    @Test
    void moreLoadNeverNeedsFewerGpus() {
        InferenceEstimate three = feasible(RIDGELINE.advise(load("v07-70b-3rps")));
        InferenceEstimate six = feasible(RIDGELINE.advise(load("v08-70b-6rps")));
        assertThat(three.totalGpus()).isLessThanOrEqualTo(six.totalGpus());
    }

    @Test
    void chunkedPrefillWinsWhereWholePromptsStallDecodePastTheTpotObjective() {
        // 12,000-token prompts at 0.75 requests/s keep one H100 prefilling 39% of the time: at p99 a request meets
        // several whole-prompt stalls. Speculative decoding alone brings TPOT from 32.6 ms to 12.0 ms, short of the
        // 10 ms objective; the stalls in 2,048-token pieces vary less, and with both TPOT is 8.9 ms. Chunking
        // leaves the mean where it was: it only spreads the same prefill work more evenly.
        Scenario s = RIDGELINE.parse("""
                kind: inference
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 1, nodes: 1}
                workload: {prompt_tokens: 12000, output_tokens: 400, requests_per_s: 0.75}
                slo: {ttft_ms: 3000, tpot_ms: 10}
                preferences: {accepted_formats: [bf16]}
                """, "long-prompts-tight-tpot");
        InferenceEstimate before = (InferenceEstimate) RIDGELINE.estimate(s);
        assertThat(before.tpotMs()).isGreaterThan(10);
        Advice a = RIDGELINE.advise(s);
        InferenceEstimate e = feasible(a);
        assertThat(a.iterations()).anySatisfy(it -> {
            assertThat(it.applied()).isNotNull();
            assertThat(it.applied().mechanism()).isEqualTo("chunked_prefill");
            assertThat(it.applied().ruleId()).isEqualTo("INF-D-03");
        });
        assertThat(e.tpotMs()).isLessThanOrEqualTo(10).isLessThan(before.tpotMs());
        Scenario chunked = s.withDesign(s.design().with(io.ridgeline.facts.Feature.CHUNKED_PREFILL));
        InferenceEstimate c = (InferenceEstimate) RIDGELINE.estimate(chunked);
        assertThat(c.tpotMs()).isLessThan(before.tpotMs());
        assertThat(c.tpotMeanMs()).isEqualTo(before.tpotMeanMs());
    }

    @Test
    void anOfflineJobWithoutAThroughputTargetKeepsItsReplicas() {
        // no rate to meet: fewer replicas would only stretch the job, so neither the loop nor the search trims them
        Scenario s = RIDGELINE.parse("""
                kind: inference
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
                workload: {prompt_tokens: 1000, output_tokens: 200, requests_per_s: 0, offline_requests: 100000}
                design: {replicas: 8}
                """, "offline-fixed-fleet");
        Advice a = RIDGELINE.advise(s);
        assertThat(feasible(a).replicas()).isEqualTo(8);
        DesignSearch.Result r = RIDGELINE.search(s, 3);
        assertThat(r.best()).isNotNull();
        assertThat(r.best().design().replicas()).isEqualTo(8);
    }

    @Test
    void theSearchFindsDesignsAtLeastAsCheapAsTheKnownOnes() {
        for (String[] c : new String[][] {{"s24-70b-tpot10-smaller-ok", "alt-s24-tp4-fp8-spec"},
                {"s32-70b-rag", "alt-s32-tp4-cp4-fp8-x2"}, {"s48-70b-disagg-should-win", "alt-s48-disagg-spec-10"},
                {"s52-dsv3-ep16-no-multinode", "alt-s52-int4-tp8"}}) {
            DesignSearch.Result r = RIDGELINE.search(load(c[0]), 3);
            InferenceEstimate known = (InferenceEstimate) RIDGELINE.estimate(load(c[1]));
            assertThat(known.overLimits()).as(c[1]).isEmpty();
            assertThat(r.best()).as(c[0]).isNotNull();
            assertThat(r.best().estimate().overLimits()).as(c[0]).isEmpty();
            assertThat(r.best().estimate().costPerHourUsd()).as(c[0])
                    .isLessThanOrEqualTo(known.costPerHourUsd() + 1e-9);
            assertThat(r.frontier()).as(c[0]).isNotEmpty();
            assertThat(r.evaluated()).isPositive();
        }
    }
}
