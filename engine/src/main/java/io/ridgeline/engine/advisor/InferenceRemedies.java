package io.ridgeline.engine.advisor;

import io.ridgeline.engine.catalog.Catalogs;
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
            "smaller_model", "gpu_change", "autoscaling");

    private final Catalogs catalogs;

    public InferenceRemedies(Catalogs catalogs) {
        this.catalogs = Objects.requireNonNull(catalogs);
    }

    /** Mechanisms that set the replica count themselves, so the fleet is not re-sized after them. */
    private static final java.util.Set<String> SIZES_THE_FLEET = java.util.Set.of("replication", "disaggregation");

    /**
     * Every remedy that changes something in this scenario, in the order of {@link #MECHANISMS}. A remedy that
     * raises what one replica carries also re-sizes the fleet down to the replicas the load then needs (never
     * below one, never up): the same load on fewer GPUs is part of what it buys.
     */
    public List<Remedy> candidates(Scenario s, InferenceEstimate now) {
        List<Remedy> out = new ArrayList<>();
        for (String m : MECHANISMS) {
            apply(m, s, now).map(r -> SIZES_THE_FLEET.contains(m) ? r : rightSized(r)).ifPresent(out::add);
        }
        return out;
    }

    private static Remedy rightSized(Remedy r) {
        Design d = r.next().design();
        if (d.replicas() <= 1) {
            return r;
        }
        InferenceEstimate after;
        try {
            after = InferenceEstimator.estimate(r.next());
        } catch (IllegalArgumentException refused) {
            return r;
        }
        // an autoscaled fleet's ceiling must still cover the peak; its bill follows the mean
        int needed = Math.max(1, after.peakReplicasNeeded());
        if (needed >= d.replicas()) {
            return r;
        }
        return new Remedy(r.mechanism(), r.next().withDesign(d.withReplicas(needed)),
                r.change() + "; replicas " + d.replicas() + " -> " + needed + " for the same load");
    }

    public Optional<Remedy> apply(String mechanism, Scenario s, InferenceEstimate now) {
        Design d = s.design();
        ModelArchitecture model = s.model();
        return switch (mechanism) {
            case "kv_cache_fp8" -> d.kvCache().bytesPerElement() > 1
                    ? design(mechanism, s, d.withFormats(d.weights(), d.activations(), NumericFormat.FP8),
                    "KV cache " + d.kvCache() + " -> fp8")
                    : Optional.empty();
            case "fp8" -> d.weights() != NumericFormat.FP8 && d.weights().bytesPerElement() >= 1
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
            case "smaller_model" -> s.preferences().smallerModels().stream()
                    .filter(id -> !id.equals(model.id()))
                    .findFirst()
                    .map(id -> new Remedy(mechanism, s.withModel(catalogs.model(id)),
                            "model " + model.id() + " -> " + id));
            case "gpu_change" -> s.preferences().alternativeGpus().stream()
                    .filter(id -> !id.equals(s.cluster().gpu().id()))
                    .findFirst()
                    .map(id -> {
                        var gpu = catalogs.gpu(id);
                        return new Remedy(mechanism, s.withCluster(s.cluster().withGpu(gpu),
                                catalogs.efficiency(gpu)), "gpu " + s.cluster().gpu().id() + " -> " + id);
                    });
            default -> throw new IllegalArgumentException("unknown mechanism '" + mechanism + "'; known: "
                    + String.join(", ", MECHANISMS));
        };
    }

    /**
     * The replica count replication moves to: at least one more, at least what the (peak) load needs, and, when a
     * latency objective is missed for queueing, the fewest replicas (found by bisection, latency falling as replicas
     * grow) at which the projected TTFT and TPOT meet their objectives, within the cluster.
     */
    static int replicasFor(Scenario s, InferenceEstimate now) {
        Design d = s.design();
        int base = Math.max(d.replicas() + 1, now.peakReplicasNeeded());
        int most = s.cluster().totalGpus() / Math.max(1, d.gpusPerReplica());
        if (base >= most || meetsLatency(s, base)) {
            return base;
        }
        if (!meetsLatency(s, most)) {
            return base;
        }
        int lo = base;
        int hi = most;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (meetsLatency(s, mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static boolean meetsLatency(Scenario s, int replicas) {
        InferenceEstimate e = InferenceEstimator.estimate(s.withDesign(s.design().withReplicas(replicas)));
        return (!s.slo().hasTtft() || e.ttftMs() <= s.slo().ttftMs())
                && (!s.slo().hasTpot() || e.tpotMs() <= s.slo().tpotMs());
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
        if (f == Feature.PREFIX_CACHING && s.inference().sharedPrefixTokens() <= 0) {
            return Optional.empty();
        }
        if (f == Feature.CACHE_AWARE_ROUTING && !s.design().has(Feature.PREFIX_CACHING)) {
            return Optional.empty();
        }
        if (f == Feature.AUTOSCALING && s.inference().peakToMeanRatio() <= 1.0) {
            return Optional.empty();
        }
        if (f == Feature.DISAGGREGATION && s.design().replicas() < 2) {
            return design(mechanism, s, s.design().with(f).withReplicas(2),
                    "disaggregation on (replicas 1 -> 2: one prefill and one decode instance)");
        }
        return design(mechanism, s, s.design().with(f), mechanism.replace('_', ' ') + " on");
    }
}
