package io.ridgeline.engine.advisor;

/**
 * One thing an audit found. Severity: {@code error} (a requirement the design breaks), {@code warning} (a mechanism
 * that is on and that the rules call a trap here), {@code info} (the resource that sets a figure), and
 * {@code suggestion} (a remedy the rules recommend for the binding wall).
 */
public record Finding(String severity, String subject, String ruleId, String ruleName, String message) {
}
