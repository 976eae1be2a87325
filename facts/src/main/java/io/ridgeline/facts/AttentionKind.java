package io.ridgeline.facts;

/** How keys and values are shared across query heads, which sets the KV-cache bytes per token. */
public enum AttentionKind {
    /** multi-head: one KV head per query head */
    MHA,
    /** grouped-query: fewer KV heads than query heads */
    GQA,
    /** multi-query: a single KV head */
    MQA,
    /** multi-head latent attention (DeepSeek-V2/V3): a compressed latent plus a decoupled RoPE key is cached */
    MLA
}
