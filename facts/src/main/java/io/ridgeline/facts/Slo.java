package io.ridgeline.facts;

/**
 * Service-level objectives, stated at a percentile (p99 by default), never as means. A value of 0 means the
 * objective is not set.
 *
 * @param percentile           the percentile the latency targets refer to, e.g. 0.99
 * @param ttftMs               time to first token at that percentile, ms
 * @param tpotMs               time per output token at that percentile, ms
 * @param e2eMs                end-to-end request latency at that percentile, ms
 * @param minThroughputTokensPerS required output tokens/s across the fleet (offline or capacity target)
 * @param taskMs               end-to-end agent task latency at that percentile, ms (tool-call fan-out)
 */
public record Slo(double percentile, double ttftMs, double tpotMs, double e2eMs, double minThroughputTokensPerS,
                  double taskMs) {

    public static Slo none() {
        return new Slo(0.99, 0, 0, 0, 0, 0);
    }

    /** The percentile as users write it: p99, p99.9, p99.99, p95, p50 (to two decimals, no trailing zeros). */
    public static String label(double percentile) {
        return "p" + java.math.BigDecimal.valueOf(Math.round(percentile * 10000)).movePointLeft(2)
                .stripTrailingZeros().toPlainString();
    }

    public boolean hasTtft() {
        return ttftMs > 0;
    }

    public boolean hasTpot() {
        return tpotMs > 0;
    }

    public boolean hasE2e() {
        return e2eMs > 0;
    }

    public boolean hasThroughput() {
        return minThroughputTokensPerS > 0;
    }

    public boolean hasTask() {
        return taskMs > 0;
    }
}
