package io.ridgeline.engine.arithmetic;

import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.MoeSpec;
import io.ridgeline.facts.NumericFormat;

/**
 * Bytes that inference keeps in HBM: weights and the KV cache, in total and per GPU. Bytes are plain bytes
 * (GB = 1e9 B).
 *
 * <p>Sharding of one replica of tp x pp x cp x a GPUs, where a = max(1, ep / tp) is the number of attention
 * data-parallel groups that expert parallelism wider than tp creates:
 * <ul>
 *   <li>non-expert weights: / (tp x pp); copies are kept in every cp rank and every attention group;</li>
 *   <li>routed-expert weights: / (pp x max(tp, ep));</li>
 *   <li>KV cache: / (tp_kv x pp x cp x a), where tp_kv = min(tp, kvHeads) because a KV head cannot be split,
 *       so ranks beyond kvHeads hold copies; an MLA latent is shared by all heads and is copied on every tp rank
 *       (tp_kv = 1). Each attention group holds its own sequences, hence the / a.</li>
 * </ul>
 */
public final class Memory {

    private Memory() {
    }

    /** Stored weight bytes: N x bytes per element of the format (int4 = 0.5 B, group scales not counted). */
    public static double weightBytes(double params, NumericFormat format) {
        if (!(params >= 0)) {
            throw new IllegalArgumentException("params = " + params + " must be >= 0");
        }
        return params * format.bytesPerElement();
    }

    /** Parameters of the routed experts of all MoE layers (0 for a dense model); shared experts are not routed. */
    public static double routedExpertParams(ModelArchitecture m) {
        MoeSpec moe = m.moe();
        if (moe == null) {
            return 0.0;
        }
        int moeLayers = m.layers() - moe.denseLayers();
        return (double) moeLayers * moe.routedExperts() * ParamCounter.mlpParams(m, moe.expertIntermediate());
    }

    /** Cached elements per token per layer: 2 x kvHeads x headDim (K and V), or kvLoraRank + qkRopeHeadDim (MLA). */
    public static double kvElementsPerTokenPerLayer(ModelArchitecture m) {
        if (m.attention() == AttentionKind.MLA) {
            return (double) m.mla().kvLoraRank() + m.mla().qkRopeHeadDim();
        }
        return 2.0 * m.kvHeads() * m.headDim();
    }

    /**
     * KV-cache bytes one token adds across all layers when every layer caches it:
     * 2 x layers x kvHeads x headDim x bytes (MLA: layers x (kvLoraRank + qkRopeHeadDim) x bytes).
     */
    public static double kvBytesPerToken(ModelArchitecture m, NumericFormat kvFormat) {
        return m.layers() * kvElementsPerTokenPerLayer(m) * kvFormat.bytesPerElement();
    }

    /**
     * KV-cache bytes for one sequence at context L: global layers cache L tokens, the slidingLayerShare of layers
     * with window W cache min(L, W).
     */
    public static double kvBytesForContext(ModelArchitecture m, NumericFormat kvFormat, double contextTokens) {
        if (!(contextTokens >= 0)) {
            throw new IllegalArgumentException("contextTokens = " + contextTokens + " must be >= 0");
        }
        double perLayerToken = kvElementsPerTokenPerLayer(m) * kvFormat.bytesPerElement();
        double windowed = Flops.windowedLayers(m);
        double windowTokens = m.slidingWindow() > 0 ? Math.min(contextTokens, m.slidingWindow()) : contextTokens;
        return perLayerToken * ((m.layers() - windowed) * contextTokens + windowed * windowTokens);
    }

    /**
     * The longest context whose KV cache fits in {@code bytes} for one sequence (the inverse of
     * {@link #kvBytesForContext}). When every layer is windowed, the cache stops growing at W, so the answer is
     * {@code Double.MAX_VALUE} once W fits; callers cap it at the model's maximum context.
     */
    public static double contextForKvBytes(ModelArchitecture m, NumericFormat kvFormat, double bytes) {
        if (!(bytes >= 0)) {
            return 0.0;
        }
        double perLayerToken = kvElementsPerTokenPerLayer(m) * kvFormat.bytesPerElement();
        double windowed = Flops.windowedLayers(m);
        double global = m.layers() - windowed;
        double perTokenAllLayers = perLayerToken * m.layers();
        if (m.slidingWindow() <= 0 || windowed == 0) {
            return bytes / perTokenAllLayers;
        }
        double atWindow = perTokenAllLayers * m.slidingWindow();
        if (bytes <= atWindow) {
            return bytes / perTokenAllLayers;
        }
        if (global <= 0) {
            return Double.MAX_VALUE;
        }
        // beyond W only the global layers grow: bytes = perLayerToken x (global x L + windowed x W)
        return (bytes / perLayerToken - windowed * m.slidingWindow()) / global;
    }

    /** How many ranks a KV head is split over: min(tp, kvHeads), 1 for MLA (the latent is copied on every rank). */
    public static int kvTensorParallelDegree(ModelArchitecture m, int tp) {
        if (m.attention() == AttentionKind.MLA) {
            return 1;
        }
        return Math.max(1, Math.min(tp, m.kvHeads()));
    }

    /** Attention data-parallel groups in one replica when ep exceeds tp: max(1, ep / tp). */
    public static int attentionDataParallel(int tp, int ep) {
        return Math.max(1, ep / Math.max(1, tp));
    }

    /** The divisor from a sequence's KV bytes to one GPU's share: tp_kv x pp x cp x a. */
    public static double kvShardDivisor(ModelArchitecture m, int tp, int pp, int ep, int cp) {
        return (double) kvTensorParallelDegree(m, tp) * pp * cp * attentionDataParallel(tp, ep);
    }

    /** Non-expert weight bytes per GPU: bytes / (tp x pp). */
    public static double denseWeightBytesPerGpu(double denseBytes, int tp, int pp) {
        return denseBytes / ((double) tp * pp);
    }

    /** Routed-expert weight bytes per GPU: bytes / (pp x max(tp, ep)). */
    public static double expertWeightBytesPerGpu(double expertBytes, int tp, int pp, int ep) {
        return expertBytes / ((double) pp * Math.max(tp, ep));
    }
}
