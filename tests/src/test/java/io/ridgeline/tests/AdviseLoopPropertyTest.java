package io.ridgeline.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.DesignLoop;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.search.SearchCheck;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random valid serving scenarios (seeded, so a failure names its seed): the loop always stops, never throws, and
 * a feasible result really meets every requirement in its final bill, the bill's own over-limits included; the
 * advice carries its check against the search, which says so when the search does better; output is deterministic.
 */
class AdviseLoopPropertyTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();
    private static final List<String> MODELS = List.of("llama-3.1-8b", "llama-3.1-70b", "mistral-7b",
            "mixtral-8x7b", "qwen2.5-7b", "qwen2.5-72b", "gemma-2-9b", "llama-2-13b", "llama-3.2-1b");
    private static final List<String> GPUS = List.of("h100-sxm", "h200", "a100-sxm-80gb", "l40s", "b200",
            "mi300x");

    static IntStream seeds() {
        return IntStream.range(0, 60);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theLoopStopsNeverThrowsAndFeasibleMeansMet(int seed) {
        String text = randomScenario(new Random(seed));
        Scenario s = RIDGELINE.parse(text, "seed-" + seed);
        Advice[] advice = new Advice[1];
        assertThatCode(() -> advice[0] = RIDGELINE.advise(s)).as(text).doesNotThrowAnyException();
        Advice a = advice[0];
        assertThat(a.iterations()).as(text).hasSizeBetween(1, DesignLoop.ITERATION_CAP);
        assertThat(a.status()).isIn(Advice.FEASIBLE, Advice.INFEASIBLE, Advice.ITERATION_CAP);
        assertThat(a.stopReason()).isNotBlank();
        assertThatCode(() -> Json.write(a)).doesNotThrowAnyException();
        if (a.status().equals(Advice.FEASIBLE)) {
            Scenario end = s.withDesign(a.finalDesign());
            if (!a.finalModel().equals(s.model().id())) {
                end = end.withModel(RIDGELINE.catalogs().model(a.finalModel()));
            }
            assertThat(Requirements.unmet(a.finalDesign(), end, (InferenceEstimate) a.finalEstimate()))
                    .as(text).isEmpty();
            // feasible means feasible: the bill's own check is empty, at the mean and at the peak
            assertThat(((InferenceEstimate) a.finalEstimate()).overLimits()).as(text).isEmpty();
        }
        // the advice is checked against the search, and the search's best passes the same check
        assertThat(a.search()).as(text).isNotNull();
        if (a.search().bestEstimate() != null) {
            assertThat(a.search().bestEstimate().overLimits()).as(text).isEmpty();
            if (!a.status().equals(Advice.FEASIBLE)) {
                assertThat(a.search().finding()).as(text).contains("the search did");
            } else if (a.search().costRatio() != null && a.search().costRatio() > SearchCheck.FINDING_RATIO) {
                assertThat(a.search().finding()).as(text).contains("a finding for rule authors");
            }
        }
        if (seed % 10 == 0) {
            // same input, same bytes
            assertThat(Json.write(RIDGELINE.advise(s))).as(text).isEqualTo(Json.write(a));
        }
    }

    private static String randomScenario(Random r) {
        String model = MODELS.get(r.nextInt(MODELS.size()));
        String gpu = GPUS.get(r.nextInt(GPUS.size()));
        int maxContext = RIDGELINE.catalogs().model(model).maxContext();
        int prompt = 50 + r.nextInt(Math.min(30_000, maxContext / 2));
        int output = 10 + r.nextInt(Math.min(2000, maxContext - prompt - 10));
        double rate = Math.pow(10, -2 + 3.5 * r.nextDouble());
        StringBuilder y = new StringBuilder();
        y.append("kind: inference\nmodel: ").append(model).append('\n');
        y.append("hardware: {gpu: ").append(gpu).append(", gpus_per_node: 8, nodes: ").append(1 + r.nextInt(8))
                .append("}\n");
        y.append(String.format(Locale.ROOT, "workload: {prompt_tokens: %d, output_tokens: %d, requests_per_s: %.4f, "
                        + "shared_prefix_tokens: %d, tool_calls_per_task: %d, peak_to_mean_ratio: %.2f}\n",
                prompt, output, rate, r.nextBoolean() ? r.nextInt(prompt) : 0, 1 + r.nextInt(10),
                1 + 9 * r.nextDouble()));
        y.append("slo: {");
        if (r.nextBoolean()) {
            y.append(String.format(Locale.ROOT, "ttft_ms: %.0f, ", 100 + 5000 * r.nextDouble()));
        }
        if (r.nextBoolean()) {
            y.append(String.format(Locale.ROOT, "tpot_ms: %.0f, ", 5 + 100 * r.nextDouble()));
        }
        y.append("percentile: p99}\n");
        if (r.nextInt(3) == 0) {
            y.append(String.format(Locale.ROOT, "budget: {usd_per_hour: %.0f}\n", 5 + 500 * r.nextDouble()));
        }
        if (r.nextInt(3) == 0) {
            y.append("preferences: {accepted_formats: [bf16, fp8], alternative_gpus: [h200], "
                    + "smaller_models: [llama-3.2-1b]}\n");
        }
        return y.toString();
    }
}
