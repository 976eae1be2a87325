package io.ridgeline.facts;

/**
 * What a mechanism would do to a training design: the design it leads to and that design's bill, computed in Java
 * before the rules fire so that decision rules compare numbers instead of computing them.
 *
 * @param mechanism snake_case mechanism name (docs/training.md)
 * @param design    the design after the mechanism
 * @param after     the bill of that design
 * @param change    a short description of the change, e.g. "tp 4 -> 8 (dp 16 -> 8)"
 */
public record TrainingProjection(String mechanism, Design design, TrainingEstimate after, String change) {
}
