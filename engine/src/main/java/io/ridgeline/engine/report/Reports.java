package io.ridgeline.engine.report;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.search.DesignSearch;
import io.ridgeline.engine.advisor.Applied;
import io.ridgeline.engine.advisor.Audit;
import io.ridgeline.engine.advisor.BottleneckView;
import io.ridgeline.engine.advisor.Considered;
import io.ridgeline.engine.advisor.Finding;
import io.ridgeline.engine.advisor.FlipPoint;
import io.ridgeline.engine.advisor.Iteration;
import io.ridgeline.engine.advisor.Values;
import io.ridgeline.engine.advisor.Vetoed;
import io.ridgeline.facts.Bill;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders bills, advice and audits for people, as terminal text or Markdown. Every figure appears with its
 * formula and the numbers substituted into it.
 */
public final class Reports {

    private Reports() {
    }

    public static String estimate(Scenario s, Bill estimate, boolean markdown) {
        StringBuilder out = new StringBuilder();
        heading(out, markdown, 1, "Estimate: " + s.name() + " (" + s.kind().id() + ")");
        line(out, markdown, "Model " + s.model().id() + " on " + s.cluster().totalGpus() + " x "
                + s.cluster().gpu().id() + " (" + s.cluster().nodes() + " node" + (s.cluster().nodes() == 1 ? "" : "s")
                + " of " + s.cluster().gpusPerNode() + ")");
        line(out, markdown, "Design: " + design(s.design(), s.kind().id()));
        io.ridgeline.facts.EfficiencyFactors eff = s.efficiency();
        line(out, markdown, "Efficiency: compute " + eff.compute() + ", HBM " + eff.hbm() + ", link " + eff.link()
                + (s.kind() == io.ridgeline.facts.WorkloadKind.INFERENCE ? "; serving: compute " + eff.servingCompute()
                + ", KV reads " + eff.kvHbm() + ", experts " + eff.moeCompute() + ", per layer "
                + eff.layerOverheadUs() + " us (MoE layer +" + eff.moeLayerOverheadUs() + " us), collective "
                + eff.collectiveLatencyUs() + " us" : ""));
        String band = io.ridgeline.engine.validation.ErrorBands.builtIn().line(s.cluster().gpu().id(),
                s.design().weights().id(), estimate);
        if (band != null) {
            line(out, markdown, band);
        }
        boolean fits = estimate.fits();
        line(out, markdown, fits ? "Fits in memory: yes" : "Fits in memory: NO");
        List<String> over = estimate.overLimits();
        if (!over.isEmpty()) {
            line(out, markdown, "Over a limit: " + String.join("; ", over));
        }
        out.append('\n');
        figures(out, estimate.figures(), markdown);
        return out.toString();
    }

    public static void figures(StringBuilder out, List<Figure> figures, boolean markdown) {
        if (markdown) {
            out.append("| figure | value | formula | with the numbers |\n|---|---|---|---|\n");
            for (Figure f : figures) {
                out.append("| `").append(f.key()).append("` | ").append(value(f)).append(" | ")
                        .append(cell(f.formula())).append(" | ").append(cell(f.substituted())).append(" |\n");
            }
            return;
        }
        for (Figure f : figures) {
            out.append(String.format(Locale.ROOT, "  %-34s %s%n", f.key(), value(f)));
            if (f.formula() != null && !f.formula().isBlank()) {
                out.append("      ").append(f.formula()).append('\n');
            }
            if (f.substituted() != null && !f.substituted().isBlank()) {
                out.append("      = ").append(f.substituted()).append('\n');
            }
        }
    }

    /** The search's answer: the counts, then the cheapest feasible designs as a ranked table. */
    public static String search(String scenario, DesignSearch.Result r, boolean markdown) {
        StringBuilder out = new StringBuilder();
        if (!searchHeader(out, markdown, scenario, r.feasible() + " feasible replica shapes of the space; "
                + r.evaluated() + " bills in " + r.elapsedMs() + " ms", r.rejectedBy(), r.best() != null, "design")) {
            return out.toString();
        }
        out.append('\n');
        String[] head = {"rank", "model", "gpu", "replicas x replica", "GPUs", "USD/h", "TTFT ms", "TPOT ms",
                "tokens/s", "what binds"};
        List<String[]> rows = new ArrayList<>();
        int rank = 1;
        for (DesignSearch.Candidate c : r.top()) {
            var e = c.estimate();
            rows.add(new String[] {String.valueOf(rank++), c.model(), c.gpu(), compact(c.design()),
                    String.valueOf(e.totalGpus()), Values.number(e.costPerHourUsd()),
                    Values.number(Math.max(e.ttftMs(), e.peakTtftMs())),
                    Values.number(Math.max(e.tpotMs(), e.peakTpotMs())), Values.number(e.tokensPerS()),
                    e.decodeComputeBound() ? "compute" : "hbm_bandwidth"});
        }
        table(out, head, rows, markdown);
        out.append('\n');
        line(out, markdown, "TTFT and TPOT at the SLO percentile, the worse of the mean load and the peak; USD/h "
                + "time-averaged (an autoscaled fleet at its mean size).");
        line(out, markdown, "Pareto frontier (cost per hour against TTFT, TPOT and tokens/s): "
                + r.frontier().size() + " designs");
        return out.toString();
    }

    /** A search's heading, counts and rejections; false (after saying so) when it found nothing feasible. */
    private static boolean searchHeader(StringBuilder out, boolean markdown, String scenario, String counts,
                                        Map<String, Integer> rejectedBy, boolean found, String what) {
        heading(out, markdown, 1, "Search: " + scenario);
        line(out, markdown, counts);
        if (!rejectedBy.isEmpty()) {
            List<String> parts = new ArrayList<>();
            rejectedBy.forEach((wall, n) -> parts.add(wall + " " + n));
            line(out, markdown, "rejected by: " + String.join(", ", parts));
        }
        if (!found) {
            line(out, markdown, "No " + what + " in the space meets every requirement.");
        }
        return found;
    }

    /** The pretraining search's layouts, fastest first. */
    public static String trainingSearch(String scenario, io.ridgeline.engine.search.TrainingSearch.Result r,
                                        boolean markdown) {
        StringBuilder out = new StringBuilder();
        if (!searchHeader(out, markdown, scenario, r.feasible() + " feasible layouts billed; " + r.evaluated()
                + " bills in " + r.elapsedMs() + " ms", r.rejectedBy(), r.best() != null, "layout")) {
            return out.toString();
        }
        out.append('\n');
        String[] head = {"rank", "layout", "GPUs", "step s", "MFU", "days", "USD", "memory/GPU GB"};
        List<String[]> rows = new ArrayList<>();
        int rank = 1;
        for (io.ridgeline.engine.search.TrainingSearch.Candidate c : r.top()) {
            var e = c.estimate();
            rows.add(new String[] {String.valueOf(rank++), layout(c.design()), String.valueOf(e.totalGpus()),
                    Values.number(e.stepTimeS()), String.format(java.util.Locale.ROOT, "%.1f%%", 100 * e.mfu()),
                    Values.number(e.trainingDays()), Values.number(e.costUsd()),
                    Values.number(e.memoryBytesPerGpu() / 1e9)});
        }
        table(out, head, rows, markdown);
        out.append('\n');
        line(out, markdown, "Fastest first (then cheaper, then fewer GPUs); memory in GB (1e9 B). Pareto frontier "
                + "(days against the run's cost): " + r.frontier().size() + " layouts");
        return out.toString();
    }

    /** A pretraining layout in a line or a cell: "tp8 pp4 cp1 dp64 zero1 micro1 recompute selective fp8". */
    public static String layout(Design d) {
        StringBuilder b = new StringBuilder();
        b.append("tp").append(d.tp()).append(" pp").append(d.pp());
        if (d.virtualStages() > 1) {
            b.append(" v").append(d.virtualStages());
        }
        if (d.pp() > 1 && !d.pipelineSchedule().equals("1f1b")) {
            b.append(' ').append(d.pipelineSchedule());
        }
        b.append(" cp").append(d.cp()).append(" dp").append(d.dp());
        if (d.ep() > 1) {
            b.append(" ep").append(d.ep());
        }
        b.append(" zero").append(d.zeroStage()).append(" micro").append(d.microBatch()).append(" recompute ")
                .append(d.recomputeMode()).append(' ').append(d.activations().id());
        return b.toString();
    }

    /** A serving design in a table cell: "2 x tp4 ep8 fp8 kv-fp8 +speculative_decoding". */
    static String compact(Design d) {
        StringBuilder b = new StringBuilder();
        b.append(d.replicas()).append(" x tp").append(d.tp());
        if (d.pp() > 1) {
            b.append(" pp").append(d.pp());
        }
        if (d.ep() > 1) {
            b.append(" ep").append(d.ep());
        }
        if (d.cp() > 1) {
            b.append(" cp").append(d.cp());
        }
        b.append(' ').append(d.weights().id()).append(" kv-").append(d.kvCache().id());
        if (d.batch() > 0) {
            b.append(" batch ").append(d.batch());
        }
        for (var f : d.features()) {
            b.append(" +").append(f.id());
        }
        return b.toString();
    }

    private static void table(StringBuilder out, String[] head, List<String[]> rows, boolean markdown) {
        if (markdown) {
            out.append("| ").append(String.join(" | ", head)).append(" |\n|");
            for (int i = 0; i < head.length; i++) {
                out.append("---|");
            }
            out.append('\n');
            for (String[] r : rows) {
                out.append("| ").append(String.join(" | ", java.util.Arrays.stream(r).map(Reports::cell).toList()))
                        .append(" |\n");
            }
            return;
        }
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        List<String[]> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        for (String[] r : all) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                l.append(String.format(java.util.Locale.ROOT, "%-" + w[i] + "s", r[i]));
                if (i < r.length - 1) {
                    l.append("  ");
                }
            }
            out.append(l.toString().stripTrailing()).append('\n');
        }
    }

    public static String advice(Advice a, boolean markdown) {
        StringBuilder out = new StringBuilder();
        heading(out, markdown, 1, "Advice: " + a.scenario() + " (" + a.kind() + ")");
        line(out, markdown, "Status: " + a.status() + " - " + a.stopReason());
        line(out, markdown, "Final design: " + a.finalModel() + " on " + a.finalGpu() + "; "
                + design(a.finalDesign(), a.kind()) + data(a) + rlSplit(a.finalEstimate()));
        if (a.search() != null) {
            line(out, markdown, "Checked against the search: " + a.search().finding());
        }
        String band = io.ridgeline.engine.validation.ErrorBands.builtIn().line(a.finalGpu(),
                a.finalDesign().weights().id(), a.finalEstimate());
        if (band != null) {
            line(out, markdown, band);
        }
        if (a.search() != null) {
            alternatives(out, markdown, a.search(), a.kind().equals("training"));
        }
        out.append('\n');
        heading(out, markdown, 2, "Final figures");
        figures(out, a.finalEstimate().figures(), markdown);
        out.append('\n');
        heading(out, markdown, 2, "Iterations");
        for (Iteration it : a.iterations()) {
            heading(out, markdown, 3, "Iteration " + it.index() + ": " + it.model() + " on " + it.gpu() + "; "
                    + design(it.design(), a.kind()));
            for (BottleneckView b : it.bottlenecks()) {
                bullet(out, markdown, (b.kind().equals("requirement") ? "wall " : "resource ") + b.named()
                        + (b.name().equals(it.binding()) ? " (BINDING)" : "") + " [" + b.ruleId() + "]: "
                        + b.explanation());
            }
            if (it.bottlenecks().isEmpty()) {
                bullet(out, markdown, "no wall");
            }
            Applied ap = it.applied();
            if (ap != null) {
                bullet(out, markdown, "applied " + ap.mechanism() + " [" + ap.ruleId() + " \"" + ap.ruleName()
                        + "\", lesson " + ap.lesson() + "]: " + ap.change());
                bullet(out, markdown, "  why: " + ap.explanation());
                if (!ap.figure().isEmpty()) {
                    bullet(out, markdown, "  " + ap.figure() + ": " + Values.render(ap.figure(), ap.before())
                            + " -> " + Values.render(ap.figure(), ap.after()));
                }
            }
            for (Considered c : it.alsoRecommended()) {
                bullet(out, markdown, "also recommended " + c.mechanism() + " [" + c.ruleId() + "]: "
                        + c.explanation());
            }
            for (Vetoed v : it.vetoed()) {
                bullet(out, markdown, "vetoed " + v.mechanism() + " [" + v.ruleId() + "]: " + v.reason());
            }
        }
        if (!a.flipPoints().isEmpty()) {
            out.append('\n');
            heading(out, markdown, 2, "Flip points");
            for (FlipPoint f : a.flipPoints()) {
                bullet(out, markdown, f.knob() + " (" + f.meaning() + "): now " + Values.number(f.current())
                        + (f.unit().isEmpty() ? "" : " " + f.unit()) + "; at " + Values.number(f.flipsAt())
                        + " the wall goes from " + f.fromNamed() + " to " + f.toNamed());
            }
        }
        return out.toString();
    }

    /** How many of the search's alternatives the advice's text lists. */
    public static final int ALTERNATIVES_SHOWN = 5;

    /**
     * The search's first alternatives by the objective, as a short table: the design, its GPUs, its cost, its
     * latencies (serving: TTFT, TPOT, e2e at the SLO percentile; pretraining: the days and the step) and whether it
     * meets every requirement (else the wall it breaks).
     */
    private static void alternatives(StringBuilder out, boolean markdown,
                                     io.ridgeline.engine.search.SearchCheck check, boolean training) {
        List<io.ridgeline.engine.search.SearchCheck.Alternative> shown = check.alternatives().subList(0,
                Math.min(ALTERNATIVES_SHOWN, check.alternatives().size()));
        if (shown.isEmpty()) {
            return;
        }
        out.append('\n');
        line(out, markdown, "Alternatives found by search (objective " + check.objective() + ", best first; "
                + shown.size() + " of " + check.alternatives().size() + "):");
        if (!markdown) {
            out.append('\n');
        }
        String[] head = training
                ? new String[] {"rank", "layout", "GPUs", "USD", "days", "step s", "meets"}
                : new String[] {"rank", "design", "GPUs", "USD/h", "TTFT ms", "TPOT ms", "e2e ms", "meets"};
        String[] keys = training ? new String[] {"cost_usd", "training_days", "step_time_s"}
                : new String[] {"cost_per_hour_usd", "ttft_ms", "tpot_ms", "e2e_ms"};
        List<String[]> rows = new ArrayList<>();
        for (io.ridgeline.engine.search.SearchCheck.Alternative alt : shown) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(alt.rank()),
                    training ? layout(alt.design()) : alt.model() + " on " + alt.gpu() + ", " + compact(alt.design()),
                    String.valueOf(alt.totalGpus())));
            for (String k : keys) {
                Double v = alt.figures().get(k);
                row.add(v == null ? "" : k.endsWith("_ms") && v >= io.ridgeline.engine.estimate.InferenceEstimator
                        .UNBOUNDED_MS ? "unbounded" : Values.number(v));
            }
            row.add(alt.meetsRequirements() ? "yes" : "no (" + alt.binding() + ")");
            rows.add(row.toArray(String[]::new));
        }
        table(out, head, rows, markdown);
    }

    public static String audit(Audit a, boolean markdown) {
        StringBuilder out = new StringBuilder();
        heading(out, markdown, 1, "Audit: " + a.scenario());
        line(out, markdown, "Verdict: " + a.verdict() + (a.binding() == null ? "" : " (binding: " + a.binding()
                + ")"));
        line(out, markdown, "Design: " + design(a.design(), a.kind()));
        out.append('\n');
        for (Finding f : a.findings()) {
            bullet(out, markdown, f.severity().toUpperCase(Locale.ROOT) + " " + f.subject() + " [" + f.ruleId()
                    + (f.ruleName().isEmpty() ? "" : " \"" + f.ruleName() + "\"") + "]: " + f.message());
        }
        out.append('\n');
        figures(out, a.estimate().figures(), markdown);
        return out.toString();
    }

    /**
     * A pretraining run's data loader where the loop changed it or it is not Megatron-LM's default (token ids, 2
     * workers a GPU, packed, its position checkpointed): the stored format, the workers, the packing and a position
     * not checkpointed; empty otherwise.
     */
    static String data(Advice a) {
        io.ridgeline.facts.DataFeed f = a.finalData();
        io.ridgeline.facts.DataFeed d = io.ridgeline.facts.DataFeed.defaults();
        boolean changed = a.iterations().stream().anyMatch(it -> it.applied() != null
                && io.ridgeline.engine.advisor.training.TrainingRemedies.DATA_PLANE
                .contains(it.applied().mechanism()));
        if (f == null || !changed && f.format().equals(d.format()) && f.workersPerGpu() == d.workersPerGpu()
                && f.packing() == d.packing() && f.resumable() == d.resumable()) {
            return "";
        }
        return ", data " + f.format() + " (" + f.workersPerGpu() + " loader workers a GPU, "
                + (f.packing() ? "packed" : "one document a sequence")
                + (f.resumable() ? "" : ", its position not checkpointed") + ")";
    }

    /**
     * A design as its kind reads it: a serving replica (tp, pp, ep, cp, replicas, formats with the KV cache, batch,
     * features), or a training layout (tp, pp with its virtual stages, dp, ep, cp, ZeRO stage, micro-batch,
     * recomputation, weight and compute formats) for training and RL (with RL's placement and staleness).
     */
    public static String design(Design d, String kind) {
        if (kind == null || kind.equals("inference")) {
            return design(d);
        }
        StringBuilder b = new StringBuilder("tp " + d.tp() + ", pp " + d.pp()
                + (d.virtualStages() > 1 ? ", virtual stages " + d.virtualStages() : "")
                + (d.pp() > 1 && !d.pipelineSchedule().equals("1f1b") ? ", " + d.pipelineSchedule() : "")
                + ", dp " + d.dp() + ", ep " + d.ep() + ", cp " + d.cp() + ", ZeRO-" + d.zeroStage() + ", micro-batch " + d.microBatch()
                + ", recomputation " + d.recomputeMode() + ", weights " + d.weights() + ", activations "
                + d.activations());
        if (kind.equals("rl")) {
            b.append(", placement ").append(d.rlPlacement()).append(", staleness ").append(d.maxStalenessSteps());
            String features = d.features().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            if (!features.isEmpty()) {
                b.append(", features [").append(features).append(']');
            }
        }
        return b.toString();
    }

    /**
     * RL's split of the GPUs between the actors (generation) and the learner, as its bill sizes them: "; actor 9 GPUs,
     * learner 7 GPUs" (disaggregated) or "; actor and learner share 16 GPUs in turn" (colocated); "" for other bills.
     */
    static String rlSplit(Bill estimate) {
        if (!(estimate instanceof io.ridgeline.facts.RlEstimate r)) {
            return "";
        }
        return r.placement().equals("colocated")
                ? "; actor and learner share " + r.totalGpus() + " GPUs in turn"
                : "; actor " + r.actorGpus() + " GPUs, learner " + r.learnerGpus() + " GPUs";
    }

    public static String design(Design d) {
        String features = d.features().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
        return "tp " + d.tp() + ", pp " + d.pp() + (d.virtualStages() > 1 ? ", virtual stages " + d.virtualStages() : "")
                + ", dp " + d.dp() + ", ep " + d.ep() + ", cp " + d.cp()
                + ", replicas " + d.replicas() + ", weights " + d.weights() + ", activations " + d.activations()
                + ", KV " + d.kvCache() + ", batch " + (d.batch() == 0 ? "max" : String.valueOf(d.batch()))
                + (features.isEmpty() ? "" : ", features [" + features + "]");
    }

    private static String value(Figure f) {
        String unit = f.unit() == null ? "" : f.unit();
        if (f.key().endsWith("_ms") && f.value() >= io.ridgeline.engine.estimate.InferenceEstimator.UNBOUNDED_MS) {
            return "unbounded";
        }
        if (unit.equals("B")) {
            return Values.bytes(f.value());
        }
        if (unit.equals("fraction")) {
            return String.format(Locale.ROOT, "%.1f%%", 100 * f.value());
        }
        return Values.number(f.value()) + (unit.isEmpty() ? "" : " " + unit);
    }

    private static String cell(String s) {
        return s == null ? "" : inline(s).replace("|", "\\|");
    }

    /**
     * A fenced Markdown code block of {@code text}: its fence is longer than any run of backticks in the text, so
     * that the text cannot close it (a model id from a scenario, say).
     */
    public static String codeBlock(String language, String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + language + "\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    /**
     * Text from the scenario (its name, a model id) made inert in Markdown: no HTML tag or entity a renderer would
     * act on (&lt; and &amp; written as entities), no link or image ([ and ] escaped), and no line break that would
     * start a block of its own.
     */
    static String inline(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]")
                .replace("\r", " ").replace("\n", " ");
    }

    private static void heading(StringBuilder out, boolean md, int level, String text) {
        if (md) {
            out.append("#".repeat(level)).append(' ').append(inline(text)).append("\n\n");
        } else {
            out.append(text).append('\n');
            if (level == 1) {
                out.append("=".repeat(Math.min(100, text.length()))).append('\n');
            }
        }
    }

    private static void line(StringBuilder out, boolean md, String text) {
        out.append(md ? inline(text) : text).append(md ? "  \n" : "\n");
    }

    private static void bullet(StringBuilder out, boolean md, String text) {
        out.append(md ? "- " : "  - ").append(md ? inline(text) : text).append('\n');
    }
}
