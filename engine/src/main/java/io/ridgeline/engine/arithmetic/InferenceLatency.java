package io.ridgeline.engine.arithmetic;

/**
 * Latency of a serving replica, in seconds.
 *
 * <p><b>Prefill (TTFT service).</b> The prompt's FLOPs run on the tp x cp GPUs of a stage (pipeline stages run one
 * after another for one request): TTFT = max(F_prefill / (tp x cp x peak x eta_c), weights read / (bw x eta_hbm))
 * + comm.
 *
 * <p><b>Decode (TPOT).</b> A step reads every weight once and every sequence's KV cache once. With pp stages the
 * batch runs as m = min(pp, B) micro-batches in turn; a token passes all pp stages, so a step lasts pp stage-slots
 * and each slot reads that stage's weights and the KV of B/m sequences over that stage's layers:
 * TPOT_mem = pp x (weights/GPU + (B/m) x KV per sequence per GPU) / (bw x eta_hbm). For pp = 1 this is
 * (W/tp + B x L x kv/tp_kv) / (bw x eta_hbm). TPOT_compute = pp x (B/m) x q x FLOP per token per GPU /
 * (peak x eta_c), with q query tokens per sequence per step (1, or k+1 when verifying a speculation).
 * TPOT = max(TPOT_mem, TPOT_compute) + comm; communication is not overlapped. An MoE step reads the non-expert
 * weights and only the experts its tokens touch: E x (1 - (1 - k/E)^T) distinct experts per layer for T routed
 * tokens, assuming uniform routing.
 *
 * <p><b>Communication.</b> A ring all-reduce over n ranks moves 2(n-1)/n x bytes per rank and pays a fixed
 * per-collective latency alpha: {@value #ALPHA_IN_NODE_S} s inside a scale-up domain, {@value #ALPHA_CROSS_NODE_S} s
 * across nodes (launch plus hop latency of a small NCCL collective).
 *
 * <p><b>Queueing.</b> Prefill is modelled as an M/M/1 queue: utilisation rho = lambda x t_prefill,
 * mu = 1 / t_prefill, and the waiting time exceeds t with probability rho x exp(-mu (1 - rho) t); the wait at
 * percentile p is max(0, ln(rho / (1 - p)) / (mu (1 - rho))), unbounded when rho >= 1. Colocated decode shares
 * the GPU with prefill, so a token's mean time stretches by 1 / (1 - rho).
 *
 * <p><b>Speculative decoding.</b> With k drafted tokens and per-token acceptance alpha, a step yields
 * (1 - alpha^(k+1)) / (1 - alpha) tokens; a step costs k draft steps plus one target step that verifies k+1
 * query tokens per sequence (same weight and KV reads, (k+1) x the FLOPs). It pays while the verify step stays
 * memory bound (small batch) and is a trap once it turns compute bound (large batch, short context).
 */
public final class InferenceLatency {

    /** Latency of one collective inside a scale-up (NVLink) domain, s. */
    public static final double ALPHA_IN_NODE_S = 10e-6;
    /** Latency of one collective that crosses the scale-out network, s. */
    public static final double ALPHA_CROSS_NODE_S = 30e-6;

    private InferenceLatency() {
    }

    /** Ring all-reduce time, s: 2(n-1)/n x bytes / (link x eta_link) + alpha; 0 for one rank. */
    public static double ringAllReduceS(double bytes, int ranks, double linkBytesPerS, double etaLink,
                                        double alphaS) {
        if (ranks <= 1) {
            return 0.0;
        }
        return 2.0 * (ranks - 1) / ranks * bytes / (linkBytesPerS * etaLink) + alphaS;
    }

    /**
     * All-gather or all-to-all time, s, where each rank holds {@code bytesPerRank} and sends (n-1)/n of it:
     * (n-1)/n x bytes / (link x eta_link) + alpha; 0 for one rank.
     */
    public static double allToAllS(double bytesPerRank, int ranks, double linkBytesPerS, double etaLink,
                                   double alphaS) {
        if (ranks <= 1) {
            return 0.0;
        }
        return (double) (ranks - 1) / ranks * bytesPerRank / (linkBytesPerS * etaLink) + alphaS;
    }

    /** Point-to-point send, s: bytes / (link x eta_link) + alpha. */
    public static double pointToPointS(double bytes, double linkBytesPerS, double etaLink, double alphaS) {
        return bytes / (linkBytesPerS * etaLink) + alphaS;
    }

    /**
     * Prefill compute time, s: F / (stage GPUs x peak x eta_c). The GPUs of one pipeline stage share a prompt's
     * FLOPs: tp x cp, times the attention groups when expert parallelism is wider than tp (their experts serve
     * every group); the stages run one after another, so pp does not divide.
     */
    public static double prefillComputeS(double prefillFlops, int stageGpus, double peakFlopsPerS,
                                         double etaCompute) {
        if (stageGpus < 1) {
            throw new IllegalArgumentException("stageGpus = " + stageGpus + " must be >= 1");
        }
        return prefillFlops / (stageGpus * peakFlopsPerS * etaCompute);
    }

    /** TTFT service time, s: max(compute, weight read) + communication. */
    public static double ttftServiceS(double computeS, double weightReadS, double commS) {
        return Math.max(computeS, weightReadS) + commS;
    }

    /** Micro-batches a pipelined decode step runs: min(pp, B), at least 1. */
    public static double decodeMicroBatches(int pp, double batch) {
        return Math.max(1.0, Math.min(pp, batch));
    }

    /**
     * Memory-bound decode step time, s: pp x (weights read per GPU + (B/m) x KV bytes per sequence per GPU)
     * / (bw x eta_hbm).
     */
    public static double tpotMemoryS(double weightBytesReadPerGpu, double kvBytesPerSequencePerGpu, double batch,
                                     int pp, double hbmBytesPerS, double etaHbm) {
        double m = decodeMicroBatches(pp, batch);
        return pp * (weightBytesReadPerGpu + batch / m * kvBytesPerSequencePerGpu) / (hbmBytesPerS * etaHbm);
    }

    /**
     * Memory-bound decode step time with the KV reads at their own share of HBM bandwidth, s:
     * pp x (weights read per GPU / (bw x eta_hbm) + (B/m) x KV bytes per sequence per GPU / (bw x eta_kv)).
     */
    public static double tpotMemoryS(double weightBytesReadPerGpu, double kvBytesPerSequencePerGpu, double batch,
                                     int pp, double hbmBytesPerS, double etaHbm, double etaKv) {
        double m = decodeMicroBatches(pp, batch);
        return pp * (weightBytesReadPerGpu / (hbmBytesPerS * etaHbm)
                + batch / m * kvBytesPerSequencePerGpu / (hbmBytesPerS * etaKv));
    }

    /**
     * Compute-bound decode step time, s: pp x (B/m) x q x FLOP per token per GPU / (peak x eta_c). The FLOP per
     * token per GPU is one stage's share (already divided by pp and by the ranks that split the work).
     */
    public static double tpotComputeS(double flopsPerTokenPerGpu, double batch, double queryTokens, int pp,
                                      double peakFlopsPerS, double etaCompute) {
        double m = decodeMicroBatches(pp, batch);
        return pp * batch / m * queryTokens * flopsPerTokenPerGpu / (peakFlopsPerS * etaCompute);
    }

    /** Share of routed experts that at least one of T uniformly routed top-k tokens touches: 1 - (1 - k/E)^T. */
    public static double moeTouchedExpertShare(int routedExperts, int expertsPerToken, double routedTokens) {
        if (routedExperts <= 0 || expertsPerToken <= 0 || expertsPerToken > routedExperts) {
            throw new IllegalArgumentException("expertsPerToken = " + expertsPerToken
                    + " must be in [1, routedExperts = " + routedExperts + "]");
        }
        if (routedTokens <= 0) {
            return 0.0;
        }
        return 1.0 - Math.pow(1.0 - (double) expertsPerToken / routedExperts, routedTokens);
    }

    /** Expected distinct experts touched per MoE layer: E x (1 - (1 - k/E)^T). */
    public static double expectedExpertsTouched(int routedExperts, int expertsPerToken, double routedTokens) {
        return routedExperts * moeTouchedExpertShare(routedExperts, expertsPerToken, routedTokens);
    }

    /** Batch at which the KV read equals the weight read, B* = weight bytes / KV bytes per sequence. */
    public static double weightBoundBatch(double weightBytes, double kvBytesPerSequence) {
        if (!(kvBytesPerSequence > 0)) {
            throw new IllegalArgumentException("kvBytesPerSequence = " + kvBytesPerSequence + " must be > 0");
        }
        return weightBytes / kvBytesPerSequence;
    }

    /**
     * Batch at which reading the KV cache takes as long as reading the weights, when the two reach different shares
     * of HBM bandwidth: B* = (weight bytes / eta_hbm) / (KV bytes per sequence / eta_kv).
     */
    public static double weightBoundBatch(double weightBytes, double kvBytesPerSequence, double etaHbm,
                                          double etaKv) {
        return weightBoundBatch(weightBytes / etaHbm, kvBytesPerSequence / etaKv);
    }

    /** End-to-end latency, s: TTFT + TPOT x (G - 1); just TTFT when G <= 1. */
    public static double e2eS(double ttftS, double tpotS, int outputTokens) {
        return ttftS + tpotS * Math.max(0, outputTokens - 1);
    }

    /** Prefill utilisation rho = arrival rate x prefill service time. */
    public static double prefillUtilization(double requestsPerS, double prefillServiceS) {
        return requestsPerS * prefillServiceS;
    }

    /**
     * M/M/1 waiting time at percentile p, s: max(0, ln(rho / (1 - p)) / (mu (1 - rho))) with mu = 1 / service:
     * P(W > t) = rho e^(-mu (1 - rho) t) for exponential service times. Returns {@link Double#POSITIVE_INFINITY}
     * when rho >= 1 (the queue grows without bound).
     */
    public static double mm1WaitS(double rho, double serviceS, double percentile) {
        double edge = edgeWaitS(rho, percentile);
        if (!Double.isNaN(edge)) {
            return edge;
        }
        double mu = 1.0 / serviceS;
        return Math.max(0.0, Math.log(rho / (1.0 - percentile)) / (mu * (1.0 - rho)));
    }

    /**
     * Waiting time at percentile p for prefill, s: the exact M/D/1 quantile ({@link DeterministicQueue}), since a
     * prompt of a given length takes nearly the same time to prefill every time. 0 when rho <= 0 or when a share
     * 1 - rho >= p of requests find the server idle; {@link Double#POSITIVE_INFINITY} when rho >= 1.
     */
    public static double queueWaitS(double rho, double serviceS, double percentile) {
        double edge = edgeWaitS(rho, percentile);
        return Double.isNaN(edge) ? DeterministicQueue.waitQuantileS(rho, serviceS, percentile) : edge;
    }

    /** The wait of an empty (0) or unstable (infinite) queue, or NaN when the queue is neither. */
    private static double edgeWaitS(double rho, double percentile) {
        if (!(percentile > 0 && percentile < 1)) {
            throw new IllegalArgumentException("percentile = " + percentile + " must be in (0, 1)");
        }
        if (rho <= 0) {
            return 0.0;
        }
        return rho >= 1 ? Double.POSITIVE_INFINITY : Double.NaN;
    }


    /**
     * TPOT at percentile p, s: a request's time per output token when the prefills it meets are counted at the
     * percentile rather than on average. During its decode, D = (G - 1) x TPOT_mean, a request meets N prefill stalls
     * of s_stall each, N ~ Poisson(r x D) with r the rate of stalls at its replica (prompts per second per
     * attention group x chunks per prompt). Its TPOT is step + N x s_stall / (G - 1); at the percentile,
     * step + Q_p(N) x s_stall / (G - 1), never below the mean. The mean of this, step (1 + rho), is the
     * 1 / (1 - rho) stretch to first order; chunking a prompt into c pieces keeps the work (r c x s_stall / c) and
     * tightens the tail, since c small stalls vary less than one big one.
     */
    public static double tpotAtPercentileS(double stepS, double meanS, int outputTokens, double stallS,
                                           double stallsPerS, double percentile) {
        if (outputTokens <= 1 || stallsPerS <= 0 || stallS <= 0) {
            return meanS;
        }
        double decodeS = (outputTokens - 1) * meanS;
        int n = poissonQuantile(stallsPerS * decodeS, percentile);
        return Math.max(meanS, stepS + n * stallS / (outputTokens - 1));
    }

    /**
     * The p-quantile of a Poisson count with mean mu: the least k with P(N <= k) >= p, exact up to a mean of
     * {@value #POISSON_SUM_LIMIT} ({@link PoissonQuantile}); past it the Cornish-Fisher expansion
     * mu + z sqrt(mu) + (z^2 - 1) / 6, rounded up (within one count of the exact quantile there).
     */
    public static int poissonQuantile(double mu, double percentile) {
        if (!(percentile > 0 && percentile < 1)) {
            throw new IllegalArgumentException("percentile = " + percentile + " must be in (0, 1)");
        }
        if (!(mu > 0)) {
            return 0;
        }
        if (mu > POISSON_SUM_LIMIT) {
            double z = NORMAL.inverseCumulativeProbability(percentile);
            return (int) Math.min(Integer.MAX_VALUE, Math.ceil(mu + z * Math.sqrt(mu) + (z * z - 1) / 6.0));
        }
        return PoissonQuantile.of(mu, percentile);
    }

    /** Means up to which the Poisson quantile is exact. */
    public static final double POISSON_SUM_LIMIT = PoissonQuantile.TABLE_LIMIT;

    private static final org.apache.commons.math3.distribution.NormalDistribution NORMAL =
            new org.apache.commons.math3.distribution.NormalDistribution(null, 0.0, 1.0);

    /** Stretch of colocated decode by prefill sharing the GPU: 1 / (1 - rho); 1 when rho is 0 or unstable. */
    public static double decodeSlowdown(double rho) {
        return rho > 0 && rho < 1 ? 1.0 / (1.0 - rho) : 1.0;
    }

    /** Tokens a speculative step yields on average: (1 - alpha^(k+1)) / (1 - alpha). */
    public static double specTokensPerStep(double acceptanceRate, int draftTokens) {
        if (!(acceptanceRate > 0 && acceptanceRate < 1)) {
            throw new IllegalArgumentException("specAcceptanceRate = " + acceptanceRate + " must be in (0, 1)");
        }
        if (draftTokens < 1) {
            throw new IllegalArgumentException("specDraftTokens = " + draftTokens + " must be >= 1");
        }
        return (1.0 - Math.pow(acceptanceRate, draftTokens + 1)) / (1.0 - acceptanceRate);
    }

    /** Effective time per output token with speculation, s: (verify step + k x draft step) / tokens per step. */
    public static double specTpotS(double verifyStepS, double draftStepS, int draftTokens, double acceptanceRate) {
        return (verifyStepS + draftTokens * draftStepS) / specTokensPerStep(acceptanceRate, draftTokens);
    }

    /**
     * Prompt tokens served from the prefix cache: with prefix caching, the shared prefix (it is hot on every
     * replica); with cache-aware routing too, the turn sized (the last) finds the conversation's earlier turns,
     * historyTokensPerTurn x (turns - 1) tokens, on the replica that served them. At most promptTokens - 1 (the
     * last position is always computed).
     */
    public static int cachedPrefixTokens(int promptTokens, int sharedPrefixTokens, boolean prefixCaching,
                                         boolean cacheAwareRouting, int historyTokensPerTurn, int turns) {
        if (!prefixCaching) {
            return 0;
        }
        double cached = sharedPrefixTokens;
        if (cacheAwareRouting && turns > 1) {
            cached += (double) historyTokensPerTurn * (turns - 1);
        }
        return (int) Math.max(0, Math.min(promptTokens - 1, Math.floor(cached)));
    }
}
