package io.ridgeline.tests.search;

import io.ridgeline.engine.Ridgeline;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded serving scenarios across the space users bring: dense and MoE models, every GPU family, loads from 0.01 to
 * 2,000 requests/s, offline jobs, long contexts, SLOs, budgets, GPU caps and preferences. A seed names a scenario,
 * so a failure can be replayed.
 */
public final class ServingScenarioGenerator {

    static final List<String> MODELS = List.of("llama-3.1-8b", "llama-3.1-70b", "mistral-7b", "mixtral-8x7b",
            "qwen2.5-7b", "qwen2.5-72b", "gemma-2-9b", "llama-3.2-1b", "deepseek-v3");
    static final List<String> GPUS = List.of("h100-sxm", "h200", "a100-sxm-80gb", "l40s", "b200", "mi300x");

    private final Ridgeline ridgeline;

    public ServingScenarioGenerator(Ridgeline ridgeline) {
        this.ridgeline = ridgeline;
    }

    /** The scenario of a seed, as YAML. */
    public String scenario(int seed) {
        Random r = new Random(seed * 7919L + 17);
        String model = MODELS.get(r.nextInt(MODELS.size()));
        String gpu = GPUS.get(r.nextInt(GPUS.size()));
        int maxContext = ridgeline.catalogs().model(model).maxContext();
        boolean longContext = r.nextInt(8) == 0;
        int prompt = longContext ? 16_000 + r.nextInt(Math.min(100_000, maxContext / 2))
                : 50 + r.nextInt(Math.min(8_000, maxContext / 4));
        int output = 10 + r.nextInt(Math.max(1, Math.min(1500, maxContext - prompt - 20)));
        boolean offline = r.nextInt(10) == 0;
        double rate = Math.pow(10, -2 + 5.3 * r.nextDouble());
        int nodes = 1 + r.nextInt(r.nextBoolean() ? 4 : 32);
        StringBuilder y = new StringBuilder();
        y.append("kind: inference\nmodel: ").append(model).append('\n');
        y.append("hardware: {gpu: ").append(gpu).append(", gpus_per_node: 8, nodes: ").append(nodes).append("}\n");
        if (offline) {
            y.append(String.format(Locale.ROOT, "workload: {prompt_tokens: %d, output_tokens: %d, requests_per_s: 0,"
                    + " offline_requests: %d}\n", prompt, output, 1000 + r.nextInt(1_000_000)));
            y.append(String.format(Locale.ROOT, "slo: {min_throughput_tokens_per_s: %.0f}\n",
                    Math.pow(10, 2 + 3 * r.nextDouble())));
        } else {
            y.append(String.format(Locale.ROOT, "workload: {prompt_tokens: %d, output_tokens: %d, requests_per_s: %.4f,"
                            + " shared_prefix_tokens: %d, peak_to_mean_ratio: %.2f}\n", prompt, output, rate,
                    r.nextInt(3) == 0 ? r.nextInt(prompt) : 0, r.nextBoolean() ? 1.0 : 1 + 9 * r.nextDouble()));
            y.append("slo: {");
            if (r.nextInt(3) > 0) {
                y.append(String.format(Locale.ROOT, "ttft_ms: %.0f, ", 200 + 5000 * r.nextDouble()));
            }
            if (r.nextInt(3) > 0) {
                y.append(String.format(Locale.ROOT, "tpot_ms: %.0f, ", 8 + 100 * r.nextDouble()));
            }
            y.append("percentile: ").append(r.nextBoolean() ? "p99" : "p95").append("}\n");
        }
        if (r.nextInt(4) == 0) {
            y.append(String.format(Locale.ROOT, "budget: {usd_per_hour: %.0f}\n", 5 + 2000 * r.nextDouble()));
        } else if (r.nextInt(6) == 0) {
            y.append("budget: {max_gpus: ").append(8 * (1 + r.nextInt(8))).append("}\n");
        }
        StringBuilder prefs = new StringBuilder();
        if (r.nextInt(3) == 0) {
            prefs.append("accepted_formats: [bf16, fp8], ");
        }
        if (r.nextInt(4) == 0) {
            prefs.append("alternative_gpus: [").append(GPUS.get(r.nextInt(GPUS.size()))).append("], ");
        }
        if (r.nextInt(5) == 0) {
            prefs.append("smaller_models: [llama-3.1-8b], ");
        }
        if (r.nextInt(4) == 0) {
            prefs.append("allow_multi_node: false, ");
        }
        if (prefs.length() > 0) {
            y.append("preferences: {").append(prefs, 0, prefs.length() - 2).append("}\n");
        }
        return y.toString();
    }
}
