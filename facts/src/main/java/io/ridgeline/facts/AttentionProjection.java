package io.ridgeline.facts;

import java.util.Locale;

/**
 * One of a layer's four attention projections, named as in Hugging Face checkpoints (q_proj, k_proj, v_proj,
 * o_proj); {@link ModelArchitecture#attentionBias()} says which of them carry a bias vector.
 */
public enum AttentionProjection {
    /** the query projection: a bias of attention_heads x head_dim */
    Q,
    /** the key projection: a bias of kv_heads x head_dim */
    K,
    /** the value projection: a bias of kv_heads x head_dim */
    V,
    /** the output projection: a bias of hidden_size */
    O;

    /** The catalog's name for it: q, k, v or o. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }
}
