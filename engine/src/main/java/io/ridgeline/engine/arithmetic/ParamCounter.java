package io.ridgeline.engine.arithmetic;

import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.AttentionProjection;
import io.ridgeline.facts.MlaSpec;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.MoeSpec;

import java.util.stream.Collectors;

/**
 * Parameter counts derived from the architecture. Counts matrices, norms and the attention projections' biases the
 * architecture names ({@link ModelArchitecture#attentionBias()}: Qwen2's q, k and v; a Llama config's
 * attention_bias true puts one on all four). Other biases (GPT-3's MLP and LayerNorm biases) and learned position
 * embeddings are left out, each well under 0.1% of the total.
 */
public final class ParamCounter {

    private ParamCounter() {
    }

    /** Every parameter the checkpoint stores: all experts of an MoE model. */
    public static double totalParams(ModelArchitecture m) {
        return count(m, false);
    }

    /** Parameters one token passes through: for MoE, the top-k routed experts plus the shared ones. */
    public static double activeParams(ModelArchitecture m) {
        return count(m, true);
    }

    /** Embedding and, unless tied, output-head parameters: vocab x hidden, once or twice. */
    public static double embeddingParams(ModelArchitecture m) {
        double table = (double) m.vocabSize() * m.hiddenSize();
        return m.tiedEmbeddings() ? table : 2 * table;
    }

    /** Attention projection parameters in one layer: the weight matrices and any biases. */
    public static double attentionParamsPerLayer(ModelArchitecture m) {
        return attentionWeightsPerLayer(m) + attentionBiasParamsPerLayer(m);
    }

    /**
     * The attention projections' bias vectors in one layer, one element per output: q attention_heads x head_dim,
     * k and v kv_heads x head_dim each, o hidden_size; 0 when none carries a bias (and for MLA, whose catalog entries
     * carry none).
     */
    public static double attentionBiasParamsPerLayer(ModelArchitecture m) {
        if (m.attention() == AttentionKind.MLA) {
            return 0;
        }
        double qDim = (double) m.attentionHeads() * m.headDim();
        double kvDim = (double) m.kvHeads() * m.headDim();
        return (m.hasAttentionBias(AttentionProjection.Q) ? qDim : 0)
                + (m.hasAttentionBias(AttentionProjection.K) ? kvDim : 0)
                + (m.hasAttentionBias(AttentionProjection.V) ? kvDim : 0)
                + (m.hasAttentionBias(AttentionProjection.O) ? m.hiddenSize() : 0);
    }

    /** The projections that carry a bias, for formulas: "q, k, v"; empty when none does. */
    public static String biasedProjections(ModelArchitecture m) {
        return m.attentionBias().stream().map(AttentionProjection::id).collect(Collectors.joining(", "));
    }

    /** The attention projections' weight matrices in one layer. */
    private static double attentionWeightsPerLayer(ModelArchitecture m) {
        double h = m.hiddenSize();
        if (m.attention() == AttentionKind.MLA) {
            MlaSpec a = m.mla();
            double qkHead = a.qkNopeHeadDim() + a.qkRopeHeadDim();
            double q = a.qLoraRank() > 0
                    ? h * a.qLoraRank() + a.qLoraRank() + (double) a.qLoraRank() * m.attentionHeads() * qkHead
                    : h * m.attentionHeads() * qkHead;
            double kvDown = h * (a.kvLoraRank() + a.qkRopeHeadDim()) + a.kvLoraRank();
            double kvUp = (double) a.kvLoraRank() * m.attentionHeads() * (a.qkNopeHeadDim() + a.vHeadDim());
            double out = (double) m.attentionHeads() * a.vHeadDim() * h;
            return q + kvDown + kvUp + out;
        }
        double qDim = (double) m.attentionHeads() * m.headDim();
        double kvDim = (double) m.kvHeads() * m.headDim();
        return h * qDim + 2 * h * kvDim + qDim * h;
    }

    /** One MLP's parameters: 3 matrices when gated (SwiGLU), 2 otherwise. */
    public static double mlpParams(ModelArchitecture m, int intermediate) {
        return (m.gatedMlp() ? 3.0 : 2.0) * m.hiddenSize() * intermediate;
    }

    private static double count(ModelArchitecture m, boolean activeOnly) {
        double h = m.hiddenSize();
        double norms = 2 * h;
        double perLayerAttention = attentionParamsPerLayer(m) + norms;
        double mlps;
        MoeSpec moe = m.moe();
        if (moe == null) {
            mlps = m.layers() * mlpParams(m, m.intermediateSize());
        } else {
            int moeLayers = m.layers() - moe.denseLayers();
            int experts = activeOnly ? moe.expertsPerToken() : moe.routedExperts();
            double perMoeLayer = (experts + moe.sharedExperts()) * mlpParams(m, moe.expertIntermediate())
                    + h * moe.routedExperts();
            mlps = moe.denseLayers() * mlpParams(m, m.intermediateSize()) + moeLayers * perMoeLayer;
        }
        return embeddingParams(m) + m.layers() * perLayerAttention + mlps + h;
    }
}
