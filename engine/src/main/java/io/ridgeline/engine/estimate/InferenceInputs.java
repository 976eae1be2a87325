package io.ridgeline.engine.estimate;

import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.WorkloadKind;

/**
 * Checks that an inference scenario can be estimated. Each failure is an {@link IllegalArgumentException} whose
 * message names the field and the allowed range. A design that is valid but does not fit (weights over HBM, batch
 * over the KV budget, more GPUs than the cluster) passes: the estimate reports it.
 */
public final class InferenceInputs {

    private InferenceInputs() {
    }

    /** Throws IllegalArgumentException naming the first field out of range. */
    public static void validate(Scenario s) {
        if (s.kind() != WorkloadKind.INFERENCE) {
            throw new IllegalArgumentException("kind = " + s.kind().id() + " must be inference");
        }
        if (s.inference() == null) {
            throw new IllegalArgumentException("inference workload must be present for kind inference");
        }
        validateModel(s.model());
        validateCluster(s.cluster());
        validateEfficiency(s.efficiency());
        validateDesign(s.design(), s.model(), s.cluster());
        validateWorkload(s.inference());
        if (s.inference().closedLoop() && s.design().has(Feature.DISAGGREGATION)) {
            throw new IllegalArgumentException("design.features: disaggregation is not modelled for a closed loop "
                    + "of clients (workload.concurrency): its benchmark runs one engine doing prefill and decode");
        }
        double p = s.slo().percentile();
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("slo.percentile = " + p + " must be in (0, 1), e.g. 0.99");
        }
        nonNegative("slo.ttftMs", s.slo().ttftMs());
        nonNegative("slo.tpotMs", s.slo().tpotMs());
        nonNegative("slo.e2eMs", s.slo().e2eMs());
        nonNegative("slo.minThroughputTokensPerS", s.slo().minThroughputTokensPerS());
        nonNegative("slo.taskMs", s.slo().taskMs());
    }

    private static void validateModel(ModelArchitecture m) {
        positive("model.layers", m.layers());
        positive("model.hiddenSize", m.hiddenSize());
        positive("model.attentionHeads", m.attentionHeads());
        positive("model.vocabSize", m.vocabSize());
        positive("model.intermediateSize", m.intermediateSize());
        if (m.attention() == AttentionKind.MLA) {
            if (m.mla() == null) {
                throw new IllegalArgumentException("model.mla must be given when model.attention is MLA");
            }
            positive("model.mla.kvLoraRank", m.mla().kvLoraRank());
            nonNegative("model.mla.qkRopeHeadDim", m.mla().qkRopeHeadDim());
        } else {
            positive("model.headDim", m.headDim());
            if (m.kvHeads() < 1 || m.kvHeads() > m.attentionHeads()) {
                throw new IllegalArgumentException("model.kvHeads = " + m.kvHeads()
                        + " must be in [1, model.attentionHeads = " + m.attentionHeads() + "]");
            }
        }
        nonNegative("model.slidingWindow", m.slidingWindow());
        if (m.slidingWindow() > 0 && !(m.slidingLayerShare() >= 0 && m.slidingLayerShare() <= 1)) {
            throw new IllegalArgumentException("model.slidingLayerShare = " + m.slidingLayerShare()
                    + " must be in [0, 1]");
        }
        if (m.moe() != null) {
            positive("model.moe.routedExperts", m.moe().routedExperts());
            positive("model.moe.expertIntermediate", m.moe().expertIntermediate());
            if (m.moe().expertsPerToken() < 1 || m.moe().expertsPerToken() > m.moe().routedExperts()) {
                throw new IllegalArgumentException("model.moe.expertsPerToken = " + m.moe().expertsPerToken()
                        + " must be in [1, model.moe.routedExperts = " + m.moe().routedExperts() + "]");
            }
            if (m.moe().denseLayers() < 0 || m.moe().denseLayers() >= m.layers()) {
                throw new IllegalArgumentException("model.moe.denseLayers = " + m.moe().denseLayers()
                        + " must be in [0, model.layers - 1 = " + (m.layers() - 1) + "]");
            }
        }
    }

    private static void validateCluster(Cluster c) {
        Gpu g = c.gpu();
        positive("cluster.gpusPerNode", c.gpusPerNode());
        positive("cluster.nodes", c.nodes());
        positive("gpu.hbmBytes", g.hbmBytes());
        positive("gpu.hbmBytesPerS", g.hbmBytesPerS());
        nonNegative("cluster.scaleUpBytesPerS", c.scaleUpBytesPerS());
        positive("cluster.scaleOutBytesPerS", c.scaleOutBytesPerS());
        nonNegative("gpu.usdPerGpuHour", g.usdPerGpuHour());
        if (g.peakFor(NumericFormat.BF16).filter(v -> v > 0).isEmpty()) {
            throw new IllegalArgumentException("gpu.peakFlopsPerS of " + g.id()
                    + " must hold a bf16 peak > 0 (the fallback compute format)");
        }
    }

    private static void validateEfficiency(EfficiencyFactors e) {
        fraction("efficiency.compute", e.compute());
        fraction("efficiency.hbm", e.hbm());
        fraction("efficiency.link", e.link());
        fraction("efficiency.serving_compute", e.servingCompute());
        fraction("efficiency.kv_hbm", e.kvHbm());
        fraction("efficiency.moe_compute", e.moeCompute());
        if (!(e.layerOverheadUs() >= 0 && e.moeLayerOverheadUs() >= 0 && e.prefillExpertOverheadUs() >= 0
                && e.collectiveLatencyUs() > 0 && Double.isFinite(e.layerOverheadUs() + e.moeLayerOverheadUs()
                + e.prefillExpertOverheadUs() + e.collectiveLatencyUs()))) {
            throw new IllegalArgumentException("efficiency.layer_overhead_us, efficiency.moe_layer_overhead_us and "
                    + "efficiency.prefill_expert_overhead_us must be >= 0 and efficiency.collective_latency_us > 0 "
                    + "(microseconds)");
        }
    }

    private static void validateDesign(Design d, ModelArchitecture m, Cluster c) {
        positive("design.tp", d.tp());
        positive("design.pp", d.pp());
        positive("design.ep", d.ep());
        positive("design.cp", d.cp());
        positive("design.replicas", d.replicas());
        nonNegative("design.batch", d.batch());
        if (m.attentionHeads() % d.tp() != 0) {
            throw new IllegalArgumentException("design.tp = " + d.tp() + " must divide model.attentionHeads = "
                    + m.attentionHeads());
        }
        if (d.tp() > c.totalGpus()) {
            throw new IllegalArgumentException("design.tp = " + d.tp() + " must be <= the cluster's GPUs = "
                    + c.totalGpus());
        }
        if (d.pp() > m.layers()) {
            throw new IllegalArgumentException("design.pp = " + d.pp() + " must be in [1, model.layers = "
                    + m.layers() + "]");
        }
        if (m.moe() == null) {
            if (d.ep() != 1) {
                throw new IllegalArgumentException("design.ep = " + d.ep() + " must be 1 for a dense model");
            }
        } else if (m.moe().routedExperts() % d.ep() != 0) {
            throw new IllegalArgumentException("design.ep = " + d.ep() + " must divide model.moe.routedExperts = "
                    + m.moe().routedExperts());
        } else if (d.ep() > d.tp() && d.ep() % d.tp() != 0) {
            throw new IllegalArgumentException("design.ep = " + d.ep() + " must be a multiple of design.tp = "
                    + d.tp() + " when it exceeds it");
        }
        if (d.has(Feature.SPECULATIVE_DECODING)) {
            if (d.specDraftTokens() < 1) {
                throw new IllegalArgumentException("design.specDraftTokens = " + d.specDraftTokens()
                        + " must be >= 1 with speculative decoding");
            }
            double a = d.specAcceptanceRate();
            if (!(a > 0 && a < 1)) {
                throw new IllegalArgumentException("design.specAcceptanceRate = " + a + " must be in (0, 1)");
            }
        }
        if (!(d.prefillShare() >= 0 && d.prefillShare() < 1)) {
            throw new IllegalArgumentException("design.prefillShare = " + d.prefillShare()
                    + " must be in [0, 1) (0: derive it from the P:D ratio)");
        }
        if (d.has(Feature.DISAGGREGATION) && d.replicas() < 2) {
            throw new IllegalArgumentException("design.replicas = " + d.replicas()
                    + " must be >= 2 with disaggregation (one prefill and one decode instance at least)");
        }
    }

    private static void validateWorkload(InferenceWorkload w) {
        positive("inference.promptTokens", w.promptTokens());
        if (w.embeddingOnly()) {
            nonNegative("inference.outputTokens", w.outputTokens());
        } else {
            positive("inference.outputTokens", w.outputTokens());
        }
        nonNegative("inference.requestsPerS", w.requestsPerS());
        nonNegative("inference.contextTokens", w.contextTokens());
        if (w.sharedPrefixTokens() < 0 || w.sharedPrefixTokens() > w.promptTokens()) {
            throw new IllegalArgumentException("inference.sharedPrefixTokens = " + w.sharedPrefixTokens()
                    + " must be in [0, inference.promptTokens = " + w.promptTokens() + "]");
        }
        nonNegative("inference.historyTokensPerTurn", w.historyTokensPerTurn());
        nonNegative("inference.turns", w.turns());
        nonNegative("inference.retrievedTokens", w.retrievedTokens());
        nonNegative("inference.retrievalMs", w.retrievalMs());
        nonNegative("inference.toolCallsPerTask", w.toolCallsPerTask());
        nonNegative("inference.offlineRequests", w.offlineRequests());
        if (w.peakToMeanRatio() != 0 && !(w.peakToMeanRatio() >= 1)) {
            throw new IllegalArgumentException("inference.peakToMeanRatio = " + w.peakToMeanRatio()
                    + " must be >= 1 (or 0: unset)");
        }
    }

    private static void positive(String field, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(field + " = " + v + " must be > 0");
        }
    }

    private static void nonNegative(String field, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(field + " = " + v + " must be >= 0");
        }
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " = " + v + " must be > 0");
        }
    }

    private static void nonNegative(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " = " + v + " must be >= 0");
        }
    }

    private static void fraction(String field, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(field + " = " + v + " must be in (0, 1]");
        }
    }
}
