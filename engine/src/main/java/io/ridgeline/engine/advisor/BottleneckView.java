package io.ridgeline.engine.advisor;

/**
 * A bottleneck as the trace shows it, with the rule that inferred it and, for a wall with two sides, the regime the
 * design is in ({@link io.ridgeline.facts.Bottleneck#regime}; null for a wall with one).
 */
public record BottleneckView(String name, String kind, double value, double limit, String unit, String ruleId,
                             String explanation, String regime) {

    /** The wall's name with its regime in brackets when it has one: {@code hbm_bandwidth (kv_bound)}. */
    public String named() {
        return regime == null ? name : name + " (" + regime + ")";
    }
}
