package io.ridgeline.facts;

/** The one requirement wall the loop relieves next, chosen by the rulebase among the bottlenecks. */
public record Binding(String name) {
}
