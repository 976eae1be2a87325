package io.ridgeline.engine.estimate;

import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.WorkloadKind;

import java.util.Locale;

/**
 * Checks an RL post-training scenario before any arithmetic runs; failures name the field and the allowed range.
 * The learner uses the design's tp, pp, cp, zero_stage, micro_batch and recompute, with dp = learner GPUs /
 * (tp x pp x cp); the design's dp is not used.
 */
public final class RlInputs {

    public static final String COLOCATED = "colocated";
    public static final String DISAGGREGATED = "disaggregated";

    private RlInputs() {
    }

    public static void validate(Scenario sc) {
        if (sc.kind() != WorkloadKind.RL) {
            throw new IllegalArgumentException("kind must be 'rl' for an RL estimate; got '" + sc.kind().id() + "'");
        }
        RlWorkload w = sc.rl();
        if (w == null) {
            throw new IllegalArgumentException("rl: the RL workload is missing (required when kind is 'rl')");
        }
        TrainingInputs.validateHardwareAndModel(sc);
        TrainingInputs.atLeastOne("rl.prompts_per_step", w.promptsPerStep());
        TrainingInputs.atLeastOne("rl.samples_per_prompt", w.samplesPerPrompt());
        TrainingInputs.atLeastOne("rl.prompt_tokens", w.promptTokens());
        TrainingInputs.atLeastOne("rl.mean_generation_tokens", w.meanGenerationTokens());
        if (w.maxGenerationTokens() < w.meanGenerationTokens()) {
            throw new IllegalArgumentException("rl.max_generation_tokens must be >= mean_generation_tokens ("
                    + w.meanGenerationTokens() + "); got " + w.maxGenerationTokens());
        }
        TrainingInputs.nonNegative("rl.reward_ms", w.rewardMs());
        TrainingInputs.atLeastOne("rl.steps", w.steps());
        ModelArchitecture m = sc.model();
        long longest = (long) w.promptTokens() + w.maxGenerationTokens();
        if (m.maxContext() > 0 && longest > m.maxContext()) {
            throw new IllegalArgumentException("rl.prompt_tokens + max_generation_tokens must be <= the model's "
                    + "max_context (" + m.maxContext() + "); got " + longest);
        }
        Design d = sc.design();
        String placement = placement(d);
        Cluster c = sc.cluster();
        if (!placement.equals(COLOCATED) && !placement.equals(DISAGGREGATED)) {
            throw new IllegalArgumentException("design.rl_placement must be 'colocated' or 'disaggregated'; got '"
                    + d.rlPlacement() + "'");
        }
        if (d.maxStalenessSteps() < 0) {
            throw new IllegalArgumentException("design.max_staleness_steps must be >= 0; got "
                    + d.maxStalenessSteps());
        }
        if (placement.equals(DISAGGREGATED)) {
            if (!(w.actorGpuShare() > 0 && w.actorGpuShare() < 1)) {
                throw new IllegalArgumentException("rl.actor_gpu_share must be in (0, 1) when placement is "
                        + "disaggregated; got " + w.actorGpuShare());
            }
            if (c.totalGpus() < 2) {
                throw new IllegalArgumentException("cluster GPUs must be >= 2 for a disaggregated placement; got "
                        + c.totalGpus());
            }
        }
        TrainingInputs.checkDegrees(d, m);
        if (longest % d.cp() != 0) {
            throw new IllegalArgumentException("design.cp must divide the longest sequence, prompt_tokens + "
                    + "max_generation_tokens (" + longest + "); got " + d.cp());
        }
        int learner = learnerGpus(sc);
        int group = d.tp() * d.pp() * d.cp();
        if (learner % group != 0) {
            throw new IllegalArgumentException("the learner's " + learner + " GPUs must be a multiple of design "
                    + "tp*pp*cp (" + group + ")" + (placement.equals(DISAGGREGATED)
                    ? "; adjust rl.actor_gpu_share (" + w.actorGpuShare() + ")" : ""));
        }
        TrainingInputs.validateExperts(m, d.withParallelism(d.tp(), d.pp(), learner / group, d.ep(), d.cp()));
    }

    /** The placement id, lower case: "colocated" or "disaggregated". */
    public static String placement(Design d) {
        return d.rlPlacement() == null ? "" : d.rlPlacement().trim().toLowerCase(Locale.ROOT);
    }

    /** Actor GPUs: all of them colocated; round(GPUs x actor share), kept in [1, GPUs - 1], disaggregated. */
    public static int actorGpus(Scenario sc) {
        int g = sc.cluster().totalGpus();
        if (!placement(sc.design()).equals(DISAGGREGATED)) {
            return g;
        }
        return (int) Math.max(1, Math.min(g - 1, Math.round(g * sc.rl().actorGpuShare())));
    }

    /** Learner GPUs: all of them colocated; the rest disaggregated. */
    public static int learnerGpus(Scenario sc) {
        int g = sc.cluster().totalGpus();
        return placement(sc.design()).equals(DISAGGREGATED) ? g - actorGpus(sc) : g;
    }
}
