package io.ridgeline.engine.advisor;

/** A bottleneck as the trace shows it, with the rule that inferred it. */
public record BottleneckView(String name, String kind, double value, double limit, String unit, String ruleId,
                             String explanation) {
}
