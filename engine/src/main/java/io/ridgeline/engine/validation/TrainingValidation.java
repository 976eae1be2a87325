package io.ridgeline.engine.validation;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicted against measured training step times: the published runs shipped in {@value #PUBLISHED} (Megatron-LM's
 * GPT runs of Narayanan et al. 2021 Table 1 and the measured iterations of Korthikanti et al. 2022 Table 5, each
 * row with its source), their model shapes in {@value #MODELS}. Each row runs as a pretraining scenario with its
 * layout (tp, pp, dp, micro-batch, global batch), its recomputation (full or selective), its sequence parallelism,
 * and the attention scores stored in HBM (both papers predate fused attention kernels); the prediction is the
 * bill's step_time_s.
 */
public final class TrainingValidation {

    /** The shipped runs. */
    public static final String PUBLISHED = "validation/training-published.csv";
    /** Their model shapes, laid over the catalog for the validation. */
    public static final String MODELS = "/validation/training-models.yaml";

    /** One published run. */
    public record Run(String id, String source, String model, String gpu, int gpus, int tp, int pp, int dp,
                      int globalBatchSeqs, int microBatch, int seqLen, String recompute, boolean sequenceParallel,
                      double stepS, String basis) {
    }

    /** A run's prediction: the step time, the MFU, and the error against the measured step. */
    public record Prediction(Run run, double stepS, double mfu) {
        public double error() {
            return stepS / run.stepS() - 1.0;
        }
    }

    /** The median and largest |error| of some runs, and the median signed error. */
    public record Stats(int n, double medianAbs, double maxAbs, double bias) {
        static Stats of(List<Double> errors) {
            double[] abs = errors.stream().mapToDouble(Math::abs).sorted().toArray();
            double[] signed = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Stats(abs.length, ServingValidation.Stats.quantile(abs, 0.5),
                    abs.length == 0 ? Double.NaN : abs[abs.length - 1], ServingValidation.Stats.quantile(signed, 0.5));
        }
    }

    /**
     * Every run's prediction, with the median and largest |error| over all, and per source; Calculon's published
     * step time of the runs it predicted (run id to seconds), with its errors and Ridgeline's on the same runs.
     */
    public record Report(List<Prediction> predictions, Stats overall, Map<String, Stats> bySource,
                         Map<String, Double> calculonStepS, Stats calculon, Stats ridgelineOnCalculonRuns) {
    }

    /** Calculon's step times of the shipped runs, from its own validation command (resource: run id, seconds). */
    public static final String CALCULON = "validation/calculon-training.csv";

    /** Calculon's predicted step time of each run it has one for, s. */
    public static Map<String, Double> calculon() {
        try (InputStream in = TrainingValidation.class.getClassLoader().getResourceAsStream(CALCULON)) {
            if (in == null) {
                throw new IllegalStateException("the shipped Calculon figures are missing: " + CALCULON);
            }
            Map<String, Double> out = new LinkedHashMap<>();
            try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .readValues(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                while (rows.hasNext()) {
                    Map<String, String> r = rows.next();
                    out.put(r.get("case"), Double.parseDouble(r.get("calculon_step_s")));
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final Ridgeline ridgeline;

    /** Over the given catalogs with the runs' model shapes laid over them. */
    public TrainingValidation(Catalogs catalogs) {
        this.ridgeline = new Ridgeline(catalogs.withModelsResource(MODELS), RuleBase::defaults);
    }

    /** The shipped runs. */
    public static List<Run> published() {
        try (InputStream in = TrainingValidation.class.getClassLoader().getResourceAsStream(PUBLISHED)) {
            if (in == null) {
                throw new IllegalStateException("the shipped training runs are missing: " + PUBLISHED);
            }
            List<Run> out = new ArrayList<>();
            try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .readValues(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                while (rows.hasNext()) {
                    Map<String, String> r = rows.next();
                    out.add(new Run(r.get("case"), r.get("source"), r.get("model"), r.get("gpu"),
                            Integer.parseInt(r.get("gpus")), Integer.parseInt(r.get("tp")),
                            Integer.parseInt(r.get("pp")), Integer.parseInt(r.get("dp")),
                            Integer.parseInt(r.get("global_batch_seqs")), Integer.parseInt(r.get("micro_batch")),
                            Integer.parseInt(r.get("seq_len")), r.get("recompute"),
                            "yes".equals(r.get("sequence_parallel")), Double.parseDouble(r.get("step_s")),
                            r.get("step_s_basis")));
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pretraining scenario a run ran. */
    public Scenario scenario(Run r) {
        int perNode = Math.min(8, r.gpus());
        String yaml = "kind: training\nmodel: " + r.model() + "\nhardware:\n  gpu: " + r.gpu()
                + "\n  gpus_per_node: " + perNode + "\n  nodes: " + Math.max(1, r.gpus() / perNode)
                + "\nworkload:\n  tokens: 1.0e12\n  seq_len: " + r.seqLen()
                + "\n  global_batch_tokens: " + (long) r.globalBatchSeqs() * r.seqLen()
                + "\ndesign:\n  tp: " + r.tp() + "\n  pp: " + r.pp() + "\n  dp: " + r.dp()
                + "\n  micro_batch: " + r.microBatch() + "\n  recompute: " + r.recompute()
                + "\n  sequence_parallel: " + r.sequenceParallel() + "\n  flash_attention: false\n  precision: bf16\n";
        return ridgeline.parse(yaml, r.id());
    }

    /** Predicts one run. */
    public Prediction predict(Run r) {
        TrainingEstimate e = TrainingEstimator.estimate(scenario(r));
        return new Prediction(r, figure(e, "step_time_s"), figure(e, "mfu"));
    }

    /** Predicts every run. */
    public Report validate(List<Run> runs) {
        List<Prediction> out = new ArrayList<>();
        for (Run r : runs) {
            out.add(predict(r));
        }
        Map<String, List<Double>> bySource = new LinkedHashMap<>();
        for (Prediction p : out) {
            bySource.computeIfAbsent(sourceLabel(p.run()), k -> new ArrayList<>()).add(p.error());
        }
        Map<String, Stats> stats = new LinkedHashMap<>();
        bySource.forEach((k, v) -> stats.put(k, Stats.of(v)));
        Map<String, Double> calculon = calculon();
        List<Double> calculonErrors = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        for (Prediction p : out) {
            Double c = calculon.get(p.run().id());
            if (c != null) {
                calculonErrors.add(c / p.run().stepS() - 1.0);
                ours.add(p.error());
            }
        }
        return new Report(List.copyOf(out), Stats.of(out.stream().map(Prediction::error).toList()), stats,
                calculon, Stats.of(calculonErrors), Stats.of(ours));
    }

    /** The paper a run comes from, without its table note. */
    public static String sourceLabel(Run r) {
        int cut = r.source().indexOf(')');
        return cut > 0 ? r.source().substring(0, cut + 1) : r.source();
    }

    private static double figure(TrainingEstimate e, String key) {
        for (Figure f : e.figures()) {
            if (f.key().equals(key)) {
                return f.value();
            }
        }
        throw new IllegalStateException("the training bill has no " + key);
    }
}
