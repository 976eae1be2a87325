package io.ridgeline.facts;

/**
 * Mixture-of-experts feed-forward layers.
 *
 * @param routedExperts         experts per MoE layer that a router chooses among
 * @param expertsPerToken       routed experts each token activates (top-k)
 * @param sharedExperts         experts every token passes through
 * @param expertIntermediate    intermediate size of one expert's gated MLP
 * @param denseLayers           leading layers that keep a dense MLP (DeepSeek's first_k_dense_replace)
 * @param expertGroups          groups the routed experts are split into for group-limited routing (DeepSeek's
 *                              n_group); 0: no groups, a token's experts may lie anywhere
 * @param groupLimit            groups a token's experts may come from (DeepSeek's topk_group); 0 with no groups.
 *                              Laid out one group per node, it bounds the nodes a token is sent to (DeepSeek-V3's
 *                              node-limited routing: at most 4 nodes)
 */
public record MoeSpec(int routedExperts, int expertsPerToken, int sharedExperts, int expertIntermediate,
                      int denseLayers, int expertGroups, int groupLimit) {

    /** Routing without expert groups: a token's experts may lie on any GPU of the expert-parallel group. */
    public MoeSpec(int routedExperts, int expertsPerToken, int sharedExperts, int expertIntermediate,
                   int denseLayers) {
        this(routedExperts, expertsPerToken, sharedExperts, expertIntermediate, denseLayers, 0, 0);
    }

    /** True when the router limits each token to {@link #groupLimit} of {@link #expertGroups} groups. */
    public boolean groupLimited() {
        return expertGroups > 1 && groupLimit >= 1 && groupLimit < expertGroups;
    }
}
