package io.ridgeline.facts;

/**
 * Mixture-of-experts feed-forward layers.
 *
 * @param routedExperts         experts per MoE layer that a router chooses among
 * @param expertsPerToken       routed experts each token activates (top-k)
 * @param sharedExperts         experts every token passes through
 * @param expertIntermediate    intermediate size of one expert's gated MLP
 * @param denseLayers           leading layers that keep a dense MLP (DeepSeek's first_k_dense_replace)
 */
public record MoeSpec(int routedExperts, int expertsPerToken, int sharedExperts, int expertIntermediate,
                      int denseLayers) {
}
