package io.ridgeline.engine.arithmetic.training;

/**
 * A training step's time and the run's totals.
 * <ul>
 *   <li>compute = hardware FLOP per token x tokens per step / (GPUs x peak x eta_compute)</li>
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
