package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.arithmetic.training.Quantities.finite;

import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.arithmetic.training.Checkpointing;
import io.ridgeline.engine.arithmetic.training.CommThresholds;
import io.ridgeline.engine.arithmetic.training.DataPlane;
import io.ridgeline.engine.arithmetic.training.Links;
import io.ridgeline.engine.arithmetic.training.ParallelLayout;
import io.ridgeline.engine.arithmetic.training.PipelineBubble;
import io.ridgeline.engine.arithmetic.training.ProductRate;
import io.ridgeline.engine.arithmetic.training.ScalingLimits;
import io.ridgeline.engine.arithmetic.training.StepTime;
import io.ridgeline.engine.arithmetic.training.TrainingComm;
import io.ridgeline.engine.arithmetic.training.TrainingFlops;
import io.ridgeline.engine.arithmetic.training.TrainingMemory;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingWorkload;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers of one pretraining bill, computed in named stages, each an immutable record that reads the scenario
 * and the stages before it: {@link Layout}, {@link Batch}, {@link ModelFlops}, {@link GpuMemory}, {@link Compute},
 * {@link Comm}, {@link Feed}, {@link Step}, {@link HideThresholds}, {@link CriticalBatch}, {@link StrongScaling},
 * {@link Run}, {@link Money}, {@link Checkpoints}, {@link Loader} and {@link Resumption}. No stage builds a string:
 * {@link TrainingCheck} turns the stages into the limits the design is over and {@link TrainingWorking} into the
 * formula text. The formulas live in {@code io.ridgeline.engine.arithmetic.training}; the stages choose their inputs by
 * the rules of {@link TrainingEstimator}.
 */
final class TrainingBill {

    private final Scenario scenario;
    private final Layout layout;
    private final Batch batch;
    private final ModelFlops flops;
    private final GpuMemory memory;
    private final Compute compute;
    private final Comm comm;
    private final Feed feed;
    private final Step step;
    private final HideThresholds thresholds;
    private final CriticalBatch criticalBatch;
    private final StrongScaling strongScaling;
    private final Run run;
    private final Money money;
    private final Checkpoints checkpoints;
    private final Loader loader;
    private final Resumption resumption;

    /** Computes every stage for {@code s}, whose inputs have been validated. */
    TrainingBill(Scenario s) {
        this.scenario = s;
        this.layout = Layout.of(s);
        this.batch = Batch.of(s, layout);
        this.flops = ModelFlops.of(s);
        this.memory = GpuMemory.of(s, layout, batch);
        this.compute = Compute.of(s, layout, batch, flops);
        this.comm = Comm.of(s, layout, batch, compute);
        this.feed = Feed.of(s, layout, batch);
        this.step = Step.of(s, layout, batch, flops, memory, compute, comm, feed);
        this.thresholds = HideThresholds.of(s, layout, batch, flops, compute, comm);
        this.criticalBatch = CriticalBatch.of(s, layout, batch);
        this.strongScaling = StrongScaling.of(s, layout, comm, step);
        this.run = Run.of(s, batch, feed, step);
        this.money = Money.of(s, layout, run);
        this.checkpoints = Checkpoints.of(s, layout, flops);
        this.loader = Loader.of(batch, step, feed);
        this.resumption = Resumption.of(s, run, checkpoints, feed);
    }

    Scenario scenario() {
        return scenario;
    }

    Layout layout() {
        return layout;
    }

    Batch batch() {
        return batch;
    }

    ModelFlops flops() {
        return flops;
    }

    GpuMemory memory() {
        return memory;
    }

    Compute compute() {
        return compute;
    }

    Comm comm() {
        return comm;
    }

    Feed feed() {
        return feed;
    }

    Step step() {
        return step;
    }

    HideThresholds thresholds() {
        return thresholds;
    }

    CriticalBatch criticalBatch() {
        return criticalBatch;
    }

    StrongScaling strongScaling() {
        return strongScaling;
    }

    Run run() {
        return run;
    }

    Money money() {
        return money;
    }

    Checkpoints checkpoints() {
        return checkpoints;
    }

    Loader loader() {
        return loader;
    }

    Resumption resumption() {
        return resumption;
    }

    /**
     * The training state a GPU holds: its shard of parameters, gradients and optimizer states, with DualPipe's two
     * stages' parameters and gradients on each GPU (the optimizer steps each stage's once).
     */
    static TrainingMemory.State state(Scenario s, ParallelLayout l) {
        int copies = TrainingMemory.parameterCopies(l.pp(), s.design().pipelineSchedule());
        TrainingMemory.State one = TrainingMemory.state(s.model(), l, s.design().zeroStage());
        return new TrainingMemory.State(copies * one.paramBytes(), copies * one.gradBytes(), one.optimizerBytes());
    }

    /** m = ceil(B / (dp x b x s)), at least 1. */
    static int gradAccumulation(Scenario s, ParallelLayout l) {
        double perMicroAllReplicas = (double) l.dp() * s.design().microBatch() * s.training().seqLen();
        return (int) Math.max(1, Math.ceil(s.training().globalBatchTokens() / perMicroAllReplicas - 1e-9));
    }

    /** The activations a GPU keeps over a step of {@code accum} micro-batches, B. */
    static double activationBytes(Scenario s, ParallelLayout l, int accum) {
        Design d = s.design();
        return TrainingMemory.activationBytes(s.model(), l, s.training().seqLen(), d.microBatch(), accum,
                d.recomputeMode(), d.sequenceParallel(), d.flashAttention(), d.virtualStages(), d.pipelineSchedule(),
                d.activations() == NumericFormat.FP8);
    }

    /**
     * The step's product classes for {@link ProductRate}: the dense products at M = b s / cp tokens and the routed
     * experts at the tokens each expert receives, in the activations' format; the output head at b s / cp and the
     * attention core (no weights) in bf16 under fp8 activations ({@link TrainingFlops#bf16FlopsPerToken}), else in
     * the activations' format. {@code fHw} is the hardware FLOP per token the classes share out.
     */
    static List<ProductRate.ProductClass> productClasses(Scenario sc, double fHw) {
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
    static boolean allToAllsHoldSms(Scenario s, ParallelLayout l) {
        return s.model().isMoe() && l.ep() > 1 && l.pp() > 1 && "dualpipe".equals(s.design().pipelineSchedule());
    }

    /** What the compute is slowed by when the all-to-alls hold SMs ({@link #allToAllsHoldSms}), else 1. */
    static double commSmFactor(Scenario s, ParallelLayout l) {
        return allToAllsHoldSms(s, l) ? StepTime.smHeldFactor(TrainingComm.DUALPIPE_COMM_SM_SHARE) : 1.0;
    }

    /** The slowest stage over the mean ({@link StepTime#slowestStageFactor}): the output layer is 6 h V per token. */
    static double stageFactor(ModelArchitecture m, double hardwareFlopsPerToken, int pp) {
        double head = 6.0 * m.hiddenSize() * m.vocabSize();
        return StepTime.slowestStageFactor((hardwareFlopsPerToken - head) / m.layers(), head, m.layers(), pp);
    }

    /**
     * The layout: tp x pp x dp x cp GPUs (ep within dp), the copies of a stage's parameters and gradients each GPU
     * holds (2 under DualPipe, else 1) and the layers of the deepest pipeline stage, ceil(L / pp).
     */
    record Layout(ParallelLayout parallel, int gpus, int parameterCopies, int stageLayers) {

        static Layout of(Scenario s) {
            Design d = s.design();
            ParallelLayout l = new ParallelLayout(d.tp(), d.pp(), d.dp(), d.cp(), d.ep(), s.cluster().gpusPerNode());
            return new Layout(l, l.gpus(), TrainingMemory.parameterCopies(l.pp(), d.pipelineSchedule()),
                    (s.model().layers() + l.pp() - 1) / l.pp());
        }

        /** DualPipe: two stages on each GPU, their all-to-alls and sends overlapped with the compute. */
        boolean dualPipe() {
            return parameterCopies > 1;
        }
    }

    /**
     * The step's batch: sequence length s and micro-batch b (sequences a GPU runs at once), gradient accumulation
     * m = ceil(B / (dp x b x s)), and the tokens a step trains, dp x b x m x s, in all and per GPU.
     */
    record Batch(int seqLen, int microBatch, int gradAccumulation, double tokensPerStep, double tokensPerGpuPerStep) {

        static Batch of(Scenario s, Layout layout) {
            ParallelLayout l = layout.parallel();
            int seqLen = s.training().seqLen();
            int micro = s.design().microBatch();
            double perMicroAllReplicas = (double) l.dp() * micro * seqLen;
            int accum = TrainingBill.gradAccumulation(s, l);
            double tokensPerStep = perMicroAllReplicas * accum;
            return new Batch(seqLen, micro, accum, tokensPerStep, tokensPerStep / layout.gpus());
        }

        /** The tokens a GPU runs per micro-batch. */
        double tokensPerGpuPerMicroBatch() {
            return tokensPerGpuPerStep / gradAccumulation;
        }
    }

    /**
     * Parameters and FLOP: total, active and matrix-product parameters, the attention FLOP per token of the forward
     * and backward (3 x the forward's), the model FLOP per token F_token, the hardware FLOP per token F_hw (with the
     * recomputed forward) and the run's model FLOP, F_token x D.
     */
    record ModelFlops(double totalParams, double activeParams, double matmulParams, double attentionFlopsPerToken,
                      double flopsPerToken, double hardwareFlopsPerToken, double totalFlops) {

        static ModelFlops of(Scenario s) {
            ModelArchitecture m = s.model();
            int seqLen = s.training().seqLen();
            double flopsPerToken = TrainingFlops.flopsPerToken(m, seqLen);
            return new ModelFlops(ParamCounter.totalParams(m), ParamCounter.activeParams(m),
                    TrainingFlops.matmulParams(m), 3 * TrainingFlops.attentionForwardFlopsPerToken(m, seqLen),
                    flopsPerToken, TrainingFlops.hardwareFlopsPerToken(m, seqLen, s.design().recomputeMode()),
                    flopsPerToken * s.training().tokens());
        }
    }

    /**
     * Memory per GPU, B: the training state (parameters, gradients, optimizer), the activations kept over a step,
     * their sum against the usable HBM, whether it fits and by how much it is over, and the whole model's training
     * state (16 B a parameter) for scale.
     */
    record GpuMemory(TrainingMemory.State state, double activationBytes, double memoryBytes, double usableHbmBytes,
                     boolean fits, double overBytes, double stateBytesTotal) {

        static GpuMemory of(Scenario s, Layout layout, Batch batch) {
            TrainingMemory.State st = TrainingBill.state(s, layout.parallel());
            double act = TrainingBill.activationBytes(s, layout.parallel(), batch.gradAccumulation());
            double mem = st.total() + act;
            double usable = TrainingMemory.usableHbmBytes(s.cluster().gpu());
            return new GpuMemory(st, act, mem, usable, mem <= usable, Math.max(0, mem - usable),
                    TrainingMemory.stateBytes(ParamCounter.totalParams(s.model())));
        }
    }

    /**
     * The step's compute, s: the activations' peak, the product classes and the rate R one GPU sustains over them,
     * the slowest pipeline stage over the mean, the matrix products (F_hw x tokens per step / (GPUs x R) x that
     * share), the activations' HBM traffic between them (at c B per token per hidden unit per layer), the factor
     * for SMs the all-to-alls hold, their sum, and its phases per micro-batch: forward, backward and one layer's
     * attention core (in bf16 under fp8 activations), which the collectives overlap.
     */
    record Compute(double peakFlopsPerS, List<ProductRate.ProductClass> productClasses, double productRate,
                   double stageImbalance, double matmulS, double forwardBytesPerSbh, double activationTrafficS,
                   double commSmFactor, double computeS, double forwardPerMicroS, double backwardPerMicroS,
                   double attentionPerLayerPerMicroS) {

        static Compute of(Scenario s, Layout layout, Batch batch, ModelFlops flops) {
            ModelArchitecture m = s.model();
            Design d = s.design();
            Gpu gpu = s.cluster().gpu();
            EfficiencyFactors eff = s.efficiency();
            ParallelLayout l = layout.parallel();
            int seqLen = batch.seqLen();
            int micro = batch.microBatch();
            int accum = batch.gradAccumulation();
            double fHw = flops.hardwareFlopsPerToken();
            double fModel = flops.flopsPerToken();
            double peak = gpu.peakFor(d.activations()).orElseThrow();
            List<ProductRate.ProductClass> classes = TrainingBill.productClasses(s, fHw);
            double productRate = ProductRate.stepRate(classes, gpu.hbmBytesPerS(), eff.weightStreamExposed());
            double evenS = fHw * batch.tokensPerStep() / (layout.gpus() * productRate);
            double stage = stageFactor(m, fHw, l.pp());
            double matmulS = evenS * stage;
            double forwardPerSbh = TrainingMemory.forwardBytesPerSbh(m.attentionHeads(), m.hiddenSize(), seqLen,
                    l.tp(), d.sequenceParallel(), d.flashAttention());
            double activationS = StepTime.activationTrafficSeconds(eff.activationPasses(), forwardPerSbh,
                    (double) seqLen / l.cp() * micro * m.hiddenSize(), layout.stageLayers(), accum,
                    d.recomputeMode().equals("full"), gpu.hbmBytesPerS(), eff.hbm());
            double smFactor = TrainingBill.commSmFactor(s, l);
            double computeS = (matmulS + activationS) * smFactor;
            double perMicro = computeS / accum;
            double fwdPerMicro = perMicro * (fModel / 3) / fHw;
            double bwdPerMicro = perMicro - fwdPerMicro;
            double attnHwPerToken = flops.attentionFlopsPerToken() * fHw / fModel;
            double attnRate = d.activations() == NumericFormat.FP8
                    ? gpu.peakFor(NumericFormat.BF16).orElse(peak / 2) * eff.compute() : peak * eff.compute();
            double attnPerLayerPerMicro = attnHwPerToken / m.layers() * ((double) micro * seqLen / l.cp()) / l.tp()
                    / attnRate * smFactor;
            return new Compute(peak, classes, productRate, stage, matmulS, forwardPerSbh, activationS, smFactor,
                    computeS, fwdPerMicro, bwdPerMicro, attnPerLayerPerMicro);
        }
    }

    /**
     * Each axis's collectives over a step ({@link TrainingComm}): their bytes, time and the part the compute does not
     * hide, s; under DualPipe the pipeline's sends and then the expert all-to-alls are exposed only past the step's
     * compute. Holds the bytes an element the expert dispatch moves and the exposed sum over the axes.
     */
    record Comm(TrainingComm.Axis dp, TrainingComm.Axis tp, TrainingComm.Axis pp, TrainingComm.Axis ep,
                TrainingComm.Axis cp, double dispatchBytesPerElement, double exposedS) {

        static Comm of(Scenario s, Layout layout, Batch batch, Compute compute) {
            ModelArchitecture m = s.model();
            Cluster c = s.cluster();
            Design d = s.design();
            ParallelLayout l = layout.parallel();
            double etaL = s.efficiency().link();
            TrainingComm.Shape shape = new TrainingComm.Shape(batch.seqLen(), batch.microBatch(),
                    batch.gradAccumulation());
            TrainingComm.Phases phases = new TrainingComm.Phases(compute.forwardPerMicroS(),
                    compute.backwardPerMicroS(), compute.attentionPerLayerPerMicroS());
            TrainingComm.Axis dp = TrainingComm.dataParallel(m, l, c, etaL, d.zeroStage(), shape, phases,
                    layout.parameterCopies());
            TrainingComm.Axis tp = TrainingComm.tensorParallel(m, l, c, etaL, shape, d.recompute());
            TrainingComm.Axis pp = TrainingComm.pipeline(m, l, c, etaL, shape, d.virtualStages());
            double dispatchBytes = Math.min(2.0, Math.max(1.0, d.activations().bytesPerElement()));
            TrainingComm.Axis ep = TrainingComm.expertParallel(m, l, c, etaL, shape, dispatchBytes);
            TrainingComm.Axis cp = TrainingComm.contextParallel(m, l, c, etaL, shape, phases);
            if (layout.dualPipe()) {
                // DualPipe overlaps each forward chunk's all-to-alls and stage sends with a backward chunk's compute:
                // what the step's compute does not cover is exposed, the pipeline's sends first
                double computeS = compute.computeS();
                double ppExposed = Math.max(0, pp.timeS() - computeS);
                double epExposed = Math.max(0, ep.timeS() - Math.max(0, computeS - pp.timeS()));
                pp = new TrainingComm.Axis(pp.name(), pp.wireBytesPerStep(), pp.timeS(), ppExposed, pp.link());
                ep = new TrainingComm.Axis(ep.name(), ep.wireBytesPerStep(), ep.timeS(), epExposed, ep.link());
            }
            double exposed = dp.exposedS() + tp.exposedS() + pp.exposedS() + ep.exposedS() + cp.exposedS();
            return new Comm(dp, tp, pp, ep, cp, dispatchBytes, exposed);
        }
    }

    /**
     * The step, s: the pipeline bubble's share, the Adam update over the GPU's optimizer shard after the last
     * backward (its parameters and seconds), the step (compute + exposed comm) / (1 - bubble) + optimizer, and the
     * model and hardware FLOP utilisation it reaches.
     */
    record Step(double bubbleFraction, double optimizerParams, double optimizerS, double gpuStepS, double loaderStallS,
                double stepS, double mfu, double hfu) {

        static Step of(Scenario s, Layout layout, Batch batch, ModelFlops flops, GpuMemory memory, Compute compute,
                       Comm comm, Feed feed) {
            Design d = s.design();
            Gpu gpu = s.cluster().gpu();
            double bubble = PipelineBubble.fraction(layout.parallel().pp(), batch.gradAccumulation(),
                    d.virtualStages(), d.pipelineSchedule());
            double optimizerParams = memory.state().optimizerBytes() / TrainingMemory.OPTIMIZER_BYTES;
            double optimizerS = StepTime.optimizerSeconds(optimizerParams, gpu.hbmBytesPerS(), s.efficiency().hbm());
            double gpuStepS = StepTime.stepSeconds(compute.computeS(), comm.exposedS(), bubble) + optimizerS;
            // the GPUs wait for whatever the loader takes beyond their own step
            double stallS = DataPlane.stallSeconds(feed.loaderS(), gpuStepS);
            double stepS = gpuStepS + stallS;
            // model FLOP count the real tokens only; the hardware's count every position it computes, padding too
            double mfu = StepTime.mfu(flops.flopsPerToken(), batch.tokensPerStep() * feed.usefulFraction(), stepS,
                    layout.gpus(),
                    compute.peakFlopsPerS());
            double hfu = StepTime.mfu(flops.hardwareFlopsPerToken(), batch.tokensPerStep(), stepS, layout.gpus(),
                    compute.peakFlopsPerS());
            return new Step(bubble, optimizerParams, optimizerS, gpuStepS, stallS, stepS, mfu, hfu);
        }
    }

    /**
     * What the data loader can deliver (lesson 08): the bytes it reads per token (token ids, or text), the tokens/s
     * the storage reads (infinite when its bandwidth is not stated) and the workers tokenize (infinite for token
     * ids), the slower of the two and which it is ({@code storage}, {@code tokenizer}, {@code none} when neither is
     * bounded), the seconds it takes per step's tokens, and the share of sequence positions that hold real tokens.
     */
    record Feed(double storedBytesPerToken, double readTokensPerS, double tokenizeTokensPerS,
                double supplyTokensPerS, String boundBy, double loaderS, double usefulFraction) {

        static Feed of(Scenario s, Layout layout, Batch batch) {
            io.ridgeline.facts.DataFeed f = s.training().data();
            double stored = DataPlane.storedBytesPerToken(f.tokenizes(), s.model().vocabSize(), f.textBytesPerToken());
            double read = DataPlane.readTokensPerS(f, s.model().vocabSize());
            double tokenize = DataPlane.tokenizeTokensPerS(f, layout.gpus());
            double supply = Math.min(read, tokenize);
            String boundBy = Double.isInfinite(supply) ? "none" : tokenize <= read ? "tokenizer" : "storage";
            double useful = DataPlane.usefulFraction(f.meanDocumentTokens(), batch.seqLen(), f.packing());
            // the loader reads and tokenizes the real tokens only: padding is added where the batch is built
            double loaderS = DataPlane.loaderSeconds(batch.tokensPerStep() * useful, supply);
            return new Feed(stored, read, tokenize, supply, boundBy, loaderS, useful);
        }
    }

    /**
     * When the collectives hide: the data-parallel reduction of one micro-batch (its time alone, no compute to
     * overlap), the FLOP per token of the window it overlaps (the backward, or the whole step under ZeRO-3) and the
     * tokens per GPU per micro-batch T* at which the window covers it; the tensor-parallel tax t_tp / t_compute and,
     * with tp > 1, the rule of thumb peak / (3 x BW x h) over the tensor-parallel group's link (null and 0 without).
     */
    record HideThresholds(TrainingComm.Axis dpOneMicroBatch, double windowFlopsPerToken, double dpHideTokensPerGpu,
                          double tpTaxFraction, Links.Link tpLink, double tpTaxRuleOfThumb) {

        static HideThresholds of(Scenario s, Layout layout, Batch batch, ModelFlops flops, Compute compute,
                                 Comm comm) {
            ModelArchitecture m = s.model();
            Cluster c = s.cluster();
            Design d = s.design();
            EfficiencyFactors eff = s.efficiency();
            ParallelLayout l = layout.parallel();
            double fHw = flops.hardwareFlopsPerToken();
            double peak = compute.peakFlopsPerS();
            TrainingComm.Axis dpOne = TrainingComm.dataParallel(m, l, c, eff.link(), d.zeroStage(),
                    new TrainingComm.Shape(batch.seqLen(), batch.microBatch(), 1), new TrainingComm.Phases(0, 0, 0));
            double windowFlops = d.zeroStage() >= 3 ? fHw : fHw - flops.flopsPerToken() / 3;
            double windowPerToken = windowFlops / (peak * eff.compute());
            double dpHide = CommThresholds.hideTokensPerGpu(dpOne.timeS(), windowPerToken);
            double computeS = compute.computeS();
            double tpTax = computeS > 0 ? comm.tp().timeS() / computeS : 0.0;
            Links.Link tpLink = null;
            double rule = 0.0;
            if (l.tp() > 1) {
                tpLink = Links.forSpan(c, l.tpSpan());
                rule = CommThresholds.tpTaxRuleOfThumb(peak, tpLink.bytesPerS(), m.hiddenSize());
            }
            return new HideThresholds(dpOne, windowFlops, dpHide, tpTax, tpLink, rule);
        }
    }

    /**
     * The critical batch B_crit (as stated, else the requested global batch), whether the workload's own global
     * batch is past it, the most data-parallel replicas it keeps useful, and whether the layout's dp is past them.
     */
    record CriticalBatch(boolean stated, double criticalBatchTokens, boolean workloadPast, int maxUsefulDp,
                         boolean dpPastCap) {

        static CriticalBatch of(Scenario s, Layout layout, Batch batch) {
            TrainingWorkload w = s.training();
            boolean stated = w.criticalBatchTokens() > 0;
            double bCrit = stated ? w.criticalBatchTokens() : w.globalBatchTokens();
            // a global batch past B_crit is the workload's (TRN-C-02B): the layout is then held to one round within it
            boolean workloadPast = stated && w.globalBatchTokens() > bCrit;
            int maxUsefulDp = workloadPast ? ScalingLimits.maxUsefulDp(bCrit, batch.microBatch(), batch.seqLen())
                    : ScalingLimits.maxUsefulDp(bCrit, batch.microBatch(), batch.gradAccumulation(), batch.seqLen());
            // past the critical batch (the requested global batch where none is stated) the layout trains a batch
            // the workload did not ask for: over a limit whether B_crit is stated or not, as the rules hold it
            // (TRN-C-02)
            return new CriticalBatch(stated, bCrit, workloadPast, maxUsefulDp, layout.parallel().dp() > maxUsefulDp);
        }
    }

    /**
     * Strong scaling: the data-parallel time that stays as dp grows without bound (2 x, under ZeRO-3 3 x, the
     * bf16 gradients of a GPU's parameters over the scale-out link), its share f of the step and the ceiling 1 / f.
     */
    record StrongScaling(Links.Link scaleOut, double dpBytesAtScale, double dpFloorS, double fixedShare,
                         double ceiling) {

        static StrongScaling of(Scenario s, Layout layout, Comm comm, Step step) {
            TrainingMemory.ShardParams sp = TrainingMemory.shardParams(s.model(), layout.parallel());
            Links.Link out = Links.scaleOut(s.cluster());
            double dpBytesAtScale = (s.design().zeroStage() >= 3 ? 3.0 : 2.0) * TrainingMemory.GRAD_BYTES
                    * sp.total();
            double dpFloorS = dpBytesAtScale / (out.bytesPerS() * s.efficiency().link());
            double scalingS = Math.max(0, step.gpuStepS() - comm.dp().exposedS());
            double fixedShare = ScalingLimits.fixedShare(scalingS, dpFloorS);
            return new StrongScaling(out, dpBytesAtScale, dpFloorS, fixedShare, ScalingLimits.ceiling(fixedShare));
        }
    }

    /**
     * One stage of a batch ramp, billed on its own: its steps, step time (s) and days, as the stage's own estimate
     * reports them (non-finite numbers as 0).
     */
    record RampStage(TrainingWorkload.BatchStage stage, double steps, double stepS, double days) {
    }

    /**
     * The run: its optimizer steps and days. Without a ramp, D / tokens per step steps of this step. With one, each
     * stage is this layout's bill at the stage's batch (fewer micro-batches a pipeline, a larger bubble, more
     * steps) and the rest, {@code mainSteps}, runs at the global batch.
     */
    record Run(List<RampStage> ramp, double rampSteps, double rampDays, double mainSteps, double steps,
               double days) {

        static Run of(Scenario s, Batch batch, Feed feed, Step step) {
            TrainingWorkload w = s.training();
            // padding takes positions of every step: a step trains its useful share of real tokens
            double usefulTokensPerStep = batch.tokensPerStep() * feed.usefulFraction();
            if (w.batchStages().isEmpty()) {
                double steps = w.tokens() / usefulTokensPerStep;
                return new Run(List.of(), 0, 0, steps, steps, steps * step.stepS() / 86400.0);
            }
            List<RampStage> ramp = new ArrayList<>(w.batchStages().size());
            double rampSteps = 0;
            double rampDays = 0;
            for (TrainingWorkload.BatchStage stage : w.batchStages()) {
                Scenario atStage = s.withTraining(w.atStage(stage));
                TrainingInputs.validate(atStage);
                TrainingBill bill = new TrainingBill(atStage);
                RampStage at = new RampStage(stage, finite(bill.run().steps()), finite(bill.step().stepS()),
                        finite(bill.run().days()));
                ramp.add(at);
                rampSteps += at.steps();
                rampDays += at.days();
            }
            double mainSteps = (w.tokens() - w.rampTokens()) / usefulTokensPerStep;
            return new Run(List.copyOf(ramp), rampSteps, rampDays, mainSteps, rampSteps + mainSteps,
                    rampDays + mainSteps * step.stepS() / 86400.0);
        }

        boolean ramped() {
            return !ramp.isEmpty();
        }
    }

    /** The run's cost, GPUs x hours x USD/GPU-h, and the fleet's hourly cost, USD/h. */
    record Money(double costUsd, double usdPerHour) {

        static Money of(Scenario s, Layout layout, Run run) {
            double usdPerGpuHour = s.cluster().gpu().usdPerGpuHour();
            return new Money(StepTime.costUsd(layout.gpus(), run.days(), usdPerGpuHour),
                    layout.gpus() * usdPerGpuHour);
        }
    }

    /**
     * Checkpoints and failures: the checkpoint's bytes (14 B a parameter), the write bandwidth (stated, else the
     * documented default) and the write's seconds, the failure rate per GPU-hour (stated, else the default) and the
     * fleet's MTBF in hours, the Young-Daly interval (s) and the share of time checkpoints and failures take.
     */
    record Checkpoints(double bytes, boolean writeBandwidthStated, double writeBytesPerS, double writeS,
                       boolean failureRateStated, double failuresPerGpuHour, double mtbfHours, double intervalS,
                       double overheadFraction) {

        static Checkpoints of(Scenario s, Layout layout, ModelFlops flops) {
            TrainingWorkload w = s.training();
            double bytes = Checkpointing.bytes(flops.totalParams());
            boolean bwStated = w.checkpointBytesPerS() > 0;
            double bw = bwStated ? w.checkpointBytesPerS() : Checkpointing.DEFAULT_WRITE_BYTES_PER_S;
            double writeS = Checkpointing.writeSeconds(bytes, bw);
            boolean rateStated = w.failuresPerGpuHour() > 0;
            double rate = Checkpointing.failuresPerGpuHour(w.failuresPerGpuHour());
            double mtbfH = Checkpointing.mtbfHours(rate, layout.gpus());
            double intervalS = Checkpointing.youngDalyIntervalS(writeS, mtbfH * 3600);
            double overhead = Checkpointing.overheadFraction(writeS, intervalS, mtbfH * 3600);
            return new Checkpoints(bytes, bwStated, bw, writeS, rateStated, rate, mtbfH, intervalS, overhead);
        }
    }

    /**
     * Restarts and the loader's position (lesson 08): the run's restarts (its hours over the fleet's MTBF), the tokens
     * they re-read without the loader's position in the checkpoint (restarts x D / 2), that over the run's
     * tokens, and the days re-reading them takes at the loader's supply (0 when the supply is unbounded); not in the
     * run's days, as the checkpoints' overhead is not.
     */
    record Resumption(double restarts, double rereadTokens, double rereadRatio, double rereadDays) {

        static Resumption of(Scenario s, Run run, Checkpoints checkpoints, Feed feed) {
            double restarts = DataPlane.expectedRestarts(run.days() * 24, checkpoints.mtbfHours());
            double tokens = s.training().tokens();
            double reread = DataPlane.rereadTokens(restarts, tokens, s.training().data().resumable());
            double days = DataPlane.loaderSeconds(reread, feed.supplyTokensPerS()) / 86400.0;
            return new Resumption(restarts, reread, tokens > 0 ? reread / tokens : 0.0, days);
        }
    }

    /**
     * The data loader's rate: what the GPUs consume when they never wait, the real tokens of a step (its positions
     * less the padding) over the GPUs' step, tokens/s, and in bytes as the corpus stores them (token ids or text),
     * B/s.
     */
    record Loader(double tokensPerS, double bytesPerToken, double bytesPerS) {

        static Loader of(Batch batch, Step step, Feed feed) {
            double tokensPerS = DataPlane.loaderTokensPerS(batch.tokensPerStep() * feed.usefulFraction(),
                    step.gpuStepS());
            return new Loader(tokensPerS, feed.storedBytesPerToken(), tokensPerS * feed.storedBytesPerToken());
        }
    }
}
