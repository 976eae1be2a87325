package io.ridgeline.facts;

/**
 * One computed number with its unit, the formula it comes from and the formula with the numbers substituted.
 *
 * @param key         snake_case key with the unit in the name, e.g. {@code tpot_ms}
 * @param value       the number, in {@code unit}
 * @param unit        the unit, e.g. "ms", "B", "FLOP", "tokens/s", "USD"
 * @param formula     the formula in symbols
 * @param substituted the formula with the numbers put in
 */
public record Figure(String key, double value, String unit, String formula, String substituted) {
}
