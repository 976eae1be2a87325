package io.ridgeline.engine.arithmetic.training;

import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.MoeSpec;

/**
 * Training memory per GPU, bytes (GB = 1e9 B).
 *
 * <p><b>State</b>, mixed-precision Adam: 2 B bf16 parameters + 2 B bf16 gradients + 12 B optimizer (fp32 master
 * copy 4, Adam m 4, v 4) = 16 B per parameter. Gradients are taken as bf16; frameworks that accumulate in fp32
 * hold 4 B instead. ZeRO-1 shards the optimizer over the data-parallel replicas, ZeRO-2 also the gradients,
 * ZeRO-3 (FSDP) also the parameters; ZeRO-3 then holds two layers' parameters unsharded (the one computing and
 * the one prefetched). Tensor and pipeline parallelism split the model first: each GPU holds its pipeline stage
 * (the heaviest stage: ceil(layers/pp) layers plus one vocab x hidden table; with pp = 1, the whole model) divided
 * by tp; routed experts are divided by max(ep, tp). Dense shards are replicated dp x cp times, expert shards
 * dp x cp x tp / max(ep, tp) times, which is what ZeRO shards over.
 *
 * <p><b>Activations</b> (Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer
 * Models"), bf16, per layer per micro-batch: 34 x s x b x h / tp with sequence parallelism (taken on whenever
 * tp &gt; 1) and flash attention (which stores no s x s score matrix). Full recomputation keeps only each layer's
 * input, 2 x s x b x h / tp, plus one layer's full activations while that layer is recomputed. Context
 * parallelism divides s by cp. A 1F1B pipeline keeps min(pp, m) micro-batches in flight on its first stage, so
 * ceil(layers/pp) x pp layers' worth, all the layers. Without a pipeline the output layer and loss add
 * 4 x s x b x (h + vocab) / tp (Korthikanti's output-layer term); with one, that sits on the last stage, which
 * holds fewer micro-batches.
 */
public final class TrainingMemory {

    /** Share of HBM a training process can fill; the rest is CUDA context, NCCL buffers and fragmentation. */
    public static final double USABLE_HBM_SHARE = 0.90;
    public static final double PARAM_BYTES = 2.0;
    public static final double GRAD_BYTES = 2.0;
    public static final double OPTIMIZER_BYTES = 12.0;
    public static final double STATE_BYTES_PER_PARAM = PARAM_BYTES + GRAD_BYTES + OPTIMIZER_BYTES;
    /** Activation bytes per token per hidden unit per layer, Korthikanti et al. with selective recomputation. */
    public static final double ACTIVATION_BYTES_PER_SBH = 34.0;
    /** Bytes per token per hidden unit per layer kept under full recomputation: the layer input, bf16. */
    public static final double RECOMPUTE_BYTES_PER_SBH = 2.0;

    private TrainingMemory() {
    }

    /** HBM a training process can use, bytes: {@value #USABLE_HBM_SHARE} x capacity. */
    public static double usableHbmBytes(Gpu gpu) {
        return USABLE_HBM_SHARE * gpu.hbmBytes();
    }

    /** Training state of {@code params} parameters with no sharding: 16 B per parameter. */
    public static double stateBytes(double params) {
        return STATE_BYTES_PER_PARAM * params;
    }

    /** Per-replica state of {@code params} parameters under ZeRO stage {@code zeroStage} over {@code dp} replicas. */
    public static State zeroState(double params, int zeroStage, int dp) {
        return new State(PARAM_BYTES * params / (zeroStage >= 3 ? dp : 1),
                GRAD_BYTES * params / (zeroStage >= 2 ? dp : 1),
                OPTIMIZER_BYTES * params / (zeroStage >= 1 ? dp : 1));
    }

    /** Routed-expert parameters of an MoE model (0 for a dense model). */
    public static double expertParams(ModelArchitecture m) {
        MoeSpec moe = m.moe();
        if (moe == null) {
            return 0.0;
        }
        return (double) (m.layers() - moe.denseLayers()) * moe.routedExperts()
                * ParamCounter.mlpParams(m, moe.expertIntermediate());
    }

    /**
     * The parameters one GPU holds before ZeRO sharding.
     *
     * @param dense          non-expert parameters of the heaviest stage / tp
     * @param expert         routed-expert parameters of the heaviest stage / max(ep, tp)
     * @param denseLayer     one layer's non-expert parameters / tp (a layer-average)
     * @param expertLayer    one layer's expert parameters / max(ep, tp) (a layer-average)
     */
    public record ShardParams(double dense, double expert, double denseLayer, double expertLayer) {
        public double total() {
            return dense + expert;
        }
    }

    public static ShardParams shardParams(ModelArchitecture m, ParallelLayout l) {
        double total = ParamCounter.totalParams(m);
        double experts = expertParams(m);
        double embeddings = ParamCounter.embeddingParams(m);
        double finalNorm = m.hiddenSize();
        double denseLayer = (total - experts - embeddings - finalNorm) / m.layers();
        double expertLayer = experts / m.layers();
        int stageLayers = (m.layers() + l.pp() - 1) / l.pp();
        double tables = l.pp() == 1 ? embeddings + finalNorm : (double) m.vocabSize() * m.hiddenSize();
        double dense = (stageLayers * denseLayer + tables) / l.tp();
        double expert = stageLayers * expertLayer / l.expertShard();
        return new ShardParams(dense, expert, denseLayer / l.tp(), expertLayer / l.expertShard());
    }

    /** Parameter, gradient and optimizer bytes on one GPU. */
    public record State(double paramBytes, double gradBytes, double optimizerBytes) {
        public double total() {
            return paramBytes + gradBytes + optimizerBytes;
        }
    }

    /** State bytes per GPU for a layout and ZeRO stage, including ZeRO-3's two unsharded working layers. */
    public static State state(ModelArchitecture m, ParallelLayout l, int zeroStage) {
        ShardParams p = shardParams(m, l);
        State dense = zeroState(p.dense(), zeroStage, l.denseDpGroup());
        State expert = zeroState(p.expert(), zeroStage, l.expertDpGroup());
        double gatherBuffer = gatherBufferBytes(m, l, zeroStage);
        return new State(dense.paramBytes() + expert.paramBytes() + gatherBuffer,
                dense.gradBytes() + expert.gradBytes(),
                dense.optimizerBytes() + expert.optimizerBytes());
    }

    /** ZeRO-3's working set: two layers' bf16 parameters unsharded (computing and prefetched); 0 otherwise. */
    public static double gatherBufferBytes(ModelArchitecture m, ParallelLayout l, int zeroStage) {
        if (zeroStage < 3 || (l.denseDpGroup() <= 1 && l.expertDpGroup() <= 1)) {
            return 0.0;
        }
        ShardParams p = shardParams(m, l);
        return 2 * PARAM_BYTES * (p.denseLayer() + p.expertLayer());
    }

    /** Activation bytes one layer keeps for one micro-batch (see the class note). */
    public static double activationBytesPerLayer(int seqLen, int microBatch, int hidden, int tp, int cp,
                                                 boolean recompute) {
        double sbh = (double) seqLen / cp * microBatch * hidden;
        return (recompute ? RECOMPUTE_BYTES_PER_SBH : ACTIVATION_BYTES_PER_SBH) * sbh / tp;
    }

    /**
     * Bytes per token per hidden unit that one layer's forward pass writes on one GPU, Korthikanti et al. 2022
     * Table 2 with t = tp: 34 / t with sequence parallelism, else 10 + 24 / t (the norms' and dropouts' 10 are
     * not sharded), plus 5 a s / (h t) when the attention scores (a heads x s x s) are stored in HBM rather than
     * kept on chip by a fused attention kernel.
     */
    public static double forwardBytesPerSbh(int heads, int hidden, int seqLen, int tp, boolean sequenceParallel,
                                            boolean flashAttention) {
        double scores = flashAttention ? 0.0 : 5.0 * heads * seqLen / ((double) hidden * tp);
        return (sequenceParallel ? ACTIVATION_BYTES_PER_SBH / tp : 10.0 + 24.0 / tp) + scores;
    }

    /**
     * Activation bytes one layer keeps for one micro-batch until its backward pass: everything its forward wrote
     * ({@link #forwardBytesPerSbh}); under selective recomputation all but the attention core's scores; under full
     * recomputation only the layer's input ({@value #RECOMPUTE_BYTES_PER_SBH} B, sharded with sequence parallelism).
     * bf16 throughout; a layer of an MoE or MLA model is counted tensor by tensor ({@link #attentionKept},
     * {@link #mlpKept}), an MoE model's layers as its MoE layers.
     */
    public static double activationBytesPerLayer(ModelArchitecture m, int seqLen, int microBatch, int tp, int cp,
                                                 String recompute, boolean sequenceParallel, boolean flashAttention) {
        return activationBytesPerLayer(m, m.isMoe(), seqLen, microBatch, tp, cp, recompute, sequenceParallel,
                flashAttention, false);
    }

    /**
     * Activation bytes one layer keeps for one micro-batch: the attention block's and the MLP block's kept tensors
     * ({@link #attentionKept}, {@link #mlpKept}) per token on one GPU, times (s / cp) x b tokens; under full
     * recomputation the layer's input alone.
     *
     * @param moeLayer whether the layer's MLP is the routed experts (else the dense MLP)
     * @param fp8      whether the activations are fp8, so that the tensors a matrix product or an activation
     *                 function keeps for its backward are kept in fp8 ({@link #keptElementBytes})
     */
    public static double activationBytesPerLayer(ModelArchitecture m, boolean moeLayer, int seqLen, int microBatch,
                                                 int tp, int cp, String recompute, boolean sequenceParallel,
                                                 boolean flashAttention, boolean fp8) {
        double tokens = (double) seqLen / cp * microBatch;
        if (recompute.equals("full")) {
            return RECOMPUTE_BYTES_PER_SBH / (sequenceParallel ? tp : 1) * tokens * m.hiddenSize();
        }
        boolean flash = flashAttention || recompute.equals("selective");
        double e = keptElementBytes(fp8);
        Kept layer = attentionKept(m, seqLen, recompute, flash, e).plus(mlpKept(m, moeLayer, recompute, e));
        return layer.perGpu(tp, sequenceParallel) * tokens;
    }

    /**
     * Bytes an element of a tensor kept for the backward pass of a matrix product or an activation function takes:
     * 1 under fp8 activations, which keep the fp8 copy their forward product already made (Transformer Engine's
     * fp8 linear layers save the quantized input for the weight gradient; DeepSeek-V3 technical report, section
     * 3.3.2, also caches the SwiGLU inputs in fp8, as Megatron-Core's fp8 input store does), else 2 (bf16). Norm
     * inputs, attention-core operands and router probabilities stay in bf16 or fp32.
     */
    public static double keptElementBytes(boolean fp8) {
        return fp8 ? 1.0 : 2.0;
    }

    /**
     * Bytes per token a block keeps before tensor parallelism: the part sequence parallelism is needed to split
     * (norm inputs, dropout masks, the replicated inputs of the column-parallel products, MLA's latent
     * projections, an MoE block's tokens) and the part tensor parallelism always splits (per-head and
     * per-intermediate tensors).
     */
    public record Kept(double replicated, double sharded) {
        public Kept plus(Kept o) {
            return new Kept(replicated + o.replicated, sharded + o.sharded);
        }

        /** Bytes per token on one of tp GPUs. */
        public double perGpu(int tp, boolean sequenceParallel) {
            return sequenceParallel ? (replicated + sharded) / tp : replicated + sharded / tp;
        }
    }

    /**
     * The attention block's kept tensors per token, e bytes per element for the products' inputs
     * ({@link #keptElementBytes}).
     * <ul>
     *   <li>Multi-head and grouped-query attention, Korthikanti et al. 2022 Table 2: the norm input 2h, the QKV
     *       product's input e h, Q, K and V 6h, the output projection's input e h, the dropout mask h (13h in bf16),
     *       and without a fused attention kernel the 5 a s bytes of scores, softmax and its dropout.</li>
     *   <li>MLA (DeepSeek-V2/V3): the norm input 2h, the down-projections' input e h, the query latent's norm input
     *       and up-projection input (2 + e) q_lora, the key-value latent's (2 + e) kv_lora and the shared rotary key
     *       2 d_rope; per head Q and K 2 (d_nope + d_rope) each and V 2 d_v, which selective recomputation
     *       recomputes from the latents (DeepSeek-V3's recomputed MLA up-projections, Megatron-Core's
     *       {@code mla_up_proj}); the attention output e d_v per head and its log-sum-exp 4 B per head. No dropout
     *       (these models pretrain without it).</li>
     * </ul>
     */
    public static Kept attentionKept(ModelArchitecture m, int seqLen, String recompute, boolean flash, double e) {
        double h = m.hiddenSize();
        double a = m.attentionHeads();
        double scores = flash ? 0.0 : 5.0 * a * seqLen;
        if (m.attention() == AttentionKind.MLA && m.mla() != null) {
            var mla = m.mla();
            double replicated = 2 * h + e * h + (2 + e) * mla.qLoraRank() + (2 + e) * mla.kvLoraRank()
                    + 2.0 * mla.qkRopeHeadDim();
            double upProjected = recompute.equals("selective") ? 0.0
                    : a * (2.0 * 2 * (mla.qkNopeHeadDim() + mla.qkRopeHeadDim()) + 2.0 * mla.vHeadDim());
            return new Kept(replicated, upProjected + a * (e * mla.vHeadDim() + 4.0) + scores);
        }
        return new Kept(2 * h + e * h + h, 6 * h + e * h + scores);
    }

    /**
     * The MLP block's kept tensors per token.
     * <ul>
     *   <li>Dense, Korthikanti et al. 2022 Table 2 (a 4h GeLU MLP): the norm input 2h, the first product's input
     *       e h, the activation function's input 4h e, the second product's input 4h e, the dropout mask h (21h in
     *       bf16).</li>
     *   <li>Routed experts (SwiGLU, intermediate f per expert, top-k of E, n_s shared experts of the same size): the
     *       norm input 2h, its output e h (the router's, the shared experts' and the dispatch's input), the router's
     *       fp32 probabilities 4E; per routed copy of the token its dispatched input e h, the SwiGLU input 2f x e
     *       and the down-projection's input f x e, which selective recomputation recomputes from the SwiGLU input
     *       (DeepSeek-V3 section 3.3.2, Megatron-Core's {@code moe_act}); per shared expert the same less the
     *       dispatch. The routing weight multiplies inside the SwiGLU (Megatron-Core's weighted SwiGLU), so the
     *       experts' outputs are not kept for its gradient.</li>
     * </ul>
     */
    public static Kept mlpKept(ModelArchitecture m, boolean moeLayer, String recompute, double e) {
        double h = m.hiddenSize();
        MoeSpec moe = m.moe();
        if (!moeLayer || moe == null) {
            return new Kept(2 * h + e * h + h, 4 * h * e + 4 * h * e);
        }
        double f = moe.expertIntermediate();
        double downInput = recompute.equals("selective") ? 0.0 : e * f;
        double perExpert = 2 * f * e + downInput;
        double tokens = 2 * h + e * h + 4.0 * moe.routedExperts();
        double copies = moe.expertsPerToken() * (e * h + perExpert) + moe.sharedExperts() * perExpert;
        return new Kept(tokens + copies, 0.0);
    }

    /** Activation bytes on the busiest GPU with the design's step kernels (see {@link #activationBytesPerLayer}). */
    public static double activationBytes(ModelArchitecture m, ParallelLayout l, int seqLen, int microBatch,
                                         int microBatchesPerStep, String recompute, boolean sequenceParallel,
                                         boolean flashAttention) {
        return activationBytes(m, l, seqLen, microBatch, microBatchesPerStep, recompute, sequenceParallel,
                flashAttention, 1);
    }

    /**
     * As above under the interleaved schedule of v model chunks per stage: the first stage holds
     * 1 + (p - 1) / (p v) times the activations of plain 1F1B (Korthikanti et al. 2022, section 4.2.3).
     */
    public static double activationBytes(ModelArchitecture m, ParallelLayout l, int seqLen, int microBatch,
                                         int microBatchesPerStep, String recompute, boolean sequenceParallel,
                                         boolean flashAttention, int virtualStages) {
        return activationBytes(m, l, seqLen, microBatch, microBatchesPerStep, recompute, sequenceParallel,
                flashAttention, virtualStages, "1f1b");
    }

    /**
     * As above under a named pipeline schedule: DualPipe's first stage holds the activations of p + 1 micro-batches
     * (DeepSeek-V3 technical report, Table 2), 1F1B's and ZB-H1's of p. bf16 activations.
     */
    public static double activationBytes(ModelArchitecture m, ParallelLayout l, int seqLen, int microBatch,
                                         int microBatchesPerStep, String recompute, boolean sequenceParallel,
                                         boolean flashAttention, int virtualStages, String schedule) {
        return activationBytes(m, l, seqLen, microBatch, microBatchesPerStep, recompute, sequenceParallel,
                flashAttention, virtualStages, schedule, false);
    }

    /**
     * As above with the activations' format: under fp8 the tensors kept for the products' and the activation
     * functions' backward take 1 B an element ({@link #keptElementBytes}). In an MoE model with leading dense
     * layers the busiest stage is the first (its dense layers) or one of routed-expert layers, whichever keeps more.
     */
    public static double activationBytes(ModelArchitecture m, ParallelLayout l, int seqLen, int microBatch,
                                         int microBatchesPerStep, String recompute, boolean sequenceParallel,
                                         boolean flashAttention, int virtualStages, String schedule, boolean fp8) {
        double perStage = busiestStageLayerBytes(m, l, seqLen, microBatch, recompute, sequenceParallel,
                flashAttention, fp8);
        double interleaved = virtualStages > 1 && l.pp() > 1
                ? 1.0 + (l.pp() - 1.0) / ((double) l.pp() * virtualStages) : 1.0;
        double kept = perStage * microBatchesInFlight(l.pp(), microBatchesPerStep, schedule) * interleaved;
        double working = recompute.equals("full")
                ? Math.max(activationBytesPerLayer(m, m.isMoe(), seqLen, microBatch, l.tp(), l.cp(), "none",
                sequenceParallel, flashAttention, fp8), activationBytesPerLayer(m, false, seqLen, microBatch, l.tp(),
                l.cp(), "none", sequenceParallel, flashAttention, fp8))
                : 0.0;
        double output = l.pp() == 1
                ? 4.0 * seqLen / l.cp() * microBatch * ((double) m.hiddenSize() + m.vocabSize()) / l.tp()
                : 0.0;
        return kept + working + output;
    }

    /**
     * One micro-batch's activation bytes over the layers of the stage that keeps the most: ceil(L / pp) layers; in
     * an MoE model the first stage holds its d leading dense layers, the others routed-expert layers only.
     */
    public static double busiestStageLayerBytes(ModelArchitecture m, ParallelLayout l, int seqLen, int microBatch,
                                                String recompute, boolean sequenceParallel, boolean flashAttention,
                                                boolean fp8) {
        int stageLayers = (m.layers() + l.pp() - 1) / l.pp();
        double moeLayer = activationBytesPerLayer(m, m.isMoe(), seqLen, microBatch, l.tp(), l.cp(), recompute,
                sequenceParallel, flashAttention, fp8);
        if (!m.isMoe() || m.moe().denseLayers() <= 0) {
            return stageLayers * moeLayer;
        }
        double denseLayer = activationBytesPerLayer(m, false, seqLen, microBatch, l.tp(), l.cp(), recompute,
                sequenceParallel, flashAttention, fp8);
        int firstDense = Math.min(stageLayers, m.moe().denseLayers());
        double first = firstDense * denseLayer + (stageLayers - firstDense) * moeLayer;
        double rest = m.moe().denseLayers() > stageLayers ? Math.max(denseLayer, moeLayer) : moeLayer;
        double other = m.layers() > stageLayers ? stageLayers * rest : 0.0;
        return Math.max(first, other);
    }

    /** Micro-batches whose activations the first pipeline stage holds at once under 1F1B: min(pp, m). */
    public static int microBatchesInFlight(int pp, int microBatchesPerStep) {
        return pp == 1 ? 1 : Math.min(pp, Math.max(1, microBatchesPerStep));
    }

    /** As above under a named schedule: DualPipe's min(p + 1, m). */
    public static int microBatchesInFlight(int pp, int microBatchesPerStep, String schedule) {
        if (pp > 1 && "dualpipe".equals(schedule)) {
            return Math.min(pp + 1, Math.max(1, microBatchesPerStep));
        }
        return microBatchesInFlight(pp, microBatchesPerStep);
    }

    /**
     * Copies of its stage's parameters (and their gradients) a GPU holds under a schedule: DualPipe's two, rank i
     * holding stage i and stage p - 1 - i (DeepSeek-V3 technical report, Table 2); 1 otherwise.
     */
    public static int parameterCopies(int pp, String schedule) {
        return pp > 1 && "dualpipe".equals(schedule) ? 2 : 1;
    }

    /** Activation bytes on the busiest GPU (the first pipeline stage). */
    public static double activationBytes(ModelArchitecture m, ParallelLayout l, int seqLen, int microBatch,
                                         int microBatchesPerStep, boolean recompute) {
        int stageLayers = (m.layers() + l.pp() - 1) / l.pp();
        double perLayer = activationBytesPerLayer(seqLen, microBatch, m.hiddenSize(), l.tp(), l.cp(), recompute);
        double kept = perLayer * stageLayers * microBatchesInFlight(l.pp(), microBatchesPerStep);
        double working = recompute
                ? activationBytesPerLayer(seqLen, microBatch, m.hiddenSize(), l.tp(), l.cp(), false)
                : 0.0;
        double output = l.pp() == 1
                ? 4.0 * seqLen / l.cp() * microBatch * ((double) m.hiddenSize() + m.vocabSize()) / l.tp()
                : 0.0;
        return kept + working + output;
    }
}
