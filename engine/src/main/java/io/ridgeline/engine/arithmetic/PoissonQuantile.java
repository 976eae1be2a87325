package io.ridgeline.engine.arithmetic;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.special.Gamma;

/**
 * The p-quantile of a Poisson count with mean mu, Q_p(mu) = the least k with P(N <= k) >= p, by thresholds.
 *
 * <p>P(N <= k; mu) = Q(k + 1, mu), the regularized upper incomplete gamma function, falls as mu grows, so
 * Q_p(mu) <= k exactly when mu <= t_k, the mean at which P(N <= k; mu) = p. For a percentile the thresholds
 * t_0 < t_1 < ... up to a mean of {@value #TABLE_LIMIT} are solved once (Brent on the regularized gamma, to a
 * relative 1e-13) and kept; a quantile is then a binary search among them. This gives the same count as summing the
 * probabilities term by term except for a mean within that tolerance of a threshold, where the summed probability
 * is itself no more exact. At most {@value #CACHED_PERCENTILES} percentiles are kept; others are summed.
 */
public final class PoissonQuantile {

    /** Means up to which thresholds are tabulated (the quantile is exact up to this mean). */
    public static final double TABLE_LIMIT = 200.0;
    /** Percentiles whose thresholds are kept; a scenario has one, a process sees a handful. */
    static final int CACHED_PERCENTILES = 64;

    private static final ConcurrentHashMap<Double, double[]> THRESHOLDS = new ConcurrentHashMap<>();

    /** The table used last: a bill asks for one percentile many times over. */
    private record Table(double percentile, double[] thresholds) {
    }

    private static volatile Table last = new Table(Double.NaN, null);

    private PoissonQuantile() {
    }

    /**
     * Percentiles tabulated: within 1e-9 of 0 or 1 the regularized gamma function is not accurate enough for the
     * thresholds, and those are summed.
     */
    static final double TABULATED_FROM = 1e-9;

    /** Q_p(mu) for mu > 0 and 0 < p < 1; tabulated up to a mean of {@value #TABLE_LIMIT}, summed beyond. */
    public static int of(double mu, double percentile) {
        double[] t = mu <= TABLE_LIMIT && percentile >= TABULATED_FROM && percentile <= 1 - TABULATED_FROM
                ? thresholds(percentile) : null;
        if (t == null || t.length == 0) {
            return summed(mu, percentile);
        }
        int i = Arrays.binarySearch(t, mu);
        return i >= 0 ? i : -i - 1;
    }

    /** Q_p(mu) summed term by term: pmf(0) = e^-mu, pmf(k) = pmf(k - 1) x mu / k, until the sum reaches p. */
    static int summed(double mu, double percentile) {
        double pmf = Math.exp(-mu);
        double cdf = pmf;
        int k = 0;
        while (cdf < percentile && k < 100_000) {
            k++;
            pmf *= mu / k;
            cdf += pmf;
        }
        return k;
    }

    /**
     * The thresholds t_0 .. t_K of a percentile, the last past {@value #TABLE_LIMIT}; null when none are kept, empty
     * when they could not be solved (the quantile is then summed).
     */
    static double[] thresholds(double percentile) {
        Table recent = last;
        if (recent.percentile() == percentile) {
            return recent.thresholds();
        }
        double[] t = THRESHOLDS.get(percentile);
        if (t == null && THRESHOLDS.size() < CACHED_PERCENTILES) {
            t = THRESHOLDS.computeIfAbsent(percentile, PoissonQuantile::solveThresholds);
        }
        if (t != null) {
            last = new Table(percentile, t);
        }
        return t;
    }

    private static double[] solveThresholds(double p) {
        // no tolerance on the function's value: a bracket end within 1e-15 of p is not a root
        BrentSolver solver = new BrentSolver(1e-13, 1e-300, 0.0);
        double[] t = new double[64];
        int k = 0;
        double lo = 0.0;
        while (true) {
            final int count = k;
            // P(N <= k; mu) - p falls through zero between the previous threshold and a mean far enough out
            double hi = Math.max(lo * 2, count + 2.0);
            while (Gamma.regularizedGammaQ(count + 1.0, hi) >= p) {
                hi *= 2;
            }
            double root = solver.solve(10_000, mu -> Gamma.regularizedGammaQ(count + 1.0, mu) - p, lo, hi);
            if (!(root > lo)) {
                return new double[0];
            }
            if (k == t.length) {
                t = Arrays.copyOf(t, 2 * t.length);
            }
            t[k] = root;
            if (root > TABLE_LIMIT) {
                return Arrays.copyOf(t, k + 1);
            }
            lo = root;
            k++;
        }
    }
}
