package io.ridgeline.facts;

import java.util.Locale;

/**
 * What the advisor and the search rank designs by once every requirement holds (the scenario's {@code objective}):
 * the lowest cost, the lowest latency, or the highest throughput. Serving: cost per hour; end-to-end latency at the
 * SLO percentile ({@code e2e_ms}), then cost; the fleet's output tokens/s, then cost. Pretraining: the run's cost;
 * the fewest days (latency and throughput alike: a faster run is both), then cost. The rules see it as a fact.
 */
public enum Objective {
    COST, LATENCY, THROUGHPUT;

    /** The values the scenario key takes, as written. */
    public static final String ALLOWED = "cost, latency, throughput";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }

    /**
     * The objective when the scenario names none: cost for serving and RL post-training; for pretraining the fewest
     * days (latency), which its design loop lowers once every requirement holds.
     */
    public static Objective defaultFor(WorkloadKind kind) {
        return kind == WorkloadKind.TRAINING ? LATENCY : COST;
    }

    /** The objective a scenario names; an unknown one is refused with the allowed values. */
    public static Objective parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Objective o : values()) {
            if (o.id().equals(t)) {
                return o;
            }
        }
        throw new IllegalArgumentException("must be one of " + ALLOWED + ", got '" + text + "'");
    }
}
