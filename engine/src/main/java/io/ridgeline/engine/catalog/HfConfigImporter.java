package io.ridgeline.engine.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.AttentionProjection;
import io.ridgeline.facts.MlaSpec;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.MoeSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelArchitecture}.
 *
 * <p>Handled {@code model_type}s and their keys:
 * <ul>
 *   <li>{@code llama}, {@code mistral}, {@code qwen2}: num_hidden_layers, hidden_size, num_attention_heads,
 *       num_key_value_heads (default: num_attention_heads), head_dim (default: hidden_size / num_attention_heads),
 *       intermediate_size, vocab_size, max_position_embeddings, tie_word_embeddings (default false),
 *       sliding_window (ignored when null or when use_sliding_window is false; Qwen2 slides only layers from
 *       max_window_layers on);</li>
 *   <li>{@code mixtral}: the above plus num_local_experts and num_experts_per_tok; intermediate_size is the
 *       expert size and every layer is MoE;</li>
 *   <li>{@code deepseek_v3}: the MLA keys q_lora_rank, kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim,
 *       v_head_dim, and n_routed_experts, n_shared_experts, num_experts_per_tok, moe_intermediate_size,
 *       first_k_dense_replace (moe_layer_freq must be 1); head_dim is taken as qk_nope_head_dim + qk_rope_head_dim;
 *       the multi-token-prediction layers (num_nextn_predict_layers) are left out, as in the published 671B;</li>
 *   <li>{@code gemma2}: tie_word_embeddings defaults to true; local and global attention alternate, so
 *       ceil(layers / 2) of the layers use sliding_window.</li>
 * </ul>
 * Attention biases: qwen2 (Qwen2 and Qwen2.5) always carries them on the q, k and v projections and none on o, as
 * its modelling code does whatever the config says; {@code attention_bias} (true or false, default false) puts one
 * on all of q, k, v and o for llama, mistral and gemma2, is ignored for mixtral (whose projections never carry one)
 * and must be false for deepseek_v3 (its latent projections' biases are not counted).
 * A {@code layer_types} list (newer transformers) sets the sliding share directly. Every MLP is taken as gated
 * (SwiGLU/GeGLU), as in all the handled types. Published parameter counts are not in config.json and stay 0.
 */
public final class HfConfigImporter {

    /** The model types this importer reads. */
    public static final List<String> SUPPORTED_MODEL_TYPES =
            List.of("llama", "mistral", "qwen2", "mixtral", "deepseek_v3", "gemma2");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> GQA_FAMILY = Set.of("llama", "mistral", "qwen2", "mixtral", "gemma2");

    private HfConfigImporter() {
    }

    /**
     * Imports a config.json file. The id is the folder name for a file called {@code config.json} (the usual
     * layout of a downloaded checkpoint), otherwise the file name without {@code .json}, lower-cased.
     *
     * @throws IllegalArgumentException when the file is unreadable, not JSON, of an unsupported model_type, or a
     *                                  key is missing or out of range; the message names the file and the key
     */
    public static ModelArchitecture fromConfigJson(Path p) {
        if (p == null) {
            throw new IllegalArgumentException("config.json path is missing; give the path of a Hugging Face config.json");
        }
        String text;
        try {
            text = Files.readString(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("config.json '" + p + "' cannot be read: " + e.getMessage(), e);
        }
        return parse(text, idFor(p), "config.json '" + p + "'", p.toString());
    }

    /**
     * Imports the text of a config.json.
     *
     * @param id the catalog id to give the model
     * @throws IllegalArgumentException as {@link #fromConfigJson(Path)}; the message names {@code id} and the key
     */
    public static ModelArchitecture fromJson(String json, String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is missing; give a non-empty id for the imported model");
        }
        if (json == null) {
            throw new IllegalArgumentException("config.json for '" + id + "' is missing; give its JSON text");
        }
        return parse(json, id.trim(), "config.json for '" + id.trim() + "'", "JSON text");
    }

    private static ModelArchitecture parse(String json, String id, String where, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(where + ": the top level must be a JSON object of config keys");
        }
        Fields c = new Fields(root, where);
        String type = c.text("model_type").toLowerCase(Locale.ROOT);
        if (!SUPPORTED_MODEL_TYPES.contains(type)) {
            throw c.fail("model_type", "must be one of " + String.join(", ", SUPPORTED_MODEL_TYPES) + ", got '"
                    + type + "'");
        }
        int layers = c.integer("num_hidden_layers", 1, ModelEntries.MAX_DIM);
        int hidden = c.integer("hidden_size", 1, ModelEntries.MAX_DIM);
        int heads = c.integer("num_attention_heads", 1, ModelEntries.MAX_DIM);
        int kvHeads = c.integer("num_key_value_heads", 1, heads, heads);
        int vocab = c.integer("vocab_size", 1, ModelEntries.MAX_DIM);
        int maxContext = c.integer("max_position_embeddings", 1, Integer.MAX_VALUE);
        int intermediate = c.integer("intermediate_size", 1, ModelEntries.MAX_DIM);
        boolean tied = c.bool("tie_word_embeddings", type.equals("gemma2"));
        // the Hub repository the launch commands name: an explicit hf_id, else the config's own _name_or_path
        String name = c.optionalText("hf_id").or(() -> c.optionalText("_name_or_path")).orElse(id);

        MoeSpec moe = null;
        MlaSpec mla = null;
        int headDim;
        AttentionKind attention;
        if (type.equals("deepseek_v3")) {
            mla = new MlaSpec(c.integer("q_lora_rank", 0, ModelEntries.MAX_DIM, 0),
                    c.integer("kv_lora_rank", 1, ModelEntries.MAX_DIM),
                    c.integer("qk_nope_head_dim", 1, ModelEntries.MAX_DIM),
                    c.integer("qk_rope_head_dim", 0, ModelEntries.MAX_DIM),
                    c.integer("v_head_dim", 1, ModelEntries.MAX_DIM));
            headDim = mla.qkNopeHeadDim() + mla.qkRopeHeadDim();
            attention = AttentionKind.MLA;
            if (c.integer("moe_layer_freq", 1, 1, 1) != 1) {
                throw c.fail("moe_layer_freq", "must be 1 (every layer after first_k_dense_replace is MoE)");
            }
            int routed = c.integer("n_routed_experts", 1, ModelEntries.MAX_DIM);
            // group-limited routing: n_group groups, a token's experts from topk_group of them (1 and 1: none)
            int groups = c.integer("n_group", 1, routed, 1);
            int limit = c.integer("topk_group", 1, groups, groups);
            boolean limited = groups > 1 && limit < groups && routed % groups == 0;
            moe = new MoeSpec(routed, c.integer("num_experts_per_tok", 1, routed),
                    c.integer("n_shared_experts", 0, ModelEntries.MAX_DIM, 0),
                    c.integer("moe_intermediate_size", 1, ModelEntries.MAX_DIM),
                    c.integer("first_k_dense_replace", 0, layers - 1, 0), limited ? groups : 0, limited ? limit : 0);
        } else {
            headDim = c.has("head_dim") ? c.integer("head_dim", 1, ModelEntries.MAX_DIM) : defaultHeadDim(c, hidden, heads);
            attention = ModelEntries.inferAttention(false, heads, kvHeads);
            if (type.equals("mixtral")) {
                int routed = c.integer("num_local_experts", 1, ModelEntries.MAX_DIM);
                moe = new MoeSpec(routed, c.integer("num_experts_per_tok", 1, routed), 0, intermediate, 0);
            }
        }
        int window = 0;
        double share = 0;
        if (GQA_FAMILY.contains(type)) {
            double s = slidingShare(c, type, layers);
            if (s > 0) {
                window = c.integer("sliding_window", 1, Integer.MAX_VALUE);
                share = s;
            }
        }
        ModelArchitecture m = new ModelArchitecture(id, name, layers, hidden, heads, kvHeads, headDim, intermediate,
                true, vocab, tied, maxContext, attention, window, share, moe, mla, 0, 0,
                "imported from Hugging Face config.json (" + origin + "), model_type " + type,
                attentionBias(c, type));
        ModelEntries.check(m, where);
        return m;
    }

    /** The attention projections that carry a bias for this model type (see the class comment). */
    private static EnumSet<AttentionProjection> attentionBias(Fields c, String type) {
        // read (and so checked) for every type: a non-boolean is an error even where the value is not used
        boolean flag = c.bool("attention_bias", false);
        return switch (type) {
            case "qwen2" -> EnumSet.of(AttentionProjection.Q, AttentionProjection.K, AttentionProjection.V);
            case "llama", "mistral", "gemma2" -> flag ? EnumSet.allOf(AttentionProjection.class)
                    : EnumSet.noneOf(AttentionProjection.class);
            case "deepseek_v3" -> {
                if (flag) {
                    throw c.fail("attention_bias", "must be false (or absent) for deepseek_v3: the biases of its "
                            + "latent attention projections are not counted");
                }
                yield EnumSet.noneOf(AttentionProjection.class);
            }
            default -> EnumSet.noneOf(AttentionProjection.class);
        };
    }

    /** The fraction of layers that attend over a sliding window; 0 when attention is global everywhere. */
    private static double slidingShare(Fields c, String type, int layers) {
        if (!c.has("sliding_window")) {
            return 0;
        }
        if (c.has("layer_types")) {
            return layerTypesShare(c, layers);
        }
        if (!c.bool("use_sliding_window", true)) {
            return 0;
        }
        return switch (type) {
            case "gemma2" -> Math.ceil(layers / 2.0) / layers;
            case "qwen2" -> (double) (layers - c.integer("max_window_layers", 0, layers, 0)) / layers;
            default -> 1.0;
        };
    }

    private static double layerTypesShare(Fields c, int layers) {
        JsonNode types = c.array("layer_types");
        if (types.size() != layers) {
            throw c.fail("layer_types", "must be a list of " + layers + " entries (one per layer), each "
                    + "'sliding_attention' or 'full_attention'");
        }
        int sliding = 0;
        for (JsonNode t : types) {
            String v = t.asText();
            if (v.equals("sliding_attention")) {
                sliding++;
            } else if (!v.equals("full_attention")) {
                throw c.fail("layer_types", "entries must be 'sliding_attention' or 'full_attention', got '" + v + "'");
            }
        }
        return (double) sliding / layers;
    }

    private static int defaultHeadDim(Fields c, int hidden, int heads) {
        if (hidden % heads != 0) {
            throw c.fail("head_dim", "is missing and hidden_size " + hidden + " is not a multiple of "
                    + "num_attention_heads " + heads + "; the config must give head_dim");
        }
        return hidden / heads;
    }

    private static String idFor(Path p) {
        Path file = p.getFileName();
        String fileName = file == null ? "model" : file.toString();
        String id;
        if (fileName.equalsIgnoreCase("config.json") && p.toAbsolutePath().getParent() != null
                && p.toAbsolutePath().getParent().getFileName() != null) {
            id = p.toAbsolutePath().getParent().getFileName().toString();
        } else {
            id = fileName.toLowerCase(Locale.ROOT).endsWith(".json")
                    ? fileName.substring(0, fileName.length() - ".json".length()) : fileName;
        }
        return id.toLowerCase(Locale.ROOT);
    }
}
