package io.ridgeline.facts;

import java.util.List;

/**
 * The bill for an inference design: one replica's memory, latency and throughput, and the fleet's capacity and cost.
 * Field names carry their units; JSON output turns them into snake_case keys (weightBytesPerGpu ->
 * weight_bytes_per_gpu). Bytes are plain bytes (report GB = 1e9 B or GiB = 2^30 B only when rendering).
 * Latencies are at the SLO percentile unless the name says otherwise.
 */
public record InferenceEstimate(
        // -- shape of the fleet
        int gpusPerReplica,
        int replicas,
        int totalGpus,
        double totalParams,
        double activeParams,
        // -- memory, per GPU unless named otherwise
        double weightBytesTotal,
        double weightBytesPerGpu,
        double kvBytesPerToken,
        double kvBytesPerTokenPerGpu,
        double usableHbmBytesPerGpu,
        double workspaceBytesPerGpu,
        double kvBudgetBytesPerGpu,
        double kvBytesPerGpu,
        double memoryBytesPerGpu,
        boolean fits,
        double memoryOverBytes,
        // -- batch and context
        int batch,
        int maxBatch,
        int contextTokens,
        int maxContextAtBatch,
        int prefillTokens,
        // -- prefill
        double prefillFlopsPerRequest,
        double ttftServiceMs,
        double ttftQueueMs,
        double ttftMs,
        double prefillUtilization,
        // -- decode
        double tpotMemoryMs,
        double tpotComputeMs,
        double tpotCommMs,
        double tpotMs,
        boolean decodeComputeBound,
        double weightBoundBatch,
        double kvTrafficShare,
        double decodeArithmeticIntensity,
        double ridgePointFlopsPerByte,
        double specTokensPerStep,
        // -- requests
        double e2eMs,
        double taskMs,
        double kvTransferBytesPerRequest,
        double kvTransferMs,
        // -- throughput and capacity
        double tokensPerSPerReplica,
        double tokensPerS,
        double requestsPerSPerReplica,
        double requestsPerSCapacity,
        double concurrencyNeeded,
        int replicasNeeded,
        int peakReplicasNeeded,
        double kneeBatch,
        double makespanS,
        // -- money
        double costPerHourUsd,
        double costPerMillionTokensUsd,
        // -- the working behind every number
        List<String> overLimits,
        List<Figure> figures) implements Bill {

    public InferenceEstimate {
        overLimits = List.copyOf(overLimits);
        figures = List.copyOf(figures);
    }

    /** Share of the decode step spent in the tensor-parallel all-reduce (0 when TPOT is 0). */
    public double tpotCommShare() {
        return tpotMs <= 0 ? 0 : tpotCommMs / tpotMs;
    }

    /** Whether the weights and the workspace alone fit in usable HBM (the KV cache aside). */
    public boolean weightsFit() {
        return weightBytesPerGpu + workspaceBytesPerGpu <= usableHbmBytesPerGpu;
    }
}
