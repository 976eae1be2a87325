package io.ridgeline.facts;

/**
 * What a mechanism would do to an RL post-training design: the design it leads to and that design's bill, computed
 * in Java before the rules fire.
 *
 * @param mechanism snake_case mechanism name (docs/training.md)
 * @param design    the design after the mechanism
 * @param after     the bill of that design
 * @param change    a short description of the change, e.g. "placement colocated -> disaggregated"
 */
public record RlProjection(String mechanism, Design design, RlEstimate after, String change) {
}
