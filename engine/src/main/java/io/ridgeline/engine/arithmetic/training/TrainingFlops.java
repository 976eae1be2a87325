package io.ridgeline.engine.arithmetic.training;

import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.ModelArchitecture;

/**
 * Training FLOPs (units: FLOP, FLOP per token).
 *
 * <p>Model FLOPs per token = 6 x N_mm + 6 x layers x c x d_attn, where
 * <ul>
 *   <li>N_mm are the parameters one token multiplies through: the active parameters less the input-embedding table
 *       when it is untied (a table lookup does no multiply-adds); the output head is counted. For a tied model the
 *       single table is the head, so N_mm is the whole active count.</li>
 *   <li>2 FLOP per parameter forward, 4 backward: 6 N per token (Kaplan et al. 2020).</li>
 *   <li>Attention scores and the weighted sum: forward 2 x 2 x d_attn FLOP per attended key per layer; causal
 *       attention over a sequence of s tokens attends s/2 keys on average, giving forward 2 x layers x s x d_attn
 *       and, x3 for forward and backward, 6 x layers x s x d_attn per token (Kaplan's causal accounting). A
 *       sliding window w &lt; s attends w - w^2/(2s) keys on average.</li>
 * </ul>
 * MFU counts these model FLOPs. Full activation recomputation makes the hardware run one more forward pass
 * (hardware FLOPs = model FLOPs + forward FLOPs, so HFU = MFU x 4/3 for a dense model), which MFU does not credit.
 */
public final class TrainingFlops {

    private TrainingFlops() {
    }

    /** Parameters whose weights multiply activations for one token: active params less an untied input table. */
    public static double matmulParams(ModelArchitecture m) {
        double active = ParamCounter.activeParams(m);
        double inputTable = (double) m.vocabSize() * m.hiddenSize();
        return m.tiedEmbeddings() ? active : active - inputTable;
    }

    /**
     * Width of the attention product per layer, elements: heads x head_dim; for MLA, heads x (q/k head dim +
     * v head dim)/2, the mean of the score and value widths.
     */
    public static double attentionDim(ModelArchitecture m) {
        if (m.attention() == AttentionKind.MLA && m.mla() != null) {
            double qk = m.mla().qkNopeHeadDim() + m.mla().qkRopeHeadDim();
            return m.attentionHeads() * (qk + m.mla().vHeadDim()) / 2.0;
        }
        return (double) m.attentionHeads() * m.headDim();
    }

    /** Keys one query attends on average, over the layers, for causal attention over s tokens. */
    public static double meanAttendedKeys(ModelArchitecture m, int seqLen) {
        double s = seqLen;
        double full = s / 2.0;
        double w = m.slidingWindow();
        if (w <= 0 || w >= s || m.slidingLayerShare() <= 0) {
            return full;
        }
        double windowed = w - w * w / (2.0 * s);
        double share = Math.min(1.0, m.slidingLayerShare());
        return share * windowed + (1 - share) * full;
    }

    /** Forward attention FLOP per token: 4 x layers x d_attn x (mean attended keys) = 2 x layers x s x d_attn. */
    public static double attentionForwardFlopsPerToken(ModelArchitecture m, int seqLen) {
        return 4.0 * m.layers() * attentionDim(m) * meanAttendedKeys(m, seqLen);
    }

    /** Forward FLOP per token: 2 x N_mm + forward attention. */
    public static double forwardFlopsPerToken(ModelArchitecture m, int seqLen) {
        return 2.0 * matmulParams(m) + attentionForwardFlopsPerToken(m, seqLen);
    }

    /** Model FLOP per trained token, forward and backward: 6 x N_mm + 6 x layers x s x d_attn. */
    public static double flopsPerToken(ModelArchitecture m, int seqLen) {
        return 3.0 * forwardFlopsPerToken(m, seqLen);
    }

    /** FLOP the hardware runs per token: model FLOPs, plus one more forward pass under full recomputation. */
    public static double hardwareFlopsPerToken(ModelArchitecture m, int seqLen, boolean recompute) {
        return flopsPerToken(m, seqLen) + (recompute ? forwardFlopsPerToken(m, seqLen) : 0.0);
    }

    /**
     * FLOP the hardware runs per token for a recomputation mode: model FLOPs, plus one more forward pass under full
     * recomputation, or under selective the attention core's forward (the score and value products) again and, for
     * MLA, the up-projections that rebuild its queries, keys and values from the latents
     * ({@link #mlaUpProjectionFlopsPerToken}).
     */
    public static double hardwareFlopsPerToken(ModelArchitecture m, int seqLen, String recompute) {
        return flopsPerToken(m, seqLen) + switch (recompute) {
            case "full" -> forwardFlopsPerToken(m, seqLen);
            case "selective" -> attentionForwardFlopsPerToken(m, seqLen) + mlaUpProjectionFlopsPerToken(m);
            default -> 0.0;
        };
    }

    /**
     * Forward FLOP per token of MLA's up-projections over the layers: 2 x layers x heads x (q_lora x (d_nope +
     * d_rope) + kv_lora x (d_nope + d_v)); 0 for other attention.
     */
    public static double mlaUpProjectionFlopsPerToken(ModelArchitecture m) {
        if (m.attention() != AttentionKind.MLA || m.mla() == null) {
            return 0.0;
        }
        var mla = m.mla();
        return 2.0 * m.layers() * m.attentionHeads() * ((double) mla.qLoraRank() * (mla.qkNopeHeadDim()
                + mla.qkRopeHeadDim()) + (double) mla.kvLoraRank() * (mla.qkNopeHeadDim() + mla.vHeadDim()));
    }

    /**
     * Of the hardware FLOP per token, those that run in bf16 even when the activations are fp8: the attention core
     * (its forward and backward, and its forward again under recomputation; fused attention kernels take bf16
     * operands in Transformer Engine's fp8 recipes and in DeepSeek-V3's, section 3.3) and the output head, 6 h V
     * (DeepSeek-V3 keeps the embedding and the output head in their original precision).
     */
    public static double bf16FlopsPerToken(ModelArchitecture m, int seqLen, String recompute) {
        double core = attentionForwardFlopsPerToken(m, seqLen);
        double again = recompute.equals("none") ? 0.0 : core;
        return 3.0 * core + again + 6.0 * m.hiddenSize() * m.vocabSize();
    }

    /** Model FLOP for a whole run of {@code tokens} tokens. */
    public static double totalFlops(ModelArchitecture m, int seqLen, double tokens) {
        return flopsPerToken(m, seqLen) * tokens;
    }

    /** The 6ND rule alone (no attention term), as published compute budgets state it. */
    public static double sixND(double params, double tokens) {
        return 6.0 * params * tokens;
    }
}
