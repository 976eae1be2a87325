package io.ridgeline.engine.arithmetic;

/**
 * One replica's decode step as a function of the batch B: the per-GPU constants that
 * {@link InferenceLatency#tpotMemoryS}, {@link InferenceLatency#tpotComputeS} and {@link InferenceComm} combine.
 * Batches are real numbers so that a root finder can search them.
 *
 * @param pp                        pipeline stages
 * @param denseWeightBytesPerGpu    non-expert weight bytes on one GPU
 * @param expertWeightBytesPerGpu   routed-expert weight bytes on one GPU (0 for a dense model)
 * @param routedExperts             routed experts per MoE layer (0 for a dense model)
 * @param expertsPerToken           top-k (0 for a dense model)
 * @param kvBytesPerSequencePerGpu  one sequence's KV bytes at the decode context on one GPU
 * @param flopsPerTokenPerGpu       one token's decode FLOP on one GPU of one stage
 * @param peakFlopsPerS             dense peak of the compute format, FLOP/s
 * @param etaCompute                achieved share of that peak
 * @param hbmBytesPerS              HBM bandwidth, bytes/s
 * @param etaHbm                    achieved share of that bandwidth
 * @param attentionGroups           attention data-parallel groups (the batch splits across them)
 * @param comm                      the replica's communication model
 * @param kvEtaHbm                  achieved share of HBM bandwidth for the KV-cache reads of attention
 * @param passOverheadS             fixed time of one forward pass through all layers, s (layers x the per-layer
 *                                  overhead + MoE layers x the MoE layer overhead): it adds to every step
 */
public record DecodeStep(
        int pp,
        double denseWeightBytesPerGpu,
        double expertWeightBytesPerGpu,
        int routedExperts,
        int expertsPerToken,
        double kvBytesPerSequencePerGpu,
        double flopsPerTokenPerGpu,
        double peakFlopsPerS,
        double etaCompute,
        double hbmBytesPerS,
        double etaHbm,
        int attentionGroups,
        InferenceComm comm,
        double kvEtaHbm,
        double passOverheadS) {

    /** The roofline step alone: KV reads at the weight stream's share, no fixed cost per pass. */
    public DecodeStep(int pp, double denseWeightBytesPerGpu, double expertWeightBytesPerGpu, int routedExperts,
                      int expertsPerToken, double kvBytesPerSequencePerGpu, double flopsPerTokenPerGpu,
                      double peakFlopsPerS, double etaCompute, double hbmBytesPerS, double etaHbm,
                      int attentionGroups, InferenceComm comm) {
        this(pp, denseWeightBytesPerGpu, expertWeightBytesPerGpu, routedExperts, expertsPerToken,
                kvBytesPerSequencePerGpu, flopsPerTokenPerGpu, peakFlopsPerS, etaCompute, hbmBytesPerS, etaHbm,
                attentionGroups, comm, etaHbm, 0.0);
    }

    /** Weight bytes one GPU reads in one stage-slot: dense weights + the touched share of its experts. */
    public double weightBytesReadPerGpu(double batch, double queryTokens) {
        if (expertWeightBytesPerGpu == 0 || routedExperts == 0) {
            return denseWeightBytesPerGpu;
        }
        double routedTokens = batch / InferenceLatency.decodeMicroBatches(pp, batch) * queryTokens;
        return denseWeightBytesPerGpu + expertWeightBytesPerGpu
                * InferenceLatency.moeTouchedExpertShare(routedExperts, expertsPerToken, routedTokens);
    }

    /** Memory time of one step, s: the weight stream at its share of HBM bandwidth, the KV reads at theirs. */
    public double memoryS(double batch, double queryTokens) {
        return InferenceLatency.tpotMemoryS(weightBytesReadPerGpu(batch, queryTokens), kvBytesPerSequencePerGpu,
                batch, pp, hbmBytesPerS, etaHbm, kvEtaHbm);
    }

    /** Compute time of one step, s. */
    public double computeS(double batch, double queryTokens) {
        return InferenceLatency.tpotComputeS(flopsPerTokenPerGpu, batch, queryTokens, pp, peakFlopsPerS,
                etaCompute);
    }

    /** Communication time of one step, s: one pass over (B/m) x q / groups tokens per attention group. */
    public double commS(double batch, double queryTokens) {
        double tokensPerGroup = batch / InferenceLatency.decodeMicroBatches(pp, batch) * queryTokens
                / attentionGroups;
        return comm.passS(tokensPerGroup, true);
    }

    /** Step time, s: max(memory, compute) + communication + the fixed cost of a pass through the layers. */
    public double stepS(double batch, double queryTokens) {
        return Math.max(memoryS(batch, queryTokens), computeS(batch, queryTokens)) + commS(batch, queryTokens)
                + passOverheadS;
    }

    /** Plain decode step (one query token per sequence), s. */
    public double stepS(double batch) {
        return stepS(batch, 1.0);
    }

    /**
     * Time per output token with speculative decoding, s: (verify step at k+1 query tokens + k draft steps) /
     * tokens per step, where a draft step costs {@code draftCostFraction} of a plain step.
     */
    public double speculativeTpotS(double batch, int draftTokens, double acceptanceRate, double draftCostFraction) {
        return InferenceLatency.specTpotS(stepS(batch, draftTokens + 1.0), draftCostFraction * stepS(batch),
                draftTokens, acceptanceRate);
    }

    /**
     * Time per output token with speculative decoding and a named draft, s: the draft's step reads its own weights
     * ({@code weightFraction} of the target's), its own KV ({@code kvFraction} of the target's per sequence) and
     * runs its own collectives and pays its own fixed cost per pass ({@code commFraction}: its layers over the
     * target's), each draft step max(memory, compute) + communication + fixed cost like the target's.
     */
    public double speculativeTpotS(double batch, int draftTokens, double acceptanceRate, double weightFraction,
                                   double kvFraction, double commFraction) {
        double micro = InferenceLatency.decodeMicroBatches(pp, batch);
        double draftMemoryS = InferenceLatency.tpotMemoryS(weightFraction * weightBytesReadPerGpu(batch, 1.0),
                kvFraction * kvBytesPerSequencePerGpu, batch, pp, hbmBytesPerS, etaHbm, kvEtaHbm);
        double draftStepS = Math.max(draftMemoryS, weightFraction * computeS(batch, 1.0))
                + commFraction * (commS(batch, 1.0) + passOverheadS);
        return InferenceLatency.specTpotS(stepS(batch, draftTokens + 1.0), draftStepS, draftTokens, acceptanceRate);
    }
}
