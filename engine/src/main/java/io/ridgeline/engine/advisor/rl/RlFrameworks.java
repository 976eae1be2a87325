package io.ridgeline.engine.advisor.rl;

import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.RlGauge;
import io.ridgeline.facts.Scenario;
import java.util.Locale;

/**
 * Which RL framework fits a design, chosen by the wall that sets its step (lesson 9d: choose by the rollout wall,
 * the sync wall, the environment latency, the model size and the staleness tolerance):
 * <ul>
 *   <li>reward or environment latency sets the step, or rollouts run asynchronously with a long tail: AReaL, whose
 *       rollout workers never wait for the learner (staleness-bounded, interruptible generation);</li>
 *   <li>rollout sets the step on disaggregated GPUs, or a long tail without asynchrony: slime, SGLang rollout servers
 *       fed by a Megatron learner, synchronous or asynchronous;</li>
 *   <li>weight sync sets the step: verl when colocated (its hybrid engine reshards the weights in place) and slime
 *       when disaggregated (a bucketed broadcast to the rollout servers after each update);</li>
 *   <li>the learner sets the step: NeMo RL for a policy of {@value #LARGE_POLICY_PARAMS} parameters or more
 *       (Megatron-Core tensor, pipeline and context parallelism), verl with its FSDP learner below (colocated in its
 *       hybrid engine, or on a resource pool of its own);</li>
 *   <li>rollout sets a colocated step: TRL's GRPO trainer with vLLM colocated for a single node and a policy under
 *       {@value #SMALL_POLICY_PARAMS} parameters; OpenRLHF (Ray-placed vLLM actors, DeepSpeed learners) across
 *       nodes; verl for larger colocated policies.</li>
 * </ul>
 */
public final class RlFrameworks {

    /** From this many parameters a learner needs Megatron-style model parallelism. */
    public static final double LARGE_POLICY_PARAMS = 70e9;
    /** Below this many parameters a single-node colocated run needs nothing beyond TRL. */
    public static final double SMALL_POLICY_PARAMS = 15e9;

    private RlFrameworks() {
    }

    /** The framework, the wall that chose it and why. */
    public record Choice(String framework, String wall, String reason) {
    }

    public static Choice recommend(Scenario s, RlEstimate e) {
        double params = ParamCounter.totalParams(s.model());
        boolean colocated = e.placement().equals("colocated");
        boolean longTail = e.rolloutTailShare() >= RlGauge.LONG_TAIL_SHARE;
        String stage = e.bindingStage();
        String size = String.format(Locale.ROOT, "%.3g B parameters", params / 1e9);
        return switch (stage) {
            case "reward" -> new Choice("AReaL", stage, String.format(Locale.ROOT, "rewards take %.3g s of the "
                    + "%.3g s step: AReaL's rollout workers keep generating while rewards and environments answer, "
                    + "with the policy lag bounded", e.rewardTimeS(), e.stepTimeS()));
            case "weight_sync" -> colocated
                    ? new Choice("verl", stage, String.format(Locale.ROOT, "the weight sync (%.3g GB, %.3g s) sets "
                    + "the step: verl's hybrid engine reshards the learner's weights into the rollout layout on "
                    + "the same GPUs", e.weightSyncBytes() / 1e9, e.weightSyncTimeS()))
                    : new Choice("slime", stage, String.format(Locale.ROOT, "the weight sync (%.3g GB, %.3g s) sets "
                    + "the step on separate GPUs: slime broadcasts the updated weights to its SGLang rollout servers "
                    + "in buckets and can overlap them with asynchronous rollout", e.weightSyncBytes() / 1e9,
                    e.weightSyncTimeS()));
            case "learner" -> params >= LARGE_POLICY_PARAMS
                    ? new Choice("NeMo RL", stage, String.format(Locale.ROOT, "the learner (%.3g s) sets the step "
                    + "for a policy of %s: NeMo RL's Megatron-Core backend gives it tensor, pipeline and context "
                    + "parallelism", e.learnerTimeS(), size))
                    : new Choice("verl", stage, String.format(Locale.ROOT, "the learner (%.3g s) sets the step for "
                    + "a policy of %s: verl's FSDP learner %s", e.learnerTimeS(), size, colocated
                    ? "with its hybrid engine keeps every GPU training"
                    : "runs on its own resource pool, sized apart from the rollout workers"));
            default -> rollout(e, colocated, longTail, params, size, s.cluster().totalGpus()
                    <= s.cluster().gpusPerNode());
        };
    }

    private static Choice rollout(RlEstimate e, boolean colocated, boolean longTail, double params, String size,
                                  boolean singleNode) {
        String share = String.format(Locale.ROOT, "rollout %.3g s of the %.3g s step, %.0f%% of it on the tail",
                e.rolloutTimeS(), e.stepTimeS(), 100 * e.rolloutTailShare());
        if (e.async() && longTail) {
            return new Choice("AReaL", "rollout", share + ": AReaL is built for fully asynchronous long reasoning, "
                    + "interrupting stale generations and bounding the policy lag (staleness "
                    + e.maxStalenessSteps() + ")");
        }
        if (!colocated || longTail) {
            return new Choice("slime", "rollout", share + ": slime serves rollouts from SGLang on their own GPUs, "
                    + "synchronous or asynchronous, and feeds a Megatron learner");
        }
        if (singleNode && params < SMALL_POLICY_PARAMS) {
            return new Choice("TRL", "rollout", share + ": a single node and a policy of " + size + ": TRL's GRPO "
                    + "trainer with vLLM generating on the training GPUs is the least machinery");
        }
        if (params < LARGE_POLICY_PARAMS) {
            return new Choice("OpenRLHF", "rollout", share + ": across nodes, OpenRLHF places vLLM actors and "
                    + "DeepSpeed learners with Ray");
        }
        return new Choice("verl", "rollout", share + ": a colocated policy of " + size + ": verl's hybrid engine "
                + "switches every GPU between vLLM or SGLang rollout and a Megatron learner");
    }
}
