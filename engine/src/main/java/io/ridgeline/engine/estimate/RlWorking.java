package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.arithmetic.training.Quantities.finite;
import static io.ridgeline.engine.text.Numbers.bytes;
import static io.ridgeline.engine.text.Numbers.compact;
import static io.ridgeline.engine.text.Numbers.percent;

import io.ridgeline.engine.arithmetic.rl.ActorPlacement;
import io.ridgeline.engine.arithmetic.rl.RlStages;
import io.ridgeline.engine.arithmetic.rl.Rollout;
import io.ridgeline.engine.estimate.RlBill.Actor;
import io.ridgeline.engine.estimate.RlBill.Generation;
import io.ridgeline.engine.estimate.RlBill.Learner;
import io.ridgeline.engine.estimate.RlBill.LearnerMemory;
import io.ridgeline.engine.estimate.RlBill.Reward;
import io.ridgeline.engine.estimate.RlBill.Run;
import io.ridgeline.engine.estimate.RlBill.Shape;
import io.ridgeline.engine.estimate.RlBill.Step;
import io.ridgeline.engine.estimate.RlBill.WeightSync;
import io.ridgeline.engine.validation.RlPublished;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The working of an RL bill, rendered for output: a {@link Figure} for each main number of the {@link RlBill}'s
 * stages, in stage order, with its formula and the formula with the numbers put in. It only reads the stages (and
 * the published step splits it compares with); a figure's value that is not finite is shown as 0, as the record
 * holds it.
 */
final class RlWorking {

    private final Design d;
    private final Gpu gpu;
    private final EfficiencyFactors eff;
    private final RlWorkload w;
    private final Shape shape;
    private final List<Figure> figures = new ArrayList<>(32);

    private RlWorking(RlBill bill) {
        Scenario s = bill.scenario();
        this.d = s.design();
        this.gpu = s.cluster().gpu();
        this.eff = s.efficiency();
        this.w = s.rl();
        this.shape = bill.shape();
    }

    /** The figures of every stage of {@code bill}, in order. */
    static List<Figure> figures(RlBill bill) {
        RlWorking working = new RlWorking(bill);
        working.learnerMemory(bill.learnerMemory());
        working.actor(bill.actor(), bill.learnerMemory());
        working.generation(bill.generation(), bill.actor());
        working.reward(bill.reward());
        working.learner(bill.learner());
        working.sync(bill.sync(), bill.actor());
        working.step(bill.step(), bill.actor(), bill.generation(), bill.reward(), bill.learner(), bill.sync());
        working.run(bill.run(), bill.step());
        return working.figures;
    }

    private void learnerMemory(LearnerMemory lm) {
        add("learner_memory_bytes_per_gpu", lm.memoryBytes(), "B",
                "params + grads + optimizer (tp " + d.tp() + ", pp " + d.pp() + ", ZeRO-" + d.zeroStage() + " over "
                        + lm.layout().denseDpGroup() + ")" + (w.referenceModel() ? " + bf16 reference model" : "")
                        + " + activations at s = prompt + max generation",
                bytes(lm.state().total()) + " + " + bytes(lm.referenceBytes()) + " + " + bytes(lm.activationBytes())
                        + " = " + bytes(lm.memoryBytes()));
    }

    private void actor(Actor actor, LearnerMemory lm) {
        ActorPlacement.Placement pl = actor.placement();
        boolean colocated = shape.colocated();
        double resident = lm.residentBytes();
        if (colocated) {
            add("colocated_swap_s", actor.swapS(), "s", "colocated: 2 x the learner's resident state / (host link x "
                            + "eta_l), out to host memory for the rollout and back for the update (verl's parameter "
                            + "and optimizer offload), taken when the freed HBM shortens the rollout by more; else 0, "
                            + "the state staying in HBM",
                    gpu.hostLinkBytesPerS() <= 0
                            ? "no host link is stated for " + gpu.id() + ": the state stays in HBM"
                            : "2 x " + bytes(resident) + " / (" + compact(gpu.hostLinkBytesPerS()) + " x " + eff.link()
                            + ") = " + compact(actor.swapCostS()) + " s; " + (actor.offloaded()
                            ? "offloaded: the rollout gets " + bytes(shape.usableHbmBytes()) + " a GPU"
                            : "kept in HBM: offloading would not shorten the step"));
        }
        add("actor_tp", pl.tp(), "GPUs", "smallest power of two at which W/tp + B x KV per rollout / tp fits",
                "W " + bytes(actor.weightBytes()) + ", KV per rollout " + compact(shape.maxSequenceTokens()) + " x "
                        + bytes(actor.kvBytesPerToken()) + " = " + bytes(actor.kvBytesPerRollout()) + ", budget "
                        + bytes(actor.budgetBytesPerGpu()) + " per GPU -> tp " + pl.tp());
        add("actor_replicas", pl.replicas(), "replicas", "actor GPUs / tp", shape.actorGpus() + " / " + pl.tp()
                + " = " + pl.replicas());
        add("rollouts_per_replica", pl.rolloutsPerReplica(), "rollouts", "ceil(prompts x samples / replicas)",
                "ceil(" + shape.rollouts() + " / " + pl.replicas() + ") = " + pl.rolloutsPerReplica());
        add("actor_concurrency", pl.concurrency(), "rollouts", "rollouts a replica decodes at once (KV-limited)",
                pl.concurrency() + " of " + pl.rolloutsPerReplica());
        boolean residentKept = colocated && !actor.offloaded();
        add("actor_memory_bytes_per_gpu", actor.memoryBytesPerGpu(), "B", "W/tp + C x KV per rollout / KV shards"
                        + (residentKept ? " + the learner's resident params, optimizer and reference" : ""),
                bytes(pl.weightBytesPerGpu()) + " + " + bytes(pl.kvBytesPerGpu())
                        + (residentKept ? " + " + bytes(resident) : "") + " = " + bytes(actor.memoryBytesPerGpu()));
    }

    private void generation(Generation g, Actor actor) {
        ActorPlacement.Placement pl = actor.placement();
        Rollout.Bill rb = g.bill();
        int p = w.promptTokens();
        int c0 = pl.concurrency();
        add("rollout_tokens_per_step", g.tokensPerStep(), "tokens",
                "prompts x samples x mean generation", w.promptsPerStep() + " x " + w.samplesPerPrompt() + " x "
                        + w.meanGenerationTokens() + " = " + compact(g.tokensPerStep()));
        add("prefill_s", g.prefillS(), "s", "forward FLOP per token x P x B / (tp x peak x eta_serving)",
                "B = " + pl.rolloutsPerReplica() + ", P = " + p + ", eta " + eff.servingCompute() + " -> "
                        + compact(g.prefillS()));
        add("decode_step_ms", rb.decodeStepS() * 1000, "ms", "max(W/tp / (HBM x eta_hbm) + C x L x kv/shards / "
                        + "(HBM x eta_kv), C x FLOP per token / (tp x peak x eta_serving)) + TP all-reduces + layers x "
                        + "the fixed cost per layer; L = P + mean generation / 2 (the serving engine's decode step)",
                "max(" + bytes(pl.weightBytesPerGpu()) + " / (" + compact(gpu.hbmBytesPerS()) + " x " + eff.hbm()
                        + ") + " + c0 + " x " + compact(g.meanContextTokens()) + " x "
                        + bytes(actor.kvBytesPerToken() / g.kvShards()) + " / (" + compact(gpu.hbmBytesPerS()) + " x "
                        + eff.kvHbm() + ") = " + compact(g.memoryS() * 1000) + " ms, " + compact(g.computeS() * 1000)
                        + " ms) + " + compact(g.commS() * 1000) + " ms + " + compact(g.passOverheadS() * 1000) + " ms = "
                        + compact(rb.decodeStepS() * 1000) + " ms");
        add("rollout_decode_steps", rb.decodeSteps(), "steps", "ceil(max(0, B - C) x mean / C) + max generation "
                        + "(all B in flight: the longest; C of them: the others' work over C slots, then the longest)",
                "B " + pl.rolloutsPerReplica() + ", C " + c0 + ", mean " + w.meanGenerationTokens() + ", max "
                        + w.maxGenerationTokens() + " -> " + compact(rb.decodeSteps()));
        add("rollout_time_s", rb.rolloutS(), "s", "prefill + decode steps x t_step",
                compact(g.prefillS()) + " + " + compact(rb.decodeSteps()) + " x " + compact(rb.decodeStepS()) + " = "
                        + compact(rb.rolloutS()));
        add("rollout_tail_share", rb.tailShare(), "fraction", "(max generation - mean) x t_step / rollout: the "
                        + "steps a step waits past what mean-length rollouts would need",
                "mean " + w.meanGenerationTokens() + ", max " + w.maxGenerationTokens() + " -> "
                        + percent(rb.tailShare()));
    }

    private void reward(Reward reward) {
        add("reward_time_s", reward.rewardS(), "s", "reward ms x ceil(rollouts / (" + RlStages.REWARD_CALLS_PER_GPU
                        + " calls per GPU x GPUs))",
                compact(w.rewardMs()) + " ms x ceil(" + shape.rollouts() + " / " + reward.parallelism() + ") = "
                        + compact(reward.rewardS()));
    }

    private void learner(Learner ln) {
        int learnerGpus = shape.learnerGpus();
        double peak = shape.peakFlopsPerS();
        add("learner_update_s", ln.updateS(), "s", "(6 N_mm + attention" + (d.recompute() ? " + recompute forward"
                        : d.selectiveRecompute() ? " + the attention core again" : "") + ") x rollouts x (P + mean) / "
                        + "(learner GPUs x peak x eta_c) + the activations' traffic (passes x bytes per layer x "
                        + "layers/pp x micro-batches / (HBM x eta_hbm))",
                compact(ln.updateFlopsPerToken()) + " x " + compact(ln.trainedTokens()) + " / (" + learnerGpus + " x "
                        + compact(peak) + " x " + eff.compute() + ") + " + compact(ln.activationTrafficS()) + " = "
                        + compact(ln.updateS()));
        add("learner_forward_s", ln.forwardS(), "s", "one forward pass over the rollouts: (2 N_mm + attention) x "
                        + "rollouts x (P + mean) / (learner GPUs x peak x eta_c) + a third of the update's traffic",
                compact(ln.forwardFlopsPerToken()) + " x " + compact(ln.trainedTokens()) + " / (" + learnerGpus + " x "
                        + compact(peak) + " x " + eff.compute() + ") + " + compact(ln.activationTrafficS() / 3.0) + " = "
                        + compact(ln.forwardS()));
        add("learner_time_s", ln.learnerS(), "s", "update" + (w.referenceModel() ? " + reference forward" : "")
                        + (w.oldLogprobPass() ? " + old-log-prob forward" : ""),
                compact(ln.updateS()) + (w.referenceModel() ? " + " + compact(ln.referenceS()) : "")
                        + (w.oldLogprobPass() ? " + " + compact(ln.oldLogprobS()) : "") + " = " + compact(ln.learnerS()));
    }

    private void sync(WeightSync sync, Actor actor) {
        int actorTp = actor.placement().tp();
        boolean colocated = shape.colocated();
        String transfer = colocated
                ? bytes(sync.bytes()) + " / tp " + actorTp + " resharded over " + sync.link().name() + " ("
                + compact(sync.link().bytesPerS()) + " x " + eff.link() + ") = " + compact(sync.transferS())
                : "(" + bytes(sync.bytes()) + " / tp " + actorTp + " + " + (sync.actorNodes() - 1)
                + " bucket slices) over scale-out (" + compact(sync.link().bytesPerS()) + " x " + eff.link() + ") = "
                + compact(sync.transferS());
        add("weight_sync_bytes", sync.bytes(), "B", "2 B x N (bf16 policy)", "2 x " + compact(shape.totalParams())
                + " = " + bytes(sync.bytes()));
        add("engine_reload_s", sync.reloadS(), "s", "the rollout engine reads the bf16 slice and writes its weights: "
                        + "(2N + N x b) / tp / (HBM x eta_hbm)",
                "(2 + " + d.weights().bytesPerElement() + ") x " + compact(shape.totalParams()) + " / " + actorTp
                        + " / (" + compact(gpu.hbmBytesPerS()) + " x " + eff.hbm() + ") = " + compact(sync.reloadS()));
        add("weight_sync_time_s", sync.syncS(), "s", (colocated
                        ? "2N/tp_actor / (BW x eta_l), over the link the learner group spans"
                        : "(2N/tp_actor + (actor nodes - 1) x bucket/tp_actor) / (BW_out x eta_l), pipelined broadcast")
                        + ", then the engine's reload: a floor, without the frameworks' per-tensor work (published "
                        + "refits of 4B-30B policies take 0.2-1.0 s colocated in NeMo RL and up to 16 s in verl "
                        + "without its checkpoint engine: docs/training.md)",
                transfer + " + " + compact(sync.reloadS()) + " = " + compact(sync.syncS()));
    }

    private void step(Step step, Actor actor, Generation g, Reward reward, Learner ln, WeightSync sync) {
        boolean async = shape.async();
        boolean colocated = shape.colocated();
        int k = d.maxStalenessSteps();
        double rolloutS = g.bill().rolloutS();
        double rewardS = reward.rewardS();
        double learnerS = ln.learnerS();
        double syncS = sync.syncS();
        double stepS = step.stepS();
        add("step_time_s", stepS, "s", async ? "max(rollout + reward + sync / k, learner + sync / k) (async: "
                        + "the actors pause for new weights every k = " + k + " steps, staleness " + k + ")"
                        : "rollout + reward + learner + sync" + (colocated ? " + the learner state's swap" : "")
                        + (shape.asyncAsked() ? " (colocated GPUs cannot overlap rollout and training: synchronous)"
                        : ""),
                async ? "max(" + compact(rolloutS) + " + " + compact(rewardS) + " + " + compact(syncS) + " / " + k + ", "
                        + compact(learnerS) + " + " + compact(syncS) + " / " + k + ") = " + compact(stepS) + "; binding "
                        + step.binding()
                        : compact(rolloutS) + " + " + compact(rewardS) + " + " + compact(learnerS) + " + " + compact(syncS)
                        + (colocated ? " + " + compact(actor.swapS()) : "") + " = " + compact(stepS) + "; binding "
                        + step.binding());
        double serial = step.serialS();
        add("rollout_share", rolloutS / serial, "fraction", "the step's split: each stage over rollout + "
                        + "reward + learner + sync (the work of one step, overlapped or not); published splits for "
                        + "comparison from validation/rl-published.csv, runs with the same placement and mode",
                splitText(rolloutS, rewardS, ln.updateS(), ln.referenceS(), ln.oldLogprobS(), syncS, serial)
                        + comparison(shape.placement(), async));
    }

    private void run(Run run, Step step) {
        add("training_days", run.days(), "days", "steps x step / 86400", w.steps() + " x " + compact(step.stepS())
                + " / 86400 = " + compact(run.days()));
        add("cost_usd", run.costUsd(), "USD", "GPUs x hours x USD/GPU-h", shape.gpus() + " x " + compact(run.days() * 24)
                + " x " + compact(gpu.usdPerGpuHour()) + " = " + compact(run.costUsd()));
    }

    private static String splitText(double rolloutS, double rewardS, double updateS, double referenceS,
                                    double oldLogprobS, double syncS, double serial) {
        String learner = "learner " + percent((updateS + referenceS + oldLogprobS) / serial) + " (update "
                + percent(updateS / serial) + (referenceS > 0 ? ", reference " + percent(referenceS / serial) : "")
                + (oldLogprobS > 0 ? ", old log-probs " + percent(oldLogprobS / serial) : "") + ")";
        return "rollout " + percent(rolloutS / serial) + ", reward " + percent(rewardS / serial) + ", " + learner
                + ", weight sync " + percent(syncS / serial);
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

    private void add(String key, double value, String unit, String formula, String substituted) {
        figures.add(new Figure(key, finite(value), unit, formula, substituted));
    }
}
