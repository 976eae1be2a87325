package io.ridgeline.engine.estimate;

import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.arithmetic.training.Checkpointing;
import io.ridgeline.engine.arithmetic.training.CommThresholds;
import io.ridgeline.engine.arithmetic.training.DataPlane;
import io.ridgeline.engine.arithmetic.training.Links;
import io.ridgeline.engine.arithmetic.training.ParallelLayout;
import io.ridgeline.engine.arithmetic.training.PipelineBubble;
import io.ridgeline.engine.arithmetic.training.ScalingLimits;
import io.ridgeline.engine.arithmetic.training.ProductRate;
import io.ridgeline.engine.arithmetic.training.StepTime;
import io.ridgeline.engine.arithmetic.training.TrainingComm;
import io.ridgeline.engine.arithmetic.training.TrainingFlops;
import io.ridgeline.engine.arithmetic.training.TrainingMemory;
import io.ridgeline.facts.Budget;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import io.ridgeline.facts.TrainingWorkload;

import java.util.ArrayList;
import java.util.List;

import static io.ridgeline.engine.arithmetic.training.Quantities.bytes;
import static io.ridgeline.engine.arithmetic.training.Quantities.finite;
import static io.ridgeline.engine.arithmetic.training.Quantities.num;
import static io.ridgeline.engine.arithmetic.training.Quantities.pct;

/**
 * The bill for a pretraining design: FLOPs, memory per GPU, the step (compute, each axis's communication, the
 * pipeline bubble), MFU, the scaling thresholds, and the run's days, dollars, checkpoints and data rate. The formula
 * families and their assumptions are documented on the classes in {@code io.ridgeline.engine.arithmetic.training}.
 *
 * <p>GPUs = tp x pp x dp x cp. Gradient accumulation m = ceil(global batch / (dp x micro x seq)), so the step
 * trains dp x micro x m x seq tokens, at least the requested batch. A design that does not fit in memory is still
 * billed, with {@code fits = false} and the overage in {@code overLimits}.
 */
public final class TrainingEstimator {

    private TrainingEstimator() {
    }

    /**
     * Whether the design's training state and activations fit the usable HBM of a GPU: the bill's own memory check,
     * without the rest of the bill (a search prunes with it).
     */
    public static boolean fitsInMemory(Scenario sc) {
        Design d = sc.design();
        ParallelLayout l = new ParallelLayout(d.tp(), d.pp(), d.dp(), d.cp(), d.ep(), sc.cluster().gpusPerNode());
        double mem = state(sc, l).total() + activationBytes(sc, l, gradAccumulation(sc, l));
        return mem <= TrainingMemory.usableHbmBytes(sc.cluster().gpu());
    }

    /**
     * The training state a GPU holds: its shard of parameters, gradients and optimizer states, with DualPipe's two
     * stages' parameters and gradients on each GPU (the optimizer steps each stage's once).
     */
    private static TrainingMemory.State state(Scenario sc, ParallelLayout l) {
        int copies = TrainingMemory.parameterCopies(l.pp(), sc.design().pipelineSchedule());
        TrainingMemory.State one = TrainingMemory.state(sc.model(), l, sc.design().zeroStage());
        return new TrainingMemory.State(copies * one.paramBytes(), copies * one.gradBytes(), one.optimizerBytes());
    }

    /**
     * A lower bound of the bill's training days, from the step's compute alone (matrix products and activation
     * traffic, over 1 - bubble) with no communication exposed: the bill adds only non-negative terms to it. A search
     * visits layouts in this order and stops where the bound passes the fastest bill found.
     */
    public static double lowerBoundDays(Scenario sc) {
        Design d = sc.design();
        ModelArchitecture m = sc.model();
        Gpu gpu = sc.cluster().gpu();
        EfficiencyFactors eff = sc.efficiency();
        ParallelLayout l = new ParallelLayout(d.tp(), d.pp(), d.dp(), d.cp(), d.ep(), sc.cluster().gpusPerNode());
        int s = sc.training().seqLen();
        int accum = gradAccumulation(sc, l);
        double batchTokens = (double) l.dp() * d.microBatch() * s * accum;
        double fHw = TrainingFlops.hardwareFlopsPerToken(m, s, d.recomputeMode());
        double matmulS = fHw * batchTokens / (l.gpus() * sustainedRate(sc, fHw)) * stageFactor(m, s, fHw, l.pp());
        int stageLayers = (m.layers() + l.pp() - 1) / l.pp();
        double activationS = StepTime.activationTrafficSeconds(eff.activationPasses(),
                TrainingMemory.forwardBytesPerSbh(m.attentionHeads(), m.hiddenSize(), s, l.tp(), d.sequenceParallel(),
                        d.flashAttention()),
                (double) s / l.cp() * d.microBatch() * m.hiddenSize(), stageLayers, accum,
                d.recomputeMode().equals("full"), gpu.hbmBytesPerS(), eff.hbm());
        double stepS = StepTime.stepSeconds((matmulS + activationS) * commSmFactor(sc, l), 0.0,
                PipelineBubble.fraction(l.pp(), accum, d.virtualStages(), d.pipelineSchedule()));
        return sc.training().tokens() / batchTokens * stepS / 86400.0;
    }

    /**
     * FLOP per second one GPU sustains over the step's products ({@link ProductRate}): the dense products at
     * M = b s / cp tokens and the routed experts at the tokens each expert receives, in the activations' format; the
     * output head at b s / cp and the attention core (no weights) in bf16 under fp8 activations
     * ({@link TrainingFlops#bf16FlopsPerToken}), else in the activations' format.
     */
    private static double sustainedRate(Scenario sc, double hardwareFlopsPerToken) {
        return ProductRate.stepRate(productClasses(sc, hardwareFlopsPerToken), sc.cluster().gpu().hbmBytesPerS(),
                sc.efficiency().weightStreamExposed());
    }

    private static List<ProductRate.ProductClass> productClasses(Scenario sc, double fHw) {
        Design d = sc.design();
        Gpu gpu = sc.cluster().gpu();
        ModelArchitecture m = sc.model();
        EfficiencyFactors eff = sc.efficiency();
        int s = sc.training().seqLen();
        String recompute = d.recomputeMode();
        double peak = gpu.peakFor(d.activations()).orElseThrow();
        boolean fp8 = d.activations() == NumericFormat.FP8;
        double etaFmt = eff.computeFor(d.activations());
        double bf16Peak = fp8 ? gpu.peakFor(NumericFormat.BF16).orElse(peak / 2) : peak;
        double w = fp8 ? 1.0 : 2.0;
        double again = recompute.equals("full") ? 4.0 / 3.0 : 1.0;
        double core = 3.0 * TrainingFlops.attentionForwardFlopsPerToken(m, s)
                + (recompute.equals("none") ? 0.0 : TrainingFlops.attentionForwardFlopsPerToken(m, s));
        double head = 6.0 * m.hiddenSize() * m.vocabSize();
        double experts = m.isMoe() ? again * 6.0 * m.moe().expertsPerToken()
                * ParamCounter.mlpParams(m, m.moe().expertIntermediate()) * (m.layers() - m.moe().denseLayers())
                : 0.0;
        double dense = Math.max(0.0, fHw - core - head - experts);
        double tokens = (double) d.microBatch() * s / d.cp();
        double expertTokens = m.isMoe()
                ? tokens / d.tp() * m.moe().expertsPerToken() * Math.max(1, d.ep()) / m.moe().routedExperts()
                : tokens;
        return List.of(
                new ProductRate.ProductClass("dense", dense, tokens, peak, etaFmt, w),
                new ProductRate.ProductClass("experts", experts, Math.max(1.0, expertTokens), peak, etaFmt, w),
                new ProductRate.ProductClass("head", head, tokens, bf16Peak, eff.compute(), 2.0),
                new ProductRate.ProductClass("attention_core", core, tokens, bf16Peak, eff.compute(), 0.0));
    }

    /** DualPipe with expert parallelism: the overlapped all-to-alls hold SMs, so the compute runs on the rest. */
    private static boolean allToAllsHoldSms(Scenario sc, ParallelLayout l) {
        return sc.model().isMoe() && l.ep() > 1 && l.pp() > 1 && "dualpipe".equals(sc.design().pipelineSchedule());
    }

    private static double commSmFactor(Scenario sc, ParallelLayout l) {
        return allToAllsHoldSms(sc, l) ? StepTime.smHeldFactor(TrainingComm.DUALPIPE_COMM_SM_SHARE) : 1.0;
    }

    /** The slowest stage over the mean ({@link StepTime#slowestStageFactor}): the output layer is 6 h V per token. */
    private static double stageFactor(ModelArchitecture m, int seqLen, double hardwareFlopsPerToken, int pp) {
        double head = 6.0 * m.hiddenSize() * m.vocabSize();
        return StepTime.slowestStageFactor((hardwareFlopsPerToken - head) / m.layers(), head, m.layers(), pp);
    }

    /** m = ceil(B / (dp x b x s)), at least 1. */
    private static int gradAccumulation(Scenario sc, ParallelLayout l) {
        double perMicroAllReplicas = (double) l.dp() * sc.design().microBatch() * sc.training().seqLen();
        return (int) Math.max(1, Math.ceil(sc.training().globalBatchTokens() / perMicroAllReplicas - 1e-9));
    }

    private static double activationBytes(Scenario sc, ParallelLayout l, int accum) {
        Design d = sc.design();
        return TrainingMemory.activationBytes(sc.model(), l, sc.training().seqLen(), d.microBatch(), accum,
                d.recomputeMode(), d.sequenceParallel(), d.flashAttention(), d.virtualStages(), d.pipelineSchedule(),
                d.activations() == NumericFormat.FP8);
    }

    public static TrainingEstimate estimate(Scenario sc) {
        TrainingInputs.validate(sc);
        ModelArchitecture m = sc.model();
        Cluster c = sc.cluster();
        Gpu gpu = c.gpu();
        TrainingWorkload w = sc.training();
        Design d = sc.design();
        EfficiencyFactors eff = sc.efficiency();
        ParallelLayout l = new ParallelLayout(d.tp(), d.pp(), d.dp(), d.cp(), d.ep(), c.gpusPerNode());
        int gpus = l.gpus();
        int s = w.seqLen();
        int b = d.microBatch();
        double peak = gpu.peakFor(d.activations()).orElseThrow();
        String fmt = d.activations().id();
        List<Figure> f = new ArrayList<>();

        // -- parameters and FLOPs
        double nTotal = ParamCounter.totalParams(m);
        double nActive = ParamCounter.activeParams(m);
        double nMm = TrainingFlops.matmulParams(m);
        double dAttn = TrainingFlops.attentionDim(m);
        double attnPerToken = 3 * TrainingFlops.attentionForwardFlopsPerToken(m, s);
        double fModel = TrainingFlops.flopsPerToken(m, s);
        String recompute = d.recomputeMode();
        double fHw = TrainingFlops.hardwareFlopsPerToken(m, s, recompute);
        double totalFlops = fModel * w.tokens();
        double bias = ParamCounter.attentionBiasParamsPerLayer(m);
        add(f, "total_params", nTotal, "params", "N = embeddings + layers x (attention + MLP + norms"
                        + (bias > 0 ? " + " + ParamCounter.biasedProjections(m) + " biases" : "") + ")",
                "N = " + num(nTotal) + (bias > 0 ? " (biases " + m.layers() + " x " + num(bias) + " = "
                        + num(m.layers() * bias) + ")" : "") + (m.isMoe() ? ", active " + num(nActive) : ""));
        add(f, "flops_per_token", fModel, "FLOP/token", "6 x N_mm + 6 x L x c x d_attn (causal; N_mm = active"
                        + " params less the untied input table; c = s for global attention)",
                "6 x " + num(nMm) + " + " + num(attnPerToken) + " = " + num(fModel));
        add(f, "total_flops", totalFlops, "FLOP", "F_token x D", num(fModel) + " x " + num(w.tokens()) + " = "
                + num(totalFlops));
        if (!recompute.equals("none")) {
            add(f, "hardware_flops_per_token", fHw, "FLOP/token", recompute.equals("full")
                            ? "F_token + forward (full recomputation runs the forward twice)"
                            : "F_token + the attention core's forward (selective recomputation runs it twice)",
                    num(fModel) + " + " + num(fHw - fModel) + " = " + num(fHw));
        }

        // -- batch
        double perMicroAllReplicas = (double) l.dp() * b * s;
        int accum = gradAccumulation(sc, l);
        double batchTokens = perMicroAllReplicas * accum;
        double tokensPerGpu = batchTokens / gpus;
        add(f, "grad_accumulation", accum, "micro-batches", "m = ceil(B / (dp x b x s))",
                "ceil(" + num(w.globalBatchTokens()) + " / (" + l.dp() + " x " + b + " x " + s + ")) = " + accum);
        add(f, "tokens_per_step", batchTokens, "tokens", "dp x b x m x s",
                l.dp() + " x " + b + " x " + accum + " x " + s + " = " + num(batchTokens));
        add(f, "tokens_per_gpu_per_step", tokensPerGpu, "tokens", "tokens_per_step / (tp x pp x dp x cp)",
                num(batchTokens) + " / " + gpus + " = " + num(tokensPerGpu));

        // -- memory per GPU
        int copies = TrainingMemory.parameterCopies(l.pp(), d.pipelineSchedule());
        TrainingMemory.State st = state(sc, l);
        double act = activationBytes(sc, l, accum);
        double mem = st.total() + act;
        double usable = TrainingMemory.usableHbmBytes(gpu);
        boolean fits = mem <= usable;
        double over = Math.max(0, mem - usable);
        double stateTotal = TrainingMemory.stateBytes(nTotal);
        String shard = "tp " + l.tp() + ", pp " + l.pp() + (l.ep() > 1 ? ", ep " + l.ep() : "") + ", ZeRO-"
                + d.zeroStage() + " over " + l.denseDpGroup();
        add(f, "state_bytes_total", stateTotal, "B", "16 B x N (bf16 params 2 + bf16 grads 2 + fp32 master, m, v 12)",
                "16 x " + num(nTotal) + " = " + bytes(stateTotal));
        String twice = copies > 1 ? " x 2 (DualPipe: stages i and p - 1 - i)" : "";
        add(f, "param_bytes_per_gpu", st.paramBytes(), "B", "2 B x params on the GPU (" + shard + ")" + twice,
                bytes(st.paramBytes()));
        add(f, "grad_bytes_per_gpu", st.gradBytes(), "B", "2 B x gradients on the GPU" + twice,
                bytes(st.gradBytes()));
        add(f, "optimizer_bytes_per_gpu", st.optimizerBytes(), "B", "12 B x optimizer shard on the GPU",
                bytes(st.optimizerBytes()));
        int stageLayers = (m.layers() + l.pp() - 1) / l.pp();
        int inFlight = TrainingMemory.microBatchesInFlight(l.pp(), accum, d.pipelineSchedule());
        boolean fp8Kept = d.activations() == NumericFormat.FP8;
        double stageTokenHidden = (double) s / l.cp() * b * m.hiddenSize() * stageLayers;
        double keptPerSbh = TrainingMemory.busiestStageLayerBytes(m, l, s, b, recompute, d.sequenceParallel(),
                d.flashAttention(), fp8Kept) / stageTokenHidden;
        add(f, "activation_bytes_per_gpu", act, "B", "c x (s/cp) x b x h x layers/pp x in-flight"
                        + (recompute.equals("full") ? " + one layer's forward" : "")
                        + (l.pp() == 1 ? " + 4 x s b (h + V) / tp" : "") + "; c per token per hidden unit, "
                        + "the busiest stage's mean: " + (recompute.equals("full") ? "2 (the layer input)"
                        : keptText(m, d, fp8Kept)),
                num(keptPerSbh) + " x " + s / l.cp() + " x " + b + " x " + m.hiddenSize() + " x " + stageLayers
                        + " x " + inFlight + (recompute.equals("full") || l.pp() == 1 ? " + ..." : "") + " = "
                        + bytes(act));
        add(f, "memory_bytes_per_gpu", mem, "B", "params + grads + optimizer + activations",
                bytes(st.paramBytes()) + " + " + bytes(st.gradBytes()) + " + " + bytes(st.optimizerBytes()) + " + "
                        + bytes(act) + " = " + bytes(mem));
        add(f, "usable_hbm_bytes_per_gpu", usable, "B", "0.90 x HBM", "0.90 x " + bytes(gpu.hbmBytes()) + " = "
                + bytes(usable));

        // -- compute and its phases
        double productRate = sustainedRate(sc, fHw);
        double evenS = fHw * batchTokens / (gpus * productRate);
        double stage = stageFactor(m, s, fHw, l.pp());
        double matmulS = evenS * stage;
        double forwardPerSbh = TrainingMemory.forwardBytesPerSbh(m.attentionHeads(), m.hiddenSize(), s, l.tp(),
                d.sequenceParallel(), d.flashAttention());
        double activationS = StepTime.activationTrafficSeconds(eff.activationPasses(), forwardPerSbh,
                (double) s / l.cp() * b * m.hiddenSize(), stageLayers, accum, recompute.equals("full"),
                gpu.hbmBytesPerS(), eff.hbm());
        double smFactor = commSmFactor(sc, l);
        double computeS = (matmulS + activationS) * smFactor;
        double perMicro = computeS / accum;
        double fwdPerMicro = perMicro * (fModel / 3) / fHw;
        double bwdPerMicro = perMicro - fwdPerMicro;
        double attnHwPerToken = attnPerToken * fHw / fModel;
        double attnRate = d.activations() == NumericFormat.FP8
                ? gpu.peakFor(NumericFormat.BF16).orElse(peak / 2) * eff.compute() : peak * eff.compute();
        double attnPerLayerPerMicro = attnHwPerToken / m.layers() * ((double) b * s / l.cp()) / l.tp() / attnRate
                * smFactor;
        add(f, "stage_imbalance", stage, "ratio", "the slowest pipeline stage's FLOPs over the mean stage's: "
                        + "(ceil(L / pp) x F_layer + F_head) / ((L x F_layer + F_head) / pp), F_head = 6 h V",
                "(" + stageLayers + " x " + num((fHw - 6.0 * m.hiddenSize() * m.vocabSize()) / m.layers()) + " + "
                        + num(6.0 * m.hiddenSize() * m.vocabSize()) + ") / ((" + m.layers() + " x ... + ...) / "
                        + l.pp() + ") = " + num(stage));
        List<ProductRate.ProductClass> classes = productClasses(sc, fHw);
        StringBuilder rates = new StringBuilder();
        for (ProductRate.ProductClass pc : classes) {
            if (pc.flopsPerToken() <= 0) {
                continue;
            }
            double eta = pc.weightBytes() <= 0 ? pc.etaCompute() : ProductRate.efficiency(pc.tokens(),
                    pc.weightBytes(), pc.peakFlopsPerS(), pc.etaCompute(), gpu.hbmBytesPerS(),
                    eff.weightStreamExposed());
            rates.append(rates.length() == 0 ? "" : ", ").append(pc.name().replace('_', ' ')).append(' ')
                    .append(num(pc.flopsPerToken())).append(" FLOP at ").append(num(pc.peakFlopsPerS())).append(" x ")
                    .append(num(eta)).append(pc.weightBytes() > 0 ? " (M " + num(pc.tokens()) + ")" : "");
        }
        add(f, "matmul_time_s", matmulS, "s", "F_hw x tokens_per_step / (GPUs x R) x the slowest stage's share; "
                        + "R = F_hw / sum F_i / (peak_i x eta_i), eta(M) = eta_c / (1 + x w peak eta_c / (2 M HBM)): "
                        + "each product streams its w-byte weights once beside its 2 M K N FLOP, M its tokens, x = "
                        + num(eff.weightStreamExposed()) + " of that stream exposed"
                        + (d.activations() == NumericFormat.FP8 ? "; the output head and attention core in bf16" : ""),
                num(fHw) + " x " + num(batchTokens) + " / (" + gpus + " x " + num(productRate) + ") x "
                        + num(stage) + " = " + num(matmulS) + "; " + rates);
        add(f, "activation_traffic_time_s", activationS, "s", "passes x c x (s/cp) x b x h x layers/pp x m"
                        + (recompute.equals("full") ? " x 4/3 (the forward again)" : "")
                        + " / (HBM x eta_hbm): the norms, softmax, dropout, GeLU and residuals between the matrix "
                        + "products; c = " + kernelsText(d),
                num(eff.activationPasses()) + " x " + num(forwardPerSbh) + " x " + s / l.cp() + " x " + b + " x "
                        + m.hiddenSize() + " x " + stageLayers + " x " + accum
                        + (recompute.equals("full") ? " x 4/3" : "") + " / (" + num(gpu.hbmBytesPerS()) + " x "
                        + eff.hbm() + ") = " + num(activationS));
        add(f, "compute_time_s", computeS, "s", smFactor > 1
                        ? "(matmul + activation traffic) / (1 - SMs held): DualPipe's overlapped all-to-alls hold "
                        + "20 of 132 SMs (DeepSeek-V3 technical report, section 3.2.2)"
                        : "matmul + activation traffic",
                smFactor > 1
                        ? "(" + num(matmulS) + " + " + num(activationS) + ") / (1 - " + num(
                        TrainingComm.DUALPIPE_COMM_SM_SHARE) + ") = " + num(computeS)
                        : num(matmulS) + " + " + num(activationS) + " = " + num(computeS));

        // -- communication
        TrainingComm.Shape shape = new TrainingComm.Shape(s, b, accum);
        TrainingComm.Phases phases = new TrainingComm.Phases(fwdPerMicro, bwdPerMicro, attnPerLayerPerMicro);
        double etaL = eff.link();
        TrainingComm.Axis dp = TrainingComm.dataParallel(m, l, c, etaL, d.zeroStage(), shape, phases, copies);
        TrainingComm.Axis tp = TrainingComm.tensorParallel(m, l, c, etaL, shape, d.recompute());
        TrainingComm.Axis pp = TrainingComm.pipeline(m, l, c, etaL, shape, d.virtualStages());
        double dispatchBytes = Math.min(2.0, Math.max(1.0, d.activations().bytesPerElement()));
        TrainingComm.Axis ep = TrainingComm.expertParallel(m, l, c, etaL, shape, dispatchBytes);
        TrainingComm.Axis cp = TrainingComm.contextParallel(m, l, c, etaL, shape, phases);
        boolean dualPipe = copies > 1;
        if (dualPipe) {
            // DualPipe overlaps each forward chunk's all-to-alls and stage sends with a backward chunk's compute:
            // what the step's compute does not cover is exposed, the pipeline's sends first
            double ppExposed = Math.max(0, pp.timeS() - computeS);
            double epExposed = Math.max(0, ep.timeS() - Math.max(0, computeS - pp.timeS()));
            pp = new TrainingComm.Axis(pp.name(), pp.wireBytesPerStep(), pp.timeS(), ppExposed, pp.link());
            ep = new TrainingComm.Axis(ep.name(), ep.wireBytesPerStep(), ep.timeS(), epExposed, ep.link());
        }
        double exposed = dp.exposedS() + tp.exposedS() + pp.exposedS() + ep.exposedS() + cp.exposedS();
        addAxis(f, dp, d.zeroStage() >= 3
                ? "per micro-batch 3 x (n-1)/n x 2 B x params/GPU (gather fwd, gather bwd, reduce-scatter); "
                + "exposed = max(0, t_gather - t_fwd) + max(0, 2 t_gather - t_bwd) per micro-batch"
                : d.zeroStage() == 2
                ? "reduce-scatter (n-1)/n x 2 B x grads per micro-batch + one all-gather of params per step; "
                + "exposed beyond each micro-batch's backward"
                : "2 x (n-1)/n x 2 B x grads/GPU per step; exposed = max(0, t_dp - t_bwd(last micro-batch))",
                "n = " + l.denseDpGroup());
        addAxis(f, tp, (d.recompute() ? "6" : "4") + " x L/pp x m all-reduces of b x s x h x 2 B, 2 (tp-1)/tp each; on the critical path",
                "tp = " + l.tp());
        addAxis(f, pp, "2 x m" + (d.virtualStages() > 1 ? " x v" : "") + " sends of b x s x h x 2 B / tp per GPU; "
                + (dualPipe ? "DualPipe hides them behind the compute" : "on the critical path"), "pp = " + l.pp() + (d.virtualStages() > 1 ? ", v = " + d.virtualStages()
                : ""));
        addAxis(f, ep, "4 x MoE layers/pp x m all-to-alls (dispatch and its gradient at " + num(dispatchBytes)
                        + " B an element, the combines at 2 B): tokens x h x the copies a link carries, the slower "
                        + "link's time" + (dualPipe ? ", hidden by DualPipe behind what the compute has left after the "
                        + "pipeline's sends" : ", exposed") + "; inside a node k (g - 1)/g copies for g expert GPUs a node, across nodes "
                        + (m.moe() != null && m.moe().groupLimited() ? "once per remote node reached (group-limited "
                        + "routing to " + m.moe().groupLimit() + " of " + m.moe().expertGroups() + " groups)"
                        : "k (N - 1)/N"),
                "ep = " + l.ep() + (m.moe() == null || l.ep() <= 1 ? "" : ", " + TrainingComm.expertNodes(l, c)
                        + " node(s), copies a token: " + num(TrainingComm.inNodeCopies(m, l.ep(),
                        TrainingComm.expertNodes(l, c))) + " inside, " + num(TrainingComm.crossNodeCopies(m,
                        TrainingComm.expertNodes(l, c))) + " across"));
        addAxis(f, cp, "3 (cp-1) K/V chunk passes per layer per micro-batch; exposed beyond attention compute",
                "cp = " + l.cp());
        add(f, "exposed_comm_time_s", exposed, "s", "dp + tp + pp + ep + cp exposed",
                num(dp.exposedS()) + " + " + num(tp.exposedS()) + " + " + num(pp.exposedS()) + " + "
                        + num(ep.exposedS()) + " + " + num(cp.exposedS()) + " = " + num(exposed));

        // -- step, MFU
        double bubble = PipelineBubble.fraction(l.pp(), accum, d.virtualStages(), d.pipelineSchedule());
        double optimizerParams = st.optimizerBytes() / TrainingMemory.OPTIMIZER_BYTES;
        double optimizerS = StepTime.optimizerSeconds(optimizerParams, gpu.hbmBytesPerS(), eff.hbm());
        double stepS = StepTime.stepSeconds(computeS, exposed, bubble) + optimizerS;
        double mfu = StepTime.mfu(fModel, batchTokens, stepS, gpus, peak);
        double hfu = StepTime.mfu(fHw, batchTokens, stepS, gpus, peak);
        int v = d.virtualStages();
        String schedule = d.pipelineSchedule();
        if (l.pp() > 1 && schedule.equals("zero_bubble")) {
            add(f, "bubble_fraction", bubble, "fraction", "(p - 1) / (3 m + p - 1), zero-bubble (ZB-H1): the weight "
                            + "gradients fill the drain, idle (p - 1)(F + B - 2W) with F : B : W = 1 : 2 : 1",
                    "(" + l.pp() + " - 1) / (3 x " + accum + " + " + l.pp() + " - 1) = " + num(bubble));
        } else if (l.pp() > 1 && schedule.equals("dualpipe")) {
            add(f, "bubble_fraction", bubble, "fraction", "(p - 2) / (3 m + p - 2), DualPipe: idle (p/2 - 1)(F&B + B - "
                            + "3W) with F : B : W = 1 : 2 : 1 and F&B = F + B",
                    "(" + l.pp() + " - 2) / (3 x " + accum + " + " + l.pp() + " - 2) = " + num(bubble));
        } else {
            add(f, "bubble_fraction", bubble, "fraction", v > 1 ? "(p - 1) / (v x m + p - 1), interleaved 1F1B of v "
                            + "chunks a stage" : "(p - 1) / (m + p - 1)",
                    "(" + l.pp() + " - 1) / (" + (v > 1 ? v + " x " : "") + accum + " + " + l.pp() + " - 1) = "
                            + num(bubble));
        }
        add(f, "optimizer_time_s", optimizerS, "s", "the Adam update over the GPU's optimizer shard, "
                        + StepTime.OPTIMIZER_BYTES_PER_PARAM + " B a parameter through HBM (reads the bf16 gradient "
                        + "2, fp32 master, m and v 12; writes master, m, v 12 and the bf16 parameter 2) / (HBM x "
                        + "eta_hbm), after the last backward",
                num(optimizerParams) + " x " + StepTime.OPTIMIZER_BYTES_PER_PARAM + " / (" + num(gpu.hbmBytesPerS())
                        + " x " + eff.hbm() + ") = " + num(optimizerS));
        add(f, "step_time_s", stepS, "s", "(compute + exposed comm) / (1 - bubble) + optimizer",
                "(" + num(computeS) + " + " + num(exposed) + ") / (1 - " + num(bubble) + ") + " + num(optimizerS)
                        + " = " + num(stepS));
        add(f, "mfu", mfu, "fraction", "F_token x tokens_per_step / (step x GPUs x peak_" + fmt + ")",
                num(fModel) + " x " + num(batchTokens) + " / (" + num(stepS) + " x " + gpus + " x " + num(peak)
                        + ") = " + pct(mfu));
        if (!recompute.equals("none")) {
            add(f, "hfu", hfu, "fraction", "F_hw x tokens_per_step / (step x GPUs x peak)", pct(hfu));
        }

        // -- thresholds
        TrainingComm.Axis dpOne = TrainingComm.dataParallel(m, l, c, etaL, d.zeroStage(),
                new TrainingComm.Shape(s, b, 1), new TrainingComm.Phases(0, 0, 0));
        double windowFlops = d.zeroStage() >= 3 ? fHw : fHw - fModel / 3;
        double windowPerToken = windowFlops / (peak * eff.compute());
        double dpHide = CommThresholds.hideTokensPerGpu(dpOne.timeS(), windowPerToken);
        double tokensPerGpuPerMicro = tokensPerGpu / accum;
        add(f, "dp_hide_tokens_per_gpu", dpHide, "tokens", "T* = t_dp / (" + (d.zeroStage() >= 3 ? "step"
                        : "backward") + " seconds per token per GPU), in tokens per GPU per micro-batch, the window "
                        + "the reduction overlaps (= per step when m = 1); DP hides when tokens per GPU per "
                        + "micro-batch >= T*",
                num(dpOne.timeS()) + " s / (" + num(windowFlops) + " / (" + num(peak) + " x " + eff.compute()
                        + ")) = " + num(dpHide) + "; this design: " + num(tokensPerGpuPerMicro)
                        + " tokens per GPU per micro-batch");
        double tpTax = computeS > 0 ? tp.timeS() / computeS : 0.0;
        add(f, "tp_tax_fraction", tpTax, "fraction", "t_tp / t_compute",
                num(tp.timeS()) + " / " + num(computeS) + " = " + pct(tpTax));
        if (l.tp() > 1) {
            Links.Link tpLink = Links.forSpan(c, l.tpSpan());
            double rule = CommThresholds.tpTaxRuleOfThumb(peak, tpLink.bytesPerS(), m.hiddenSize());
            add(f, "tp_tax_rule_of_thumb", rule, "fraction", "peak / (3 x BW x h), BW per GPU per direction, for "
                            + "comparison (leaves out the ring's 2 (tp-1)/tp and the 1/tp split of the compute)",
                    num(peak) + " / (3 x " + num(tpLink.bytesPerS()) + " x " + m.hiddenSize() + ") = "
                            + pct(rule));
        }
        boolean critStated = w.criticalBatchTokens() > 0;
        double bCrit = critStated ? w.criticalBatchTokens() : w.globalBatchTokens();
        // a global batch past B_crit is the workload's (TRN-C-02B): the layout is then held to one round within it
        boolean workloadPast = critStated && w.globalBatchTokens() > bCrit;
        int maxUsefulDp = workloadPast ? ScalingLimits.maxUsefulDp(bCrit, b, s)
                : ScalingLimits.maxUsefulDp(bCrit, b, accum, s);
        add(f, "critical_batch_tokens", bCrit, "tokens", critStated ? "B_crit as stated"
                : "B_crit not stated: the requested global batch is taken as the largest useful batch", num(bCrit));
        add(f, "max_useful_dp", maxUsefulDp, "replicas", workloadPast
                        ? "floor(B_crit / (b x s)): the global batch is past B_crit whatever the layout; one "
                        + "micro-batch per replica within it"
                        : "floor(1.05 x B_crit / (b x m x s)): 5% past B_crit for accumulation rounded up",
                workloadPast ? "floor(" + num(bCrit) + " / (" + b + " x " + s + ")) = " + maxUsefulDp
                        : "floor(1.05 x " + num(bCrit) + " / (" + b + " x " + accum + " x " + s + ")) = "
                        + maxUsefulDp);
        TrainingMemory.ShardParams sp = TrainingMemory.shardParams(m, l);
        Links.Link out = Links.scaleOut(c);
        double dpBytesAtScale = (d.zeroStage() >= 3 ? 3.0 : 2.0) * TrainingMemory.GRAD_BYTES * sp.total();
        double dpFloorS = dpBytesAtScale / (out.bytesPerS() * etaL);
        double scalingS = Math.max(0, stepS - dp.exposedS());
        double fixedShare = ScalingLimits.fixedShare(scalingS, dpFloorS);
        double ceiling = ScalingLimits.ceiling(fixedShare);
        add(f, "strong_scaling_ceiling", ceiling, "x", "1 / f, f = t_dp(n -> inf) / (step - exposed dp + t_dp(n -> "
                        + "inf)), t_dp(n -> inf) = " + (d.zeroStage() >= 3 ? "3" : "2") + " x 2 B x params/GPU / "
                        + "(BW_out x eta_l)",
                "t_dp = " + bytes(dpBytesAtScale) + " / (" + num(out.bytesPerS()) + " x " + etaL + ") = "
                        + num(dpFloorS) + " s; f = " + num(fixedShare) + "; 1/f = " + num(ceiling));

        // -- run
        double steps;
        double days;
        if (w.batchStages().isEmpty()) {
            steps = w.tokens() / batchTokens;
            days = steps * stepS / 86400.0;
            add(f, "steps", steps, "steps", "D / tokens_per_step", num(w.tokens()) + " / " + num(batchTokens)
                    + " = " + num(steps));
            add(f, "training_days", days, "days", "total FLOP / (GPUs x peak x MFU) / 86400 = steps x step / 86400",
                    num(totalFlops) + " / (" + gpus + " x " + num(peak) + " x " + num(mfu) + ") / 86400 = "
                            + num(days));
        } else {
            // a batch ramp: each stage is this layout's bill at the stage's batch (fewer micro-batches a pipeline,
            // a larger bubble, more steps), the rest at the global batch
            double rampSteps = 0;
            double rampDays = 0;
            StringBuilder working = new StringBuilder();
            for (TrainingWorkload.BatchStage ramp : w.batchStages()) {
                TrainingEstimate at = estimate(sc.withTraining(w.atStage(ramp)));
                rampSteps += at.steps();
                rampDays += at.trainingDays();
                working.append(num(ramp.tokens())).append(" tokens at ").append(num(ramp.globalBatchTokens()))
                        .append(": ").append(num(at.steps())).append(" steps x ").append(num(at.stepTimeS()))
                        .append(" s; ");
            }
            double mainSteps = (w.tokens() - w.rampTokens()) / batchTokens;
            steps = rampSteps + mainSteps;
            days = rampDays + mainSteps * stepS / 86400.0;
            add(f, "batch_ramp_days", rampDays, "days", "the ramp's stages, each its tokens / its tokens_per_step "
                            + "x its step (its batch's micro-batches and bubble) / 86400",
                    working + "= " + num(rampDays));
            add(f, "steps", steps, "steps", "ramp steps + (D - ramp tokens) / tokens_per_step",
                    num(rampSteps) + " + (" + num(w.tokens()) + " - " + num(w.rampTokens()) + ") / "
                            + num(batchTokens) + " = " + num(steps));
            add(f, "training_days", days, "days", "ramp days + (D - ramp tokens) / tokens_per_step x step / 86400",
                    num(rampDays) + " + " + num(mainSteps) + " x " + num(stepS) + " / 86400 = " + num(days));
        }
        double cost = StepTime.costUsd(gpus, days, gpu.usdPerGpuHour());
        add(f, "cost_usd", cost, "USD", "GPUs x hours x USD/GPU-h",
                gpus + " x " + num(days * 24) + " x " + num(gpu.usdPerGpuHour()) + " = " + num(cost));

        double ckptBytes = Checkpointing.bytes(nTotal);
        boolean bwStated = w.checkpointBytesPerS() > 0;
        double ckptBw = bwStated ? w.checkpointBytesPerS() : Checkpointing.DEFAULT_WRITE_BYTES_PER_S;
        double writeS = Checkpointing.writeSeconds(ckptBytes, ckptBw);
        boolean rateStated = w.failuresPerGpuHour() > 0;
        double rate = rateStated ? w.failuresPerGpuHour() : Checkpointing.DEFAULT_FAILURES_PER_GPU_HOUR;
        double mtbfH = Checkpointing.mtbfHours(rate, gpus);
        double intervalS = Checkpointing.youngDalyIntervalS(writeS, mtbfH * 3600);
        double ckptOverhead = Checkpointing.overheadFraction(writeS, intervalS, mtbfH * 3600);
        add(f, "checkpoint_bytes", ckptBytes, "B", "14 B x N (bf16 weights 2 + fp32 master 4 + Adam m, v 8)",
                "14 x " + num(nTotal) + " = " + bytes(ckptBytes));
        add(f, "checkpoint_write_s", writeS, "s", "checkpoint bytes / write bandwidth" + (bwStated ? ""
                        : " (10 GB/s aggregate assumed)"),
                bytes(ckptBytes) + " / " + bytes(ckptBw) + "/s = " + num(writeS));
        add(f, "mtbf_hours", mtbfH, "h", "1 / (failures per GPU-hour x GPUs)" + (rateStated ? ""
                        : "; rate from the Llama 3 paper: 419 interruptions / (54 d x 24 h x 16,384 GPUs)"),
                "1 / (" + num(rate) + " x " + gpus + ") = " + num(mtbfH));
        add(f, "checkpoint_interval_min", intervalS / 60, "min", "Young-Daly sqrt(2 x write x MTBF)",
                "sqrt(2 x " + num(writeS) + " x " + num(mtbfH * 3600) + ") / 60 = " + num(intervalS / 60));
        add(f, "checkpoint_overhead_fraction", ckptOverhead, "fraction",
                "write / interval + interval / (2 MTBF), time lost to checkpoints and failures (not in days)",
                num(writeS) + " / " + num(intervalS) + " + " + num(intervalS) + " / (2 x " + num(mtbfH * 3600)
                        + ") = " + pct(ckptOverhead));

        double loaderTps = DataPlane.loaderTokensPerS(batchTokens, stepS);
        int bpt = DataPlane.bytesPerToken(m.vocabSize());
        add(f, "loader_tokens_per_s", loaderTps, "tokens/s", "tokens_per_step / step",
                num(batchTokens) + " / " + num(stepS) + " = " + num(loaderTps));
        add(f, "loader_bytes_per_s", loaderTps * bpt, "B/s", "tokens/s x " + bpt + " B per token id",
                num(loaderTps) + " x " + bpt + " = " + bytes(loaderTps * bpt) + "/s");

        // -- limits
        List<String> overLimits = new ArrayList<>();
        if (!fits) {
            overLimits.add("training state and activations " + bytes(mem) + " per GPU exceed the usable HBM "
                    + bytes(usable) + " of " + gpu.id() + " by " + bytes(over) + " (" + shard + ")");
        }
        // past the critical batch (the requested global batch where none is stated) the layout trains a batch the
        // workload did not ask for: over a limit whether B_crit is stated or not, as the rules hold it (TRN-C-02)
        if (l.dp() > maxUsefulDp) {
            overLimits.add("dp " + l.dp() + " exceeds the critical-batch cap of " + maxUsefulDp
                    + " replicas (B_crit " + num(bCrit) + " tokens" + (critStated ? "" : ", the requested global batch")
                    + " / (micro " + b + " x accumulation " + accum + " x seq " + s + "))");
        }
        overLimits.addAll(budgetOverruns(sc.budget(), gpus, days, cost, gpus * gpu.usdPerGpuHour()));

        return new TrainingEstimate(gpus, nTotal, nActive, finite(totalFlops), finite(fModel),
                finite(st.paramBytes()), finite(st.gradBytes()), finite(st.optimizerBytes()), finite(act),
                finite(mem), finite(usable), fits, finite(over), finite(stateTotal),
                b, accum, finite(tokensPerGpu), finite(computeS), finite(dp.timeS()), finite(tp.timeS()),
                finite(pp.timeS()), finite(ep.timeS()), finite(cp.timeS()), finite(exposed), finite(bubble),
                finite(stepS), finite(mfu),
                finite(dpHide), finite(tpTax), finite(bCrit), maxUsefulDp, finite(ceiling),
                finite(steps), finite(days), finite(cost), finite(ckptBytes), finite(writeS),
                finite(intervalS / 60), finite(loaderTps), overLimits, f);
    }

    private static void addAxis(List<Figure> f, TrainingComm.Axis a, String formula, String group) {
        String key = switch (a.name()) {
            case "tp" -> "tp";
            case "pp" -> "pp";
            case "ep" -> "ep";
            case "cp" -> "cp";
            default -> "dp";
        };
        add(f, key + "_comm_time_s", a.timeS(), "s", formula, a.timeS() == 0 ? "none (" + group + ")"
                : group + ": " + bytes(a.wireBytesPerStep()) + " per GPU per step over " + a.link() + " = "
                + num(a.timeS()) + " s, exposed " + num(a.exposedS()) + " s");
    }

    static void add(List<Figure> f, String key, double value, String unit, String formula, String substituted) {
        f.add(new Figure(key, finite(value), unit, formula, substituted));
    }

    /**
     * What a run breaks of its budget: the GPU cap, the deadline, the total and the hourly spend (each only when
     * set), as lines for the bill's over-limits.
     */
    static List<String> budgetOverruns(Budget budget, int gpus, double days, double costUsd, double usdPerHour) {
        List<String> out = new ArrayList<>();
        if (budget.maxGpus() > 0 && gpus > budget.maxGpus()) {
            out.add("GPUs " + gpus + " exceed the budget's " + budget.maxGpus());
        }
        if (budget.deadlineDays() > 0 && days > budget.deadlineDays()) {
            out.add("the run takes " + num(days) + " days, past the deadline of " + num(budget.deadlineDays())
                    + " days");
        }
        if (budget.totalUsd() > 0 && costUsd > budget.totalUsd()) {
            out.add("the run costs " + num(costUsd) + " USD, over the budget of " + num(budget.totalUsd()) + " USD");
        }
        if (budget.usdPerHour() > 0 && usdPerHour > budget.usdPerHour()) {
            out.add("the fleet costs " + num(usdPerHour) + " USD/h, over the budget of " + num(budget.usdPerHour())
                    + " USD/h");
        }
        return out;
    }

    /** What the kept activations count, for the memory figure's formula. */
    private static String keptText(ModelArchitecture m, Design d, boolean fp8) {
        boolean tensorByTensor = m.isMoe() || m.attention() == AttentionKind.MLA;
        String base = tensorByTensor
                ? "each block's kept tensors counted one by one (" + (m.attention() == AttentionKind.MLA ? "MLA"
                : "attention") + (m.isMoe() ? ", routed experts: k copies of each token" : "") + "; "
                + (d.sequenceParallel() ? "/ tp, sequence parallel)" : "the replicated part whole, the rest / tp)")
                : kernelsText(d);
        return base + (fp8 ? "; the products' and activation functions' inputs kept in fp8, 1 B an element" : "");
    }

    /** The forward's activation bytes per token per hidden unit per layer, as the step kernels set them. */
    private static String kernelsText(Design d) {
        return (d.sequenceParallel() ? "34 / tp (sequence parallel)" : "10 + 24 / tp (no sequence parallelism)")
                + (d.flashAttention() ? "" : " + 5 a s / (h tp) (attention scores stored)");
    }
}
