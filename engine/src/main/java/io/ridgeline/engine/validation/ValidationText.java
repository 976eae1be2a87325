package io.ridgeline.engine.validation;

import io.ridgeline.engine.text.Numbers;
import io.ridgeline.engine.validation.ServingValidation.Metric;
import io.ridgeline.engine.validation.ServingValidation.Prediction;
import io.ridgeline.engine.validation.ServingValidation.Report;
import io.ridgeline.engine.validation.ServingValidation.Stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a validation report as text or Markdown tables, and as a JSON-ready map. */
public final class ValidationText {

    private ValidationText() {
    }

    /** What the Markdown report says before its tables: how to reproduce it, how rows are mapped, the columns. */
    static final String PREFACE = """
            This page is the output of `./advisor validate --markdown`; regenerate it after any change to the \
            performance model or the efficiency factors. `./advisor validate --json` prints the same numbers, \
            `./advisor validate MINE.csv` checks your own measurements and `./advisor calibrate MINE.csv -o \
            DIR/efficiency.yaml` fits the factors to them (then pass `--catalog DIR`).

            ## How a row is predicted
            - `agg` (a closed-loop benchmark: C clients, the next request when the last ends): \
            `workload.concurrency: C`. Ridgeline runs the benchmark step by step (ten requests per client from a \
            cold start, lengths spread +-10%, a budget of 8,192 tokens per step) and reports its mean TTFT and TPOT; \
            tokens/s is C x OSL / (TTFT + (OSL - 1) x TPOT), as the rows derive it. vLLM puts prefill chunks into \
            decode steps (`chunked_prefill`); SGLang runs prefill steps of their own; TensorRT-LLM, as InferenceX \
            launched it, puts whole prompts into decode steps (`prefill_steps: whole`) within the launch script's \
            `max_num_tokens`, holds new prompts back where the script says so, and runs DeepSeek-R1's multi-token \
            prediction in the series that used it (the harness table below).
            - `disagg-decode` (one decode worker of a disaggregated set-up): the decode step at the worker's batch; \
            the row's TTFT belongs to the whole set-up and is not predicted.
            - `offline-max-throughput` (trtllm-bench, every request queued): output tokens/s of the replica, the \
            job run step by step at the largest batch memory holds (a job longer than ten batches: its steady state).

            The hopper serving terms were fitted to the H200 rows and the blackwell ones to the B200 rows \
            (docs/calibration.md); the H100 and GB200 rows were held out of the fit. The `aic-gap-analysis` rows \
            were held out as well. Their harness (aiperf) reuses prompts from a dataset of 100; the shipped harness \
            table (`validation/harnesses.csv`, with its evidence) runs the vLLM rows with that pool and vLLM's \
            default prefix caching (`workload.distinct_prompts: 100`, `prefix_caching`: a prompt seen before \
            prefills only its last partial block), because their measured prefill rates are past what the GPU \
            computes (118k prompt tokens/s, 95% of the fp8 peak, on one H200), and the SGLang rows without a cache \
            hit, because theirs are not. The same table carries what InferenceX's TensorRT-LLM launch scripts set, \
            from the scripts at the commits it names: no chunked prefill, the step budget, the prompts held for a \
            batch (Llama 3.1 70B at 1k/1k below tp 8) or for every attention-DP rank (DeepSeek-R1), and MTP-3 or \
            MTP-1 for the DeepSeek-R1 series that ran multi-token prediction, at an acceptance rate of 0.64 fitted \
            to two shipped rows (docs/calibration.md), and the prefill steps of 32,768 tokens InferenceX's SGLang \
            DeepSeek-R1 script ran. A measurement file's own columns win over the table. Each row runs as \
            `design.engine` its `backend` (TensorRT-LLM's and vLLM's own fixed cost per layer, TensorRT-LLM's and \
            SGLang's own per MoE layer), and every collective pays a round of latency for each doubling of its ranks past \
            two (docs/calibration.md).

            ## Columns of a measurement file
            `model`, `gpu` (catalog ids), `kind` (agg, disagg-decode, offline-max-throughput), `tp`, `ep` (default \
            1), `weights`, `activations`, `kv_cache` (formats; default bf16), `concurrency` (agg) or `batch` \
            (disagg-decode), `isl`, `osl` (mean prompt and output tokens; `isl_used`/`osl_used` win when present), \
            `offline_requests`, `backend` (vllm, sglang, trtllm: how prefill is scheduled, and the engine's own \
            fixed costs), `bench`, `row_id`, \
            `distinct_prompts`, `prefix_caching` (true/false), `benchmark_requests` and `warmup_requests` (closed \
            loops; default: the harness's, else every prompt new and ten requests per client from a cold start), \
            `prefill_steps` (chunked, whole, separate), `step_tokens`, `prefill_hold_steps`, `prefill_hold_tokens`, \
            `draft_tokens` and `acceptance_rate` (the engine's scheduler and speculative decoding: the scenario's \
            `design.prefill_steps`, `design.step_tokens`, `design.prefill_hold_steps`, `design.prefill_hold_tokens` \
            and `design.speculative`; default: the harness's), `source_row_id` and `isl_nominal` (the \
            harness table matches series of source rows, and a launch script's step budget uses the nominal \
            prompt), `source`, and the measured means `meas_ttft_ms`, `meas_tpot_ms`, `meas_tput_tok_s` (output tokens/s of \
            one replica); an empty cell is not measured. Other columns are ignored.

            """;

    /** The report: the headline, the closed-loop TTFT and offline throughput, each dimension, then every row. */
    public static String render(Report r, boolean markdown, String title) {
        StringBuilder out = new StringBuilder();
        out.append(markdown ? "# " : "").append(title).append("\n\n");
        out.append("Error = predicted / measured - 1; |error| statistics are the median and the 90th percentile, "
                + "bias is the median signed error (negative: the prediction is faster or lower than measured).\n\n");
        if (markdown) {
            out.append(PREFACE);
        }
        out.append(markdown ? "## " : "").append("All rows\n\n");
        table(out, markdown, List.of("metric", "rows", "median abs. error", "p90 abs. error", "bias"));
        for (Map.Entry<Metric, Stats> e : r.overall().entrySet()) {
            statsRow(out, markdown, e.getKey().label(), e.getValue());
        }
        statsRow(out, markdown, "TTFT, closed loops", ServingValidation.closedLoopTtft(r));
        statsRow(out, markdown, "tokens/s, offline", ServingValidation.offlineThroughput(r));
        out.append('\n');
        r.byDimension().forEach((dim, groups) -> {
            out.append(markdown ? "## By " : "By ").append(dim).append("\n\n");
            table(out, markdown, List.of(dim, "TTFT median (p90)", "TPOT median (p90)", "tokens/s median (p90)",
                    "rows"));
            groups.forEach((value, perMetric) -> {
                int rows = (int) r.predictions().stream()
                        .filter(p -> ServingValidation.DIMENSIONS.get(dim).apply(p.row()).equals(value)).count();
                cells(out, markdown, List.of(value, cell(perMetric.get(Metric.TTFT)),
                        cell(perMetric.get(Metric.TPOT)), cell(perMetric.get(Metric.THROUGHPUT)),
                        Integer.toString(rows)));
            });
            out.append('\n');
        });
        out.append(markdown ? "## " : "").append("Every row\n\n");
        table(out, markdown, List.of("row", "model", "gpu", "engine", "kind", "tp/ep", "load", "ISL/OSL",
                "TTFT ms meas / pred", "TPOT ms meas / pred", "tokens/s meas / pred"));
        for (Prediction p : r.predictions()) {
            ServingMeasurement m = p.row();
            cells(out, markdown, List.of(m.id(), m.model(), m.gpu(), m.engine(), m.kind().key(),
                    m.tp() + "/" + m.ep(), m.load() == 0 ? "-" : Integer.toString(m.load()),
                    m.promptTokens() + "/" + m.outputTokens(), pair(p, Metric.TTFT), pair(p, Metric.TPOT),
                    pair(p, Metric.THROUGHPUT)));
        }
        return out.toString();
    }

    /** How the training rows are predicted, and what the fit saw (the Markdown report's preface to them). */
    private static final String TRAINING_PREFACE = """
            Each published run is predicted as a pretraining scenario with its layout (tp, pp, dp, micro-batch, \
            global batch), its recomputation (full, or selective with sequence parallelism) and the attention \
            scores stored in HBM (`flash_attention: false`: both papers predate fused attention kernels); the \
            measured step is Korthikanti et al.'s iteration time, or for Narayanan et al.'s Table 1 the paper's \
            Eq. 3 FLOPs per step over the measured TFLOP/s. A step is the matrix products at the `compute` share \
            plus the activations' HBM traffic between them (`activation_passes` x the forward's activation bytes, \
            Korthikanti et al.'s per-layer formula) on the slowest pipeline stage (ceil(L / pp) layers, the output layer on the last), the exposed communication and the pipeline bubble. ampere's \
            `compute` (0.685) and `activation_passes` (5.75) were fitted to the 10 Table 1 runs alone; the 8 \
            Korthikanti runs were held out and are predicted with them (docs/calibration.md).

            Beside them, Calculon's step time of the 8 Korthikanti runs, as its own validation command prints it \
            (`calculon llm-validation` at calculon-ai/calculon caa4b11, its A100 80 GB system file; \
            `validation/calculon-training.csv`). These runs are the set Calculon validates itself on; Ridgeline's fit did not see \
            them.

            """;

    /** The training runs' report: the statistics overall and per source, then every run. */
    public static String renderTraining(TrainingValidation.Report r, boolean markdown) {
        StringBuilder out = new StringBuilder();
        out.append(markdown ? "## " : "").append("Training step time (the published training runs, ")
                .append(r.predictions().size()).append(" rows)\n\n");
        if (markdown) {
            out.append(TRAINING_PREFACE);
        }
        table(out, markdown, List.of("runs", "rows", "median abs. error", "max abs. error", "bias"));
        trainingRow(out, markdown, "all", r.overall());
        r.bySource().forEach((k, v) -> trainingRow(out, markdown, k, v));
        if (r.calculon().n() > 0) {
            trainingRow(out, markdown, "Calculon on the runs it predicts", r.calculon());
            trainingRow(out, markdown, "Ridgeline on the same runs", r.ridgelineOnCalculonRuns());
        }
        out.append('\n');
        table(out, markdown, List.of("run", "model", "GPUs", "tp/pp/dp", "micro x global", "recompute", "SP",
                "step s meas / pred", "MFU pred", "Calculon s"));
        for (TrainingValidation.Prediction p : r.predictions()) {
            TrainingValidation.Run run = p.run();
            Double c = r.calculonStepS().get(run.id());
            cells(out, markdown, List.of(run.id(), run.model(), Integer.toString(run.gpus()),
                    run.tp() + "/" + run.pp() + "/" + run.dp(), run.microBatch() + " x " + run.globalBatchSeqs(),
                    run.recompute(), run.sequenceParallel() ? "yes" : "no",
                    Numbers.seconds(run.stepS()) + " / " + Numbers.seconds(p.stepS()) + " (" + pct(p.error(), true) + ")",
                    pct(p.mfu(), false),
                    c == null ? "-" : Numbers.seconds(c) + " (" + pct(c / run.stepS() - 1.0, true) + ")"));
        }
        return out.toString();
    }

    private static void trainingRow(StringBuilder out, boolean markdown, String label, TrainingValidation.Stats s) {
        cells(out, markdown, List.of(label, Integer.toString(s.n()), pct(s.medianAbs(), false),
                pct(s.maxAbs(), false), pct(s.bias(), true)));
    }

    /** The training runs' report as plain maps and lists for JSON. */
    public static Map<String, Object> trainingToMap(TrainingValidation.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("overall", trainingStats(r.overall()));
        Map<String, Object> by = new LinkedHashMap<>();
        r.bySource().forEach((k, v) -> by.put(k, trainingStats(v)));
        m.put("by_source", by);
        if (r.calculon().n() > 0) {
            m.put("calculon", trainingStats(r.calculon()));
            m.put("ridgeline_on_calculon_runs", trainingStats(r.ridgelineOnCalculonRuns()));
        }
        m.put("rows", r.predictions().stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row_id", p.run().id());
            row.put("model", p.run().model());
            row.put("gpus", p.run().gpus());
            row.put("measured_step_s", p.run().stepS());
            row.put("predicted_step_s", p.stepS());
            row.put("error_step", p.error());
            row.put("predicted_mfu", p.mfu());
            Double c = r.calculonStepS().get(p.run().id());
            if (c != null) {
                row.put("calculon_step_s", c);
                row.put("calculon_error_step", c / p.run().stepS() - 1.0);
            }
            return row;
        }).toList());
        return m;
    }

    private static Map<String, Object> trainingStats(TrainingValidation.Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", s.n());
        m.put("median_abs_error", s.medianAbs());
        m.put("max_abs_error", s.maxAbs());
        m.put("bias", s.bias());
        return m;
    }


    /** The report as plain maps and lists for JSON. */
    public static Map<String, Object> toMap(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> overall = new LinkedHashMap<>();
        r.overall().forEach((k, v) -> overall.put(k.key(), stats(v)));
        overall.put("ttft_closed_loop", stats(ServingValidation.closedLoopTtft(r)));
        overall.put("throughput_offline", stats(ServingValidation.offlineThroughput(r)));
        m.put("overall", overall);
        Map<String, Object> by = new LinkedHashMap<>();
        r.byDimension().forEach((dim, groups) -> {
            Map<String, Object> g = new LinkedHashMap<>();
            groups.forEach((value, perMetric) -> {
                Map<String, Object> pm = new LinkedHashMap<>();
                perMetric.forEach((k, v) -> pm.put(k.key(), stats(v)));
                g.put(value, pm);
            });
            by.put(dim, g);
        });
        m.put("by", by);
        List<Map<String, Object>> rows = r.predictions().stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            ServingMeasurement s = p.row();
            row.put("row_id", s.id());
            row.put("model", s.model());
            row.put("gpu", s.gpu());
            row.put("engine", s.engine());
            row.put("kind", s.kind().key());
            for (Metric k : Metric.values()) {
                String unit = k == Metric.THROUGHPUT ? "_tok_s" : "_ms";
                row.put("measured_" + k.key() + unit, finiteOrNull(p.measured(k)));
                row.put("predicted_" + k.key() + unit, finiteOrNull(p.predicted(k)));
                row.put("error_" + k.key(), finiteOrNull(p.error(k)));
            }
            return row;
        }).toList();
        m.put("rows", rows);
        return m;
    }

    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> stats(Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", s.n());
        m.put("median_abs_error", finiteOrNull(s.medianAbs()));
        m.put("p90_abs_error", finiteOrNull(s.p90Abs()));
        m.put("bias", finiteOrNull(s.bias()));
        return m;
    }

    private static String pair(Prediction p, Metric m) {
        double meas = p.measured(m);
        double pred = p.predicted(m);
        if (Double.isNaN(meas)) {
            return "-";
        }
        return Numbers.cell(meas) + " / " + Numbers.cell(pred) + " (" + pct(p.error(m), true) + ")";
    }

    private static String cell(Stats s) {
        return s == null || s.n() == 0 ? "-" : pct(s.medianAbs(), false) + " (" + pct(s.p90Abs(), false) + ")";
    }

    private static void statsRow(StringBuilder out, boolean markdown, String label, Stats s) {
        if (s.n() == 0) {
            return;
        }
        cells(out, markdown, List.of(label, Integer.toString(s.n()), pct(s.medianAbs(), false),
                pct(s.p90Abs(), false), pct(s.bias(), true)));
    }


    private static String pct(double v, boolean signed) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return signed ? Numbers.signedPercent(v) : Numbers.percent(v);
    }

    private static void table(StringBuilder out, boolean markdown, List<String> header) {
        cells(out, markdown, header);
        if (markdown) {
            out.append("|").append("---|".repeat(header.size())).append('\n');
        }
    }

    private static void cells(StringBuilder out, boolean markdown, List<String> cells) {
        if (markdown) {
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        } else {
            out.append(String.join("  ", cells)).append('\n');
        }
    }
}
