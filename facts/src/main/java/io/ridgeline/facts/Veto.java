package io.ridgeline.facts;

/**
 * A decision rule's refusal: {@code mechanism} does not pay here, or is a trap. The reason is the vetoing rule's
 * explanation, rendered with the numbers.
 */
public record Veto(String mechanism) {
}
