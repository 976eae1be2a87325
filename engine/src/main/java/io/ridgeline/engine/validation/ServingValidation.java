package io.ridgeline.engine.validation;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.arithmetic.ClosedLoop;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Predicted against measured: each {@link ServingMeasurement} becomes a scenario (the row's model, GPU, layout,
 * formats, lengths and load; the engine's scheduling: vLLM and TensorRT-LLM mix prefill chunks into decode steps,
 * SGLang runs prefill steps of their own), is estimated with the catalog's efficiency factors (or the ones given),
 * and the relative error pred / meas - 1 of TTFT, TPOT and tokens/s is reported per regime.
 *
 * <ul>
 *   <li>closed loop ({@code agg}): {@code workload.concurrency}; the benchmark's mean TTFT and TPOT, and tokens/s
 *       as C x G / (TTFT + (G - 1) x TPOT), the way the rows derive it;</li>
 *   <li>decode worker ({@code disagg-decode}): the decode step at the worker's batch (TPOT and batch / TPOT; the
 *       row's TTFT is the whole disaggregated system's and is not predicted);</li>
 *   <li>offline: every request queued at once, output tokens/s of the replica.</li>
 * </ul>
 */
public final class ServingValidation {

    /** The measurements shipped with Ridgeline (published end-to-end serving runs, each row with its source). */
    public static final String PUBLISHED = "validation/serving-published.csv";

    /** Engines whose scheduler runs prefill in steps of its own unless told otherwise. */
    private static final Set<String> SEPARATE_PREFILL_ENGINES = Set.of("sglang");

    /** What was measured. */
    public enum Metric {
        TTFT("ttft", "TTFT"), TPOT("tpot", "TPOT"), THROUGHPUT("throughput", "tokens/s");

        private final String key;
        private final String label;

        Metric(String key, String label) {
            this.key = key;
            this.label = label;
        }

        public String key() {
            return key;
        }

        public String label() {
            return label;
        }
    }

    /** One row's prediction: NaN where the row has no measurement or the metric is not predicted. */
    public record Prediction(ServingMeasurement row, double ttftMs, double tpotMs, double tokensPerS) {

        public double predicted(Metric m) {
            return switch (m) {
                case TTFT -> ttftMs;
                case TPOT -> tpotMs;
                case THROUGHPUT -> tokensPerS;
            };
        }

        public double measured(Metric m) {
            return switch (m) {
                case TTFT -> row.kind() == ServingMeasurement.Kind.DECODE_WORKER ? Double.NaN : row.ttftMs();
                case TPOT -> row.tpotMs();
                case THROUGHPUT -> row.tokensPerS();
            };
        }

        /** pred / meas - 1, or NaN when either is missing. */
        public double error(Metric m) {
            double p = predicted(m);
            double q = measured(m);
            return Double.isNaN(p) || Double.isNaN(q) ? Double.NaN : p / q - 1.0;
        }
    }

    /** Median and p90 of |error|, the median signed error (the bias) and the count. */
    public record Stats(int n, double medianAbs, double p90Abs, double bias) {

        static Stats of(List<Double> errors) {
            double[] abs = errors.stream().mapToDouble(Math::abs).sorted().toArray();
            double[] signed = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Stats(abs.length, quantile(abs, 0.5), quantile(abs, 0.9), quantile(signed, 0.5));
        }

        /** Linear interpolation between order statistics (the usual sample quantile). */
        static double quantile(double[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            double pos = p * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(sorted.length - 1, lo + 1);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }
    }

    /** The predictions and their statistics, overall and per regime. */
    public record Report(List<Prediction> predictions, Map<Metric, Stats> overall,
                         Map<String, Map<String, Map<Metric, Stats>>> byDimension) {
    }

    /** The dimensions a report groups by, each with how a row is labelled. */
    public static final Map<String, Function<ServingMeasurement, String>> DIMENSIONS = dimensions();

    private static Map<String, Function<ServingMeasurement, String>> dimensions() {
        Map<String, Function<ServingMeasurement, String>> d = new LinkedHashMap<>();
        d.put("model", ServingMeasurement::model);
        d.put("gpu", ServingMeasurement::gpu);
        d.put("engine", ServingMeasurement::engine);
        d.put("precision", ServingMeasurement::precision);
        d.put("batch", ServingMeasurement::batchRegime);
        d.put("kind", r -> r.kind().key());
        d.put("benchmark", r -> r.bench().isEmpty() ? "unnamed" : r.bench());
        return d;
    }

    private final Ridgeline ridgeline;

    public ServingValidation(Ridgeline ridgeline) {
        this.ridgeline = ridgeline;
    }

    /** The shipped measurements. */
    public static List<ServingMeasurement> published() {
        try (InputStream in = ServingValidation.class.getClassLoader().getResourceAsStream(PUBLISHED)) {
            if (in == null) {
                throw new IllegalStateException("the shipped measurements are missing: " + PUBLISHED);
            }
            return ServingMeasurement.read(new InputStreamReader(in, StandardCharsets.UTF_8),
                    "serving-published.csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenario a row ran, with the catalog's efficiency factors. */
    public Scenario scenario(ServingMeasurement r) {
        int groups = Math.max(1, r.ep() / Math.max(1, r.tp()));
        int gpus = r.tp() * groups;
        int perNode = ridgeline.catalogs().findGpu(r.gpu()).map(g -> g.maxGpusPerNode()).orElse(8);
        int nodeSize = Math.min(perNode, Math.max(gpus, Math.min(8, perNode)));
        int nodes = Math.max(1, (gpus + nodeSize - 1) / nodeSize);
        StringBuilder y = new StringBuilder();
        y.append("kind: inference\nmodel: ").append(r.model()).append("\nhardware:\n  gpu: ").append(r.gpu())
                .append("\n  gpus_per_node: ").append(nodeSize).append("\n  nodes: ").append(nodes)
                .append("\nworkload:\n  prompt_tokens: ").append(r.promptTokens())
                .append("\n  output_tokens: ").append(r.outputTokens()).append('\n');
        switch (r.kind()) {
            case CLOSED_LOOP -> {
                y.append("  concurrency: ").append(r.load()).append('\n');
                if (r.benchmarkRequests() > 0) {
                    y.append("  benchmark_requests: ").append(r.benchmarkRequests()).append('\n');
                }
                if (r.warmupRequests() > 0) {
                    y.append("  warmup_requests: ").append(r.warmupRequests()).append('\n');
                }
                if (r.distinctPrompts() > 0) {
                    y.append("  distinct_prompts: ").append(r.distinctPrompts()).append('\n');
                }
            }
            case DECODE_WORKER -> y.append("  requests_per_s: 0.000001\n");
            case OFFLINE -> y.append("  offline_requests: ").append(r.offlineRequests()).append('\n');
        }
        y.append("design:\n  tp: ").append(r.tp()).append("\n  ep: ").append(r.ep())
                .append("\n  weights: ").append(r.weights()).append("\n  activations: ").append(r.activations())
                .append("\n  kv_cache: ").append(r.kvCache()).append('\n');
        if (r.kind() == ServingMeasurement.Kind.DECODE_WORKER) {
            y.append("  batch: ").append(r.load()).append('\n');
        }
        if (io.ridgeline.facts.EngineScheduling.ENGINES.contains(r.engine())) {
            y.append("  engine: ").append(r.engine()).append('\n');
        }
        List<String> features = new ArrayList<>();
        Harness.EngineRun run = r.engineRun();
        if (run.prefillSteps() != null) {
            y.append("  prefill_steps: ").append(run.prefillSteps()).append('\n');
        } else if (r.kind() != ServingMeasurement.Kind.DECODE_WORKER
                && !SEPARATE_PREFILL_ENGINES.contains(r.engine())) {
            features.add("chunked_prefill");
        }
        if (run.stepTokens() > 0) {
            y.append("  step_tokens: ").append(run.stepTokens()).append('\n');
        }
        if (run.holdSteps() > 0) {
            y.append("  prefill_hold_steps: ").append(run.holdSteps()).append('\n');
        }
        if (run.holdTokens() > 0) {
            y.append("  prefill_hold_tokens: ").append(run.holdTokens()).append('\n');
        }
        if (run.draftTokens() > 0) {
            features.add("speculative_decoding");
            y.append("  speculative:\n    draft_tokens: ").append(run.draftTokens())
                    .append("\n    acceptance_rate: ").append(run.acceptanceRate()).append('\n');
        }
        if (r.prefixCaching()) {
            features.add("prefix_caching");
        }
        if (!features.isEmpty()) {
            y.append("  features: [").append(String.join(", ", features)).append("]\n");
        }
        Scenario s;
        try {
            s = ridgeline.parse(y.toString(), r.id());
        } catch (InputError e) {
            // the scenario key back to the measurement file's column
            throw new InputError(r.id() + ": " + column(e.field()), e.detail());
        }
        return s;
    }

    /** The measurement file's column for a scenario key the row was turned into. */
    private static String column(String scenarioKey) {
        return switch (scenarioKey) {
            case "hardware.gpu" -> "gpu";
            case "design.tp" -> "tp";
            case "design.ep" -> "ep";
            case "design.weights" -> "weights";
            case "design.activations" -> "activations";
            case "design.kv_cache" -> "kv_cache";
            case "design.batch" -> "batch";
            case "workload.concurrency" -> "concurrency";
            case "workload.prompt_tokens", "workload.context_tokens" -> "isl";
            case "workload.output_tokens" -> "osl";
            case "workload.offline_requests" -> "offline_requests";
            case "workload.distinct_prompts" -> "distinct_prompts";
            case "workload.benchmark_requests" -> "benchmark_requests";
            case "workload.warmup_requests" -> "warmup_requests";
            case "design.step_tokens" -> "step_tokens";
            case "design.prefill_steps" -> "prefill_steps";
            case "design.prefill_hold_steps" -> "prefill_hold_steps";
            case "design.prefill_hold_tokens" -> "prefill_hold_tokens";
            case "design.speculative.draft_tokens" -> "draft_tokens";
            case "design.speculative.acceptance_rate" -> "acceptance_rate";
            default -> scenarioKey;
        };
    }

    /** Predicts one row with the given factors (null: the catalog's). */
    public static Prediction predict(ServingMeasurement r, Scenario scenario, EfficiencyFactors factors) {
        Scenario s = factors == null ? scenario : scenario.withCluster(scenario.cluster(), factors);
        if (r.kind() == ServingMeasurement.Kind.CLOSED_LOOP
                && InferenceEstimator.numeric(s.withInference(s.inference().withConcurrency(0)
                .withRequestsPerS(0))).maxBatch() < 1) {
            throw new InputError(r.id() + ": model", "does not fit in memory at tp " + r.tp() + ", ep " + r.ep()
                    + " on " + r.gpu() + ": no prediction to compare with the measurement");
        }
        switch (r.kind()) {
            case CLOSED_LOOP -> {
                ClosedLoop.Result loop = InferenceEstimator.closedLoop(s);
                return new Prediction(r, loop.ttftMeanS() * 1e3, loop.tpotMeanS() * 1e3,
                        loop.derivedTokensPerS(r.load(), r.outputTokens()));
            }
            case DECODE_WORKER -> {
                InferenceEstimate e = InferenceEstimator.numeric(s);
                return new Prediction(r, Double.NaN, e.tpotMeanMs(), e.batch() / (e.tpotMeanMs() / 1e3));
            }
            default -> {
                InferenceEstimate e = InferenceEstimator.numeric(s);
                return new Prediction(r, Double.NaN, Double.NaN, e.tokensPerSPerReplica());
            }
        }
    }

    /** Predicts every row with the catalog's factors and reports the errors. */
    public Report validate(List<ServingMeasurement> rows) {
        List<Prediction> out = new ArrayList<>();
        for (ServingMeasurement r : rows) {
            out.add(predict(r, scenario(r), null));
        }
        return report(out);
    }

    /** The statistics of a set of predictions. */
    public static Report report(List<Prediction> predictions) {
        Map<Metric, Stats> overall = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            List<Double> errors = errors(predictions, m, p -> true);
            if (!errors.isEmpty()) {
                overall.put(m, Stats.of(errors));
            }
        }
        Map<String, Map<String, Map<Metric, Stats>>> by = new LinkedHashMap<>();
        DIMENSIONS.forEach((dim, label) -> {
            Map<String, Map<Metric, Stats>> groups = new TreeMap<>();
            for (String value : predictions.stream().map(p -> label.apply(p.row())).distinct().sorted().toList()) {
                Map<Metric, Stats> perMetric = new LinkedHashMap<>();
                for (Metric m : Metric.values()) {
                    List<Double> errors = errors(predictions, m, p -> label.apply(p.row()).equals(value));
                    if (!errors.isEmpty()) {
                        perMetric.put(m, Stats.of(errors));
                    }
                }
                groups.put(value, perMetric);
            }
            by.put(dim, groups);
        });
        return new Report(List.copyOf(predictions), overall, by);
    }

    /** The errors of one metric over the predictions that pass {@code keep}. */
    public static List<Double> errors(List<Prediction> predictions, Metric m,
                                      java.util.function.Predicate<Prediction> keep) {
        List<Double> errors = new ArrayList<>();
        for (Prediction p : predictions) {
            double e = p.error(m);
            if (!Double.isNaN(e) && keep.test(p)) {
                errors.add(e);
            }
        }
        return errors;
    }

    /** The closed-loop rows' TTFT statistics alone (the done-when target names them). */
    public static Stats closedLoopTtft(Report r) {
        return Stats.of(errors(r.predictions(), Metric.TTFT,
                p -> p.row().kind() == ServingMeasurement.Kind.CLOSED_LOOP));
    }

    /** The offline rows' throughput statistics alone. */
    public static Stats offlineThroughput(Report r) {
        return Stats.of(errors(r.predictions(), Metric.THROUGHPUT,
                p -> p.row().kind() == ServingMeasurement.Kind.OFFLINE));
    }

    static double[] sorted(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
