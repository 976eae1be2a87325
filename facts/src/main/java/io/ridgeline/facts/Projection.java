package io.ridgeline.facts;

/**
 * What a mechanism would do if applied to the current design: the design it leads to and that design's bill,
 * computed in Java before the rules fire so that decision rules compare numbers instead of computing them.
 *
 * @param mechanism snake_case mechanism name
 * @param design    the design after the mechanism
 * @param after     the bill of that design
 * @param change    a short description of the change, e.g. "tp 2 -> 4"
 */
public record Projection(String mechanism, Design design, InferenceEstimate after, String change) {
}
