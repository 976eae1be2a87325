package io.ridgeline.engine.advisor.training;

import io.ridgeline.engine.advisor.Remedy;
import io.ridgeline.engine.arithmetic.training.ScalingLimits;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.engine.arithmetic.training.DataPlane;
import io.ridgeline.facts.DataFeed;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The mechanisms the pretraining advisor can apply, each one change to the design. {@code zero} moves between the
 * ZeRO stages 0 -> 1 -> 2 and back from ZeRO-2 or FSDP to stage 1 (completed, like a trade, where the unsharded state
 * outgrows the GPU); {@code activation_recomputation} switches recomputation on, or off where memory allows it again;
 * the parallel degrees and the micro-batch double. Every change that gives GPUs to a model-parallel axis (tp, pp, cp)
 * takes them from data parallelism: dp = GPUs available / (tp x pp x cp), never more than the design's dp already is (a
 * dp lowered to the critical batch stays lowered); a pipeline it opens runs ZB-H1 (see {@link #staged}). The trades
 * ({@link #TRADES}) give one axis back for another at the same GPUs (tp for pp, cp or dp; full recomputation for memory
 * found elsewhere), completed where they outgrow the GPU by at most {@value #MAX_RELIEFS} memory reliefs. A mechanism that cannot
 * change anything, or whose degree the model cannot take (tp not dividing the heads, cp not dividing the sequence),
 * yields nothing; whether it pays is for the rules to judge from its projection.
 */
public final class TrainingRemedies {

    /** The mechanisms that change the data loader (lesson 08), not the layout. */
    public static final List<String> DATA_PLANE = List.of("pretokenized_data", "loader_workers", "sequence_packing",
            "deterministic_resumption");

    /** Mechanism names, a public contract (docs/training.md): the layout's, then the data loader's. */
    public static final List<String> MECHANISMS = java.util.stream.Stream.concat(java.util.stream.Stream.of(
            "zero", "fsdp", "activation_recomputation", "tensor_parallelism", "pipeline_parallelism",
            "context_parallelism", "expert_parallelism", "micro_batch", "data_parallelism", "fp8", "virtual_stages",
            "zero_bubble", "dualpipe", "tp_to_pp", "tp_to_cp", "tp_to_dp", "recompute_to_stages"),
            DATA_PLANE.stream()).toList();

    /**
     * The trades: one axis given back for another at the same GPUs, each completed, where the traded design outgrows
     * the GPU, by the fewest memory reliefs that make it fit (see {@link #trade}).
     */
    public static final List<String> TRADES = List.of("tp_to_pp", "tp_to_cp", "tp_to_dp", "recompute_to_stages");

    /** Most memory reliefs a trade takes to fit. */
    public static final int MAX_RELIEFS = 2;

    /** The schedule a pipeline opened by a change runs (see {@link #staged}). */
    static final String ZERO_BUBBLE = "zero_bubble";

    /** The most model chunks per pipeline stage the advisor proposes (the search's cap, TrainingSearch). */
    public static final int MAX_VIRTUAL_STAGES = io.ridgeline.engine.search.TrainingSearch.MAX_VIRTUAL_STAGES;

    /** Every remedy that changes something in this scenario, in the order of {@link #MECHANISMS}. */
    public List<Remedy> candidates(Scenario s, TrainingEstimate now) {
        List<Remedy> out = new ArrayList<>();
        for (String m : MECHANISMS) {
            apply(m, s, now).ifPresent(out::add);
        }
        return out;
    }

    public Optional<Remedy> apply(String mechanism, Scenario s, TrainingEstimate now) {
        Design d = s.design();
        ModelArchitecture model = s.model();
        int gpus = TrainingGauges.gpusAvailable(s);
        return switch (mechanism) {
            case "zero" -> {
                // up one stage for memory; from FSDP or ZeRO-2 back to stage 1 when the per-micro-batch gathers or
                // gradient reduce-scatters cost more than the memory they save
                int next = d.zeroStage() >= 2 ? 1 : d.zeroStage() + 1;
                String sharded = next == 1 ? "optimizer states" : "optimizer states and gradients";
                String unsharded = d.zeroStage() == 3 ? "; parameters no longer sharded"
                        : d.zeroStage() == 2 ? "; gradients no longer sharded" : "";
                String change = "ZeRO stage " + d.zeroStage() + " -> " + next + " (" + sharded + " sharded over "
                        + d.dp() * d.cp() + " replicas" + unsharded + ")";
                // back down, the memory the sharding saved is found elsewhere where the GPU needs it
                yield next < d.zeroStage() ? completed(mechanism, s, d.withZeroStage(next), change, false)
                        : remedy(mechanism, s, d.withZeroStage(next), change);
            }
            case "fsdp" -> d.zeroStage() < 3
                    ? remedy(mechanism, s, d.withZeroStage(3), "ZeRO stage " + d.zeroStage() + " -> 3 (FSDP: "
                    + "parameters, gradients and optimizer states sharded over " + d.dp() * d.cp() + " replicas)")
                    : Optional.empty();
            case "activation_recomputation" -> d.recompute()
                    ? remedy(mechanism, s, d.withRecompute(false), "activation recomputation off (every layer "
                    + "keeps its activations; no forward runs twice)")
                    : remedy(mechanism, s, d.withRecompute(true), "activation recomputation on (full: each layer "
                    + "keeps only its input and recomputes its forward in the backward)");
            case "tensor_parallelism" -> model.attentionHeads() % (d.tp() * 2) == 0
                    ? reshape(mechanism, s, gpus, d.tp() * 2, d.pp(), d.cp(), "tp " + d.tp() + " -> " + d.tp() * 2)
                    : Optional.empty();
            case "pipeline_parallelism" -> d.pp() * 2 <= model.layers()
                    ? reshape(mechanism, s, gpus, d.tp(), d.pp() * 2, d.cp(), "pp " + d.pp() + " -> " + d.pp() * 2)
                    : Optional.empty();
            case "context_parallelism" -> s.training().seqLen() % (d.cp() * 2) == 0
                    ? reshape(mechanism, s, gpus, d.tp(), d.pp(), d.cp() * 2, "cp " + d.cp() + " -> " + d.cp() * 2)
                    : Optional.empty();
            case "expert_parallelism" -> {
                int ep = d.ep() * 2;
                boolean ok = model.isMoe() && model.moe().routedExperts() % ep == 0
                        && ((long) d.dp() * d.tp()) % ep == 0;
                yield ok ? remedy(mechanism, s, d.withParallelism(d.tp(), d.pp(), d.dp(), ep, d.cp()),
                        "ep " + d.ep() + " -> " + ep + " (each GPU holds " + model.moe().routedExperts()
                                / Math.max(ep, d.tp()) + " of " + model.moe().routedExperts() + " experts per layer)")
                        : Optional.empty();
            }
            case "micro_batch" -> now.gradAccumulation() >= 2
                    ? completed(mechanism, s, d.withMicroBatch(d.microBatch() * 2), "micro-batch " + d.microBatch()
                    + " -> " + d.microBatch() * 2 + " sequences (gradient accumulation " + now.gradAccumulation()
                    + " -> about " + (now.gradAccumulation() + 1) / 2 + ")")
                    : Optional.empty();
            case "data_parallelism" -> {
                int target = d.dp() > now.maxUsefulDp() ? now.maxUsefulDp() : d.dp() / 2;
                if (target < 1 || target >= d.dp()) {
                    yield Optional.empty();
                }
                int used = d.tp() * d.pp() * d.cp() * target;
                yield remedy(mechanism, s, d.withParallelism(d.tp(), d.pp(), target, d.ep(), d.cp()),
                        "dp " + d.dp() + " -> " + target + " (" + used + " of " + gpus + " GPUs)");
            }
            case "fp8" -> d.activations() != NumericFormat.FP8 && s.cluster().gpu().supports(NumericFormat.FP8)
                    ? remedy(mechanism, s, d.withFormats(d.weights(), NumericFormat.FP8, d.kvCache()),
                    "matrix products " + d.activations().id() + " -> fp8 (master weights and optimizer unchanged)")
                    : Optional.empty();
            case "virtual_stages" -> {
                // interleaved 1F1B: twice the model chunks per stage, each chunk at least one layer
                int stageLayers = (model.layers() + d.pp() - 1) / d.pp();
                int v = d.virtualStages() * 2;
                yield d.pp() > 1 && v <= Math.min(stageLayers, MAX_VIRTUAL_STAGES)
                        ? remedy(mechanism, s, d.withVirtualStages(v).withPipelineSchedule("1f1b"), "virtual stages "
                        + d.virtualStages() + " -> " + v + " (interleaved 1F1B: " + v + " model chunks of about "
                        + Math.max(1, stageLayers / v) + " layers on each of the " + d.pp() + " stages"
                        + (d.pipelineSchedule().equals("1f1b") ? "" : "; schedule " + d.pipelineSchedule()
                        + " -> 1f1b") + ")")
                        : Optional.empty();
            }
            case "zero_bubble" -> d.pp() > 1 && !d.pipelineSchedule().equals("zero_bubble")
                    ? remedy(mechanism, s, d.withVirtualStages(1).withPipelineSchedule("zero_bubble"),
                    "pipeline schedule " + schedule(d) + " -> zero_bubble (ZB-H1: each backward's weight gradients "
                    + "fill the drain, one model chunk a stage)")
                    : Optional.empty();
            case "dualpipe" -> {
                String how = " (micro-batches from both ends, each forward chunk's all-to-alls and sends under a "
                        + "backward chunk's compute; two stages' parameters a GPU)";
                if (d.pipelineSchedule().equals("dualpipe") || d.pp() % 2 != 0 && d.pp() > 1) {
                    yield Optional.empty();
                }
                if (d.pp() == 1) {
                    // DualPipe needs a pipeline: the smallest, two stages, the GPUs taken from data parallelism
                    int dp = Math.min(d.dp(), gpus / (d.tp() * 2 * d.cp()));
                    yield dp < 1 ? Optional.empty() : completed(mechanism, s, d.withParallelism(d.tp(), 2, dp, d.ep(),
                            d.cp()).withVirtualStages(1).withPipelineSchedule("dualpipe"), "pp 1 -> 2, pipeline "
                            + "schedule dualpipe" + how + dpChange(d.dp(), dp));
                }
                yield completed(mechanism, s, d.withVirtualStages(1).withPipelineSchedule("dualpipe"),
                        "pipeline schedule " + schedule(d) + " -> dualpipe" + how);
            }
            case "tp_to_pp" -> d.tp() > 1 && d.pp() * 2 <= model.layers()
                    ? trade(mechanism, s, staged(s, d, d.withParallelism(d.tp() / 2, d.pp() * 2, d.dp(), d.ep(), d.cp())))
                    : Optional.empty();
            case "tp_to_cp" -> d.tp() > 1 && contextSplits(s, d.cp() * 2)
                    ? trade(mechanism, s, d.withParallelism(d.tp() / 2, d.pp(), d.dp(), d.ep(), d.cp() * 2))
                    : Optional.empty();
            // twice the replicas, each at least one micro-batch within the critical batch (the bill recounts the
            // accumulation; the estimate's max_useful_dp is at today's accumulation, which shrinks as dp grows)
            case "tp_to_dp" -> d.tp() > 1 && d.dp() * 2 <= ScalingLimits.maxUsefulDp(now.criticalBatchTokens(),
                    d.microBatch(), 1, s.training().seqLen())
                    && d.tp() / 2 * d.pp() * d.cp() * d.dp() * 2 <= gpus
                    ? trade(mechanism, s, d.withParallelism(d.tp() / 2, d.pp(), d.dp() * 2, d.ep(), d.cp()))
                    : Optional.empty();
            case "recompute_to_stages" -> d.recompute()
                    ? trade(mechanism, s, d.withRecompute(false))
                    : Optional.empty();
            case "pretokenized_data" -> {
                DataFeed f = s.training().data();
                yield f.tokenizes() ? fed(mechanism, s, f.withFormat("token_ids"), "data_format text -> token_ids "
                        + "(the corpus tokenized once, offline, into shards of "
                        + DataPlane.bytesPerToken(model.vocabSize()) + "-byte token ids)") : Optional.empty();
            }
            case "loader_workers" -> {
                DataFeed f = s.training().data();
                int more = Math.min(f.cpuCoresPerGpu(), f.workersPerGpu() * 2);
                yield f.tokenizes() && more > f.workersPerGpu() ? fed(mechanism, s, f.withWorkersPerGpu(more),
                        "loader workers " + f.workersPerGpu() + " -> " + more + " per GPU (of "
                                + f.cpuCoresPerGpu() + " cores per GPU)") : Optional.empty();
            }
            case "sequence_packing" -> {
                DataFeed f = s.training().data();
                yield !f.packing() && f.meanDocumentTokens() > 0 ? fed(mechanism, s, f.withPacking(true),
                        "sequence packing on (documents end to end in every sequence, attention kept within each)")
                        : Optional.empty();
            }
            case "deterministic_resumption" -> s.training().data().resumable() ? Optional.empty()
                    : fed(mechanism, s, s.training().data().withResumable(true), "the loader's position saved with "
                    + "every checkpoint (a restart goes on from the next unseen sample)");
            default -> throw new IllegalArgumentException("unknown training mechanism '" + mechanism + "'; known: "
                    + String.join(", ", MECHANISMS));
        };
    }

    /**
     * A trade: the traded design as it is where it fits; otherwise completed by one, then two, memory reliefs (ZeRO
     * one stage up or straight to FSDP, pipeline or context parallelism doubled with the GPUs from data parallelism,
     * expert parallelism doubled, selective or full recomputation), the fastest completion that fits by the bill; the
     * traded design as it is where none fits (the rules veto it on its memory), nothing where the layout is not one
     * the model can take. Whether the trade pays is for the rules to judge from its projection.
     */
    private static Optional<Remedy> trade(String mechanism, Scenario s, Design traded) {
        return completed(mechanism, s, traded, describe(s.design(), traded));
    }

    /**
     * A change completed, where it outgrows the GPU, by one, then two, memory reliefs (see {@link #trade}); the
     * change line names the reliefs after its own.
     */
    private static Optional<Remedy> completed(String mechanism, Scenario s, Design traded, String what) {
        return completed(mechanism, s, traded, what, true);
    }

    /**
     * As {@link #completed(String, Scenario, Design, String)}; without ZeRO among the reliefs where the change is
     * ZeRO's own step down (its memory must be found elsewhere, not by sharding again).
     */
    private static Optional<Remedy> completed(String mechanism, Scenario s, Design traded, String what,
                                              boolean reshard) {
        Design best = null;
        double bestDays = Double.POSITIVE_INFINITY;
        List<Design> level = List.of(traded);
        // two reliefs in either order reach the same design: each is billed once
        java.util.Set<Design> seen = new java.util.HashSet<>();
        // a completion that leads back to where the change started is no completion
        seen.add(s.design());
        for (int reliefs = 0; reliefs <= MAX_RELIEFS && !level.isEmpty(); reliefs++) {
            List<Design> next = new ArrayList<>();
            for (Design d : level) {
                if (!seen.add(d) || undoes(s.design(), traded, d)) {
                    continue;
                }
                Scenario sc = s.withDesign(d);
                if (!takes(sc)) {
                    continue;
                }
                if (TrainingEstimator.fitsInMemory(sc)) {
                    // a completion with more reliefs replaces one with fewer only where it is faster
                    double days = TrainingEstimator.estimate(sc).trainingDays();
                    if (days < bestDays) {
                        bestDays = days;
                        best = d;
                    }
                } else if (reliefs < MAX_RELIEFS) {
                    next.addAll(memoryReliefs(s, d, reshard));
                }
            }
            if (best == traded) {
                break;
            }
            level = next;
        }
        if (best != null) {
            return remedy(mechanism, s, best, what + (best == traded ? "" : "; to fit: " + describe(traded, best)));
        }
        // no completion fits: the change as it is, for the rules to veto on its memory
        return takes(s.withDesign(traded)) ? remedy(mechanism, s, traded, what) : Optional.empty();
    }

    /**
     * Whether a completion gives back what its change was for: an axis the change moved (tp, pp, cp, dp, ep, the
     * ZeRO stage, recomputation) back at or past where it started. Twice the replicas completed by pipeline stages
     * taken from those replicas is the pipeline trade under another name, and is offered as that one.
     */
    static boolean undoes(Design start, Design changed, Design completion) {
        int[][] axes = {
                {start.tp(), changed.tp(), completion.tp()},
                {start.pp(), changed.pp(), completion.pp()},
                {start.cp(), changed.cp(), completion.cp()},
                {start.dp(), changed.dp(), completion.dp()},
                {start.ep(), changed.ep(), completion.ep()},
                {start.zeroStage(), changed.zeroStage(), completion.zeroStage()},
                {start.recompute() ? 1 : 0, changed.recompute() ? 1 : 0, completion.recompute() ? 1 : 0}};
        for (int[] a : axes) {
            int moved = Integer.compare(a[1], a[0]);
            if (moved != 0 && Integer.compare(a[2], a[0]) != moved) {
                return true;
            }
        }
        return false;
    }

    /** The memory reliefs a trade may complete itself with, each one change at the same GPUs. */
    private static List<Design> memoryReliefs(Scenario s, Design d, boolean reshard) {
        List<Design> out = new ArrayList<>();
        if (reshard && d.zeroStage() < 3) {
            out.add(d.withZeroStage(d.zeroStage() + 1));
        }
        if (reshard && d.zeroStage() < 2) {
            out.add(d.withZeroStage(3));
        }
        ModelArchitecture m = s.model();
        if (m.isMoe() && m.moe().routedExperts() % (d.ep() * 2) == 0 && ((long) d.dp() * d.tp()) % (d.ep() * 2) == 0) {
            out.add(d.withParallelism(d.tp(), d.pp(), d.dp(), d.ep() * 2, d.cp()));
        }
        if (d.dp() % 2 == 0 && d.pp() * 2 <= s.model().layers()) {
            out.add(staged(s, d, d.withParallelism(d.tp(), d.pp() * 2, d.dp() / 2, d.ep(), d.cp())));
        }
        if (d.dp() % 2 == 0 && contextSplits(s, d.cp() * 2)) {
            out.add(d.withParallelism(d.tp(), d.pp(), d.dp() / 2, d.ep(), d.cp() * 2));
        }
        if (!d.recompute() && !d.selectiveRecompute()) {
            out.add(d.withStepKernels(true, d.sequenceParallel(), d.flashAttention()));
        }
        if (!d.recompute()) {
            out.add(d.withRecompute(true));
        }
        return out;
    }

    /**
     * A design at new pipeline stages, its model chunks a stage kept within the stages' layers. A pipeline opened here
     * (pp from 1) runs ZB-H1: in the bill it holds the same memory and sends as 1F1B and always idles less ((p - 1) /
     * (3 m + p - 1) against (p - 1) / (m + p - 1)), so 1F1B is never the better start; interleaving, which costs sends
     * and memory, and DualPipe stay the rules' choice (TRN-D-07, -10).
     */
    private static Design staged(Scenario s, Design before, Design d) {
        int stageLayers = (s.model().layers() + d.pp() - 1) / d.pp();
        Design chunked = d.withVirtualStages(d.pp() == 1 ? 1 : Math.min(d.virtualStages(), stageLayers));
        return opensPipeline(before, chunked) ? chunked.withPipelineSchedule(ZERO_BUBBLE) : chunked;
    }

    /** Whether a change from one design to the next opens a pipeline that would run plain 1F1B. */
    private static boolean opensPipeline(Design before, Design after) {
        return before.pp() == 1 && after.pp() > 1 && after.virtualStages() == 1
                && after.pipelineSchedule().equals("1f1b");
    }

    /** Whether cp ranks split the sequence evenly and each keeps at least the search's tokens of it. */
    private static boolean contextSplits(Scenario s, int cp) {
        int seq = s.training().seqLen();
        return seq % cp == 0 && seq / cp >= io.ridgeline.engine.search.TrainingSearch.MIN_TOKENS_PER_CP_RANK;
    }

    /** Whether the bill takes the layout (degrees the model and the cluster allow). */
    private static boolean takes(Scenario sc) {
        try {
            io.ridgeline.engine.estimate.TrainingInputs.validate(sc);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What changed between two designs, as the trace's change line names it: "tp 8 -> 4, pp 4 -> 8". */
    static String describe(Design a, Design b) {
        List<String> parts = new ArrayList<>();
        degree(parts, "tp", a.tp(), b.tp());
        degree(parts, "pp", a.pp(), b.pp());
        degree(parts, "cp", a.cp(), b.cp());
        degree(parts, "dp", a.dp(), b.dp());
        degree(parts, "ep", a.ep(), b.ep());
        degree(parts, "virtual stages", a.virtualStages(), b.virtualStages());
        degree(parts, "ZeRO stage", a.zeroStage(), b.zeroStage());
        if (!a.recomputeMode().equals(b.recomputeMode())) {
            parts.add("recomputation " + a.recomputeMode() + " -> " + b.recomputeMode());
        }
        if (!a.pipelineSchedule().equals(b.pipelineSchedule())) {
            parts.add("pipeline schedule " + a.pipelineSchedule() + " -> " + b.pipelineSchedule());
        }
        return parts.isEmpty() ? "no change" : String.join(", ", parts);
    }

    private static void degree(List<String> parts, String name, int a, int b) {
        if (a != b) {
            parts.add(name + " " + a + " -> " + b);
        }
    }

    /** The schedule as a remedy's change names it: "1f1b", "interleaved 1f1b (v 2)", "zero_bubble", ... */
    private static String schedule(Design d) {
        return d.virtualStages() > 1 ? "interleaved 1f1b (v " + d.virtualStages() + ")" : d.pipelineSchedule();
    }

    /** A new model-parallel shape; dp takes what is left of the GPUs, capped at the design's current dp. */
    private static Optional<Remedy> reshape(String mechanism, Scenario s, int gpus, int tp, int pp, int cp,
                                            String change) {
        Design d = s.design();
        int dp = Math.min(d.dp(), gpus / (tp * pp * cp));
        if (dp < 1) {
            return Optional.empty();
        }
        // interleaved chunks stay within the new stages' layers; a pipeline opened here runs ZB-H1
        Design next = staged(s, d, d.withParallelism(tp, pp, dp, d.ep(), cp));
        return remedy(mechanism, s, next,
                change + dpChange(d.dp(), dp)
                        + (next.pipelineSchedule().equals(d.pipelineSchedule()) ? "" : ", pipeline schedule "
                        + next.pipelineSchedule() + " (ZB-H1: the weight gradients fill the drain)"));
    }

    /** The change line's note of the replicas a change gives up, empty where it keeps them. */
    private static String dpChange(int from, int to) {
        return from == to ? "" : String.format(Locale.ROOT, " (dp %d -> %d)", from, to);
    }

    private static Optional<Remedy> remedy(String mechanism, Scenario s, Design next, String change) {
        return Optional.of(new Remedy(mechanism, s.withDesign(next), change));
    }

    /** A change of the data loader (lesson 08): the layout stays, the workload's data feed changes. */
    private static Optional<Remedy> fed(String mechanism, Scenario s, DataFeed next, String change) {
        return Optional.of(new Remedy(mechanism, s.withTraining(s.training().withData(next)), change));
    }
}
