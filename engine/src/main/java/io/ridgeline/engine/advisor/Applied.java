package io.ridgeline.engine.advisor;

/**
 * The remedy one iteration applied: the mechanism, the rule that recommended it (id, sentence name, lesson), its
 * explanation rendered with the numbers, the change to the design, and before -> after on the binding figure.
 */
public record Applied(String mechanism, String ruleId, String ruleName, String lesson, String explanation,
                      String change, String figure, double before, double after) {
}
