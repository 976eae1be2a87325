package io.ridgeline.facts;

/**
 * An RL post-training run (GRPO/PPO-style): each step generates rollouts, scores them, and trains on them.
 *
 * @param promptsPerStep       prompts per optimizer step
 * @param samplesPerPrompt     rollouts per prompt (the GRPO group size)
 * @param promptTokens         prompt length, tokens
 * @param meanGenerationTokens mean generated tokens per rollout
 * @param maxGenerationTokens  the long tail: the longest rollout a step waits for
 * @param rewardMs             reward or environment latency per rollout, ms
 * @param steps                optimizer steps in the run
 * @param actorGpuShare        share of the GPUs given to rollout (actor) when placement is disaggregated
 * @param referenceModel       a frozen reference model scores every rollout for the KL term (a forward pass each
 *                             step; GRPO and PPO with a KL penalty); false for KL-free recipes (DAPO)
 * @param oldLogprobPass       the learner recomputes the rollouts' log-probabilities under the weights that generated
 *                             them before it updates (a forward pass each step: verl's old_log_prob, OpenRLHF's
 *                             make-experience); false when the rollout engine's own log-probabilities are used
 */
public record RlWorkload(
        int promptsPerStep,
        int samplesPerPrompt,
        int promptTokens,
        int meanGenerationTokens,
        int maxGenerationTokens,
        double rewardMs,
        int steps,
        double actorGpuShare,
        boolean referenceModel,
        boolean oldLogprobPass) {

    /** A run with a reference model and the old-log-prob pass. */
    public RlWorkload(int promptsPerStep, int samplesPerPrompt, int promptTokens, int meanGenerationTokens,
                      int maxGenerationTokens, double rewardMs, int steps, double actorGpuShare) {
        this(promptsPerStep, samplesPerPrompt, promptTokens, meanGenerationTokens, maxGenerationTokens, rewardMs,
                steps, actorGpuShare, true, true);
    }
}
