package io.ridgeline.engine.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.AttentionProjection;
import io.ridgeline.facts.MlaSpec;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.MoeSpec;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns one {@code models.yaml} entry into a {@link ModelArchitecture}, and checks any architecture (catalog or
 * imported) for internal consistency: head counts against the attention kind, MoE and MLA blocks, windows.
 */
final class ModelEntries {

    static final double BILLION = 1e9;
    /** Upper bound for sizes and counts read from files: far above any model, low enough to catch garbage. */
    static final int MAX_DIM = 10_000_000;

    private static final Set<String> ALLOWED = Set.of("id", "name", "layers", "hidden_size", "attention_heads",
            "kv_heads", "head_dim", "intermediate_size", "gated_mlp", "vocab_size", "tied_embeddings", "max_context",
            "attention", "sliding_window", "sliding_layer_share", "moe", "mla", "published_total_params_billions",
            "published_active_params_billions", "source", "attention_bias");
    /** What {@code attention_bias} takes, for its error messages. */
    static final String ATTENTION_BIAS_RULE = "must be a list of the attention projections that carry a bias, each "
            + "one of q, k, v, o (Qwen2 and Qwen2.5: [q, k, v]; a Llama config's attention_bias true: [q, k, v, o]); "
            + "[] or absent for none";
    private static final Set<String> MOE_KEYS = Set.of("routed_experts", "experts_per_token", "shared_experts",
            "expert_intermediate_size", "dense_layers", "expert_groups", "group_limit");
    private static final Set<String> MLA_KEYS = Set.of("q_lora_rank", "kv_lora_rank", "qk_nope_head_dim",
            "qk_rope_head_dim", "v_head_dim");

    private ModelEntries() {
    }

    static ModelArchitecture parse(Fields e) {
        e.rejectUnknown(ALLOWED);
        String id = e.text("id");
        int layers = e.integer("layers", 1, MAX_DIM);
        int hidden = e.integer("hidden_size", 1, MAX_DIM);
        int heads = e.integer("attention_heads", 1, MAX_DIM);
        int kvHeads = e.integer("kv_heads", 1, heads);
        int headDim = e.has("head_dim") ? e.integer("head_dim", 1, MAX_DIM) : defaultHeadDim(e, hidden, heads);
        MoeSpec moe = e.object("moe").map(m -> moe(m, layers)).orElse(null);
        MlaSpec mla = e.object("mla").map(ModelEntries::mla).orElse(null);
        AttentionKind attention = e.has("attention")
                ? attentionKind(e, e.text("attention"))
                : inferAttention(mla != null, heads, kvHeads);
        int window = e.integer("sliding_window", 0, MAX_DIM, 0);
        double share = e.number("sliding_layer_share", 0, 1, 0, "");
        double total = e.number("published_total_params_billions", 0, 1e6, 0, "billion parameters") * BILLION;
        double active = e.number("published_active_params_billions", 0, 1e6, 0, "billion parameters") * BILLION;
        ModelArchitecture m = new ModelArchitecture(id, e.optionalText("name").orElse(id), layers, hidden, heads,
                kvHeads, headDim, e.integer("intermediate_size", 1, MAX_DIM), e.bool("gated_mlp", true),
                e.integer("vocab_size", 1, MAX_DIM), e.bool("tied_embeddings", false),
                e.integer("max_context", 1, Integer.MAX_VALUE), attention, window, share, moe, mla, total, active,
                e.text("source"), attentionBias(e));
        check(m, e.where());
        return m;
    }

    /** Consistency rules every architecture must meet; {@code where} names the file and entry. */
    static void check(ModelArchitecture m, String where) {
        switch (m.attention()) {
            case MHA -> require(m.kvHeads() == m.attentionHeads(), where, "kv_heads",
                    "must equal attention_heads (" + m.attentionHeads() + ") for mha, got " + m.kvHeads());
            case MQA -> require(m.kvHeads() == 1, where, "kv_heads", "must be 1 for mqa, got " + m.kvHeads());
            case GQA -> require(m.kvHeads() > 1 && m.kvHeads() < m.attentionHeads()
                            && m.attentionHeads() % m.kvHeads() == 0, where, "kv_heads",
                    "must divide attention_heads (" + m.attentionHeads() + ") and lie in [2, "
                            + (m.attentionHeads() - 1) + "] for gqa, got " + m.kvHeads());
            case MLA -> require(m.mla() != null, where, "mla", "is missing; attention mla needs q_lora_rank, "
                    + "kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim and v_head_dim");
        }
        if (m.attention() == AttentionKind.MLA) {
            require(m.attentionBias().isEmpty(), where, "attention_bias", "is not counted for attention mla (its "
                    + "projections are not q, k, v and o); leave it out, got " + m.attentionBias());
        }
        if (m.attention() != AttentionKind.MLA) {
            require(m.mla() == null, where, "mla", "is only allowed with attention mla, got attention "
                    + m.attention().name().toLowerCase(Locale.ROOT));
        }
        if (m.slidingWindow() > 0) {
            require(m.slidingLayerShare() > 0 && m.slidingLayerShare() <= 1, where, "sliding_layer_share",
                    "must be in (0, 1] when sliding_window is set, got " + m.slidingLayerShare());
        } else {
            require(m.slidingLayerShare() == 0, where, "sliding_layer_share",
                    "must be 0 (or absent) when sliding_window is 0, got " + m.slidingLayerShare());
        }
        if (m.moe() == null) {
            require(m.publishedActiveParams() == 0, where, "published_active_params_billions",
                    "is only for MoE models (a dense model activates every parameter)");
        }
        require(m.publishedActiveParams() <= m.publishedTotalParams(), where, "published_active_params_billions",
                "must not exceed published_total_params_billions (" + m.publishedTotalParams() / BILLION + ")");
    }

    /** The {@code attention_bias} list: the projections that carry a bias, none when absent. */
    private static EnumSet<AttentionProjection> attentionBias(Fields e) {
        EnumSet<AttentionProjection> out = EnumSet.noneOf(AttentionProjection.class);
        JsonNode v = e.raw("attention_bias");
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw e.fail("attention_bias", ATTENTION_BIAS_RULE, v);
        }
        for (JsonNode p : v) {
            AttentionProjection proj = p.isTextual() ? projection(p.asText()) : null;
            if (proj == null) {
                throw e.fail("attention_bias", ATTENTION_BIAS_RULE, p);
            }
            if (!out.add(proj)) {
                throw e.fail("attention_bias", "names '" + proj + "' twice; " + ATTENTION_BIAS_RULE, v);
            }
        }
        return out;
    }

    private static AttentionProjection projection(String text) {
        for (AttentionProjection p : AttentionProjection.values()) {
            if (p.id().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        return null;
    }

    static AttentionKind inferAttention(boolean hasMla, int heads, int kvHeads) {
        if (hasMla) {
            return AttentionKind.MLA;
        }
        if (kvHeads == heads) {
            return AttentionKind.MHA;
        }
        return kvHeads == 1 ? AttentionKind.MQA : AttentionKind.GQA;
    }

    private static int defaultHeadDim(Fields e, int hidden, int heads) {
        if (hidden % heads != 0) {
            throw e.fail("head_dim", "is missing and hidden_size " + hidden + " is not a multiple of attention_heads "
                    + heads + "; give head_dim, an integer in [1, " + MAX_DIM + "]");
        }
        return hidden / heads;
    }

    private static AttentionKind attentionKind(Fields e, String text) {
        try {
            return AttentionKind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw e.fail("attention", "must be one of " + Arrays.stream(AttentionKind.values())
                    .map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", got '" + text + "'");
        }
    }

    private static MoeSpec moe(Fields m, int layers) {
        m.rejectUnknown(MOE_KEYS);
        int routed = m.integer("routed_experts", 1, MAX_DIM);
        int groups = m.integer("expert_groups", 0, routed, 0);
        if (groups > 0 && routed % groups != 0) {
            throw m.fail("expert_groups", "must divide routed_experts (" + routed + "), got " + groups);
        }
        int limit = m.integer("group_limit", 0, Math.max(0, groups), 0);
        if ((groups > 0) != (limit > 0)) {
            throw m.fail(groups > 0 ? "group_limit" : "expert_groups", "expert_groups and group_limit come together "
                    + "(DeepSeek's n_group and topk_group): both above 0, or neither");
        }
        return new MoeSpec(routed, m.integer("experts_per_token", 1, routed), m.integer("shared_experts", 0, MAX_DIM, 0),
                m.integer("expert_intermediate_size", 1, MAX_DIM), m.integer("dense_layers", 0, layers - 1, 0),
                groups, limit);
    }

    private static MlaSpec mla(Fields m) {
        m.rejectUnknown(MLA_KEYS);
        return new MlaSpec(m.integer("q_lora_rank", 0, MAX_DIM, 0), m.integer("kv_lora_rank", 1, MAX_DIM),
                m.integer("qk_nope_head_dim", 1, MAX_DIM), m.integer("qk_rope_head_dim", 0, MAX_DIM),
                m.integer("v_head_dim", 1, MAX_DIM));
    }

    private static void require(boolean ok, String where, String key, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(where + ": key '" + key + "' " + rule);
        }
    }
}
