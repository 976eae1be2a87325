package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.arithmetic.training.Quantities.finite;
import static io.ridgeline.engine.text.Numbers.bytes;
import static io.ridgeline.engine.text.Numbers.compact;
import static io.ridgeline.engine.text.Numbers.percent;

import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.arithmetic.training.ParallelLayout;
import io.ridgeline.engine.arithmetic.training.ProductRate;
import io.ridgeline.engine.arithmetic.training.StepTime;
import io.ridgeline.engine.arithmetic.training.TrainingComm;
import io.ridgeline.engine.arithmetic.training.TrainingMemory;
import io.ridgeline.engine.estimate.TrainingBill.Batch;
import io.ridgeline.engine.estimate.TrainingBill.Checkpoints;
import io.ridgeline.engine.estimate.TrainingBill.Comm;
import io.ridgeline.engine.estimate.TrainingBill.Feed;
import io.ridgeline.engine.estimate.TrainingBill.Compute;
import io.ridgeline.engine.estimate.TrainingBill.CriticalBatch;
import io.ridgeline.engine.estimate.TrainingBill.GpuMemory;
import io.ridgeline.engine.estimate.TrainingBill.HideThresholds;
import io.ridgeline.engine.estimate.TrainingBill.Layout;
import io.ridgeline.engine.estimate.TrainingBill.Loader;
import io.ridgeline.engine.estimate.TrainingBill.ModelFlops;
import io.ridgeline.engine.estimate.TrainingBill.Money;
import io.ridgeline.engine.estimate.TrainingBill.RampStage;
import io.ridgeline.engine.estimate.TrainingBill.Run;
import io.ridgeline.engine.estimate.TrainingBill.Step;
import io.ridgeline.engine.estimate.TrainingBill.StrongScaling;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingWorkload;
import java.util.ArrayList;
import java.util.List;

/**
 * The working of a pretraining bill, rendered for output: a {@link Figure} for each main number of the
 * {@link TrainingBill}'s stages, in stage order, with its formula and the formula with the numbers put in. It only
 * reads the stages; the one arithmetic it does is to break a number into the parts its text shows. A figure's
 * value that is not finite is shown as 0, as the record holds it.
 */
final class TrainingWorking {

    private final Scenario s;
    private final ModelArchitecture m;
    private final Design d;
    private final Gpu gpu;
    private final EfficiencyFactors eff;
    private final TrainingWorkload w;
    private final Layout layout;
    private final ParallelLayout l;
    private final Batch batch;
    private final ModelFlops flops;
    private final List<Figure> figures = new ArrayList<>(64);

    private TrainingWorking(TrainingBill bill) {
        this.s = bill.scenario();
        this.m = s.model();
        this.d = s.design();
        this.gpu = s.cluster().gpu();
        this.eff = s.efficiency();
        this.w = s.training();
        this.layout = bill.layout();
        this.l = layout.parallel();
        this.batch = bill.batch();
        this.flops = bill.flops();
    }

    /** The figures of every stage of {@code bill}, in order. */
    static List<Figure> figures(TrainingBill bill) {
        TrainingWorking working = new TrainingWorking(bill);
        working.modelFlops();
        working.batch();
        working.memory(bill.memory());
        working.compute(bill.compute());
        working.comm(bill.comm());
        working.step(bill.step(), bill.compute(), bill.comm(), bill.feed());
        working.thresholds(bill.thresholds(), bill.compute(), bill.comm());
        working.criticalBatch(bill.criticalBatch());
        working.strongScaling(bill.strongScaling());
        working.run(bill.run(), bill.step(), bill.compute(), bill.feed());
        working.money(bill.money(), bill.run());
        working.checkpoints(bill.checkpoints());
        working.loader(bill.loader(), bill.step(), bill.feed());
        working.resumption(bill.resumption(), bill.run(), bill.checkpoints());
        return working.figures;
    }

    /** How the training state is sharded: "tp 8, pp 4, ep 8, ZeRO-1 over 64". */
    static String shardText(Design d, ParallelLayout l) {
        return "tp " + l.tp() + ", pp " + l.pp() + (l.ep() > 1 ? ", ep " + l.ep() : "") + ", ZeRO-"
                + d.zeroStage() + " over " + l.denseDpGroup();
    }

    private void modelFlops() {
        double nTotal = flops.totalParams();
        double fModel = flops.flopsPerToken();
        double fHw = flops.hardwareFlopsPerToken();
        String recompute = d.recomputeMode();
        double bias = ParamCounter.attentionBiasParamsPerLayer(m);
        add("total_params", nTotal, "params", "N = embeddings + layers x (attention + MLP + norms"
                        + (bias > 0 ? " + " + ParamCounter.biasedProjections(m) + " biases" : "") + ")",
                "N = " + compact(nTotal) + (bias > 0 ? " (biases " + m.layers() + " x " + compact(bias) + " = "
                        + compact(m.layers() * bias) + ")" : "") + (m.isMoe() ? ", active " + compact(flops.activeParams())
                        : ""));
        add("flops_per_token", fModel, "FLOP/token", "6 x N_mm + 6 x L x c x d_attn (causal; N_mm = active"
                        + " params less the untied input table; c = s for global attention)",
                "6 x " + compact(flops.matmulParams()) + " + " + compact(flops.attentionFlopsPerToken()) + " = "
                        + compact(fModel));
        add("total_flops", flops.totalFlops(), "FLOP", "F_token x D", compact(fModel) + " x " + compact(w.tokens()) + " = "
                + compact(flops.totalFlops()));
        if (!recompute.equals("none")) {
            add("hardware_flops_per_token", fHw, "FLOP/token", recompute.equals("full")
                            ? "F_token + forward (full recomputation runs the forward twice)"
                            : "F_token + the attention core's forward (selective recomputation runs it twice)",
                    compact(fModel) + " + " + compact(fHw - fModel) + " = " + compact(fHw));
        }
    }

    private void batch() {
        int b = batch.microBatch();
        int s = batch.seqLen();
        int accum = batch.gradAccumulation();
        double batchTokens = batch.tokensPerStep();
        add("grad_accumulation", accum, "micro-batches", "m = ceil(B / (dp x b x s))",
                "ceil(" + compact(w.globalBatchTokens()) + " / (" + l.dp() + " x " + b + " x " + s + ")) = " + accum);
        add("tokens_per_step", batchTokens, "tokens", "dp x b x m x s",
                l.dp() + " x " + b + " x " + accum + " x " + s + " = " + compact(batchTokens));
        add("tokens_per_gpu_per_step", batch.tokensPerGpuPerStep(), "tokens", "tokens_per_step / (tp x pp x dp x cp)",
                compact(batchTokens) + " / " + layout.gpus() + " = " + compact(batch.tokensPerGpuPerStep()));
    }

    private void memory(GpuMemory memory) {
        int s = batch.seqLen();
        int b = batch.microBatch();
        String recompute = d.recomputeMode();
        TrainingMemory.State st = memory.state();
        double act = memory.activationBytes();
        String shard = shardText(d, l);
        add("state_bytes_total", memory.stateBytesTotal(), "B",
                "16 B x N (bf16 params 2 + bf16 grads 2 + fp32 master, m, v 12)",
                "16 x " + compact(flops.totalParams()) + " = " + bytes(memory.stateBytesTotal()));
        String twice = layout.parameterCopies() > 1 ? " x 2 (DualPipe: stages i and p - 1 - i)" : "";
        add("param_bytes_per_gpu", st.paramBytes(), "B", "2 B x params on the GPU (" + shard + ")" + twice,
                bytes(st.paramBytes()));
        add("grad_bytes_per_gpu", st.gradBytes(), "B", "2 B x gradients on the GPU" + twice,
                bytes(st.gradBytes()));
        add("optimizer_bytes_per_gpu", st.optimizerBytes(), "B", "12 B x optimizer shard on the GPU",
                bytes(st.optimizerBytes()));
        // the activations broken into c x (s/cp) x b x h x layers x micro-batches in flight, c the busiest stage's
        // mean bytes per token per hidden unit per layer
        int stageLayers = layout.stageLayers();
        int inFlight = TrainingMemory.microBatchesInFlight(l.pp(), batch.gradAccumulation(), d.pipelineSchedule());
        boolean fp8Kept = d.activations() == NumericFormat.FP8;
        double stageTokenHidden = (double) s / l.cp() * b * m.hiddenSize() * stageLayers;
        double keptPerSbh = TrainingMemory.busiestStageLayerBytes(m, l, s, b, recompute, d.sequenceParallel(),
                d.flashAttention(), fp8Kept) / stageTokenHidden;
        add("activation_bytes_per_gpu", act, "B", "c x (s/cp) x b x h x layers/pp x in-flight"
                        + (recompute.equals("full") ? " + one layer's forward" : "")
                        + (l.pp() == 1 ? " + 4 x s b (h + V) / tp" : "") + "; c per token per hidden unit, "
                        + "the busiest stage's mean: " + (recompute.equals("full") ? "2 (the layer input)"
                        : keptText(fp8Kept)),
                compact(keptPerSbh) + " x " + s / l.cp() + " x " + b + " x " + m.hiddenSize() + " x " + stageLayers
                        + " x " + inFlight + (recompute.equals("full") || l.pp() == 1 ? " + ..." : "") + " = "
                        + bytes(act));
        add("memory_bytes_per_gpu", memory.memoryBytes(), "B", "params + grads + optimizer + activations",
                bytes(st.paramBytes()) + " + " + bytes(st.gradBytes()) + " + " + bytes(st.optimizerBytes()) + " + "
                        + bytes(act) + " = " + bytes(memory.memoryBytes()));
        add("usable_hbm_bytes_per_gpu", memory.usableHbmBytes(), "B", "0.90 x HBM", "0.90 x "
                + bytes(gpu.hbmBytes()) + " = " + bytes(memory.usableHbmBytes()));
    }

    private void compute(Compute compute) {
        int s = batch.seqLen();
        int b = batch.microBatch();
        double fHw = flops.hardwareFlopsPerToken();
        double stage = compute.stageImbalance();
        double matmulS = compute.matmulS();
        double activationS = compute.activationTrafficS();
        double computeS = compute.computeS();
        boolean full = d.recomputeMode().equals("full");
        int stageLayers = layout.stageLayers();
        double head = 6.0 * m.hiddenSize() * m.vocabSize();
        add("stage_imbalance", stage, "ratio", "the slowest pipeline stage's FLOPs over the mean stage's: "
                        + "(ceil(L / pp) x F_layer + F_head) / ((L x F_layer + F_head) / pp), F_head = 6 h V",
                "(" + stageLayers + " x " + compact((fHw - head) / m.layers()) + " + " + compact(head) + ") / (("
                        + m.layers() + " x ... + ...) / " + l.pp() + ") = " + compact(stage));
        // the sustained rate broken into its product classes, each at the efficiency its tokens reach
        StringBuilder rates = new StringBuilder();
        for (ProductRate.ProductClass pc : compute.productClasses()) {
            if (pc.flopsPerToken() <= 0) {
                continue;
            }
            double eta = pc.weightBytes() <= 0 ? pc.etaCompute() : ProductRate.efficiency(pc.tokens(),
                    pc.weightBytes(), pc.peakFlopsPerS(), pc.etaCompute(), gpu.hbmBytesPerS(),
                    eff.weightStreamExposed());
            rates.append(rates.length() == 0 ? "" : ", ").append(pc.name().replace('_', ' ')).append(' ')
                    .append(compact(pc.flopsPerToken())).append(" FLOP at ").append(compact(pc.peakFlopsPerS())).append(" x ")
                    .append(compact(eta)).append(pc.weightBytes() > 0 ? " (M " + compact(pc.tokens()) + ")" : "");
        }
        add("matmul_time_s", matmulS, "s", "F_hw x tokens_per_step / (GPUs x R) x the slowest stage's share; "
                        + "R = F_hw / sum F_i / (peak_i x eta_i), eta(M) = eta_c / (1 + x w peak eta_c / (2 M HBM)): "
                        + "each product streams its w-byte weights once beside its 2 M K N FLOP, M its tokens, x = "
                        + compact(eff.weightStreamExposed()) + " of that stream exposed"
                        + (d.activations() == NumericFormat.FP8 ? "; the output head and attention core in bf16" : ""),
                compact(fHw) + " x " + compact(batch.tokensPerStep()) + " / (" + layout.gpus() + " x "
                        + compact(compute.productRate()) + ") x " + compact(stage) + " = " + compact(matmulS) + "; " + rates);
        add("activation_traffic_time_s", activationS, "s", "passes x c x (s/cp) x b x h x layers/pp x m"
                        + (full ? " x 4/3 (the forward again)" : "")
                        + " / (HBM x eta_hbm): the norms, softmax, dropout, GeLU and residuals between the matrix "
                        + "products; c = " + kernelsText(),
                compact(eff.activationPasses()) + " x " + compact(compute.forwardBytesPerSbh()) + " x " + s / l.cp() + " x "
                        + b + " x " + m.hiddenSize() + " x " + stageLayers + " x " + batch.gradAccumulation()
                        + (full ? " x 4/3" : "") + " / (" + compact(gpu.hbmBytesPerS()) + " x " + eff.hbm() + ") = "
                        + compact(activationS));
        boolean smsHeld = compute.commSmFactor() > 1;
        add("compute_time_s", computeS, "s", smsHeld
                        ? "(matmul + activation traffic) / (1 - SMs held): DualPipe's overlapped all-to-alls hold "
                        + "20 of 132 SMs (DeepSeek-V3 technical report, section 3.2.2)"
                        : "matmul + activation traffic",
                smsHeld
                        ? "(" + compact(matmulS) + " + " + compact(activationS) + ") / (1 - " + compact(
                        TrainingComm.DUALPIPE_COMM_SM_SHARE) + ") = " + compact(computeS)
                        : compact(matmulS) + " + " + compact(activationS) + " = " + compact(computeS));
    }

    private void comm(Comm comm) {
        boolean dualPipe = layout.dualPipe();
        int expertNodes = m.moe() == null || l.ep() <= 1 ? 0 : TrainingComm.expertNodes(l, s.cluster());
        axis(comm.dp(), d.zeroStage() >= 3
                ? "per micro-batch 3 x (n-1)/n x 2 B x params/GPU (gather fwd, gather bwd, reduce-scatter); "
                + "exposed = max(0, t_gather - t_fwd) + max(0, 2 t_gather - t_bwd) per micro-batch"
                : d.zeroStage() == 2
                ? "reduce-scatter (n-1)/n x 2 B x grads per micro-batch + one all-gather of params per step; "
                + "exposed beyond each micro-batch's backward"
                : "2 x (n-1)/n x 2 B x grads/GPU per step; exposed = max(0, t_dp - t_bwd(last micro-batch))",
                "n = " + l.denseDpGroup());
        axis(comm.tp(), (d.recompute() ? "6" : "4") + " x L/pp x m all-reduces of b x s x h x 2 B, 2 (tp-1)/tp "
                + "each; on the critical path", "tp = " + l.tp());
        axis(comm.pp(), "2 x m" + (d.virtualStages() > 1 ? " x v" : "") + " sends of b x s x h x 2 B / tp per GPU; "
                        + (dualPipe ? "DualPipe hides them behind the compute" : "on the critical path"),
                "pp = " + l.pp() + (d.virtualStages() > 1 ? ", v = " + d.virtualStages() : ""));
        axis(comm.ep(), "4 x MoE layers/pp x m all-to-alls (dispatch and its gradient at "
                        + compact(comm.dispatchBytesPerElement()) + " B an element, the combines at 2 B): tokens x h x "
                        + "the copies a link carries, the slower link's time" + (dualPipe ? ", hidden by DualPipe "
                        + "behind what the compute has left after the pipeline's sends" : ", exposed")
                        + "; inside a node k (g - 1)/g copies for g expert GPUs a node, across nodes "
                        + (m.moe() != null && m.moe().groupLimited() ? "once per remote node reached (group-limited "
                        + "routing to " + m.moe().groupLimit() + " of " + m.moe().expertGroups() + " groups)"
                        : "k (N - 1)/N"),
                "ep = " + l.ep() + (m.moe() == null || l.ep() <= 1 ? "" : ", " + expertNodes
                        + " node(s), copies a token: " + compact(TrainingComm.inNodeCopies(m, l.ep(), expertNodes))
                        + " inside, " + compact(TrainingComm.crossNodeCopies(m, expertNodes)) + " across"));
        axis(comm.cp(), "3 (cp-1) K/V chunk passes per layer per micro-batch; exposed beyond attention compute",
                "cp = " + l.cp());
        add("exposed_comm_time_s", comm.exposedS(), "s", "dp + tp + pp + ep + cp exposed",
                compact(comm.dp().exposedS()) + " + " + compact(comm.tp().exposedS()) + " + " + compact(comm.pp().exposedS())
                        + " + " + compact(comm.ep().exposedS()) + " + " + compact(comm.cp().exposedS()) + " = "
                        + compact(comm.exposedS()));
    }

    private void step(Step step, Compute compute, Comm comm, Feed feed) {
        int accum = batch.gradAccumulation();
        int pp = l.pp();
        int v = d.virtualStages();
        String schedule = d.pipelineSchedule();
        double bubble = step.bubbleFraction();
        double peak = compute.peakFlopsPerS();
        if (pp > 1 && schedule.equals("zero_bubble")) {
            add("bubble_fraction", bubble, "fraction", "(p - 1) / (3 m + p - 1), zero-bubble (ZB-H1): the weight "
                            + "gradients fill the drain, idle (p - 1)(F + B - 2W) with F : B : W = 1 : 2 : 1",
                    "(" + pp + " - 1) / (3 x " + accum + " + " + pp + " - 1) = " + compact(bubble));
        } else if (pp > 1 && schedule.equals("dualpipe")) {
            add("bubble_fraction", bubble, "fraction", "(p - 2) / (3 m + p - 2), DualPipe: idle (p/2 - 1)(F&B + B - "
                            + "3W) with F : B : W = 1 : 2 : 1 and F&B = F + B",
                    "(" + pp + " - 2) / (3 x " + accum + " + " + pp + " - 2) = " + compact(bubble));
        } else {
            add("bubble_fraction", bubble, "fraction", v > 1 ? "(p - 1) / (v x m + p - 1), interleaved 1F1B of v "
                            + "chunks a stage" : "(p - 1) / (m + p - 1)",
                    "(" + pp + " - 1) / (" + (v > 1 ? v + " x " : "") + accum + " + " + pp + " - 1) = "
                            + compact(bubble));
        }
        add("optimizer_time_s", step.optimizerS(), "s", "the Adam update over the GPU's optimizer shard, "
                        + StepTime.OPTIMIZER_BYTES_PER_PARAM + " B a parameter through HBM (reads the bf16 gradient "
                        + "2, fp32 master, m and v 12; writes master, m, v 12 and the bf16 parameter 2) / (HBM x "
                        + "eta_hbm), after the last backward",
                compact(step.optimizerParams()) + " x " + StepTime.OPTIMIZER_BYTES_PER_PARAM + " / ("
                        + compact(gpu.hbmBytesPerS()) + " x " + eff.hbm() + ") = " + compact(step.optimizerS()));
        if (step.loaderStallS() > 0) {
            add("step_time_s", step.stepS(), "s", "(compute + exposed comm) / (1 - bubble) + optimizer + loader stall",
                    "(" + compact(compute.computeS()) + " + " + compact(comm.exposedS()) + ") / (1 - " + compact(bubble)
                            + ") + " + compact(step.optimizerS()) + " + " + compact(step.loaderStallS()) + " = "
                            + compact(step.stepS()));
        } else {
            add("step_time_s", step.stepS(), "s", "(compute + exposed comm) / (1 - bubble) + optimizer",
                    "(" + compact(compute.computeS()) + " + " + compact(comm.exposedS()) + ") / (1 - " + compact(bubble)
                            + ") + " + compact(step.optimizerS()) + " = " + compact(step.stepS()));
        }
        double usefulShare = feed.usefulFraction();
        if (usefulShare < 1) {
            add("mfu", step.mfu(), "fraction", "F_token x tokens_per_step x share of real tokens / (step x GPUs x "
                            + "peak_" + d.activations().id() + "): padding is computed but is not model work",
                    compact(flops.flopsPerToken()) + " x " + compact(batch.tokensPerStep()) + " x "
                            + compact(usefulShare) + " / (" + compact(step.stepS()) + " x " + layout.gpus() + " x "
                            + compact(peak) + ") = " + percent(step.mfu()));
        } else {
            add("mfu", step.mfu(), "fraction", "F_token x tokens_per_step / (step x GPUs x peak_"
                            + d.activations().id() + ")",
                    compact(flops.flopsPerToken()) + " x " + compact(batch.tokensPerStep()) + " / ("
                            + compact(step.stepS()) + " x " + layout.gpus() + " x " + compact(peak) + ") = "
                            + percent(step.mfu()));
        }
        if (!d.recomputeMode().equals("none")) {
            add("hfu", step.hfu(), "fraction", "F_hw x tokens_per_step / (step x GPUs x peak)", percent(step.hfu()));
        }
    }

    private void thresholds(HideThresholds t, Compute compute, Comm comm) {
        double peak = compute.peakFlopsPerS();
        add("dp_hide_tokens_per_gpu", t.dpHideTokensPerGpu(), "tokens", "T* = t_dp / (" + (d.zeroStage() >= 3
                        ? "step" : "backward") + " seconds per token per GPU), in tokens per GPU per micro-batch, the "
                        + "window the reduction overlaps (= per step when m = 1); DP hides when tokens per GPU per "
                        + "micro-batch >= T*",
                compact(t.dpOneMicroBatch().timeS()) + " s / (" + compact(t.windowFlopsPerToken()) + " / (" + compact(peak)
                        + " x " + eff.compute() + ")) = " + compact(t.dpHideTokensPerGpu()) + "; this design: "
                        + compact(batch.tokensPerGpuPerMicroBatch()) + " tokens per GPU per micro-batch");
        add("tp_tax_fraction", t.tpTaxFraction(), "fraction", "t_tp / t_compute",
                compact(comm.tp().timeS()) + " / " + compact(compute.computeS()) + " = " + percent(t.tpTaxFraction()));
        if (l.tp() > 1) {
            double linkBytesPerS = t.tpLink().bytesPerS();
            add("tp_tax_rule_of_thumb", t.tpTaxRuleOfThumb(), "fraction", "peak / (3 x BW x h), BW per GPU per "
                            + "direction, for comparison (leaves out the ring's 2 (tp-1)/tp and the 1/tp split of the "
                            + "compute)",
                    compact(peak) + " / (3 x " + compact(linkBytesPerS) + " x " + m.hiddenSize() + ") = "
                            + percent(t.tpTaxRuleOfThumb()));
        }
    }

    private void criticalBatch(CriticalBatch cb) {
        int b = batch.microBatch();
        int s = batch.seqLen();
        double bCrit = cb.criticalBatchTokens();
        int maxUsefulDp = cb.maxUsefulDp();
        add("critical_batch_tokens", bCrit, "tokens", cb.stated() ? "B_crit as stated"
                : "B_crit not stated: the requested global batch is taken as the largest useful batch", compact(bCrit));
        add("max_useful_dp", maxUsefulDp, "replicas", cb.workloadPast()
                        ? "floor(B_crit / (b x s)): the global batch is past B_crit whatever the layout; one "
                        + "micro-batch per replica within it"
                        : "floor(1.05 x B_crit / (b x m x s)): 5% past B_crit for accumulation rounded up",
                cb.workloadPast() ? "floor(" + compact(bCrit) + " / (" + b + " x " + s + ")) = " + maxUsefulDp
                        : "floor(1.05 x " + compact(bCrit) + " / (" + b + " x " + batch.gradAccumulation() + " x " + s
                        + ")) = " + maxUsefulDp);
    }

    private void strongScaling(StrongScaling ss) {
        double etaL = eff.link();
        add("strong_scaling_ceiling", ss.ceiling(), "x", "1 / f, f = t_dp(n -> inf) / (step - exposed dp + t_dp(n -> "
                        + "inf)), t_dp(n -> inf) = " + (d.zeroStage() >= 3 ? "3" : "2") + " x 2 B x params/GPU / "
                        + "(BW_out x eta_l)",
                "t_dp = " + bytes(ss.dpBytesAtScale()) + " / (" + compact(ss.scaleOut().bytesPerS()) + " x " + etaL
                        + ") = " + compact(ss.dpFloorS()) + " s; f = " + compact(ss.fixedShare()) + "; 1/f = "
                        + compact(ss.ceiling()));
    }

    private void run(Run run, Step step, Compute compute, Feed feed) {
        double batchTokens = batch.tokensPerStep();
        double useful = feed.usefulFraction();
        if (!run.ramped() && useful < 1) {
            add("steps", run.steps(), "steps", "D / (tokens_per_step x share of positions that are real tokens)",
                    compact(w.tokens()) + " / (" + compact(batchTokens) + " x " + compact(useful) + ") = "
                            + compact(run.steps()));
            add("training_days", run.days(), "days", "steps x step / 86400",
                    compact(run.steps()) + " x " + compact(step.stepS()) + " / 86400 = " + compact(run.days()));
            return;
        }
        if (!run.ramped()) {
            add("steps", run.steps(), "steps", "D / tokens_per_step", compact(w.tokens()) + " / " + compact(batchTokens)
                    + " = " + compact(run.steps()));
            add("training_days", run.days(), "days",
                    "total FLOP / (GPUs x peak x MFU) / 86400 = steps x step / 86400",
                    compact(flops.totalFlops()) + " / (" + layout.gpus() + " x " + compact(compute.peakFlopsPerS()) + " x "
                            + compact(step.mfu()) + ") / 86400 = " + compact(run.days()));
            return;
        }
        StringBuilder stages = new StringBuilder();
        for (RampStage at : run.ramp()) {
            stages.append(compact(at.stage().tokens())).append(" tokens at ").append(compact(at.stage().globalBatchTokens()))
                    .append(": ").append(compact(at.steps())).append(" steps x ").append(compact(at.stepS()))
                    .append(" s; ");
        }
        add("batch_ramp_days", run.rampDays(), "days", "the ramp's stages, each its tokens / its tokens_per_step "
                        + "x its step (its batch's micro-batches and bubble) / 86400",
                stages + "= " + compact(run.rampDays()));
        String share = useful < 1 ? " x share of positions that are real tokens" : "";
        add("steps", run.steps(), "steps", "ramp steps + (D - ramp tokens) / (tokens_per_step" + share + ")",
                compact(run.rampSteps()) + " + (" + compact(w.tokens()) + " - " + compact(w.rampTokens()) + ") / "
                        + (useful < 1 ? "(" + compact(batchTokens) + " x " + compact(useful) + ")" : compact(batchTokens))
                        + " = " + compact(run.steps()));
        add("training_days", run.days(), "days", "ramp days + (D - ramp tokens) / (tokens_per_step" + share
                        + ") x step / 86400",
                compact(run.rampDays()) + " + " + compact(run.mainSteps()) + " x " + compact(step.stepS()) + " / 86400 = "
                        + compact(run.days()));
    }

    private void money(Money money, Run run) {
        add("cost_usd", money.costUsd(), "USD", "GPUs x hours x USD/GPU-h",
                layout.gpus() + " x " + compact(run.days() * 24) + " x " + compact(gpu.usdPerGpuHour()) + " = "
                        + compact(money.costUsd()));
    }

    private void checkpoints(Checkpoints ck) {
        double mtbfS = ck.mtbfHours() * 3600;
        add("checkpoint_bytes", ck.bytes(), "B", "14 B x N (bf16 weights 2 + fp32 master 4 + Adam m, v 8)",
                "14 x " + compact(flops.totalParams()) + " = " + bytes(ck.bytes()));
        add("checkpoint_write_s", ck.writeS(), "s", "checkpoint bytes / write bandwidth"
                        + (ck.writeBandwidthStated() ? "" : " (10 GB/s aggregate assumed)"),
                bytes(ck.bytes()) + " / " + bytes(ck.writeBytesPerS()) + "/s = " + compact(ck.writeS()));
        add("mtbf_hours", ck.mtbfHours(), "h", "1 / (failures per GPU-hour x GPUs)" + (ck.failureRateStated() ? ""
                        : "; rate from the Llama 3 paper: 419 interruptions / (54 d x 24 h x 16,384 GPUs)"),
                "1 / (" + compact(ck.failuresPerGpuHour()) + " x " + layout.gpus() + ") = " + compact(ck.mtbfHours()));
        add("checkpoint_interval_min", ck.intervalS() / 60, "min", "Young-Daly sqrt(2 x write x MTBF)",
                "sqrt(2 x " + compact(ck.writeS()) + " x " + compact(mtbfS) + ") / 60 = " + compact(ck.intervalS() / 60));
        add("checkpoint_overhead_fraction", ck.overheadFraction(), "fraction",
                "write / interval + interval / (2 MTBF), time lost to checkpoints and failures (not in days)",
                compact(ck.writeS()) + " / " + compact(ck.intervalS()) + " + " + compact(ck.intervalS()) + " / (2 x "
                        + compact(mtbfS) + ") = " + percent(ck.overheadFraction()));
    }

    private void loader(Loader loader, Step step, Feed feed) {
        io.ridgeline.facts.DataFeed f = w.data();
        String bpt = compact(loader.bytesPerToken());
        double useful = feed.usefulFraction();
        add("loader_tokens_per_s", loader.tokensPerS(), "tokens/s", useful < 1
                        ? "tokens_per_step x share of positions that are real tokens / GPU step (what the GPUs consume "
                        + "when they never wait; the padding is not read)"
                        : "tokens_per_step / GPU step (what the GPUs consume when they never wait)",
                (useful < 1 ? compact(batch.tokensPerStep()) + " x " + compact(useful)
                        : compact(batch.tokensPerStep())) + " / " + compact(step.gpuStepS()) + " = "
                        + compact(loader.tokensPerS()));
        add("loader_bytes_per_s", loader.bytesPerS(), "B/s", "tokens/s x " + bpt + " B per "
                        + (f.tokenizes() ? "token of text" : "token id"),
                compact(loader.tokensPerS()) + " x " + bpt + " = " + bytes(loader.bytesPerS()) + "/s");
        String read = f.storageReadBytesPerS() > 0 ? "storage " + bytes(f.storageReadBytesPerS()) + "/s / "
                + compact(feed.storedBytesPerToken()) + " B per " + (f.tokenizes() ? "token of text" : "token id")
                + " = " + compact(feed.readTokensPerS()) : "storage not stated: unbounded";
        String tokenize = f.tokenizes() ? "tokenizing min(" + f.workersPerGpu() + " workers, " + f.cpuCoresPerGpu()
                + " cores) x " + compact(f.tokenizerTokensPerSPerWorker()) + " tokens/s x " + layout.gpus()
                + " GPUs = " + compact(feed.tokenizeTokensPerS()) : "token ids: no tokenizing";
        add("loader_supply_tokens_per_s", feed.supplyTokensPerS(), "tokens/s", "min(storage read B/s / stored B per "
                        + "token, running workers x tokens/s per worker x GPUs); 0: nothing stated bounds it",
                read + "; " + tokenize + "; bound by " + feed.boundBy());
        add("loader_stall_s", step.loaderStallS(), "s", "max(0, real tokens a step / supply - GPU step): the "
                        + "workers prefetch during the step",
                "max(0, " + compact(feed.loaderS()) + " - " + compact(step.gpuStepS()) + ") = "
                        + compact(step.loaderStallS()));
        add("padding_fraction", 1 - feed.usefulFraction(), "fraction", f.packing() || f.meanDocumentTokens() <= 0
                        ? "0: documents packed end to end" + (f.packing() ? "" : " (no document length stated)")
                        : "1 - L / (S x ceil(L / S)), one document of L tokens per sequence of S, the rest padding",
                f.packing() || f.meanDocumentTokens() <= 0 ? "0"
                        : "1 - " + compact(f.meanDocumentTokens()) + " / (" + batch.seqLen() + " x "
                        + compact(Math.ceil(f.meanDocumentTokens() / batch.seqLen())) + ") = "
                        + percent(1 - feed.usefulFraction()));
    }

    private void resumption(TrainingBill.Resumption r, Run run, Checkpoints ck) {
        boolean resumable = w.data().resumable();
        add("resume_reread_ratio", r.rereadRatio(), "x", resumable
                        ? "0: the loader's position is saved with the checkpoint"
                        : "restarts x D / 2 / D, restarts = run hours / MTBF: tokens re-read over the run's; each "
                        + "restart starts the data stream again and re-reads (or trains again) half the run's tokens on "
                        + "average",
                resumable ? "0" : compact(run.days() * 24) + " h / " + compact(ck.mtbfHours()) + " h = "
                        + compact(r.restarts()) + " restarts; " + compact(r.restarts()) + " x " + compact(w.tokens())
                        + " / 2 = " + compact(r.rereadTokens()) + " tokens = " + compact(r.rereadRatio())
                        + " x the run's" + (r.rereadDays() > 0 ? ", " + compact(r.rereadDays())
                        + " days at the loader's supply (not in training_days)" : ""));
    }

    /** One axis's communication figure: its bytes per GPU per step, link, time and the part exposed. */
    private void axis(TrainingComm.Axis a, String formula, String group) {
        String key = switch (a.name()) {
            case "tp" -> "tp";
            case "pp" -> "pp";
            case "ep" -> "ep";
            case "cp" -> "cp";
            default -> "dp";
        };
        add(key + "_comm_time_s", a.timeS(), "s", formula, a.timeS() == 0 ? "none (" + group + ")"
                : group + ": " + bytes(a.wireBytesPerStep()) + " per GPU per step over " + a.link() + " = "
                + compact(a.timeS()) + " s, exposed " + compact(a.exposedS()) + " s");
    }

    /** What the kept activations count, for the memory figure's formula. */
    private String keptText(boolean fp8) {
        boolean tensorByTensor = m.isMoe() || m.attention() == AttentionKind.MLA;
        String base = tensorByTensor
                ? "each block's kept tensors counted one by one (" + (m.attention() == AttentionKind.MLA ? "MLA"
                : "attention") + (m.isMoe() ? ", routed experts: k copies of each token" : "") + "; "
                + (d.sequenceParallel() ? "/ tp, sequence parallel)" : "the replicated part whole, the rest / tp)")
                : kernelsText();
        return base + (fp8 ? "; the products' and activation functions' inputs kept in fp8, 1 B an element" : "");
    }

    /** The forward's activation bytes per token per hidden unit per layer, as the step kernels set them. */
    private String kernelsText() {
        return (d.sequenceParallel() ? "34 / tp (sequence parallel)" : "10 + 24 / tp (no sequence parallelism)")
                + (d.flashAttention() ? "" : " + 5 a s / (h tp) (attention scores stored)");
    }

    private void add(String key, double value, String unit, String formula, String substituted) {
        figures.add(new Figure(key, finite(value), unit, formula, substituted));
    }
}
