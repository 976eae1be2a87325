package io.ridgeline.web;

import io.ridgeline.engine.Ridgeline;
import java.util.Objects;

/**
 * A second rulebase the web app compares its own with, for reviewers ({@code serve --compare-rules DIR} or
 * {@code --compare-add-rules DIR}): the same catalogs, another set of rules. {@code left} and {@code right} name the
 * two sides as the comparison prints them (the server's rulebase, then the compared one).
 */
public record RulebaseComparison(String left, String right, Ridgeline compared) {

    public RulebaseComparison {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(compared, "compared");
    }
}
