package io.ridgeline.facts;

/**
 * One limit a design breaks, found by the bill's requirement check: the one place that decides whether a design
 * meets its requirements. The bill's {@code over_limits} lines, the audit's verdict and the rules' requirement walls
 * all come from the breaches.
 *
 * @param wall  the requirement wall the limit belongs to (memory_capacity, ttft_slo, tpot_slo, e2e_slo, task_slo,
 *              throughput, cost, placement, context_window, preference)
 * @param when  "mean" for the mean load, "peak" for the peak arrival rate with the replicas in service at the peak
 * @param value the figure that breaks the limit, in {@code unit}
 * @param limit the limit, in {@code unit}
 * @param unit  the unit of value and limit
 * @param text  the sentence the user reads, with the numbers
 */
public record Breach(String wall, String when, double value, double limit, String unit, String text) {

    public static final String MEAN = "mean";
    public static final String PEAK = "peak";

    /** How far past the limit: value / limit for an upper limit, limit / value for a floor (above 1 means over). */
    public double ratio() {
        if (value == 0 || limit == 0) {
            return value == limit ? 1 : Double.MAX_VALUE;
        }
        return Math.max(value / limit, limit / value);
    }

    /**
     * Whether the breach is measured in one of the given units. Rules test the unit with it: {@code unit} is a
     * keyword of the executable model's parser, so a constraint {@code unit == "..."} compiles at run time but not
     * into the built-in rulebase's executable model.
     */
    public boolean measuredIn(String... units) {
        for (String u : units) {
            if (u.equals(unit)) {
                return true;
            }
        }
        return false;
    }
}
