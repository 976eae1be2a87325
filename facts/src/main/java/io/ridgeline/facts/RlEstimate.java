package io.ridgeline.facts;

import java.util.List;

/**
 * The bill for one RL post-training step: rollout (actor decode), reward, learner, and weight sync; their
 * overlap under asynchronous rollout; and the run's totals.
 */
public record RlEstimate(
        int totalGpus,
        int actorGpus,
        int learnerGpus,
        String placement,
        boolean async,
        int maxStalenessSteps,
        double rolloutsPerStep,
        double rolloutTokensPerStep,
        double rolloutTimeS,
        double rolloutTailShare,
        double rewardTimeS,
        double learnerTimeS,
        double weightSyncBytes,
        double weightSyncTimeS,
        double stepTimeS,
        String bindingStage,
        double actorMemoryBytesPerGpu,
        double learnerMemoryBytesPerGpu,
        double usableHbmBytesPerGpu,
        boolean fits,
        double trainingDays,
        double costUsd,
        List<String> overLimits,
        List<Figure> figures) implements Bill {

    public RlEstimate {
        overLimits = List.copyOf(overLimits);
        figures = List.copyOf(figures);
    }
}
