package io.ridgeline.engine.estimate;

import io.ridgeline.engine.arithmetic.DecodeStep;
import io.ridgeline.engine.arithmetic.Flops;
import io.ridgeline.engine.arithmetic.InferenceComm;
import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.arithmetic.rl.ActorPlacement;
import io.ridgeline.engine.arithmetic.rl.RlStages;
import io.ridgeline.engine.arithmetic.rl.Rollout;
import io.ridgeline.engine.arithmetic.training.Links;
import io.ridgeline.engine.arithmetic.training.ParallelLayout;
import io.ridgeline.engine.arithmetic.training.StepTime;
import io.ridgeline.engine.arithmetic.training.TrainingFlops;
import io.ridgeline.engine.arithmetic.training.TrainingMemory;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;

/**
 * The numbers of one RL post-training bill, computed in named stages, each an immutable record that reads the
 * scenario and the stages before it: {@link Shape}, {@link LearnerMemory}, {@link Actor}, {@link Generation},
 * {@link Reward}, {@link Learner}, {@link WeightSync}, {@link Step}, {@link Run} and {@link Fit}. No stage builds a
 * string: {@link RlCheck} turns the stages into the limits the design is over and {@link RlWorking} into the formula
 * text. The formulas live in {@code io.ridgeline.engine.arithmetic.rl}; the stages choose their inputs by the rules
 * of {@link RlEstimator}.
 */
final class RlBill {

    private final Scenario scenario;
    private final Shape shape;
    private final LearnerMemory learnerMemory;
    private final Actor actor;
    private final Generation generation;
    private final Reward reward;
    private final Learner learner;
    private final WeightSync sync;
    private final Step step;
    private final Run run;
    private final Fit fit;

    /** Computes every stage for {@code s}, whose inputs have been validated. */
    RlBill(Scenario s) {
        this.scenario = s;
        this.shape = Shape.of(s);
        this.learnerMemory = LearnerMemory.of(s, shape);
        this.actor = Actor.of(s, shape, learnerMemory);
        this.generation = Generation.of(s, shape, actor);
        this.reward = Reward.of(s, shape);
        this.learner = Learner.of(s, shape, learnerMemory);
        this.sync = WeightSync.of(s, shape, actor);
        this.step = Step.of(s, shape, actor, generation, reward, learner, sync);
        this.run = Run.of(s, shape, step);
        this.fit = Fit.of(shape, learnerMemory, actor);
    }

    Scenario scenario() {
        return scenario;
    }

    Shape shape() {
        return shape;
    }

    LearnerMemory learnerMemory() {
        return learnerMemory;
    }

    Actor actor() {
        return actor;
    }

    Generation generation() {
        return generation;
    }

    Reward reward() {
        return reward;
    }

    Learner learner() {
        return learner;
    }

    WeightSync sync() {
        return sync;
    }

    Step step() {
        return step;
    }

    Run run() {
        return run;
    }

    Fit fit() {
        return fit;
    }

    /** The mean context of a rollout while it decodes, tokens: the prompt and half the mean generation. */
    static double meanDecodeContextTokens(RlWorkload w) {
        return w.promptTokens() + w.meanGenerationTokens() / 2.0;
    }

    /** The rollout's seconds for a placement: prefill and the decode steps of its long tail. */
    static double rolloutSeconds(Scenario sc, ActorPlacement.Placement pl, double peak) {
        return Generation.at(sc, pl, peak, 0).bill().rolloutS();
    }

    /**
     * The actor replica's decode step, the serving engine's: weights W/tp (a MoE model's routed experts apart, read
     * as far as the batch touches them), one rollout's KV at the mean context, the forward FLOPs at the whole-pass
     * share, the tensor-parallel all-reduces and the fixed cost of a pass through the layers.
     */
    static DecodeStep actorDecodeStep(Scenario sc, ActorPlacement.Placement pl, int kvShards, double meanCtx,
                                      double peak) {
        ModelArchitecture m = sc.model();
        Cluster c = sc.cluster();
        EfficiencyFactors eff = sc.efficiency();
        int tp = pl.tp();
        double total = ParamCounter.totalParams(m);
        double active = ParamCounter.activeParams(m);
        int routed = m.isMoe() ? m.moe().routedExperts() : 0;
        int topK = m.isMoe() ? m.moe().expertsPerToken() : 0;
        double bytesPerWeight = sc.design().weights().bytesPerElement();
        double expertBytes = routed > topK ? (total - active) * routed / (routed - topK) * bytesPerWeight / tp : 0.0;
        double denseBytes = Math.max(0.0, pl.weightBytesPerGpu() - expertBytes);
        double kvPerSeq = meanCtx * ActorPlacement.kvBytesPerToken(m, sc.design().kvCache()) / kvShards;
        double flopsPerToken = Flops.forwardFlopsPerToken(active) / tp
                + Flops.decodeAttentionFlopsPerToken(m, (int) Math.round(meanCtx)) / tp;
        InferenceComm comm = InferenceComm.of(m, tp, 1, 1, 1, c, eff);
        return new DecodeStep(1, denseBytes, expertBytes, routed, topK, kvPerSeq, flopsPerToken, peak,
                eff.servingCompute(), c.gpu().hbmBytesPerS(), eff.hbm(), 1, comm, eff.kvHbm(),
                ServingBill.StepTime.passOverheadS(m, eff));
    }

    /**
     * The run's shape: the placement (colocated or disaggregated) and the GPUs in all, rolling out and training,
     * whether asynchronous rollout was asked for and whether it runs (disaggregated only), the rollouts a step
     * generates, the longest and the mean sequence (prompt + generation, tokens), the activations' peak FLOP/s, the
     * usable HBM of a GPU (B) and the policy's parameters.
     */
    record Shape(String placement, boolean colocated, int gpus, int actorGpus, int learnerGpus, boolean asyncAsked,
                 boolean async, long rollouts, int maxSequenceTokens, int meanSequenceTokens, double peakFlopsPerS,
                 double usableHbmBytes, double totalParams) {

        static Shape of(Scenario s) {
            Design d = s.design();
            RlWorkload w = s.rl();
            Gpu gpu = s.cluster().gpu();
            String placement = RlInputs.placement(d);
            boolean colocated = placement.equals(RlInputs.COLOCATED);
            boolean asyncAsked = d.has(Feature.ASYNC_ROLLOUT) && d.maxStalenessSteps() >= 1;
            int p = w.promptTokens();
            return new Shape(placement, colocated, s.cluster().totalGpus(), RlInputs.actorGpus(s),
                    RlInputs.learnerGpus(s), asyncAsked, asyncAsked && !colocated,
                    (long) w.promptsPerStep() * w.samplesPerPrompt(), p + w.maxGenerationTokens(),
                    p + w.meanGenerationTokens(), gpu.peakFor(d.activations()).orElseThrow(),
                    TrainingMemory.usableHbmBytes(gpu), ParamCounter.totalParams(s.model()));
        }
    }

    /**
     * The learner's memory per GPU, B: its layout (tp x pp x cp x the data-parallel replicas its GPUs leave), the
     * training state, the bf16 reference model (0 without one), the micro-batches a step's rollouts make, the
     * activations at the longest sequence, their sum, and the state that stays resident on a colocated GPU while it
     * rolls out (parameters less the gather buffer, optimizer, reference; 0 disaggregated).
     */
    record LearnerMemory(ParallelLayout layout, TrainingMemory.State state, double referenceBytes, int microBatches,
                         double activationBytes, double memoryBytes, double residentBytes) {

        static LearnerMemory of(Scenario s, Shape shape) {
            ModelArchitecture m = s.model();
            Design d = s.design();
            int ldp = shape.learnerGpus() / (d.tp() * d.pp() * d.cp());
            ParallelLayout ll = new ParallelLayout(d.tp(), d.pp(), ldp, d.cp(), d.ep(), s.cluster().gpusPerNode());
            TrainingMemory.State st = TrainingMemory.state(m, ll, d.zeroStage());
            double buffer = TrainingMemory.gatherBufferBytes(m, ll, d.zeroStage());
            double refBytes = s.rl().referenceModel() ? st.paramBytes() - buffer : 0.0;
            int microBatches = (int) Math.max(1, (shape.rollouts() + (long) ldp * d.microBatch() - 1)
                    / ((long) ldp * d.microBatch()));
            double act = TrainingMemory.activationBytes(m, ll, shape.maxSequenceTokens(), d.microBatch(),
                    microBatches, d.recomputeMode(), d.sequenceParallel(), d.flashAttention());
            double resident = shape.colocated() ? (st.paramBytes() - buffer) + st.optimizerBytes() + refBytes : 0.0;
            return new LearnerMemory(ll, st, refBytes, microBatches, act, st.total() + refBytes + act, resident);
        }
    }

    /**
     * The actor's placement: the weights (B), the KV cache per token and per rollout at the longest sequence, the
     * host link at its efficiency (B/s) and what moving the learner's resident state out to host memory and back
     * costs (s; not finite without a host link), the placement of the rollout engine, whether a colocated GPU
     * offloads that state (when the freed HBM shortens the rollout by more than the move, or only it fits) and the
     * swap it then pays (s, else 0), the state kept resident, the rollout engine's HBM budget and the actor's memory
     * per GPU (B).
     */
    record Actor(double weightBytes, double kvBytesPerToken, double kvBytesPerRollout, double hostLinkBytesPerS,
                 double swapCostS, ActorPlacement.Placement placement, boolean offloaded, double swapS,
                 double keptResidentBytes, double budgetBytesPerGpu, double memoryBytesPerGpu) {

        static Actor of(Scenario s, Shape shape, LearnerMemory learner) {
            ModelArchitecture m = s.model();
            Design d = s.design();
            Cluster c = s.cluster();
            double usable = shape.usableHbmBytes();
            double resident = learner.residentBytes();
            double weightBytes = shape.totalParams() * d.weights().bytesPerElement();
            double kvPerToken = ActorPlacement.kvBytesPerToken(m, d.kvCache());
            double kvPerRollout = shape.maxSequenceTokens() * kvPerToken;
            // colocated: the learner's resident state stays in HBM during rollout, or (where the catalog states the
            // GPU's link to host memory) goes to host memory and back each step, whichever makes the shorter step
            double hostLink = c.gpu().hostLinkBytesPerS() * s.efficiency().link();
            double swapCost = 2.0 * resident / hostLink;
            double swapS = 0.0;
            boolean offloaded = false;
            double keptResident = resident;
            ActorPlacement.Placement pl = ActorPlacement.place(m, shape.actorGpus(), c.gpusPerNode(),
                    shape.rollouts(), weightBytes, kvPerRollout, usable - resident);
            if (shape.colocated() && resident > 0 && hostLink > 0) {
                ActorPlacement.Placement free = ActorPlacement.place(m, shape.actorGpus(), c.gpusPerNode(),
                        shape.rollouts(), weightBytes, kvPerRollout, usable);
                double residentRollout = rolloutSeconds(s, pl, shape.peakFlopsPerS());
                double freeRollout = rolloutSeconds(s, free, shape.peakFlopsPerS());
                if ((!pl.fits() && free.fits()) || freeRollout + swapCost < residentRollout) {
                    pl = free;
                    swapS = swapCost;
                    offloaded = true;
                    keptResident = 0.0;
                }
            }
            return new Actor(weightBytes, kvPerToken, kvPerRollout, hostLink, swapCost, pl, offloaded, swapS,
                    keptResident, usable - keptResident, pl.memoryBytesPerGpu() + keptResident);
        }
    }

    /**
     * The rollout: the tokens a step generates, the KV shards of an actor replica, the mean decode context (tokens),
     * the prefill of a replica's rollouts (s), the decode step at the replica's concurrency and its memory, compute,
     * collective and fixed parts (s), and the rollout's bill ({@link Rollout#bill}: its decode steps, seconds and
     * long tail).
     */
    record Generation(double tokensPerStep, int kvShards, double meanContextTokens, double prefillS, double memoryS,
                      double computeS, double commS, double passOverheadS, Rollout.Bill bill) {

        static Generation of(Scenario s, Shape shape, Actor actor) {
            return at(s, actor.placement(), shape.peakFlopsPerS(), shape.rollouts());
        }

        /**
         * The rollout of {@code rollouts} rollouts a step on placement {@code pl} at {@code peak} FLOP/s a GPU; the
         * placement choice weighs two placements by it.
         */
        static Generation at(Scenario s, ActorPlacement.Placement pl, double peak, long rollouts) {
            ModelArchitecture m = s.model();
            RlWorkload w = s.rl();
            int kvShards = ActorPlacement.kvShards(m, pl.tp());
            double meanCtx = meanDecodeContextTokens(w);
            double prefillS = Rollout.prefillSeconds(m, w.promptTokens(), pl.rolloutsPerReplica(), pl.tp(), peak,
                    s.efficiency().servingCompute());
            DecodeStep actorStep = actorDecodeStep(s, pl, kvShards, meanCtx, peak);
            int c0 = pl.concurrency();
            double memS = actorStep.memoryS(c0, 1.0);
            double compS = actorStep.computeS(c0, 1.0);
            double commS = actorStep.commS(c0, 1.0);
            double fixedS = actorStep.passOverheadS();
            Rollout.Bill rb = Rollout.bill(prefillS, actorStep.stepS(c0), compS > memS, pl.rolloutsPerReplica(), c0,
                    w.meanGenerationTokens(), w.maxGenerationTokens());
            return new Generation((double) rollouts * w.meanGenerationTokens(), kvShards, meanCtx, prefillS,
                    memS, compS, commS, fixedS, rb);
        }
    }

    /** The reward: the calls that run at once ({@value RlStages#REWARD_CALLS_PER_GPU} a GPU) and its seconds. */
    record Reward(long parallelism, double rewardS) {

        static Reward of(Scenario s, Shape shape) {
            long parallelism = (long) RlStages.REWARD_CALLS_PER_GPU * shape.gpus();
            return new Reward(parallelism, RlStages.rewardSeconds(s.rl().rewardMs(), shape.rollouts(), parallelism));
        }
    }

    /**
     * The learner, s: the tokens it trains (rollouts x mean sequence), the FLOP per token of the update and of one
     * forward pass, the activations' traffic between the matrix products (the pretraining step's term, over every
     * sequence's layers on its stage, micro-batches of the mean length), the update, one forward pass (a third of
     * the traffic), the reference and old-log-prob forwards where the workload runs them (else 0) and their sum.
     */
    record Learner(double trainedTokens, double updateFlopsPerToken, double forwardFlopsPerToken,
                   double activationTrafficS, double updateS, double forwardS, double referenceS, double oldLogprobS,
                   double learnerS) {

        static Learner of(Scenario s, Shape shape, LearnerMemory memory) {
            ModelArchitecture m = s.model();
            Design d = s.design();
            EfficiencyFactors eff = s.efficiency();
            RlWorkload w = s.rl();
            int seqMean = shape.meanSequenceTokens();
            double peak = shape.peakFlopsPerS();
            double trainedTokens = (double) shape.rollouts() * seqMean;
            double updateFlops = TrainingFlops.hardwareFlopsPerToken(m, seqMean, d.recomputeMode());
            double forwardFlops = TrainingFlops.forwardFlopsPerToken(m, seqMean);
            int stageLayers = (m.layers() + d.pp() - 1) / d.pp();
            double trafficS = StepTime.activationTrafficSeconds(eff.activationPasses(),
                    TrainingMemory.forwardBytesPerSbh(m.attentionHeads(), m.hiddenSize(), seqMean, d.tp(),
                            d.sequenceParallel(), d.flashAttention()),
                    (double) seqMean / d.cp() * d.microBatch() * m.hiddenSize(), stageLayers,
                    memory.microBatches(), d.recompute(), s.cluster().gpu().hbmBytesPerS(), eff.hbm());
            double updateS = RlStages.learnerSeconds(updateFlops, trainedTokens, shape.learnerGpus(), peak,
                    eff.compute()) + trafficS;
            double forwardS = RlStages.learnerSeconds(forwardFlops, trainedTokens, shape.learnerGpus(), peak,
                    eff.compute()) + trafficS / 3.0;
            double referenceS = w.referenceModel() ? forwardS : 0.0;
            double oldLogprobS = w.oldLogprobPass() ? forwardS : 0.0;
            return new Learner(trainedTokens, updateFlops, forwardFlops, trafficS, updateS, forwardS, referenceS,
                    oldLogprobS, updateS + referenceS + oldLogprobS);
        }
    }

    /**
     * The weight sync: the bf16 policy's bytes, the link it crosses (colocated: the one the learner group spans;
     * disaggregated: scale-out, a pipelined broadcast to the actor nodes, 0 colocated), the transfer, the rollout
     * engine's reload of its weights and their sum, s.
     */
    record WeightSync(double bytes, Links.Link link, int actorNodes, double transferS, double reloadS,
                      double syncS) {

        static WeightSync of(Scenario s, Shape shape, Actor actor) {
            Cluster c = s.cluster();
            double eta = s.efficiency().link();
            int actorTp = actor.placement().tp();
            double syncBytes = RlStages.weightSyncBytes(shape.totalParams());
            Links.Link link;
            int actorNodes = 0;
            double transferS;
            if (shape.colocated()) {
                link = Links.forSpan(c, shape.learnerGpus());
                transferS = RlStages.colocatedSyncSeconds(syncBytes, actorTp, link, eta);
            } else {
                actorNodes = (shape.actorGpus() + c.gpusPerNode() - 1) / c.gpusPerNode();
                link = Links.scaleOut(c);
                transferS = RlStages.disaggregatedSyncSeconds(syncBytes, actorTp, actorNodes, link, eta);
            }
            double reloadS = RlStages.engineReloadSeconds(shape.totalParams(), actorTp,
                    s.design().weights().bytesPerElement(), c.gpu().hbmBytesPerS(), s.efficiency().hbm());
            return new WeightSync(syncBytes, link, actorNodes, transferS, reloadS, transferS + reloadS);
        }
    }

    /**
     * The step, s: synchronous, the stages one after another (and a colocated GPU's swap); asynchronous, the
     * rollout and the learner overlapped, the sync paid every k = max staleness steps. Holds the stage that binds
     * and the serial sum of the stages' work (rollout + reward + learner + sync) the step's split is taken over.
     */
    record Step(double stepS, String binding, double serialS) {

        static Step of(Scenario s, Shape shape, Actor actor, Generation generation, Reward reward, Learner learner,
                       WeightSync sync) {
            int staleness = s.design().maxStalenessSteps();
            double rolloutS = generation.bill().rolloutS();
            double rewardS = reward.rewardS();
            double learnerS = learner.learnerS();
            double syncS = sync.syncS();
            double stepS = shape.async()
                    ? RlStages.asynchronousStepSeconds(rolloutS, rewardS, learnerS, syncS, staleness)
                    : RlStages.synchronousStepSeconds(rolloutS, rewardS, learnerS, syncS) + actor.swapS();
            String binding = RlStages.bindingStage(rolloutS, rewardS, learnerS,
                    shape.async() ? syncS / Math.max(1, staleness) : syncS);
            return new Step(stepS, binding, rolloutS + rewardS + learnerS + syncS);
        }
    }

    /** The run: its days (steps x step), its cost (GPUs x hours x USD/GPU-h) and the fleet's hourly cost, USD/h. */
    record Run(double days, double costUsd, double usdPerHour) {

        static Run of(Scenario s, Shape shape, Step step) {
            double usdPerGpuHour = s.cluster().gpu().usdPerGpuHour();
            double days = s.rl().steps() * step.stepS() / 86400.0;
            return new Run(days, shape.gpus() * days * 24.0 * usdPerGpuHour, shape.gpus() * usdPerGpuHour);
        }
    }

    /** Whether the actor (its placement, and its memory within usable HBM) and the learner fit a GPU. */
    record Fit(boolean actorFits, boolean learnerFits) {

        static Fit of(Shape shape, LearnerMemory learner, Actor actor) {
            return new Fit(actor.placement().fits() && actor.memoryBytesPerGpu() <= shape.usableHbmBytes(),
                    learner.memoryBytes() <= shape.usableHbmBytes());
        }

        boolean fits() {
            return actorFits && learnerFits;
        }
    }
}
