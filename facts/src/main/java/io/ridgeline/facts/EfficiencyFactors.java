package io.ridgeline.facts;

/**
 * Achieved shares of the spec sheet: of peak tensor FLOP/s (compute-bound phases: prefill, training), of HBM
 * bandwidth (decode), and of link bandwidth (collectives). Each is a fraction in (0, 1].
 *
 * @param source which measurement each factor comes from
 */
public record EfficiencyFactors(double compute, double hbm, double link, String source) {
}
