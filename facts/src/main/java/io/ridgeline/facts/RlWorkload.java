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
 */
public record RlWorkload(
        int promptsPerStep,
        int samplesPerPrompt,
        int promptTokens,
        int meanGenerationTokens,
        int maxGenerationTokens,
        double rewardMs,
        int steps,
        double actorGpuShare) {
}
