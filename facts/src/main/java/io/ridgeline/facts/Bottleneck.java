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
 * @param regime which side of a resource wall the design is on, where one wall has two (null where it has one):
 *               {@value #WEIGHT_BOUND} or {@value #KV_BOUND} for {@code hbm_bandwidth}, {@value #DECODE} or
 *               {@value #PREFILL} for {@code compute}
 */
public record Bottleneck(String name, String kind, double value, double limit, String unit, String regime) {

    public static final String REQUIREMENT = "requirement";
    public static final String RESOURCE = "resource";

    /** HBM time of a decode step mostly spent streaming the weights (below B*, lesson 3a). */
    public static final String WEIGHT_BOUND = "weight_bound";
    /** HBM time of a decode step mostly spent reading the KV cache (at or above B*, lesson 3a). */
    public static final String KV_BOUND = "kv_bound";
    /** Compute set by the decode step's FLOPs (past the ridge point, lesson 3b). */
    public static final String DECODE = "decode";
    /** Compute set by prefill alone (embedding work, lesson 3b). */
    public static final String PREFILL = "prefill";

    /** Every regime a wall may carry, the one vocabulary of them. */
    public static final java.util.List<String> REGIMES = java.util.List.of(WEIGHT_BOUND, KV_BOUND, DECODE, PREFILL);

    /** A wall with one regime, or whose regime is not told apart. */
    public Bottleneck(String name, String kind, double value, double limit, String unit) {
        this(name, kind, value, limit, unit, null);
    }

    /** How far past the wall: value / limit (above 1 means over). */
    public double ratio() {
        return limit == 0 ? 0 : value / limit;
    }

    public boolean isRequirement() {
        return REQUIREMENT.equals(kind);
    }
}
