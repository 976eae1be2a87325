package io.ridgeline.facts;

/**
 * A wall the design runs into, inferred by a classification rule. A {@code requirement} wall is a limit the design
 * breaks (memory capacity, an SLO, the throughput target, the budget); a {@code resource} wall names the resource
 * that sets a figure (HBM bandwidth, compute, interconnect) and is reported, not relieved on its own.
 *
 * @param name   snake_case bottleneck name (memory_capacity, hbm_bandwidth, compute, interconnect, ttft_slo,
 *               tpot_slo, throughput, cost, ...)
 * @param kind   "requirement" or "resource"
 * @param value  the figure that runs into the wall, in {@code unit}
 * @param limit  the wall, in {@code unit}
 * @param unit   the unit of value and limit
 */
public record Bottleneck(String name, String kind, double value, double limit, String unit) {

    public static final String REQUIREMENT = "requirement";
    public static final String RESOURCE = "resource";

    /** How far past the wall: value / limit (above 1 means over). */
    public double ratio() {
        return limit == 0 ? 0 : value / limit;
    }

    public boolean isRequirement() {
        return REQUIREMENT.equals(kind);
    }
}
