package io.ridgeline.engine.advisor.rl;

import io.ridgeline.engine.advisor.Remedy;
import io.ridgeline.engine.estimate.RlInputs;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The mechanisms the RL post-training advisor can apply, each one change to the design (and, for the split of GPUs
 * between rollout and training, to the workload's actor share). A disaggregated split keeps the learner's GPUs a
 * multiple of its tp x pp x cp group; asynchronous rollout needs separate actor and learner GPUs, so switching it on
 * in a colocated design also disaggregates it.
 */
public final class RlRemedies {

    /** Mechanism names, a public contract (docs/training.md). */
    public static final List<String> MECHANISMS = List.of(
            "async_rollout", "disaggregated_rl", "colocated_rl", "actor_rebalance", "fsdp",
            "activation_recomputation", "tensor_parallelism", "fp8");

    /** Every remedy that changes something in this scenario, in the order of {@link #MECHANISMS}. */
    public List<Remedy> candidates(Scenario s, RlEstimate now) {
        List<Remedy> out = new ArrayList<>();
        for (String m : MECHANISMS) {
            apply(m, s, now).ifPresent(out::add);
        }
        return out;
    }

    /** The remedy for one mechanism, its design's dp set to the learner's data-parallel degree. */
    public Optional<Remedy> apply(String mechanism, Scenario s, RlEstimate now) {
        return change(mechanism, s, now).map(r -> new Remedy(r.mechanism(), withLearnerDp(r.next()), r.change()));
    }

    /**
     * The scenario with design.dp set to the learner's data-parallel degree, learner GPUs / (tp x pp x cp): the
     * estimator derives it from the placement, and the design records it, so that a new split of the GPUs is a new
     * design.
     */
    public static Scenario withLearnerDp(Scenario s) {
        Design d = s.design();
        int dp = Math.max(1, RlInputs.learnerGpus(s) / (d.tp() * d.pp() * d.cp()));
        return dp == d.dp() ? s : s.withDesign(d.withParallelism(d.tp(), d.pp(), dp, d.ep(), d.cp()));
    }

    private Optional<Remedy> change(String mechanism, Scenario s, RlEstimate now) {
        Design d = s.design();
        boolean colocated = RlInputs.placement(d).equals(RlInputs.COLOCATED);
        return switch (mechanism) {
            case "async_rollout" -> {
                if (now.async()) {
                    yield Optional.empty();
                }
                int staleness = Math.max(1, d.maxStalenessSteps());
                Design async = d.with(Feature.ASYNC_ROLLOUT).withRl(RlInputs.DISAGGREGATED, staleness);
                if (!colocated) {
                    yield Optional.of(new Remedy(mechanism, s.withDesign(async), "asynchronous rollout on "
                            + "(staleness " + staleness + ": rollouts may come from a policy " + staleness
                            + " step" + (staleness == 1 ? "" : "s") + " old)"));
                }
                yield disaggregated(s, s.rl().actorGpuShare()).map(next -> new Remedy(mechanism,
                        next.withDesign(async), "placement colocated -> disaggregated ("
                        + RlInputs.actorGpus(next.withDesign(async)) + " actor, "
                        + RlInputs.learnerGpus(next.withDesign(async)) + " learner GPUs) and asynchronous rollout on"
                        + " (staleness " + staleness + "): generation overlaps training only on separate GPUs"));
            }
            case "disaggregated_rl" -> colocated
                    ? disaggregated(s, s.rl().actorGpuShare()).map(next -> {
                        Scenario n = next.withDesign(d.withRl(RlInputs.DISAGGREGATED, d.maxStalenessSteps()));
                        return new Remedy(mechanism, n, "placement colocated -> disaggregated ("
                                + RlInputs.actorGpus(n) + " actor, " + RlInputs.learnerGpus(n) + " learner GPUs)");
                    })
                    : Optional.empty();
            case "colocated_rl" -> colocated ? Optional.empty()
                    : Optional.of(new Remedy(mechanism, s.withDesign(d.without(Feature.ASYNC_ROLLOUT)
                    .withRl(RlInputs.COLOCATED, 0)), "placement disaggregated -> colocated (all "
                    + s.cluster().totalGpus() + " GPUs roll out, then train; synchronous)"));
            case "actor_rebalance" -> colocated ? Optional.empty() : rebalance(s, now);
            case "fsdp" -> d.zeroStage() < 3
                    ? design(mechanism, s, d.withZeroStage(3), "learner ZeRO stage " + d.zeroStage()
                    + " -> 3 (FSDP: parameters, gradients and optimizer sharded over the learner's replicas)")
                    : Optional.empty();
            case "activation_recomputation" -> design(mechanism, s, d.withRecompute(!d.recompute()),
                    "learner activation recomputation " + (d.recompute() ? "off" : "on"));
            case "tensor_parallelism" -> {
                int tp = d.tp() * 2;
                boolean ok = tp <= s.cluster().gpusPerNode() && s.model().attentionHeads() % tp == 0
                        && RlInputs.learnerGpus(s) % (tp * d.pp() * d.cp()) == 0;
                yield ok ? design(mechanism, s, d.withParallelism(tp, d.pp(), d.dp(), d.ep(), d.cp()),
                        "learner tp " + d.tp() + " -> " + tp) : Optional.empty();
            }
            case "fp8" -> d.weights() != NumericFormat.FP8 && s.cluster().gpu().supports(NumericFormat.FP8)
                    ? design(mechanism, s, d.withFormats(NumericFormat.FP8, d.activations(), NumericFormat.FP8),
                    "rollout weights and KV cache " + d.weights().id() + " -> fp8 (the learner keeps bf16 "
                            + "weights and fp32 optimizer state)")
                    : Optional.empty();
            default -> throw new IllegalArgumentException("unknown RL mechanism '" + mechanism + "'; known: "
                    + String.join(", ", MECHANISMS));
        };
    }

    /**
     * Moves GPUs towards the slower side of a disaggregated step. With the actor side taking T_a on a share a of
     * the GPUs and the learner side T_l on 1 - a, and each side's time inversely proportional to its GPUs, the
     * balanced share is a* = T_a a / (T_a a + T_l (1 - a)); the valid split nearest to it is taken.
     */
    private Optional<Remedy> rebalance(Scenario s, RlEstimate now) {
        double a = (double) now.actorGpus() / now.totalGpus();
        double ta = now.rolloutTimeS() + now.rewardTimeS();
        double tl = now.learnerTimeS() + now.weightSyncTimeS();
        if (ta <= 0 || tl <= 0) {
            return Optional.empty();
        }
        double target = ta * a / (ta * a + tl * (1 - a));
        return disaggregated(s, target).filter(next -> RlInputs.actorGpus(next) != now.actorGpus())
                .map(next -> new Remedy("actor_rebalance", next, String.format(Locale.ROOT,
                        "actor GPUs %d -> %d, learner GPUs %d -> %d (actor share %.2f -> %.2f, towards the "
                                + "balanced %.2f)", now.actorGpus(), RlInputs.actorGpus(next), now.learnerGpus(),
                        RlInputs.learnerGpus(next), a, next.rl().actorGpuShare(), target)));
    }

    /**
     * The scenario with the actor share nearest to {@code share} whose learner GPUs are a multiple of the learner's
     * tp x pp x cp group (at least one group, at least one actor GPU); empty when the cluster has no such split.
     */
    public static Optional<Scenario> disaggregated(Scenario s, double share) {
        int gpus = s.cluster().totalGpus();
        Design d = s.design();
        int group = d.tp() * d.pp() * d.cp();
        int bestLearner = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int learner = group; learner <= gpus - 1; learner += group) {
            double distance = Math.abs((double) (gpus - learner) / gpus - share);
            if (distance < bestDistance) {
                bestDistance = distance;
                bestLearner = learner;
            }
        }
        if (bestLearner < 0) {
            return Optional.empty();
        }
        double newShare = (double) (gpus - bestLearner) / gpus;
        RlWorkload w = s.rl();
        RlWorkload next = new RlWorkload(w.promptsPerStep(), w.samplesPerPrompt(), w.promptTokens(),
                w.meanGenerationTokens(), w.maxGenerationTokens(), w.rewardMs(), w.steps(), newShare,
                w.referenceModel(), w.oldLogprobPass());
        return Optional.of(new Scenario(s.name(), s.kind(), s.model(), s.cluster(), s.inference(), s.training(), next,
                s.slo(), s.budget(), s.design(), s.efficiency(), s.preferences()));
    }

    private static Optional<Remedy> design(String mechanism, Scenario s, Design next, String change) {
        return Optional.of(new Remedy(mechanism, s.withDesign(next), change));
    }
}
