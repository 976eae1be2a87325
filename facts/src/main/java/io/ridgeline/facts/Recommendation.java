package io.ridgeline.facts;

/**
 * A decision rule's advice: apply {@code mechanism} to relieve {@code bottleneck}. Among the recommendations for the
 * binding wall that no rule vetoes, the loop applies the one with the lowest {@code preference} (the lessons'
 * order: the cheapest, least invasive remedy first), breaking ties by the projected relief.
 */
public record Recommendation(String mechanism, String bottleneck, int preference) {
}
