package io.ridgeline.engine.arithmetic;

import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.MlaSpec;
import io.ridgeline.facts.ModelArchitecture;

/**
 * Floating-point operations of a forward pass, in FLOP (one multiply-add = 2 FLOP).
 *
 * <p>Linear layers cost 2 FLOP per active parameter per token (the 2N rule; an MoE token pays only for the
 * experts it is routed to, so N is the active count). Attention's score and value products are not parameters and
 * are added separately: per layer and per (query, key) pair, QK^T costs 2 x heads x qkDim and AV costs
 * 2 x heads x vDim; for ordinary attention qkDim = vDim = headDim, so a pair costs 4 x heads x headDim. A causal
 * prompt of P tokens has P^2/2 pairs per layer, hence prefill attention = 2 x layers x P^2 x heads x headDim.
 * Layers with a sliding window W attend to at most W keys. MLA prefill uses the decompressed heads
 * (qk_nope + qk_rope for QK^T, v_head for AV); MLA decode uses the absorbed form that attends in the latent space
 * (kv_lora + qk_rope for QK^T, kv_lora for AV), as DeepSeek-V3 serving does.
 */
public final class Flops {

    private Flops() {
    }

    /** Forward FLOP per token through the linear layers: 2 x N_active. */
    public static double forwardFlopsPerToken(double activeParams) {
        requireNonNegative(activeParams, "activeParams");
        return 2.0 * activeParams;
    }

    /**
     * (query, key) pairs that a causal pass over positions 1..n computes in one layer, when each query sees at most
     * {@code window} keys (0: no window). Continuous form: n^2/2 for n <= W, W x n - W^2/2 beyond.
     */
    public static double causalPairs(double n, int window) {
        requireNonNegative(n, "tokens");
        if (window <= 0 || n <= window) {
            return n * n / 2.0;
        }
        return (double) window * n - (double) window * window / 2.0;
    }

    /** Attention FLOP per (query, key) pair per layer in prefill form: 2 x heads x (qkDim + vDim). */
    public static double prefillAttentionFlopsPerPairPerLayer(ModelArchitecture m) {
        if (m.attention() == AttentionKind.MLA) {
            MlaSpec a = m.mla();
            return 2.0 * m.attentionHeads() * (a.qkNopeHeadDim() + a.qkRopeHeadDim() + a.vHeadDim());
        }
        return 4.0 * m.attentionHeads() * m.headDim();
    }

    /** Attention FLOP per (query, key) pair per layer in decode form (MLA absorbed: 2 x heads x (2 kvLora + rope)). */
    public static double decodeAttentionFlopsPerPairPerLayer(ModelArchitecture m) {
        if (m.attention() == AttentionKind.MLA) {
            MlaSpec a = m.mla();
            return 2.0 * m.attentionHeads() * (2.0 * a.kvLoraRank() + a.qkRopeHeadDim());
        }
        return 4.0 * m.attentionHeads() * m.headDim();
    }

    /**
     * Causal attention FLOP to prefill a whole prompt of {@code promptTokens}: for global attention
     * 2 x layers x P^2 x heads x headDim.
     */
    public static double prefillAttentionFlops(ModelArchitecture m, int promptTokens) {
        return prefillAttentionFlops(m, 0, promptTokens);
    }

    /**
     * Causal attention FLOP to prefill positions cachedTokens+1..promptTokens when the first {@code cachedTokens}
     * are already in the KV cache (prefix caching): the new queries still attend to the cached keys.
     */
    public static double prefillAttentionFlops(ModelArchitecture m, int cachedTokens, int promptTokens) {
        if (cachedTokens < 0 || cachedTokens > promptTokens) {
            throw new IllegalArgumentException("cachedTokens = " + cachedTokens + " must be in [0, promptTokens = "
                    + promptTokens + "]");
        }
        double pairsPerLayer = layerWeightedPairs(m, promptTokens) - layerWeightedPairs(m, cachedTokens);
        return pairsPerLayer * prefillAttentionFlopsPerPairPerLayer(m);
    }

    /**
     * Attention FLOP for one new token at context {@code contextTokens} (all layers): for global attention
     * 4 x layers x L x heads x headDim; windowed layers see min(L, W) keys.
     */
    public static double decodeAttentionFlopsPerToken(ModelArchitecture m, int contextTokens) {
        requireNonNegative(contextTokens, "contextTokens");
        double keys = layerWeightedKeys(m, contextTokens);
        return keys * decodeAttentionFlopsPerPairPerLayer(m);
    }

    /** Prefill FLOP for one request: 2 x N_active x (P - cached) + causal attention over the new positions. */
    public static double prefillFlops(ModelArchitecture m, double activeParams, int cachedTokens, int promptTokens) {
        return forwardFlopsPerToken(activeParams) * (promptTokens - cachedTokens)
                + prefillAttentionFlops(m, cachedTokens, promptTokens);
    }

    /**
     * FLOP per token in the routed experts a token is sent to: 2 x MoE layers x top-k x expert MLP params (0 for a
     * dense model). Shared experts are counted with the non-expert layers.
     */
    public static double routedExpertFlopsPerToken(ModelArchitecture m) {
        if (m.moe() == null) {
            return 0.0;
        }
        int moeLayers = m.layers() - m.moe().denseLayers();
        return 2.0 * moeLayers * m.moe().expertsPerToken() * ParamCounter.mlpParams(m, m.moe().expertIntermediate());
    }

    /** Decode FLOP for one new token at context L: 2 x N_active + attention over L keys. */
    public static double decodeFlopsPerToken(ModelArchitecture m, double activeParams, int contextTokens) {
        return forwardFlopsPerToken(activeParams) + decodeAttentionFlopsPerToken(m, contextTokens);
    }

    /** Sum over layers of causal pairs, windowed layers capped at their window. */
    private static double layerWeightedPairs(ModelArchitecture m, int tokens) {
        double windowed = windowedLayers(m);
        return (m.layers() - windowed) * causalPairs(tokens, 0)
                + windowed * causalPairs(tokens, m.slidingWindow());
    }

    /** Sum over layers of keys one query sees at context L. */
    private static double layerWeightedKeys(ModelArchitecture m, int contextTokens) {
        double windowed = windowedLayers(m);
        double windowKeys = m.slidingWindow() > 0 ? Math.min(contextTokens, m.slidingWindow()) : contextTokens;
        return (m.layers() - windowed) * contextTokens + windowed * windowKeys;
    }

    /** Number of layers (possibly fractional share x layers) that use the sliding window. */
    static double windowedLayers(ModelArchitecture m) {
        return m.slidingWindow() > 0 ? m.slidingLayerShare() * m.layers() : 0.0;
    }

    private static void requireNonNegative(double v, String name) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " = " + v + " must be a finite number >= 0");
        }
    }
}
