package io.ridgeline.engine.advisor.serving;

import io.ridgeline.engine.advisor.Remedy;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.FleetSizing;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The mechanisms the inference advisor can apply, each as a pure change to the scenario. A mechanism that cannot
 * change anything (already on, nothing smaller to switch to) yields nothing; whether it pays, or is a trap, is for
 * the rules to judge from its projection.
 */
public final class InferenceRemedies {

    /** Mechanism names, a public contract (docs/mechanisms.md). */
    public static final List<String> MECHANISMS = List.of(
            "kv_cache_fp8", "fp8", "weight_quantization_int8", "weight_quantization_int4", "speculative_decoding",
            "prefix_caching", "cache_aware_routing", "chunked_prefill", "tensor_parallelism", "pipeline_parallelism",
            "expert_parallelism", "context_parallelism", "replication", "batch_cap", "disaggregation",
            "smaller_model", "gpu_change", "autoscaling",
            // the inverses: a remedy that no longer pays, or a starting design wider than it needs to be, is undone
            "undo_tensor_parallelism", "undo_pipeline_parallelism", "undo_expert_parallelism",
            "undo_context_parallelism", "undo_replication", "undo_speculative_decoding", "undo_chunked_prefill",
            "undo_disaggregation", "undo_batch_cap", "undo_quantization");

    private final Catalogs catalogs;

    public InferenceRemedies(Catalogs catalogs) {
        this.catalogs = Objects.requireNonNull(catalogs);
    }

    /**
     * Mechanisms that set the replica count themselves, so the fleet is not re-sized after them (a GPU or model
     * change is sized while its options are compared).
     */
    private static final java.util.Set<String> SIZES_THE_FLEET = java.util.Set.of("replication", "undo_replication",
            "gpu_change", "smaller_model");

    /**
     * Every remedy that changes something in this scenario, in the order of {@link #MECHANISMS}. A remedy that
     * changes what one replica carries also re-sizes the fleet to the fewest replicas that carry the load after it
     * ({@link FleetSizing}: latency and capacity at the mean and at the peak), up or down: the load served is part
     * of what a remedy is judged on, and fewer GPUs are part of what it buys.
     */
    public List<Remedy> candidates(Scenario s, InferenceEstimate now) {
        List<Remedy> out = new ArrayList<>();
        for (String m : MECHANISMS) {
            apply(m, s, now).map(r -> SIZES_THE_FLEET.contains(m) ? r : rightSized(r)).ifPresent(out::add);
        }
        return out;
    }

    /** The remedy with its fleet re-sized to the fewest replicas that carry the load, when any number does. */
    static Remedy rightSized(Remedy r) {
        Design d = r.next().design();
        OptionalInt fewest;
        try {
            fewest = FleetSizing.fewestReplicas(r.next());
        } catch (IllegalArgumentException refused) {
            return r;
        }
        if (fewest.isEmpty()) {
            // no count carries the load: the most replicas the GPUs allow, so that the remedy's partial relief is
            // judged within the cluster (a wider replica at the old count can only be over it)
            Scenario next = r.next();
            int gpus = next.cluster().totalGpus();
            if (next.budget().maxGpus() > 0) {
                gpus = Math.min(gpus, next.budget().maxGpus());
            }
            int most = gpus / Math.max(1, d.gpusPerReplica());
            if (most >= 1 && most < d.replicas() && !d.has(io.ridgeline.facts.Feature.DISAGGREGATION)) {
                return new Remedy(r.mechanism(), next.withDesign(d.withReplicas(most)),
                        r.change() + "; replicas " + d.replicas() + " -> " + most + ", the most the GPUs allow");
            }
            return r;
        }
        if (fewest.getAsInt() == d.replicas()) {
            return r;
        }
        int n = fewest.getAsInt();
        return new Remedy(r.mechanism(), r.next().withDesign(d.withReplicas(n)),
                r.change() + "; replicas " + d.replicas() + " -> " + n + " for the load");
    }

    public Optional<Remedy> apply(String mechanism, Scenario s, InferenceEstimate now) {
        Design d = s.design();
        ModelArchitecture model = s.model();
        return switch (mechanism) {
            case "kv_cache_fp8" -> d.kvCache().bytesPerElement() > 1
                    ? design(mechanism, s, d.withFormats(d.weights(), d.activations(), NumericFormat.FP8),
                    "KV cache " + d.kvCache() + " -> fp8")
                    : Optional.empty();
            // from bf16 or fp16, and also from a weight-only int8 or int4 that fp8 compute would serve faster
            case "fp8" -> d.weights() != NumericFormat.FP8
                    ? design(mechanism, s, d.withFormats(NumericFormat.FP8, NumericFormat.FP8, d.kvCache()),
                    "weights " + d.weights() + " -> fp8, activations " + d.activations() + " -> fp8")
                    : Optional.empty();
            case "weight_quantization_int8" -> d.weights().bytesPerElement() > 1
                    ? design(mechanism, s, d.withFormats(NumericFormat.INT8, d.activations(), d.kvCache()),
                    "weights " + d.weights() + " -> int8 (weight-only)")
                    : Optional.empty();
            case "weight_quantization_int4" -> d.weights().bytesPerElement() > 0.5
                    ? design(mechanism, s, d.withFormats(NumericFormat.INT4, nonFp8(d.activations()), d.kvCache()),
                    "weights " + d.weights() + " -> int4 (weight-only)")
                    : Optional.empty();
            case "speculative_decoding", "prefix_caching", "chunked_prefill", "disaggregation", "autoscaling",
                    "cache_aware_routing" -> feature(mechanism, s);
            case "tensor_parallelism" -> model.attentionHeads() % (d.tp() * 2) == 0
                    ? design(mechanism, s, d.withParallelism(d.tp() * 2, d.pp(), d.dp(),
                    Math.max(d.ep(), 1), d.cp()), "tp " + d.tp() + " -> " + d.tp() * 2)
                    : Optional.empty();
            case "pipeline_parallelism" -> model.layers() >= d.pp() * 2
                    ? design(mechanism, s, d.withParallelism(d.tp(), d.pp() * 2, d.dp(), d.ep(), d.cp()),
                    "pp " + d.pp() + " -> " + d.pp() * 2)
                    : Optional.empty();
            case "expert_parallelism" -> model.isMoe() && Math.max(d.ep(), d.tp()) * 2 <= model.moe().routedExperts()
                    ? design(mechanism, s, d.withParallelism(d.tp(), d.pp(), d.dp(), Math.max(d.ep(), d.tp()) * 2,
                    d.cp()), "ep " + d.ep() + " -> " + Math.max(d.ep(), d.tp()) * 2)
                    : Optional.empty();
            case "context_parallelism" -> design(mechanism, s,
                    d.withParallelism(d.tp(), d.pp(), d.dp(), d.ep(), d.cp() * 2), "cp " + d.cp() + " -> " + d.cp() * 2);
            case "replication" -> {
                int target = replicasFor(s, now);
                yield design(mechanism, s, d.withReplicas(target), "replicas " + d.replicas() + " -> " + target);
            }
            case "batch_cap" -> {
                int cap = (int) Math.floor(Math.min(now.kneeBatch() > 0 ? now.kneeBatch() : now.maxBatch(),
                        Math.max(now.maxBatch(), 1)));
                yield cap >= 1 && cap < now.batch()
                        ? design(mechanism, s, d.withBatch(cap), "batch " + now.batch() + " -> " + cap)
                        : Optional.empty();
            }
            case "smaller_model" -> cheapest(s.preferences().smallerModels().stream()
                    .filter(id -> !id.equals(model.id()))
                    .map(id -> new Remedy(mechanism, s.withModel(catalogs.model(id)),
                            "model " + model.id() + " -> " + id)).toList());
            case "gpu_change" -> cheapest(s.preferences().alternativeGpus().stream()
                    .filter(id -> !id.equals(s.cluster().gpu().id()))
                    .map(id -> {
                        var gpu = catalogs.gpu(id);
                        return new Remedy(mechanism, s.withCluster(s.cluster().withGpu(gpu),
                                catalogs.efficiency(gpu, s.design().scheduling().engine())),
                        "gpu " + s.cluster().gpu().id() + " -> " + id);
                    }).toList());
            case "undo_tensor_parallelism" -> d.tp() > 1
                    ? design(mechanism, s, d.withParallelism(d.tp() / 2, d.pp(), d.dp(), d.ep(), d.cp()),
                    "tp " + d.tp() + " -> " + d.tp() / 2)
                    : Optional.empty();
            case "undo_pipeline_parallelism" -> d.pp() > 1
                    ? design(mechanism, s, d.withParallelism(d.tp(), d.pp() / 2, d.dp(), d.ep(), d.cp()),
                    "pp " + d.pp() + " -> " + d.pp() / 2)
                    : Optional.empty();
            case "undo_expert_parallelism" -> d.ep() > 1
                    ? design(mechanism, s, d.withParallelism(d.tp(), d.pp(), d.dp(), d.ep() / 2, d.cp()),
                    "ep " + d.ep() + " -> " + d.ep() / 2)
                    : Optional.empty();
            case "undo_context_parallelism" -> d.cp() > 1
                    ? design(mechanism, s, d.withParallelism(d.tp(), d.pp(), d.dp(), d.ep(), d.cp() / 2),
                    "cp " + d.cp() + " -> " + d.cp() / 2)
                    : Optional.empty();
            case "undo_replication" -> {
                OptionalInt fewest = FleetSizing.fewestReplicas(s);
                yield fewest.isPresent() && fewest.getAsInt() < d.replicas()
                        ? design(mechanism, s, d.withReplicas(fewest.getAsInt()),
                        "replicas " + d.replicas() + " -> " + fewest.getAsInt() + " for the load")
                        : Optional.empty();
            }
            case "undo_speculative_decoding", "undo_chunked_prefill", "undo_disaggregation" -> {
                Feature f = Feature.parse(mechanism.substring("undo_".length()));
                yield d.has(f)
                        ? design(mechanism, s, f == Feature.DISAGGREGATION
                        ? d.without(f).withPrefillShare(0.0) : d.without(f), f.toString().replace('_', ' ') + " off")
                        : Optional.empty();
            }
            case "undo_quantization" -> !s.preferences().accepts(d.weights()) || !s.preferences().accepts(d.kvCache())
                    ? design(mechanism, s, d.withFormats(
                            s.preferences().accepts(d.weights()) ? d.weights() : NumericFormat.BF16,
                            s.preferences().accepts(d.weights()) ? d.activations() : NumericFormat.BF16,
                            s.preferences().accepts(d.kvCache()) ? d.kvCache() : NumericFormat.BF16),
                    "formats the user does not accept -> bf16")
                    : Optional.empty();
            case "undo_batch_cap" -> d.batch() > 0
                    ? design(mechanism, s, d.withBatch(0), "batch " + d.batch() + " -> as many as memory holds")
                    : Optional.empty();
            default -> throw new IllegalArgumentException("unknown mechanism '" + mechanism + "'; known: "
                    + String.join(", ", MECHANISMS));
        };
    }

    /**
     * The replica count replication moves to: at least one more; the fewest that carry the load (latency and
     * capacity at the mean and the peak, {@link FleetSizing}) when that is more; what the bill's Little's-law sizing
     * asks for when not even the whole cluster carries the load.
     */
    static int replicasFor(Scenario s, InferenceEstimate now) {
        Design d = s.design();
        OptionalInt fewest = FleetSizing.fewestReplicas(s);
        return Math.max(d.replicas() + 1, fewest.orElse(now.peakReplicasNeeded()));
    }

    /** Of several ways to apply one mechanism, the one whose re-sized fleet costs least per hour, re-sized. */
    private static Optional<Remedy> cheapest(List<Remedy> options) {
        Remedy best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (Remedy option : options) {
            Remedy sized = rightSized(option);
            double cost;
            try {
                InferenceEstimate e = InferenceEstimator.numeric(sized.next());
                cost = e.fits() ? e.costPerHourUsd() : Double.POSITIVE_INFINITY;
            } catch (IllegalArgumentException refused) {
                continue;
            }
            if (best == null || cost < bestCost) {
                best = sized;
                bestCost = cost;
            }
        }
        return Optional.ofNullable(best);
    }

    private static NumericFormat nonFp8(NumericFormat activations) {
        return activations == NumericFormat.FP8 ? NumericFormat.BF16 : activations;
    }

    private static Optional<Remedy> design(String mechanism, Scenario s, Design next, String change) {
        return Optional.of(new Remedy(mechanism, s.withDesign(next), change));
    }

    private static Optional<Remedy> feature(String mechanism, Scenario s) {
        Feature f = Feature.parse(mechanism);
        if (s.design().has(f)) {
            return Optional.empty();
        }
        if (s.inference().embeddingOnly() && (f == Feature.SPECULATIVE_DECODING || f == Feature.CHUNKED_PREFILL
                || f == Feature.DISAGGREGATION)) {
            return Optional.empty(); // prefill-only work has no decode for these to change
        }
        if (f == Feature.PREFIX_CACHING && s.inference().sharedPrefixTokens() <= 0 && !s.inference().promptPool()) {
            return Optional.empty();
        }
        if (f == Feature.CACHE_AWARE_ROUTING && !s.design().has(Feature.PREFIX_CACHING)) {
            return Optional.empty();
        }
        if (f == Feature.AUTOSCALING && s.inference().peakToMeanRatio() <= 1.0) {
            return Optional.empty();
        }
        if (f == Feature.DISAGGREGATION && s.inference().closedLoop()) {
            return Optional.empty(); // a closed loop's benchmark runs one engine doing both prefill and decode
        }
        if (f == Feature.DISAGGREGATION && s.design().replicas() < 2) {
            return design(mechanism, s, s.design().with(f).withReplicas(2),
                    "disaggregation on (replicas 1 -> 2: one prefill and one decode instance)");
        }
        return design(mechanism, s, s.design().with(f), mechanism.replace('_', ' ') + " on");
    }
}
