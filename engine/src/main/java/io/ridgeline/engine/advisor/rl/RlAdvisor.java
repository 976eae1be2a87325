package io.ridgeline.engine.advisor.rl;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.DomainAdvisor;
import io.ridgeline.engine.advisor.FlipKnob;
import io.ridgeline.engine.advisor.Judgement;
import io.ridgeline.engine.advisor.Remedy;
import io.ridgeline.engine.advisor.serving.InferenceAdvisor;
import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.estimate.RlEstimator;
import io.ridgeline.engine.estimate.RlInputs;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.RlGauge;
import io.ridgeline.facts.RlPolicy;
import io.ridgeline.facts.RlProjection;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;
import java.util.List;
import java.util.Map;

/**
 * The design loop for RL post-training (lessons 09, 9a-9d): an inference system (the actor's rollouts) and a
 * training system (the learner) wired in a loop, with a reward in between and a weight sync back. The rules name
 * the stage that sets the step (rollout, reward, learner, weight_sync) and, when the step is longer than the
 * deadline or the budget allows, relieve it: asynchronous rollout with bounded staleness, colocated or
 * disaggregated placement, a rebalanced split of the GPUs, learner sharding, fp8 rollout weights.
 */
public final class RlAdvisor extends DomainAdvisor<RlEstimate> {

    private static final Map<String, String> FIGURES = Map.of(
            "rollout", "step_time_s",
            "learner", "step_time_s",
            "reward", "step_time_s",
            "weight_sync", "step_time_s",
            "deadline", "training_days",
            "cost", "cost_usd");

    private final RlRemedies remedies = new RlRemedies();

    public RlAdvisor(RuleBase rules) {
        super(rules);
    }

    /** Advice starts from the scenario's design (placement, staleness, learner layout), dp set to the learner's. */
    @Override
    protected Scenario startOf(Scenario s) {
        return RlRemedies.withLearnerDp(s);
    }

    @Override
    public RlEstimate estimate(Scenario s) {
        return RlEstimator.estimate(s);
    }

    @Override
    public List<Remedy> candidates(Scenario s, RlEstimate estimate) {
        return remedies.candidates(s, estimate);
    }

    @Override
    public List<Object> facts(Scenario s, RlEstimate estimate) {
        return List.of(s.model(), s.cluster(), s.rl(), s.budget(), s.design(), s.efficiency(),
                InferenceAdvisor.limits(s), RlGauges.of(s, estimate), policy(s), estimate);
    }

    @Override
    public Object projection(Remedy remedy, RlEstimate after) {
        return new RlProjection(remedy.mechanism(), remedy.next().design(), after, remedy.change());
    }

    @Override
    public Map<String, Object> values(Scenario s) {
        Map<String, Object> v = InferenceAdvisor.commonValues(s);
        RlWorkload w = s.rl();
        v.put("prompts_per_step", w.promptsPerStep());
        v.put("samples_per_prompt", w.samplesPerPrompt());
        v.put("prompt_tokens", w.promptTokens());
        v.put("mean_generation_tokens", w.meanGenerationTokens());
        v.put("max_generation_tokens", w.maxGenerationTokens());
        v.put("reward_ms", w.rewardMs());
        v.put("rl_steps", w.steps());
        v.put("actor_gpu_share", w.actorGpuShare());
        v.put("max_staleness_steps", s.design().maxStalenessSteps());
        v.put("placement", RlInputs.placement(s.design()));
        v.put("recompute", s.design().recompute());
        v.put("recompute_mode", s.design().recomputeMode());
        v.put("long_tail_share", RlGauge.LONG_TAIL_SHARE);
        v.put("policy_params_b", policy(s).params() / 1e9);
        v.put("large_policy_params_b", RlPolicy.LARGE_PARAMS / 1e9);
        v.put("small_policy_params_b", RlPolicy.SMALL_PARAMS / 1e9);
        RlEstimate e = RlEstimator.estimate(s);
        RlGauge g = RlGauges.of(s, e);
        v.put("step_budget_s", g.stepBudgetS());
        v.put("rollout_side_s", g.rolloutSideS());
        v.put("learner_side_s", g.learnerSideS());
        v.put("binding_stage_s", g.bindingStageS());
        return v;
    }

    /** The policy's size and whether the cluster is one node, for the framework rules. */
    static RlPolicy policy(Scenario s) {
        return RlPolicy.of(ParamCounter.totalParams(s.model()),
                s.cluster().totalGpus() <= s.cluster().gpusPerNode());
    }

    /**
     * The RL framework the rules name for the design as given (lesson 9d), with the stage that chose it and the
     * rule's reason; empty when no rule of the rulebase names one (an author's rulebase without them).
     */
    public java.util.Optional<Judgement.Framework> framework(Scenario s) {
        return judge(s).frameworks().stream().findFirst();
    }

    /** The longest generation, the group size and the prompts per step. */
    @Override
    public List<FlipKnob> knobs(Scenario s) {
        RlWorkload w = s.rl();
        int room = Math.max(w.maxGenerationTokens(), s.model().maxContext() - w.promptTokens());
        return List.of(
                new FlipKnob("max_generation_tokens", "tokens", w.maxGenerationTokens(), 16, room, true,
                        (sc, x) -> sc.withRl(new RlWorkload(w.promptsPerStep(), w.samplesPerPrompt(),
                                w.promptTokens(), (int) Math.min(w.meanGenerationTokens(), Math.round(x)),
                                (int) Math.round(x), w.rewardMs(), w.steps(), w.actorGpuShare(), w.referenceModel(),
                                w.oldLogprobPass())),
                        "the longest rollout a step waits for"),
                new FlipKnob("samples_per_prompt", "rollouts", w.samplesPerPrompt(), 1, 1024, true,
                        (sc, x) -> sc.withRl(new RlWorkload(w.promptsPerStep(), (int) Math.round(x),
                                w.promptTokens(), w.meanGenerationTokens(), w.maxGenerationTokens(), w.rewardMs(),
                                w.steps(), w.actorGpuShare(), w.referenceModel(), w.oldLogprobPass())),
                        "rollouts per prompt, the group size"),
                new FlipKnob("reward_ms", "ms", Math.max(1, w.rewardMs()), 1, 1e7, false,
                        (sc, x) -> sc.withRl(new RlWorkload(w.promptsPerStep(), w.samplesPerPrompt(),
                                w.promptTokens(), w.meanGenerationTokens(), w.maxGenerationTokens(), x, w.steps(),
                                w.actorGpuShare(), w.referenceModel(), w.oldLogprobPass())),
                        "reward or environment latency per rollout"));
    }

    @Override
    public String figureOf(String bottleneck) {
        return FIGURES.getOrDefault(bottleneck, "");
    }
}
