package io.ridgeline.facts;

import java.util.List;

/**
 * The bill for a training design. Field names carry their units; JSON output uses snake_case keys
 * (stepTimeS -> step_time_s). {@code mfu} is a fraction of dense peak (0.4 = 40%).
 */
public record TrainingEstimate(
        int totalGpus,
        double totalParams,
        double activeParams,
        double totalFlops,
        double flopsPerToken,
        // -- memory per GPU
        double paramBytesPerGpu,
        double gradBytesPerGpu,
        double optimizerBytesPerGpu,
        double activationBytesPerGpu,
        double memoryBytesPerGpu,
        double usableHbmBytesPerGpu,
        boolean fits,
        double memoryOverBytes,
        double stateBytesTotal,
        // -- step
        int microBatch,
        int gradAccumulation,
        double tokensPerGpuPerStep,
        double computeTimeS,
        double dpCommTimeS,
        double tpCommTimeS,
        double ppCommTimeS,
        double epCommTimeS,
        double cpCommTimeS,
        double exposedCommTimeS,
        double bubbleFraction,
        double stepTimeS,
        double mfu,
        // -- thresholds
        double dpHideTokensPerGpu,
        double tpTaxFraction,
        double criticalBatchTokens,
        int maxUsefulDp,
        double strongScalingCeiling,
        // -- run
        double steps,
        double trainingDays,
        double costUsd,
        double checkpointBytes,
        double checkpointWriteS,
        double checkpointIntervalMin,
        double loaderTokensPerS,
        // -- data plane (lesson 08)
        double loaderSupplyTokensPerS,
        String loaderBoundBy,
        double loaderStallS,
        double paddingFraction,
        double resumeRereadRatio,
        List<String> overLimits,
        List<Figure> figures) implements Bill {

    public TrainingEstimate {
        overLimits = List.copyOf(overLimits);
        figures = List.copyOf(figures);
    }

    /** Parameters, gradients and optimizer state on one GPU, bytes (memory per GPU less the activations). */
    public double stateBytesPerGpu() {
        return paramBytesPerGpu + gradBytesPerGpu + optimizerBytesPerGpu;
    }

    /** The share of the step the GPUs wait for data: loader stall / step, in [0, 1). */
    public double loaderStallShare() {
        return stepTimeS > 0 ? loaderStallS / stepTimeS : 0.0;
    }

    /** The share of the step that communication the compute does not hide takes: exposed / step, in [0, 1]. */
    public double exposedCommShare() {
        return stepTimeS > 0 ? exposedCommTimeS / stepTimeS : 0.0;
    }
}
