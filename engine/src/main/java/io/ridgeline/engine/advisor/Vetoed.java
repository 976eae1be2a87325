package io.ridgeline.engine.advisor;

/** A mechanism a rule refused in this iteration, and why (the rule's explanation with the numbers). */
public record Vetoed(String mechanism, String ruleId, String ruleName, String reason) {
}
