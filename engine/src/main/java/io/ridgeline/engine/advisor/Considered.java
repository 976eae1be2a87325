package io.ridgeline.engine.advisor;

/** A recommendation for the binding wall that was not applied this iteration, with the rule that made it. */
public record Considered(String mechanism, String ruleId, int preference, String explanation) {
}
