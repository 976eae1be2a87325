package io.ridgeline.facts;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A decoder-only transformer, enough of it to count parameters, FLOPs and KV bytes.
 *
 * @param intermediateSize   dense gated-MLP intermediate size (for MoE models: the dense layers' size)
 * @param gatedMlp           true for SwiGLU/GeGLU (3 matrices), false for a plain 2-matrix MLP (GPT-3)
 * @param slidingWindow      tokens of the local attention window, 0 when attention is global everywhere
 * @param slidingLayerShare  fraction of layers that use the sliding window (1 for Mistral, 0.5 for Gemma-2)
 * @param moe                null for a dense model
 * @param mla                null unless attention is MLA
 * @param publishedTotalParams  the published total parameter count, for the 1% check (0 if none)
 * @param publishedActiveParams the published active parameter count (MoE), 0 if none
 * @param attentionBias      the attention projections that carry a bias vector, in q, k, v, o order: q, k and v for
 *                           Qwen2 and Qwen2.5, all four for a Llama config with attention_bias true, none for most
 *                           models (null reads as none)
 */
public record ModelArchitecture(
        String id,
        String name,
        int layers,
        int hiddenSize,
        int attentionHeads,
        int kvHeads,
        int headDim,
        int intermediateSize,
        boolean gatedMlp,
        int vocabSize,
        boolean tiedEmbeddings,
        int maxContext,
        AttentionKind attention,
        int slidingWindow,
        double slidingLayerShare,
        MoeSpec moe,
        MlaSpec mla,
        double publishedTotalParams,
        double publishedActiveParams,
        String source,
        Set<AttentionProjection> attentionBias) {

    public ModelArchitecture {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attention, "attention");
        attentionBias = attentionBias == null || attentionBias.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(AttentionProjection.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(attentionBias));
    }

    /** A model whose attention projections carry no biases (most models). */
    public ModelArchitecture(String id, String name, int layers, int hiddenSize, int attentionHeads, int kvHeads,
                             int headDim, int intermediateSize, boolean gatedMlp, int vocabSize,
                             boolean tiedEmbeddings, int maxContext, AttentionKind attention, int slidingWindow,
                             double slidingLayerShare, MoeSpec moe, MlaSpec mla, double publishedTotalParams,
                             double publishedActiveParams, String source) {
        this(id, name, layers, hiddenSize, attentionHeads, kvHeads, headDim, intermediateSize, gatedMlp, vocabSize,
                tiedEmbeddings, maxContext, attention, slidingWindow, slidingLayerShare, moe, mla, publishedTotalParams,
                publishedActiveParams, source, null);
    }

    /** Whether projection {@code p} carries a bias vector. */
    public boolean hasAttentionBias(AttentionProjection p) {
        return attentionBias.contains(p);
    }

    public boolean isMoe() {
        return moe != null;
    }

    public ModelArchitecture withId(String newId, String newName) {
        return new ModelArchitecture(newId, newName, layers, hiddenSize, attentionHeads, kvHeads, headDim,
                intermediateSize, gatedMlp, vocabSize, tiedEmbeddings, maxContext, attention, slidingWindow,
                slidingLayerShare, moe, mla, publishedTotalParams, publishedActiveParams, source, attentionBias);
    }
}
