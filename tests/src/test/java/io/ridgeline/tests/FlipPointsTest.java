package io.ridgeline.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.FlipPoint;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Flip points land where the arithmetic says the wall changes. */
class FlipPointsTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    private static Advice advise(String example) {
        return RIDGELINE.advise(RIDGELINE.load(Path.of("..", "examples", example + ".yaml")));
    }

    private static FlipPoint flip(Advice a, String knob, boolean upward) {
        return a.flipPoints().stream().filter(f -> f.knob().equals(knob))
                .filter(f -> upward == (f.flipsAt() > f.current())).findFirst().orElseThrow();
    }

    @Test
    void theBatchFlipsToMemoryCapacityOneSequencePastTheKvBudget() {
        // the batch job has no latency objective in the way: memory is the next wall up the batch (the RAG
        // assistant, which this case used, now meets its TPOT objective first: at 37 sequences, before 152)
        Advice a = advise("batch-embeddings");
        InferenceEstimate e = (InferenceEstimate) a.finalEstimate();
        FlipPoint f = flip(a, "batch", true);
        // the KV budget holds max_batch sequences; one more does not fit
        assertThat(f.to()).isEqualTo("memory_capacity");
        assertThat(f.flipsAt()).isEqualTo(e.maxBatch() + 1);
    }

    @Test
    void theBatchFlipsFromStreamingTheWeightsToReadingTheKvCacheAtBStar() {
        // lesson 3a: both sides are HBM bandwidth, told apart by their regime. Llama-3.1-8B on one H100 at 2,500
        // tokens of context: B* = (pp x W/GPU / eta_hbm) / (KV(L)/GPU / eta_kv) = (16.06 GB / 0.8) / (327.7 MB /
        // 0.519) = 20.08 GB / 631.4 MB = 31.8 sequences, so 31 sequences still stream mostly weights and 32 read
        // mostly KV. Before regimes were told apart this flip did not show: both sides read hbm_bandwidth.
        Advice a = advise("single-replica");
        InferenceEstimate e = (InferenceEstimate) a.finalEstimate();
        assertThat(e.weightBoundBatch()).isCloseTo(31.8, within(0.05));
        FlipPoint f = flip(a, "batch", true);
        assertThat(f.from()).isEqualTo("hbm_bandwidth");
        assertThat(f.to()).isEqualTo("hbm_bandwidth");
        assertThat(f.fromRegime()).isEqualTo("weight_bound");
        assertThat(f.toRegime()).isEqualTo("kv_bound");
        assertThat(f.flipsAt()).isEqualTo(Math.ceil(e.weightBoundBatch()));
        assertThat(io.ridgeline.engine.report.Reports.advice(a, false))
                .contains("the wall goes from hbm_bandwidth (weight_bound) to hbm_bandwidth (kv_bound)");
        // the final design itself is below B*: the trace names its wall's regime
        assertThat(a.iterations().get(a.iterations().size() - 1).bottlenecks())
                .anySatisfy(b -> {
                    assertThat(b.name()).isEqualTo("hbm_bandwidth");
                    assertThat(b.regime()).isEqualTo("weight_bound");
                    assertThat(b.ruleId()).isEqualTo("INF-C-11");
                });
    }

    @Test
    void aWallWithOneRegimeCarriesNone() {
        // memory capacity, the SLOs and training's walls have one side: their regime is null in the JSON
        Advice a = advise("batch-embeddings");
        assertThat(flip(a, "batch", true).toRegime()).isNull();
        Advice t = advise("training-70b-512gpu");
        assertThat(t.flipPoints()).allSatisfy(f -> {
            assertThat(f.fromRegime()).isNull();
            assertThat(f.toRegime()).isNull();
        });
        assertThat(t.iterations()).allSatisfy(it -> assertThat(it.bottlenecks())
                .allSatisfy(b -> assertThat(b.regime()).isNull()));
    }

    @Test
    void theRunLengthFlipsToTheDeadlineWhereDaysReachIt() {
        Scenario s = RIDGELINE.load(Path.of("..", "examples", "training-70b-512gpu.yaml"));
        Advice a = RIDGELINE.advise(s);
        TrainingEstimate e = (TrainingEstimate) a.finalEstimate();
        FlipPoint f = flip(a, "tokens", true);
        assertThat(f.to()).isEqualTo("deadline");
        // days grow linearly with tokens: D_flip = D x deadline / days
        double expected = s.training().tokens() * s.budget().deadlineDays() / e.trainingDays();
        assertThat(f.flipsAt() / expected).isCloseTo(1.0, within(2e-3));
    }

    @Test
    void theMicroBatchFlipsToMemoryWhereTheBillStopsFitting() {
        // 7B on 8 H100s: the micro-batch's activations grow with it; the flip is where the bill itself says the design
        // stops fitting, checked here on the bill one sequence either side
        Scenario s = RIDGELINE.load(Path.of("..", "examples", "training-7b-8gpu.yaml"));
        Advice a = RIDGELINE.advise(s);
        FlipPoint f = flip(a, "micro_batch", true);
        assertThat(f.from()).isEqualTo("run_time");
        assertThat(f.to()).isEqualTo("memory_capacity");
        int at = (int) f.flipsAt();
        Scenario end = RIDGELINE.finalScenario(s, a);
        assertThat(io.ridgeline.engine.estimate.TrainingEstimator.fitsInMemory(
                end.withDesign(end.design().withMicroBatch(at - 1)))).isTrue();
        assertThat(io.ridgeline.engine.estimate.TrainingEstimator.fitsInMemory(
                end.withDesign(end.design().withMicroBatch(at)))).isFalse();
    }

    @Test
    void theKnobsADesignTurnsAreProbedWhereTheyMatter() {
        // an agent task of 20 calls: past a few more, the task's end-to-end objective binds
        FlipPoint calls = flip(advise("agentic-tool-use"), "tool_calls_per_task", true);
        assertThat(calls.to()).isEqualTo("task_slo");
        assertThat(calls.flipsAt()).isGreaterThan(calls.current());
        // speculative decoding on: a worse draft brings back the wall speculation relieved
        FlipPoint alpha = flip(advise("single-replica"), "acceptance_rate", false);
        assertThat(alpha.flipsAt()).isLessThan(alpha.current());
        assertThat(alpha.to()).isNotEqualTo(alpha.from());
        // a tenfold diurnal peak: the knob is probed; the default scenario, without a peak, speculation or a cached
        // prefix, probes none of these
        assertThat(advise("consumer-chatbot").flipPoints()).anySatisfy(f -> assertThat(f.knob())
                .isEqualTo("peak_to_mean_ratio"));
        assertThat(RIDGELINE.advise(RIDGELINE.load(Path.of("..", "web", "src", "main", "resources",
                "default-scenario.yaml"))).flipPoints()).extracting(FlipPoint::knob)
                .doesNotContain("peak_to_mean_ratio", "tool_calls_per_task", "acceptance_rate", "shared_prefix_tokens",
                        "distinct_prefixes");
    }

    @Test
    void underABudgetTheGpuPriceFlipsTheRunToItsCostWhereTheBillReachesIt() {
        // 7B on 8 H100s under a 5,000 USD budget: the cost grows linearly with the price, so the flip is at
        // price x budget / cost (2.49 x 5,000 / 3,078 = 4.04 USD a GPU-hour)
        Path file = Path.of("..", "examples", "training-7b-8gpu.yaml");
        Scenario given = RIDGELINE.load(file);
        Scenario s;
        try {
            String text = java.nio.file.Files.readString(file);
            s = RIDGELINE.parse(text.replace("budget:\n", "budget:\n  total_usd: 5000\n"), "training-7b-8gpu-budget");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(s.budget().totalUsd()).isEqualTo(5000);
        Advice a = RIDGELINE.advise(s);
        TrainingEstimate e = (TrainingEstimate) a.finalEstimate();
        FlipPoint f = flip(a, "gpu_price_per_hour_usd", true);
        assertThat(f.to()).isEqualTo("cost");
        double expected = s.cluster().gpu().usdPerGpuHour() * 5000 / e.costUsd();
        assertThat(f.flipsAt() / expected).isCloseTo(1.0, within(2e-3));
        // without a budget the price is not probed
        assertThat(RIDGELINE.advise(given).flipPoints()).extracting(FlipPoint::knob)
                .doesNotContain("gpu_price_per_hour_usd");
    }

    @Test
    void rlFlipPointsNameTheStageThatTakesOver() {
        Advice a = advise("rl-grpo-mid");
        assertThat(a.flipPoints()).isNotEmpty();
        assertThat(a.flipPoints()).allSatisfy(f -> assertThat(f.from()).isNotEqualTo(f.to()));
    }
}
