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
        // the collectives on a prompt's critical path (tensor-parallel all-reduces, pipeline sends, expert all-to-alls)
        double ttftCommMs,
        double ttftQueueMs,
        double ttftMs,
        double prefillUtilization,
        // -- decode
        double tpotMemoryMs,
        double tpotComputeMs,
        double tpotCommMs,
        double tpotMs,
        double tpotMeanMs,
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
        // -- the load checked again at its peak
        int replicasInService,
        double peakRequestsPerS,
        double peakTtftMs,
        double peakTpotMs,
        double peakE2eMs,
        double peakTaskMs,
        // -- the prefix cache (lessons 13, 15, 17): prefixes a replica keeps, and the share of requests that find theirs
        int prefixCacheCapacity,
        double prefixHitRate,
        // -- the requirement check and the working behind every number
        List<Breach> breaches,
        List<String> overLimits,
        List<Figure> figures) implements Bill {

    public InferenceEstimate {
        breaches = List.copyOf(breaches);
        overLimits = List.copyOf(overLimits);
        figures = List.copyOf(figures);
    }

    /**
     * The bill with its requirement check: {@code over_limits} are the breaches' sentences, so the two never
     * disagree.
     */
    public InferenceEstimate(int gpusPerReplica, int replicas, int totalGpus, double totalParams, double activeParams,
                             double weightBytesTotal, double weightBytesPerGpu, double kvBytesPerToken,
                             double kvBytesPerTokenPerGpu, double usableHbmBytesPerGpu, double workspaceBytesPerGpu,
                             double kvBudgetBytesPerGpu, double kvBytesPerGpu, double memoryBytesPerGpu, boolean fits,
                             double memoryOverBytes, int batch, int maxBatch, int contextTokens, int maxContextAtBatch,
                             int prefillTokens, double prefillFlopsPerRequest, double ttftServiceMs,
                             double ttftCommMs, double ttftQueueMs, double ttftMs, double prefillUtilization, double tpotMemoryMs,
                             double tpotComputeMs, double tpotCommMs, double tpotMs, double tpotMeanMs, boolean decodeComputeBound,
                             double weightBoundBatch, double kvTrafficShare, double decodeArithmeticIntensity,
                             double ridgePointFlopsPerByte, double specTokensPerStep, double e2eMs, double taskMs,
                             double kvTransferBytesPerRequest, double kvTransferMs, double tokensPerSPerReplica,
                             double tokensPerS, double requestsPerSPerReplica, double requestsPerSCapacity,
                             double concurrencyNeeded, int replicasNeeded, int peakReplicasNeeded, double kneeBatch,
                             double makespanS, double costPerHourUsd, double costPerMillionTokensUsd,
                             int replicasInService, double peakRequestsPerS, double peakTtftMs, double peakTpotMs,
                             double peakE2eMs, double peakTaskMs, int prefixCacheCapacity, double prefixHitRate,
                             List<Breach> breaches, List<Figure> figures) {
        this(gpusPerReplica, replicas, totalGpus, totalParams, activeParams, weightBytesTotal, weightBytesPerGpu,
                kvBytesPerToken, kvBytesPerTokenPerGpu, usableHbmBytesPerGpu, workspaceBytesPerGpu,
                kvBudgetBytesPerGpu, kvBytesPerGpu, memoryBytesPerGpu, fits, memoryOverBytes, batch, maxBatch,
                contextTokens, maxContextAtBatch, prefillTokens, prefillFlopsPerRequest, ttftServiceMs, ttftCommMs,
                ttftQueueMs, ttftMs, prefillUtilization, tpotMemoryMs, tpotComputeMs, tpotCommMs, tpotMs, tpotMeanMs, decodeComputeBound,
                weightBoundBatch, kvTrafficShare, decodeArithmeticIntensity, ridgePointFlopsPerByte,
                specTokensPerStep, e2eMs, taskMs, kvTransferBytesPerRequest, kvTransferMs, tokensPerSPerReplica,
                tokensPerS, requestsPerSPerReplica, requestsPerSCapacity, concurrencyNeeded, replicasNeeded,
                peakReplicasNeeded, kneeBatch, makespanS, costPerHourUsd, costPerMillionTokensUsd, replicasInService,
                peakRequestsPerS, peakTtftMs, peakTpotMs, peakE2eMs, peakTaskMs, prefixCacheCapacity, prefixHitRate,
                breaches, texts(breaches), figures);
    }

    /** What one GPU of a replica carries: requests/s per replica / GPUs per replica. */
    public double requestsPerSPerGpu() {
        return gpusPerReplica <= 0 ? 0 : requestsPerSPerReplica / gpusPerReplica;
    }

    private static List<String> texts(List<Breach> breaches) {
        if (breaches.isEmpty()) {
            return List.of();
        }
        String[] t = new String[breaches.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = breaches.get(i).text();
        }
        return List.of(t);
    }

    /** The one requirement check: the design meets every requirement when nothing is breached. */
    public boolean meetsRequirements() {
        return breaches.isEmpty();
    }

    /** Whether a requirement wall is breached, at the mean or at the peak. */
    public boolean breaches(String wall) {
        for (Breach b : breaches) {
            if (b.wall().equals(wall)) {
                return true;
            }
        }
        return false;
    }

    /** How far the worst breach of a wall is past its limit ({@link Breach#ratio()}), at the mean or the peak; 0 when not breached. */
    public double breachRatio(String wall) {
        double worst = 0;
        for (Breach b : breaches) {
            if (b.wall().equals(wall)) {
                worst = Math.max(worst, b.ratio());
            }
        }
        return worst;
    }

    /** Whether a wall is breached only at the peak (the mean load meets it). */
    public boolean breachedOnlyAtPeak(String wall) {
        boolean any = false;
        for (Breach b : breaches) {
            if (b.wall().equals(wall)) {
                if (!Breach.PEAK.equals(b.when())) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** Share of the decode step spent in the tensor-parallel all-reduce (0 when TPOT is 0). */
    public double tpotCommShare() {
        return tpotMs <= 0 ? 0 : tpotCommMs / tpotMs;
    }

    /** Share of a prompt's prefill service time spent in collectives (0 when there is no prefill). */
    public double ttftCommShare() {
        return ttftServiceMs <= 0 ? 0 : ttftCommMs / ttftServiceMs;
    }

    /** Whether the weights and the workspace alone fit in usable HBM (the KV cache aside). */
    public boolean weightsFit() {
        return weightBytesPerGpu + workspaceBytesPerGpu <= usableHbmBytesPerGpu;
    }
}
