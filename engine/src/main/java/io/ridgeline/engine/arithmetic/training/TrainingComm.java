package io.ridgeline.engine.arithmetic.training;

import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.ModelArchitecture;

/**
 * Bytes each parallel axis moves per optimizer step on one GPU, their time, and the part that the compute does
 * not hide. Every buffer is bf16 (2 B per element) but the expert dispatch's under fp8. s is the sequence length, b the micro-batch, h the hidden
 * size, m the micro-batches per step (gradient accumulation); see {@link Links} for the bandwidth convention and
 * {@link Collectives} for the ring factors.
 * <ul>
 *   <li><b>DP, ZeRO 0/1</b>: one all-reduce of the bf16 gradients per step, 2(n-1)/n x 2 x params/GPU, in
 *       buckets of {@value #DP_BUCKET_BYTES} B (Megatron-LM's default of 40M parameters); gradients accumulate
 *       locally, so the reduction overlaps only the backward pass of the last micro-batch.</li>
 *   <li><b>DP, ZeRO-2</b>: a reduce-scatter of the gradients after every micro-batch (that is what lets a rank keep
 *       only its shard), overlapping that micro-batch's backward, and one all-gather of the updated parameters
 *       per step, overlapping the next step's first forward.</li>
 *   <li><b>FSDP (ZeRO-3)</b>: per micro-batch an all-gather of the parameters in the forward, another in the
 *       backward and a reduce-scatter of the gradients, 3(n-1)/n x 2 x params/GPU, one per layer each; the forward
 *       gather overlaps the forward, the backward gather and reduce-scatter overlap the backward.</li>
 *   <li><b>TP</b> (Narayanan et al. 2021, sec. 3.2): 4 all-reduces (or all-gather/reduce-scatter pairs under
 *       sequence parallelism, the same bytes) per layer per micro-batch, 2 forward and 2 backward, of b x s x h x 2
 *       bytes each. On the critical path: fully exposed.</li>
 *   <li><b>PP</b>: per micro-batch each stage sends its activation forward and receives a gradient backward,
 *       b x s x h x 2 / tp bytes each way (the tp ranks each send their slice). Charged as exposed.</li>
 *   <li><b>EP</b>: 2 all-to-alls per MoE layer forward (dispatch, combine) and 2 backward; a token's k copies
 *       move inside the node over scale-up and, once per remote node they reach under group-limited routing,
 *       across nodes ({@link #expertParallel(ModelArchitecture, ParallelLayout, Cluster, double, Shape, double)});
 *       the dispatches in fp8 when the activations are. Exposed.</li>
 *   <li><b>CP</b> (ring attention): per layer per micro-batch the K/V chunk of s/cp tokens passes cp-1 times forward;
 *       backward passes K/V and dK/dV again, 3(cp-1) passes in all, overlapping that layer's attention compute.</li>
 * </ul>
 */
public final class TrainingComm {

    /**
     * Share of a GPU's SMs the expert all-to-all kernels hold while DualPipe overlaps them with the compute: 20 of
     * an H800's 132 (DeepSeek-V3 technical report, section 3.2.2), taken as the same share on other GPUs.
     */
    public static final double DUALPIPE_COMM_SM_SHARE = 20.0 / 132.0;

    /** Gradient bucket for DP reduction, bytes: 40M bf16 parameters. */
    public static final double DP_BUCKET_BYTES = 80e6;

    private TrainingComm() {
    }

    /**
     * One axis's bill for a step.
     *
     * @param wireBytesPerStep bytes one GPU sends per step
     * @param timeS            seconds that traffic takes
     * @param exposedS         seconds of it the compute does not hide
     * @param link             "scale-up", "scale-out" or "none"
     */
    public record Axis(String name, double wireBytesPerStep, double timeS, double exposedS, String link) {
        static Axis none(String name) {
            return new Axis(name, 0, 0, 0, "none");
        }
    }

    /** Compute-phase times on one GPU that collectives can hide behind, seconds. */
    public record Phases(double forwardPerMicroS, double backwardPerMicroS, double attentionPerLayerPerMicroS) {
    }

    /** The step's shape: tokens per micro-batch and micro-batches per step. */
    public record Shape(int seqLen, int microBatch, int microBatches) {
    }

    public static Axis dataParallel(ModelArchitecture m, ParallelLayout l, Cluster c, double etaLink, int zeroStage,
                                    Shape shape, Phases phases) {
        return dataParallel(m, l, c, etaLink, zeroStage, shape, phases, 1);
    }

    /** As above for a GPU that holds {@code copies} stages' parameters (DualPipe's 2): as many gradients to reduce. */
    public static Axis dataParallel(ModelArchitecture m, ParallelLayout l, Cluster c, double etaLink, int zeroStage,
                                    Shape shape, Phases phases, int copies) {
        int nd = l.denseDpGroup();
        int ne = l.expertDpGroup();
        if (nd <= 1 && ne <= 1) {
            return Axis.none("dp");
        }
        TrainingMemory.ShardParams p = TrainingMemory.shardParams(m, l);
        double gradDense = TrainingMemory.GRAD_BYTES * p.dense() * copies;
        double gradExpert = TrainingMemory.GRAD_BYTES * p.expert() * copies;
        Links.Link link = Links.forSpan(c, l.dpSpan());
        int mb = shape.microBatches();
        int stageLayers = (m.layers() + l.pp() - 1) / l.pp();
        if (zeroStage <= 1) {
            double wire = Collectives.allReduceBytes(nd, gradDense) + Collectives.allReduceBytes(ne, gradExpert);
            double buckets = Math.ceil((gradDense + gradExpert) / DP_BUCKET_BYTES);
            double t = Collectives.seconds(wire, link, etaLink, buckets);
            return new Axis(zeroStage == 0 ? "dp" : "dp_zero1", wire, t,
                    Math.max(0, t - phases.backwardPerMicroS()), link.name());
        }
        double shardBytes = Collectives.reduceScatterBytes(nd, gradDense)
                + Collectives.reduceScatterBytes(ne, gradExpert);
        if (zeroStage == 2) {
            double buckets = Math.ceil((gradDense + gradExpert) / DP_BUCKET_BYTES);
            double tRs = Collectives.seconds(shardBytes, link, etaLink, buckets);
            double tAg = Collectives.seconds(shardBytes, link, etaLink, buckets);
            double exposed = mb * Math.max(0, tRs - phases.backwardPerMicroS())
                    + Math.max(0, tAg - phases.forwardPerMicroS());
            return new Axis("dp_zero2", (mb + 1) * shardBytes, mb * tRs + tAg, exposed, link.name());
        }
        double tGather = Collectives.seconds(shardBytes, link, etaLink, stageLayers);
        double exposedPerMicro = Math.max(0, tGather - phases.forwardPerMicroS())
                + Math.max(0, 2 * tGather - phases.backwardPerMicroS());
        return new Axis("fsdp", mb * 3 * shardBytes, mb * 3 * tGather, mb * exposedPerMicro, link.name());
    }

    public static Axis tensorParallel(ModelArchitecture m, ParallelLayout l, Cluster c, double etaLink, Shape shape) {
        return tensorParallel(m, l, c, etaLink, shape, false);
    }

    /**
     * Tensor-parallel all-reduces of b x s x h activations: 2 per layer forward and 2 backward per micro-batch, and
     * with full activation recomputation 2 more for the forward that backward re-runs (6 in all).
     */
    public static Axis tensorParallel(ModelArchitecture m, ParallelLayout l, Cluster c, double etaLink, Shape shape,
                                      boolean recompute) {
        if (l.tp() <= 1) {
            return Axis.none("tp");
        }
        double buffer = activationBufferBytes(m, shape, l.cp());
        int stageLayers = (m.layers() + l.pp() - 1) / l.pp();
        double count = (recompute ? 6.0 : 4.0) * stageLayers * shape.microBatches();
        double wire = count * Collectives.allReduceBytes(l.tp(), buffer);
        Links.Link link = Links.forSpan(c, l.tpSpan());
        double t = Collectives.seconds(wire, link, etaLink, count);
        return new Axis("tp", wire, t, t, link.name());
    }

    public static Axis pipeline(ModelArchitecture m, ParallelLayout l, Cluster c, double etaLink, Shape shape) {
        return pipeline(m, l, c, etaLink, shape, 1);
    }

    /** As above with v model chunks per stage: a micro-batch crosses v times as many stage boundaries. */
    public static Axis pipeline(ModelArchitecture m, ParallelLayout l, Cluster c, double etaLink, Shape shape,
                                int virtualStages) {
        if (l.pp() <= 1) {
            return Axis.none("pp");
        }
        double buffer = activationBufferBytes(m, shape, l.cp()) / l.tp();
        double count = 2.0 * shape.microBatches() * Math.max(1, virtualStages);
        Links.Link link = Links.forSpan(c, l.ppSpan());
        double t = Collectives.seconds(count * buffer, link, etaLink, count);
        return new Axis("pp", count * buffer, t, t, link.name());
    }

    public static Axis expertParallel(ModelArchitecture m, ParallelLayout l, Cluster c, double etaLink, Shape shape) {
        return expertParallel(m, l, c, etaLink, shape, 2.0);
    }

    /**
     * Expert all-to-alls: per MoE layer per micro-batch a dispatch and a combine forward, and their gradients
     * backward. The dispatch and the gradient it carries back to the experts move {@code dispatchBytesPerElement}
     * per element (1 for fp8, as DeepSeek-V3 dispatches), the combines 2 (bf16). A token's copy for each of its k
     * experts moves over:
     * <ul>
     *   <li><b>inside a node</b>: the GPU it starts on or lands on forwards it over the scale-up link to the GPU that
     *       holds the expert, k x (g - 1) / g copies for g expert-parallel GPUs a node;</li>
     *   <li><b>across nodes</b>: with group-limited routing (the experts' groups laid out over the nodes), once to
     *       each remote node it reaches, the node's GPUs forwarding it (DeepSeek-V3's node-limited dispatch): the
     *       expected distinct nodes a token's k experts lie on among the G nodes it may reach, G (1 - (1 - 1/G)^k),
     *       times (N - 1) / N for the home node; without it, as a plain all-to-all, every copy bound elsewhere,
     *       k (N - 1) / N, for N nodes of the group.</li>
     * </ul>
     * The two links run at once; each all-to-all takes the slower. Exposed (the 1F1B schedules do not overlap it).
     */
    public static Axis expertParallel(ModelArchitecture m, ParallelLayout l, Cluster c, double etaLink, Shape shape,
                                      double dispatchBytesPerElement) {
        if (l.ep() <= 1 || m.moe() == null) {
            return Axis.none("ep");
        }
        double tokensPerGpu = (double) shape.microBatch() * shape.seqLen() / l.cp() / l.tp();
        int moeLayers = m.layers() - m.moe().denseLayers();
        int stageMoeLayers = (moeLayers + l.pp() - 1) / l.pp();
        double count = 4.0 * stageMoeLayers * shape.microBatches();
        // bytes per copy of a token over the four all-to-alls of a layer
        double bytesPerCopy = (2 * dispatchBytesPerElement + 2 * 2.0) * m.hiddenSize();
        double perLayerTokens = stageMoeLayers * shape.microBatches() * tokensPerGpu;
        int nodes = expertNodes(l, c);
        double inNodeCopies = inNodeCopies(m, l.ep(), nodes);
        double crossCopies = crossNodeCopies(m, nodes);
        double inNodeWire = perLayerTokens * inNodeCopies * bytesPerCopy;
        double crossWire = perLayerTokens * crossCopies * bytesPerCopy;
        Links.Link up = Links.scaleUp(c);
        Links.Link out = Links.scaleOut(c);
        double tIn = Collectives.seconds(inNodeWire, up, etaLink, 0);
        double tOut = Collectives.seconds(crossWire, out, etaLink, 0);
        Links.Link slower = nodes > 1 && tOut >= tIn ? out : up;
        double t = Math.max(tIn, tOut) + slower.alphaS() * count;
        return new Axis("ep", inNodeWire + crossWire, t, t, slower.name());
    }

    /** The nodes one expert-parallel group spans, at least 1. */
    public static int expertNodes(ParallelLayout l, Cluster c) {
        int span = l.epSpan();
        return span <= c.gpusPerNode() ? 1 : Math.max(1, Math.min(l.ep(), (span + c.gpusPerNode() - 1) / c.gpusPerNode()));
    }

    /**
     * Copies of a token a layer's dispatch moves inside nodes: k x (g - 1) / g with g = ep / nodes expert-parallel
     * GPUs a node (each copy forwarded to its expert's GPU unless it is already there); in one node, the plain
     * all-to-all's k (ep - 1) / ep.
     */
    public static double inNodeCopies(ModelArchitecture m, int ep, int nodes) {
        int perNode = Math.max(1, ep / Math.max(1, nodes));
        return m.moe().expertsPerToken() * (perNode - 1.0) / perNode;
    }

    /**
     * Copies of a token a layer's dispatch sends across nodes: with group-limited routing, the expected remote
     * nodes its k experts lie on, G (1 - (1 - 1/G)^k) (N - 1) / N, G = min(N, limit x max(1, N / groups)) the nodes
     * its groups may span; without it every copy bound for another node, k (N - 1) / N. 0 in one node.
     */
    public static double crossNodeCopies(ModelArchitecture m, int nodes) {
        if (nodes <= 1) {
            return 0.0;
        }
        int k = m.moe().expertsPerToken();
        double remoteShare = (nodes - 1.0) / nodes;
        if (!m.moe().groupLimited()) {
            return k * remoteShare;
        }
        int reachable = Math.min(nodes, m.moe().groupLimit() * Math.max(1, nodes / m.moe().expertGroups()));
        double reached = reachable * (1.0 - Math.pow(1.0 - 1.0 / reachable, k));
        return Math.min(k, reached) * remoteShare;
    }

    public static Axis contextParallel(ModelArchitecture m, ParallelLayout l, Cluster c, double etaLink, Shape shape,
                                       Phases phases) {
        if (l.cp() <= 1) {
            return Axis.none("cp");
        }
        double chunk = (double) shape.microBatch() * shape.seqLen() / l.cp() * kvElementsPerTokenPerGpu(m, l.tp())
                * 2.0;
        double passes = 3.0 * (l.cp() - 1);
        Links.Link link = Links.forSpan(c, l.cpSpan());
        double perLayer = Collectives.seconds(passes * chunk, link, etaLink, passes);
        int stageLayers = (m.layers() + l.pp() - 1) / l.pp();
        double layersTimesMicro = (double) stageLayers * shape.microBatches();
        return new Axis("cp", layersTimesMicro * passes * chunk, layersTimesMicro * perLayer,
                layersTimesMicro * Math.max(0, perLayer - phases.attentionPerLayerPerMicroS()), link.name());
    }

    /** b x (s/cp) x h x 2 bytes: one bf16 activation tensor of a micro-batch on one context-parallel rank. */
    public static double activationBufferBytes(ModelArchitecture m, Shape shape, int cp) {
        return (double) shape.microBatch() * shape.seqLen() / cp * m.hiddenSize() * 2.0;
    }

    /**
     * K and V elements per token that one tensor-parallel rank holds: 2 x max(1, kv_heads/tp) x head_dim (KV heads
     * are replicated when tp exceeds them); for MLA, the expanded per-head keys and values, heads/tp x (q/k + v
     * head dims).
     */
    public static double kvElementsPerTokenPerGpu(ModelArchitecture m, int tp) {
        if (m.attention() == AttentionKind.MLA && m.mla() != null) {
            double perHead = m.mla().qkNopeHeadDim() + m.mla().qkRopeHeadDim() + m.mla().vHeadDim();
            return Math.max(1.0, (double) m.attentionHeads() / tp) * perHead;
        }
        return 2.0 * Math.max(1.0, (double) m.kvHeads() / tp) * m.headDim();
    }
}
