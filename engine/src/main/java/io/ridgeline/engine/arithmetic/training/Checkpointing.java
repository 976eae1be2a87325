package io.ridgeline.engine.arithmetic.training;

/**
 * Checkpoint size, write time and the Young-Daly interval.
 *
 * <p>A checkpoint holds 14 B per parameter: bf16 weights 2 + fp32 master weights 4 + Adam m and v 8 (gradients are
 * not saved). Write time = bytes / aggregate storage write bandwidth; when the scenario states none,
 * {@value #DEFAULT_WRITE_BYTES_PER_S} B/s (10 GB/s) is taken, a modest share of a parallel file system.
 *
 * <p>Failures: MTBF = 1 / (failures per GPU-hour x GPUs). When the scenario states no rate, the Llama 3 paper's
 * (Dubey et al. 2024, sec. 3.3.4) 419 unexpected interruptions in 54 days of pretraining on 16,384 H100s is taken:
 * 419 / (54 x 24 x 16,384) = 1.97e-5 per GPU-hour. Young-Daly: interval = sqrt(2 x write time x MTBF); the time
 * lost to writing and to redoing work after failures is then about write/interval + interval/(2 MTBF).
 */
public final class Checkpointing {

    public static final double BYTES_PER_PARAM = 14.0;
    public static final double DEFAULT_WRITE_BYTES_PER_S = 10e9;
    public static final double DEFAULT_FAILURES_PER_GPU_HOUR = 419.0 / (54.0 * 24.0 * 16384.0);

    /** The failure rate a run is billed at, per GPU-hour: the stated one, else {@link #DEFAULT_FAILURES_PER_GPU_HOUR}. */
    public static double failuresPerGpuHour(double stated) {
        return stated > 0 ? stated : DEFAULT_FAILURES_PER_GPU_HOUR;
    }

    private Checkpointing() {
    }

    public static double bytes(double params) {
        return BYTES_PER_PARAM * params;
    }

    public static double writeSeconds(double bytes, double writeBytesPerS) {
        return bytes / writeBytesPerS;
    }

    /** Mean time between failures of the whole job, hours. */
    public static double mtbfHours(double failuresPerGpuHour, int gpus) {
        return 1.0 / (failuresPerGpuHour * gpus);
    }

    /** sqrt(2 x delta x MTBF), seconds. */
    public static double youngDalyIntervalS(double writeSeconds, double mtbfSeconds) {
        return Math.sqrt(2.0 * writeSeconds * mtbfSeconds);
    }

    /** Share of wall-clock time lost to checkpoint writes and to recomputing work after failures. */
    public static double overheadFraction(double writeSeconds, double intervalS, double mtbfSeconds) {
        if (intervalS <= 0 || mtbfSeconds <= 0) {
            return 0.0;
        }
        return writeSeconds / intervalS + intervalS / (2.0 * mtbfSeconds);
    }
}
