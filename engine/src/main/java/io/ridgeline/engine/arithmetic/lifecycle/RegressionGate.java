package io.ridgeline.engine.arithmetic.lifecycle;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Regression gating as a release contract (lesson 10): how many eval items each model needs for a pass-rate
 * difference to be detected, and the smallest difference a given eval set detects. Two-proportion power analysis
 * (normal approximation, no continuity correction), two-sided at significance alpha with power 1 - beta:
 *
 * <pre>
 *   n per arm = (z(1 - alpha/2) sqrt(2 pbar (1 - pbar)) + z(1 - beta) sqrt(p1 (1 - p1) + p2 (1 - p2)))^2 / (p1 - p2)^2
 * </pre>
 *
 * with pbar = (p1 + p2) / 2. Both arms are scored on their own items; an eval set reused for both models (paired)
 * needs fewer.
 */
public final class RegressionGate {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private RegressionGate() {
    }

    /**
     * Eval items per model needed to detect pass rates {@code p1} against {@code p2}.
     *
     * @param p1    pass rate of one model, in (0, 1)
     * @param p2    pass rate of the other, in (0, 1), different from p1
     * @param alpha two-sided significance, in (0, 1)
     * @param power probability of detecting the difference, in (0, 1)
     */
    public static long itemsPerArm(double p1, double p2, double alpha, double power) {
        rate("p1", p1);
        rate("p2", p2);
        rate("alpha", alpha);
        rate("power", power);
        if (p1 == p2) {
            throw new IllegalArgumentException("p1 and p2 must differ; got " + p1 + " for both");
        }
        return (long) Math.ceil(exactItems(p1, p2, alpha, power) - 1e-9);
    }

    /**
     * The smallest drop from {@code baseline} that {@code items} eval items per model detect at the given
     * significance and power: the d at which {@link #itemsPerArm}(baseline, baseline - d) equals {@code items},
     * found by bisection (the items needed fall as d grows).
     */
    public static double detectableDrop(double baseline, long items, double alpha, double power) {
        rate("baseline", baseline);
        rate("alpha", alpha);
        rate("power", power);
        if (items < 1) {
            throw new IllegalArgumentException("items must be >= 1; got " + items);
        }
        double lo = 0;
        double hi = baseline - 1e-9;
        if (exactItems(baseline, baseline - hi, alpha, power) > items) {
            return baseline;
        }
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (mid <= 0 || exactItems(baseline, baseline - mid, alpha, power) > items) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static double exactItems(double p1, double p2, double alpha, double power) {
        double zAlpha = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        double zBeta = STANDARD_NORMAL.inverseCumulativeProbability(power);
        double pBar = (p1 + p2) / 2;
        double a = zAlpha * Math.sqrt(2 * pBar * (1 - pBar));
        double b = zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return (a + b) * (a + b) / ((p1 - p2) * (p1 - p2));
    }

    private static void rate(String field, double v) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(field + " must be in (0, 1); got " + v);
        }
    }
}
