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
import io.ridgeline.engine.validation.RlPublished;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;

import java.util.ArrayList;
import java.util.List;

import static io.ridgeline.engine.arithmetic.training.Quantities.bytes;
import static io.ridgeline.engine.arithmetic.training.Quantities.finite;
import static io.ridgeline.engine.arithmetic.training.Quantities.num;
import static io.ridgeline.engine.arithmetic.training.Quantities.pct;

/**
 * The bill for one RL post-training step: the actor's rollout (placement, prefill, bandwidth-bound decode and its
 * long tail), the reward, the learner, the weight sync, how they add up synchronously or overlap asynchronously,
 * and the run's days and dollars. The formulas and assumptions are documented on the classes in
 * {@code io.ridgeline.engine.arithmetic.rl}.
 *
 * <p>Placement: colocated, every GPU rolls out and then trains, with the learner's parameters, optimizer state and
 * reference model staying in HBM during rollout (no CPU offload), so the rollout engine gets the rest.
 * Disaggregated, round(GPUs x actor share) GPUs roll out and the rest train. Asynchronous rollout
 * ({@code async_rollout} on and max staleness &gt;= 1) overlaps generation with training only when disaggregated.
 */
public final class RlEstimator {

    private RlEstimator() {
    }

    public static RlEstimate estimate(Scenario sc) {
        RlInputs.validate(sc);
        ModelArchitecture m = sc.model();
        Cluster c = sc.cluster();
        Gpu gpu = c.gpu();
        RlWorkload w = sc.rl();
        Design d = sc.design();
        EfficiencyFactors eff = sc.efficiency();
        List<Figure> f = new ArrayList<>();
        String placement = RlInputs.placement(d);
        boolean colocated = placement.equals(RlInputs.COLOCATED);
        int gpus = c.totalGpus();
        int actorGpus = RlInputs.actorGpus(sc);
        int learnerGpus = RlInputs.learnerGpus(sc);
        boolean asyncAsked = d.has(Feature.ASYNC_ROLLOUT) && d.maxStalenessSteps() >= 1;
        boolean async = asyncAsked && !colocated;
        long rollouts = (long) w.promptsPerStep() * w.samplesPerPrompt();
        int p = w.promptTokens();
        int seqMax = p + w.maxGenerationTokens();
        int seqMean = p + w.meanGenerationTokens();
        double peak = gpu.peakFor(d.activations()).orElseThrow();
        double usable = TrainingMemory.usableHbmBytes(gpu);
        double n = ParamCounter.totalParams(m);

        // -- learner memory
        int ldp = learnerGpus / (d.tp() * d.pp() * d.cp());
        ParallelLayout ll = new ParallelLayout(d.tp(), d.pp(), ldp, d.cp(), d.ep(), c.gpusPerNode());
        TrainingMemory.State st = TrainingMemory.state(m, ll, d.zeroStage());
        double buffer = TrainingMemory.gatherBufferBytes(m, ll, d.zeroStage());
        double refBytes = w.referenceModel() ? st.paramBytes() - buffer : 0.0;
        int learnerMicroBatches = (int) Math.max(1, (rollouts + (long) ldp * d.microBatch() - 1)
                / ((long) ldp * d.microBatch()));
        double act = TrainingMemory.activationBytes(m, ll, seqMax, d.microBatch(), learnerMicroBatches,
                d.recomputeMode(), d.sequenceParallel(), d.flashAttention());
        double learnerMem = st.total() + refBytes + act;
        double resident = colocated ? (st.paramBytes() - buffer) + st.optimizerBytes() + refBytes : 0.0;
        add(f, "learner_memory_bytes_per_gpu", learnerMem, "B",
                "params + grads + optimizer (tp " + d.tp() + ", pp " + d.pp() + ", ZeRO-" + d.zeroStage() + " over "
                        + ll.denseDpGroup() + ")" + (w.referenceModel() ? " + bf16 reference model" : "")
                        + " + activations at s = prompt + max generation",
                bytes(st.total()) + " + " + bytes(refBytes) + " + " + bytes(act) + " = " + bytes(learnerMem));

        // -- actor placement
        double weightBytes = n * d.weights().bytesPerElement();
        double kvPerToken = ActorPlacement.kvBytesPerToken(m, d.kvCache());
        double kvPerRollout = seqMax * kvPerToken;
        // colocated: the learner's resident state stays in HBM during rollout, or (where the catalog states the
        // GPU's link to host memory) goes to host memory and back each step, whichever makes the shorter step
        double hostLink = gpu.hostLinkBytesPerS() * eff.link();
        double swapS = 0.0;
        boolean offloaded = false;
        double keptResident = resident;
        ActorPlacement.Placement pl = ActorPlacement.place(m, actorGpus, c.gpusPerNode(), rollouts, weightBytes,
                kvPerRollout, usable - resident);
        if (colocated && resident > 0 && hostLink > 0) {
            ActorPlacement.Placement free = ActorPlacement.place(m, actorGpus, c.gpusPerNode(), rollouts,
                    weightBytes, kvPerRollout, usable);
            double swap = 2.0 * resident / hostLink;
            double residentRollout = rolloutSeconds(sc, pl, peak);
            double freeRollout = rolloutSeconds(sc, free, peak);
            if ((!pl.fits() && free.fits()) || freeRollout + swap < residentRollout) {
                pl = free;
                swapS = swap;
                offloaded = true;
                keptResident = 0.0;
            }
        }
        double actorBudget = usable - keptResident;
        double actorMem = pl.memoryBytesPerGpu() + keptResident;
        if (colocated) {
            add(f, "colocated_swap_s", swapS, "s", "colocated: 2 x the learner's resident state / (host link x "
                            + "eta_l), out to host memory for the rollout and back for the update (verl's parameter "
                            + "and optimizer offload), taken when the freed HBM shortens the rollout by more; else 0, "
                            + "the state staying in HBM",
                    gpu.hostLinkBytesPerS() <= 0
                            ? "the catalog states no host link for " + gpu.id() + ": the state stays in HBM"
                            : "2 x " + bytes(resident) + " / (" + num(gpu.hostLinkBytesPerS()) + " x " + eff.link()
                            + ") = " + num(2.0 * resident / hostLink) + " s; " + (offloaded
                            ? "offloaded: the rollout gets " + bytes(usable) + " a GPU"
                            : "kept in HBM: offloading would not shorten the step"));
        }
        add(f, "actor_tp", pl.tp(), "GPUs", "smallest power of two at which W/tp + B x KV per rollout / tp fits",
                "W " + bytes(weightBytes) + ", KV per rollout " + num(seqMax) + " x " + bytes(kvPerToken) + " = "
                        + bytes(kvPerRollout) + ", budget " + bytes(actorBudget) + " per GPU -> tp " + pl.tp());
        add(f, "actor_replicas", pl.replicas(), "replicas", "actor GPUs / tp", actorGpus + " / " + pl.tp() + " = "
                + pl.replicas());
        add(f, "rollouts_per_replica", pl.rolloutsPerReplica(), "rollouts", "ceil(prompts x samples / replicas)",
                "ceil(" + rollouts + " / " + pl.replicas() + ") = " + pl.rolloutsPerReplica());
        add(f, "actor_concurrency", pl.concurrency(), "rollouts", "rollouts a replica decodes at once (KV-limited)",
                pl.concurrency() + " of " + pl.rolloutsPerReplica());
        add(f, "actor_memory_bytes_per_gpu", actorMem, "B", "W/tp + C x KV per rollout / KV shards"
                        + (colocated && !offloaded ? " + the learner's resident params, optimizer and reference" : ""),
                bytes(pl.weightBytesPerGpu()) + " + " + bytes(pl.kvBytesPerGpu())
                        + (colocated && !offloaded ? " + " + bytes(resident) : "") + " = " + bytes(actorMem));

        // -- rollout
        add(f, "rollout_tokens_per_step", (double) rollouts * w.meanGenerationTokens(), "tokens",
                "prompts x samples x mean generation", w.promptsPerStep() + " x " + w.samplesPerPrompt() + " x "
                        + w.meanGenerationTokens() + " = " + num((double) rollouts * w.meanGenerationTokens()));
        int kvShards = ActorPlacement.kvShards(m, pl.tp());
        double meanCtx = p + w.meanGenerationTokens() / 2.0;
        double prefillS = Rollout.prefillSeconds(m, p, pl.rolloutsPerReplica(), pl.tp(), peak, eff.servingCompute());
        DecodeStep actorStep = actorDecodeStep(sc, pl, kvShards, meanCtx, peak);
        int c0 = pl.concurrency();
        double memS = actorStep.memoryS(c0, 1.0);
        double compS = actorStep.computeS(c0, 1.0);
        double commS = actorStep.commS(c0, 1.0);
        double fixedS = actorStep.passOverheadS();
        Rollout.Bill rb = Rollout.bill(prefillS, actorStep.stepS(c0), compS > memS, pl.rolloutsPerReplica(), c0,
                w.meanGenerationTokens(), w.maxGenerationTokens());
        add(f, "prefill_s", prefillS, "s", "forward FLOP per token x P x B / (tp x peak x eta_serving)",
                "B = " + pl.rolloutsPerReplica() + ", P = " + p + ", eta " + eff.servingCompute() + " -> "
                        + num(prefillS));
        add(f, "decode_step_ms", rb.decodeStepS() * 1000, "ms", "max(W/tp / (HBM x eta_hbm) + C x L x kv/shards / "
                        + "(HBM x eta_kv), C x FLOP per token / (tp x peak x eta_serving)) + TP all-reduces + layers x "
                        + "the fixed cost per layer; L = P + mean generation / 2 (the serving engine's decode step)",
                "max(" + bytes(pl.weightBytesPerGpu()) + " / (" + num(gpu.hbmBytesPerS()) + " x " + eff.hbm()
                        + ") + " + c0 + " x " + num(meanCtx) + " x " + bytes(kvPerToken / kvShards) + " / ("
                        + num(gpu.hbmBytesPerS()) + " x " + eff.kvHbm() + ") = " + num(memS * 1000) + " ms, "
                        + num(compS * 1000) + " ms) + " + num(commS * 1000) + " ms + " + num(fixedS * 1000)
                        + " ms = " + num(rb.decodeStepS() * 1000) + " ms");
        add(f, "rollout_decode_steps", rb.decodeSteps(), "steps", "ceil(max(0, B - C) x mean / C) + max generation "
                        + "(all B in flight: the longest; C of them: the others' work over C slots, then the longest)",
                "B " + pl.rolloutsPerReplica() + ", C " + c0 + ", mean " + w.meanGenerationTokens() + ", max "
                        + w.maxGenerationTokens() + " -> " + num(rb.decodeSteps()));
        add(f, "rollout_time_s", rb.rolloutS(), "s", "prefill + decode steps x t_step",
                num(prefillS) + " + " + num(rb.decodeSteps()) + " x " + num(rb.decodeStepS()) + " = "
                        + num(rb.rolloutS()));
        add(f, "rollout_tail_share", rb.tailShare(), "fraction", "(max generation - mean) x t_step / rollout: the "
                        + "steps a step waits past what mean-length rollouts would need",
                "mean " + w.meanGenerationTokens() + ", max " + w.maxGenerationTokens() + " -> " + pct(rb.tailShare()));

        // -- reward
        long parallelism = (long) RlStages.REWARD_CALLS_PER_GPU * gpus;
        double rewardS = RlStages.rewardSeconds(w.rewardMs(), rollouts, parallelism);
        add(f, "reward_time_s", rewardS, "s", "reward ms x ceil(rollouts / (" + RlStages.REWARD_CALLS_PER_GPU
                        + " calls per GPU x GPUs))",
                num(w.rewardMs()) + " ms x ceil(" + rollouts + " / " + parallelism + ") = " + num(rewardS));

        // -- learner: the update, then the forward passes for the reference and the old log-probs
        double trainedTokens = (double) rollouts * seqMean;
        double updateFlops = TrainingFlops.hardwareFlopsPerToken(m, seqMean, d.recomputeMode());
        double forwardFlops = TrainingFlops.forwardFlopsPerToken(m, seqMean);
        // the activations' traffic between the matrix products (the pretraining step's term), over every
        // sequence's layers on its stage: micro-batches of the mean length
        int learnerStageLayers = (m.layers() + d.pp() - 1) / d.pp();
        double learnerTrafficS = StepTime.activationTrafficSeconds(eff.activationPasses(),
                TrainingMemory.forwardBytesPerSbh(m.attentionHeads(), m.hiddenSize(), seqMean, d.tp(),
                        d.sequenceParallel(), d.flashAttention()),
                (double) seqMean / d.cp() * d.microBatch() * m.hiddenSize(), learnerStageLayers,
                learnerMicroBatches, d.recompute(), c.gpu().hbmBytesPerS(), eff.hbm());
        double updateS = RlStages.learnerSeconds(updateFlops, trainedTokens, learnerGpus, peak, eff.compute())
                + learnerTrafficS;
        double forwardS = RlStages.learnerSeconds(forwardFlops, trainedTokens, learnerGpus, peak, eff.compute())
                + learnerTrafficS / 3.0;
        double referenceS = w.referenceModel() ? forwardS : 0.0;
        double oldLogprobS = w.oldLogprobPass() ? forwardS : 0.0;
        double learnerS = updateS + referenceS + oldLogprobS;
        add(f, "learner_update_s", updateS, "s", "(6 N_mm + attention" + (d.recompute() ? " + recompute forward"
                        : d.selectiveRecompute() ? " + the attention core again" : "") + ") x rollouts x (P + mean) / "
                        + "(learner GPUs x peak x eta_c) + the activations' traffic (passes x bytes per layer x "
                        + "layers/pp x micro-batches / (HBM x eta_hbm))",
                num(updateFlops) + " x " + num(trainedTokens) + " / (" + learnerGpus + " x " + num(peak) + " x "
                        + eff.compute() + ") + " + num(learnerTrafficS) + " = " + num(updateS));
        add(f, "learner_forward_s", forwardS, "s", "one forward pass over the rollouts: (2 N_mm + attention) x "
                        + "rollouts x (P + mean) / (learner GPUs x peak x eta_c) + a third of the update's traffic",
                num(forwardFlops) + " x " + num(trainedTokens) + " / (" + learnerGpus + " x " + num(peak) + " x "
                        + eff.compute() + ") + " + num(learnerTrafficS / 3.0) + " = " + num(forwardS));
        add(f, "learner_time_s", learnerS, "s", "update" + (w.referenceModel() ? " + reference forward" : "")
                        + (w.oldLogprobPass() ? " + old-log-prob forward" : ""),
                num(updateS) + (w.referenceModel() ? " + " + num(referenceS) : "")
                        + (w.oldLogprobPass() ? " + " + num(oldLogprobS) : "") + " = " + num(learnerS));

        // -- weight sync
        double syncBytes = RlStages.weightSyncBytes(n);
        double syncS;
        String syncText;
        if (colocated) {
            Links.Link link = Links.forSpan(c, learnerGpus);
            syncS = RlStages.colocatedSyncSeconds(syncBytes, pl.tp(), link, eff.link());
            syncText = bytes(syncBytes) + " / tp " + pl.tp() + " resharded over " + link.name() + " ("
                    + num(link.bytesPerS()) + " x " + eff.link() + ") = " + num(syncS);
        } else {
            int actorNodes = (actorGpus + c.gpusPerNode() - 1) / c.gpusPerNode();
            Links.Link out = Links.scaleOut(c);
            syncS = RlStages.disaggregatedSyncSeconds(syncBytes, pl.tp(), actorNodes, out, eff.link());
            syncText = "(" + bytes(syncBytes) + " / tp " + pl.tp() + " + " + (actorNodes - 1)
                    + " bucket slices) over scale-out (" + num(out.bytesPerS()) + " x " + eff.link() + ") = "
                    + num(syncS);
        }
        double transferS = syncS;
        double reloadS = RlStages.engineReloadSeconds(n, pl.tp(), d.weights().bytesPerElement(), gpu.hbmBytesPerS(),
                eff.hbm());
        syncS = transferS + reloadS;
        add(f, "weight_sync_bytes", syncBytes, "B", "2 B x N (bf16 policy)", "2 x " + num(n) + " = "
                + bytes(syncBytes));
        add(f, "engine_reload_s", reloadS, "s", "the rollout engine reads the bf16 slice and writes its weights: "
                        + "(2N + N x b) / tp / (HBM x eta_hbm)",
                "(2 + " + d.weights().bytesPerElement() + ") x " + num(n) + " / " + pl.tp() + " / ("
                        + num(gpu.hbmBytesPerS()) + " x " + eff.hbm() + ") = " + num(reloadS));
        add(f, "weight_sync_time_s", syncS, "s", (colocated
                ? "2N/tp_actor / (BW x eta_l), over the link the learner group spans"
                : "(2N/tp_actor + (actor nodes - 1) x bucket/tp_actor) / (BW_out x eta_l), pipelined broadcast")
                        + ", then the engine's reload: a floor, without the frameworks' per-tensor work (published "
                        + "refits of 4B-30B policies take 0.2-1.0 s colocated in NeMo RL and up to 16 s in verl "
                        + "without its checkpoint engine: docs/training.md)",
                syncText + " + " + num(reloadS) + " = " + num(syncS));

        // -- step
        double stepS = async
                ? RlStages.asynchronousStepSeconds(rb.rolloutS(), rewardS, learnerS, syncS, d.maxStalenessSteps())
                : RlStages.synchronousStepSeconds(rb.rolloutS(), rewardS, learnerS, syncS) + swapS;
        String binding = RlStages.bindingStage(rb.rolloutS(), rewardS, learnerS,
                async ? syncS / Math.max(1, d.maxStalenessSteps()) : syncS);
        add(f, "step_time_s", stepS, "s", async ? "max(rollout + reward + sync / k, learner + sync / k) (async: "
                        + "the actors pause for new weights every k = " + d.maxStalenessSteps() + " steps, staleness "
                        + d.maxStalenessSteps() + ")"
                        : "rollout + reward + learner + sync" + (colocated ? " + the learner state's swap" : "")
                        + (asyncAsked ? " (colocated GPUs cannot overlap rollout and training: synchronous)" : ""),
                async ? "max(" + num(rb.rolloutS()) + " + " + num(rewardS) + " + " + num(syncS) + " / "
                        + d.maxStalenessSteps() + ", " + num(learnerS) + " + " + num(syncS) + " / "
                        + d.maxStalenessSteps() + ") = " + num(stepS) + "; binding " + binding
                        : num(rb.rolloutS()) + " + " + num(rewardS) + " + " + num(learnerS) + " + " + num(syncS)
                        + (colocated ? " + " + num(swapS) : "") + " = " + num(stepS) + "; binding " + binding);
        double serial = rb.rolloutS() + rewardS + learnerS + syncS;
        add(f, "rollout_share", rb.rolloutS() / serial, "fraction", "the step's split: each stage over rollout + "
                        + "reward + learner + sync (the work of one step, overlapped or not); published splits for "
                        + "comparison from validation/rl-published.csv, runs with the same placement and mode",
                splitText(rb.rolloutS(), rewardS, updateS, referenceS, oldLogprobS, syncS, serial)
                        + comparison(placement, async));
        double days = w.steps() * stepS / 86400.0;
        double cost = gpus * days * 24.0 * gpu.usdPerGpuHour();
        add(f, "training_days", days, "days", "steps x step / 86400", w.steps() + " x " + num(stepS) + " / 86400 = "
                + num(days));
        add(f, "cost_usd", cost, "USD", "GPUs x hours x USD/GPU-h", gpus + " x " + num(days * 24) + " x "
                + num(gpu.usdPerGpuHour()) + " = " + num(cost));

        // -- limits
        boolean actorFits = pl.fits() && actorMem <= usable;
        boolean learnerFits = learnerMem <= usable;
        List<String> overLimits = new ArrayList<>();
        if (!actorFits) {
            overLimits.add("actor memory " + bytes(actorMem) + " per GPU (weights " + bytes(pl.weightBytesPerGpu())
                    + " at tp " + pl.tp() + " + KV for " + pl.concurrency() + " rollouts"
                    + (colocated && !offloaded ? " + resident learner state " + bytes(resident) : "")
                    + ") exceeds the usable HBM " + bytes(usable) + " by " + bytes(Math.max(0, actorMem - usable)));
        }
        if (!learnerFits) {
            overLimits.add("learner memory " + bytes(learnerMem) + " per GPU exceeds the usable HBM "
                    + bytes(usable) + " by " + bytes(learnerMem - usable) + " (ZeRO-" + d.zeroStage() + " over "
                    + ll.denseDpGroup() + ", tp " + d.tp() + ", pp " + d.pp() + ")");
        }
        overLimits.addAll(TrainingCheck.budgetOverruns(sc.budget(), gpus, days, cost,
                gpus * gpu.usdPerGpuHour()));

        return new RlEstimate(gpus, actorGpus, learnerGpus, placement, async, d.maxStalenessSteps(),
                (double) rollouts, finite((double) rollouts * w.meanGenerationTokens()), finite(rb.rolloutS()),
                finite(rb.tailShare()), finite(rewardS), finite(learnerS), finite(syncBytes), finite(syncS),
                finite(stepS), binding, finite(actorMem), finite(learnerMem), finite(usable),
                actorFits && learnerFits, finite(days), finite(cost), overLimits, f);
    }

    /** The rollout's seconds for a placement: prefill and the decode steps of its long tail. */
    private static double rolloutSeconds(Scenario sc, ActorPlacement.Placement pl, double peak) {
        ModelArchitecture m = sc.model();
        RlWorkload w = sc.rl();
        int kvShards = ActorPlacement.kvShards(m, pl.tp());
        double meanCtx = w.promptTokens() + w.meanGenerationTokens() / 2.0;
        double prefillS = Rollout.prefillSeconds(m, w.promptTokens(), pl.rolloutsPerReplica(), pl.tp(), peak,
                sc.efficiency().servingCompute());
        DecodeStep step = actorDecodeStep(sc, pl, kvShards, meanCtx, peak);
        int c0 = pl.concurrency();
        return Rollout.bill(prefillS, step.stepS(c0), step.computeS(c0, 1.0) > step.memoryS(c0, 1.0),
                pl.rolloutsPerReplica(), c0, w.meanGenerationTokens(), w.maxGenerationTokens()).rolloutS();
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

    private static String splitText(double rolloutS, double rewardS, double updateS, double referenceS,
                                    double oldLogprobS, double syncS, double serial) {
        String learner = "learner " + pct((updateS + referenceS + oldLogprobS) / serial) + " (update "
                + pct(updateS / serial) + (referenceS > 0 ? ", reference " + pct(referenceS / serial) : "")
                + (oldLogprobS > 0 ? ", old log-probs " + pct(oldLogprobS / serial) : "") + ")";
        return "rollout " + pct(rolloutS / serial) + ", reward " + pct(rewardS / serial) + ", " + learner
                + ", weight sync " + pct(syncS / serial);
    }

    /** The published runs of this placement and mode, up to two, with their sources. */
    private static String comparison(String placement, boolean async) {
        List<RlPublished> like = RlPublished.like(placement, async);
        if (like.isEmpty()) {
            return "; no published split of a " + placement + (async ? " asynchronous" : " synchronous")
                    + " run is shipped to compare with";
        }
        StringBuilder sb = new StringBuilder("; published ");
        for (int i = 0; i < Math.min(2, like.size()); i++) {
            RlPublished r = like.get(i);
            sb.append(i == 0 ? "" : "; ").append(r.split()).append(" (").append(r.algorithm()).append(' ')
                    .append(r.model()).append(" on ").append(r.gpus()).append(' ').append(r.gpu()).append(", ")
                    .append(r.framework()).append(", ").append(r.source()).append(')');
        }
        return sb.toString();
    }

    private static void add(List<Figure> f, String key, double value, String unit, String formula, String substituted) {
        f.add(new Figure(key, finite(value), unit, formula, substituted));
    }
}
