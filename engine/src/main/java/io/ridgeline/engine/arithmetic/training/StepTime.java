package io.ridgeline.engine.arithmetic.training;

/**
 * A training step's time and the run's totals.
 * <ul>
 *   <li>compute = hardware FLOP per token x tokens per step / (GPUs x peak x eta_compute) + the activations'
 *       traffic between the matrix products ({@link #activationTrafficSeconds})</li>
 *   <li>step = (compute + exposed communication) / (1 - bubble), i.e. compute + exposed + bubble x step</li>
 *   <li>MFU = model FLOP per token x tokens per step / (step x GPUs x peak)</li>
 *   <li>days = total model FLOP / (GPUs x peak x MFU) / 86,400 = steps x step / 86,400</li>
 *   <li>cost = GPUs x hours x USD per GPU-hour</li>
 * </ul>
 */
public final class StepTime {

    private StepTime() {
    }

    public static double computeSeconds(double flopsPerToken, double tokensPerStep, int gpus, double peakFlopsPerS,
                                        double etaCompute) {
        return flopsPerToken * tokensPerStep / (gpus * peakFlopsPerS * etaCompute);
    }

    /**
     * The FLOP per second one GPU sustains over a step's products when {@code bf16Flops} of its {@code flops} per
     * token run at the bf16 rate and the rest at the activations' format: the harmonic mix
     * F / ((F - F_bf16) / (peak x eta) + F_bf16 / (peak_bf16 x eta_bf16)); peak x eta when all run in one format.
     */
    public static double sustainedFlopsPerS(double flops, double bf16Flops, double peakFlopsPerS, double eta,
                                            double bf16PeakFlopsPerS, double bf16Eta) {
        double fast = Math.max(0.0, flops - bf16Flops);
        return flops / (fast / (peakFlopsPerS * eta) + Math.min(flops, bf16Flops) / (bf16PeakFlopsPerS * bf16Eta));
    }

    /**
     * The share of its SMs a GPU computes on while communication kernels hold the rest, as a time factor
     * 1 / (1 - share) on the compute.
     */
    public static double smHeldFactor(double heldShare) {
        return 1.0 / (1.0 - heldShare);
    }

    /**
     * The time a step spends moving activations outside the matrix products, s: passes x the forward's activation
     * bytes per layer (bytes per token per hidden unit x tokens x hidden) x the stage's layers x micro-batches, at
     * the HBM share; full recomputation writes the forward's share (one pass in three) again, x 4/3.
     */
    public static double activationTrafficSeconds(double passes, double bytesPerSbh, double sbh, int stageLayers,
                                                  int microBatches, boolean fullRecompute, double hbmBytesPerS,
                                                  double etaHbm) {
        return passes * bytesPerSbh * sbh * stageLayers * microBatches * (fullRecompute ? 4.0 / 3.0 : 1.0)
                / (hbmBytesPerS * etaHbm);
    }

    /**
     * How much longer the slowest pipeline stage computes than the mean stage, >= 1: a stage holds ceil(L / pp)
     * layers and the last one the output layer too, so a step runs at (ceil(L / pp) x F_layer + F_head) over
     * (L x F_layer + F_head) / pp, with F the FLOP per token. 1 without a pipeline.
     */
    public static double slowestStageFactor(double layerFlopsPerToken, double headFlopsPerToken, int layers, int pp) {
        if (pp <= 1) {
            return 1.0;
        }
        int stageLayers = (layers + pp - 1) / pp;
        double mean = (layers * layerFlopsPerToken + headFlopsPerToken) / pp;
        return Math.max(1.0, (stageLayers * layerFlopsPerToken + headFlopsPerToken) / mean);
    }

    /**
     * Bytes the Adam update moves through HBM per parameter of the optimizer shard: it reads the bf16 gradient (2),
     * the fp32 master copy, m and v (12), and writes master, m and v (12) and the bf16 parameter (2).
     */
    public static final int OPTIMIZER_BYTES_PER_PARAM = 28;

    /** The optimizer step, s: {@value #OPTIMIZER_BYTES_PER_PARAM} B x the shard's parameters / (HBM x eta_hbm). */
    public static double optimizerSeconds(double shardParams, double hbmBytesPerS, double etaHbm) {
        return OPTIMIZER_BYTES_PER_PARAM * shardParams / (hbmBytesPerS * etaHbm);
    }

    public static double stepSeconds(double computeS, double exposedCommS, double bubbleFraction) {
        return (computeS + exposedCommS) / (1.0 - bubbleFraction);
    }

    public static double mfu(double modelFlopsPerToken, double tokensPerStep, double stepS, int gpus,
                             double peakFlopsPerS) {
        return modelFlopsPerToken * tokensPerStep / (stepS * gpus * peakFlopsPerS);
    }

    public static double trainingDays(double totalFlops, int gpus, double peakFlopsPerS, double mfu) {
        return totalFlops / (gpus * peakFlopsPerS * mfu) / 86400.0;
    }

    public static double costUsd(int gpus, double days, double usdPerGpuHour) {
        return gpus * days * 24.0 * usdPerGpuHour;
    }
}
