package io.ridgeline.engine.arithmetic;

import io.ridgeline.facts.ModelArchitecture;

/**
 * Communication on the critical path of one forward pass of a replica, for a given number of tokens per attention
 * group. Activations move at {@value ReplicaBudget#ACTIVATION_BYTES} bytes per element.
 *
 * <ul>
 *   <li>Tensor parallel: an all-reduce of tokens x hidden after attention in every layer, and after the MLP in every
 *       layer whose MLP is not expert-parallel (an expert-parallel MoE layer combines with an all-to-all instead).</li>
 *   <li>Pipeline parallel: pp - 1 point-to-point sends of tokens x hidden per pass.</li>
 *   <li>Expert parallel (ep > 1): dispatch and combine all-to-alls in every MoE layer; each rank sends its
 *       tokens / tp share x top-k x hidden.</li>
 *   <li>Context parallel in decode: one all-gather of the partial attention outputs (tokens x hidden) per layer.
 *       In prefill the ring-attention KV exchange is taken as hidden behind the attention compute.</li>
 * </ul>
 * A collective over n ranks starts in alpha + round x (log2 n - 1) (the efficiency factors' collective latency and
 * collective round; 0 round by default). A group of GPUs talks over the scale-up link with the in-node alpha (by default
 * {@value InferenceLatency#ALPHA_IN_NODE_S} s; the efficiency factors' collective latency) when it fits in one node,
 * else over the scale-out link with the cross-node alpha ({@value InferenceLatency#ALPHA_CROSS_NODE_S} s) (a ring
 * runs at its slowest link). Replica layout: tp innermost, then the attention groups, then cp, then pp. A GPU
 * without a scale-up link (scale-up bandwidth 0) talks through the host; its scale-out figure stands in.
 */
public record InferenceComm(
        int layers,
        int moeLayers,
        int hiddenSize,
        int expertsPerToken,
        int tp,
        int ep,
        int cp,
        int attentionGroups,
        Link tpLink,
        Link epLink,
        Link cpLink,
        int ppInNodeHops,
        int ppCrossNodeHops,
        Link inNodeLink,
        Link crossNodeLink,
        double etaLink) {

    /**
     * A link's bandwidth per GPU per direction, bytes/s, its per-collective latency at two ranks, s, and the
     * latency each doubling of the ranks past two adds, s.
     */
    public record Link(double bytesPerS, double alphaS, double roundS) {

        public Link(double bytesPerS, double alphaS) {
            this(bytesPerS, alphaS, 0.0);
        }

        /** Start-up latency of a collective over {@code ranks} ranks, s: alpha + round x (log2 ranks - 1). */
        public double alphaS(int ranks) {
            return alphaS + roundS * io.ridgeline.facts.EfficiencyFactors.roundsPastTwo(ranks);
        }
    }

    /** Builds the communication model of a tp x pp x ep x cp replica on nodes of {@code gpusPerNode} GPUs. */
    public static InferenceComm of(ModelArchitecture m, int tp, int pp, int ep, int cp, int gpusPerNode,
                                   double scaleUpBytesPerS, double scaleOutBytesPerS, double etaLink) {
        return of(m, tp, pp, ep, cp, gpusPerNode, scaleUpBytesPerS, scaleOutBytesPerS, etaLink,
                InferenceLatency.ALPHA_IN_NODE_S, InferenceLatency.ALPHA_CROSS_NODE_S);
    }

    /** As above, with the collectives' latencies inside a node and across nodes, s. */
    public static InferenceComm of(ModelArchitecture m, int tp, int pp, int ep, int cp, int gpusPerNode,
                                   double scaleUpBytesPerS, double scaleOutBytesPerS, double etaLink,
                                   double alphaInNodeS, double alphaCrossNodeS) {
        return of(m, tp, pp, ep, cp, gpusPerNode, scaleUpBytesPerS, scaleOutBytesPerS, etaLink, alphaInNodeS,
                alphaCrossNodeS, 0.0);
    }

    /**
     * A replica's communication on a cluster, its link shares and latencies read from the efficiency factors: the
     * link share, the in-node and cross-node collective latencies and the collective round.
     */
    public static InferenceComm of(ModelArchitecture m, int tp, int pp, int ep, int cp, io.ridgeline.facts.Cluster c,
                                   io.ridgeline.facts.EfficiencyFactors eff) {
        return of(m, tp, pp, ep, cp, c.gpusPerNode(), c.scaleUpBytesPerS(), c.scaleOutBytesPerS(), eff.link(),
                eff.inNodeLatencyS(), eff.crossNodeLatencyS(), eff.collectiveRoundUs() * 1e-6);
    }

    /**
     * As above, with the latency each doubling of a collective's ranks past two adds inside a node, s (three times
     * it across nodes, as for alpha).
     */
    public static InferenceComm of(ModelArchitecture m, int tp, int pp, int ep, int cp, int gpusPerNode,
                                   double scaleUpBytesPerS, double scaleOutBytesPerS, double etaLink,
                                   double alphaInNodeS, double alphaCrossNodeS, double roundInNodeS) {
        int groups = Memory.attentionDataParallel(tp, ep);
        Link in = new Link(scaleUpBytesPerS > 0 ? scaleUpBytesPerS : scaleOutBytesPerS, alphaInNodeS, roundInNodeS);
        Link out = new Link(scaleOutBytesPerS, alphaCrossNodeS, 3.0 * roundInNodeS);
        int gpusPerStage = tp * groups * cp;
        int stagesPerNode = gpusPerNode / gpusPerStage;
        int crossHops = stagesPerNode == 0 ? pp - 1 : (int) Math.ceil((double) pp / stagesPerNode) - 1;
        int moeLayers = m.moe() == null ? 0 : m.layers() - m.moe().denseLayers();
        int k = m.moe() == null ? 0 : m.moe().expertsPerToken();
        return new InferenceComm(m.layers(), moeLayers, m.hiddenSize(), k, tp, ep, cp, groups,
                tp <= gpusPerNode ? in : out,
                Math.max(tp, ep) <= gpusPerNode ? in : out,
                gpusPerStage <= gpusPerNode ? in : out,
                pp - 1 - crossHops, crossHops, in, out, etaLink);
    }

    /** Tensor-parallel all-reduces per pass: attention in every layer, plus the MLP unless expert parallel. */
    public int tpAllReducesPerPass() {
        if (tp <= 1) {
            return 0;
        }
        return layers + (layers - (ep > 1 ? moeLayers : 0));
    }

    /** Tensor-parallel time per pass, s. */
    public double tpS(double tokensPerGroup) {
        if (tp <= 1) {
            return 0.0;
        }
        double bytes = tokensPerGroup * hiddenSize * ReplicaBudget.ACTIVATION_BYTES;
        return tpAllReducesPerPass()
                * InferenceLatency.ringAllReduceS(bytes, tp, tpLink.bytesPerS(), etaLink, tpLink.alphaS(tp));
    }

    /** Pipeline send time per pass, s. */
    public double ppS(double tokensPerGroup) {
        if (ppInNodeHops == 0 && ppCrossNodeHops == 0) {
            return 0.0;
        }
        double bytes = tokensPerGroup * hiddenSize * ReplicaBudget.ACTIVATION_BYTES;
        return ppInNodeHops * InferenceLatency.pointToPointS(bytes, inNodeLink.bytesPerS(), etaLink,
                inNodeLink.alphaS())
                + ppCrossNodeHops * InferenceLatency.pointToPointS(bytes, crossNodeLink.bytesPerS(), etaLink,
                crossNodeLink.alphaS());
    }

    /** Expert-parallel dispatch + combine time per pass, s. */
    public double epS(double tokensPerGroup) {
        if (ep <= 1 || moeLayers == 0) {
            return 0.0;
        }
        double bytesPerRank = tokensPerGroup / tp * expertsPerToken * hiddenSize * ReplicaBudget.ACTIVATION_BYTES;
        return 2.0 * moeLayers
                * InferenceLatency.allToAllS(bytesPerRank, ep, epLink.bytesPerS(), etaLink, epLink.alphaS(ep));
    }

    /** Context-parallel merge time per decode pass, s (0 in prefill). */
    public double cpS(double tokensPerGroup, boolean decode) {
        if (!decode || cp <= 1) {
            return 0.0;
        }
        double bytes = tokensPerGroup * hiddenSize * ReplicaBudget.ACTIVATION_BYTES;
        return (double) layers
                * InferenceLatency.allToAllS(bytes, cp, cpLink.bytesPerS(), etaLink, cpLink.alphaS(cp));
    }

    /** All communication of one pass over {@code tokensPerGroup} tokens, s. */
    public double passS(double tokensPerGroup, boolean decode) {
        return tpS(tokensPerGroup) + ppS(tokensPerGroup) + epS(tokensPerGroup) + cpS(tokensPerGroup, decode);
    }
}
