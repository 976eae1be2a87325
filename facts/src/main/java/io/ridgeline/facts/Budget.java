package io.ridgeline.facts;

/**
 * Money and time limits. A value of 0 means no limit.
 *
 * @param usdPerHour     fleet spend per hour, USD
 * @param maxGpus        a cap on GPUs
 * @param totalUsd       a cap on the whole run's cost (training), USD
 * @param deadlineDays   wall-clock deadline (training), days
 */
public record Budget(double usdPerHour, int maxGpus, double totalUsd, double deadlineDays) {

    public static Budget none() {
        return new Budget(0, 0, 0, 0);
    }
}
