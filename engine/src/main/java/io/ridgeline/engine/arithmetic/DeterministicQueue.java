package io.ridgeline.engine.arithmetic;

/**
 * The M/D/1 queue: Poisson arrivals at rate lambda, one server, a constant service time D, rho = lambda D. Prefill of
 * a given prompt length takes nearly the same time every time, so this is the prefill queue's model.
 *
 * <p>The waiting-time distribution is Erlang's (1909): for t >= 0,
 * P(W <= t) = (1 - rho) x sum over k = 0 .. floor(t / D) of (lambda (kD - t))^k / k! x e^(-lambda (kD - t)).
 * Its terms alternate in sign and grow like e^(lambda t), so it is summed only up to t = {@value #EXACT_SPAN} D
 * (the cancellation then costs under 1e-9). Past that the tail is its dominant exponential,
 * P(W > t) = C e^(-theta t), theta > 0 the root of lambda (e^(theta D) - 1) = theta and
 * C = (1 - rho) / (rho e^(theta D) - 1) (the pole of the Pollaczek-Khinchine transform nearest zero); the other poles
 * decay faster than e^(-2.5 t / D), so at 8 D the two agree to about 1e-9.
 */
public final class DeterministicQueue {

    /** Service times up to which Erlang's series is summed; beyond, the exponential tail. */
    public static final double EXACT_SPAN = 8.0;

    private DeterministicQueue() {
    }

    /** P(W <= t), the waiting time's distribution; rho in [0, 1), serviceS > 0. */
    public static double waitCdf(double rho, double serviceS, double t) {
        check(rho, serviceS);
        if (t < 0) {
            return 0.0;
        }
        if (rho == 0) {
            return 1.0;
        }
        if (t <= EXACT_SPAN * serviceS) {
            double lambda = rho / serviceS;
            int n = (int) Math.floor(t / serviceS);
            double sum = 0.0;
            for (int k = 0; k <= n; k++) {
                double u = lambda * (t - k * serviceS);
                double term;
                if (k == 0) {
                    term = Math.exp(u);
                } else if (u <= 0) {
                    term = 0.0;
                } else {
                    term = Math.exp(k * Math.log(u) - logFactorial(k) + u);
                    if (k % 2 == 1) {
                        term = -term;
                    }
                }
                sum += term;
            }
            return Math.max(0.0, Math.min(1.0, (1.0 - rho) * sum));
        }
        double y = tailRate(rho);
        double c = (1.0 - rho) / (rho * Math.exp(y) - 1.0);
        return 1.0 - c * Math.exp(-y * t / serviceS);
    }

    /** The waiting time at percentile p, s: 0 when a share 1 - rho >= p of requests do not wait at all. */
    public static double waitQuantileS(double rho, double serviceS, double percentile) {
        check(rho, serviceS);
        if (!(percentile > 0 && percentile < 1)) {
            throw new IllegalArgumentException("percentile = " + percentile + " must be in (0, 1)");
        }
        if (1.0 - rho >= percentile) {
            return 0.0;
        }
        double y = tailRate(rho);
        double c = (1.0 - rho) / (rho * Math.exp(y) - 1.0);
        double tail = Math.log(c / (1.0 - percentile)) / y * serviceS;
        if (tail > EXACT_SPAN * serviceS) {
            return tail;
        }
        double lo = 0.0;
        double hi = EXACT_SPAN * serviceS;
        for (int i = 0; i < 60; i++) {
            double mid = 0.5 * (lo + hi);
            if (waitCdf(rho, serviceS, mid) >= percentile) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** theta x D: the positive root y of rho (e^y - 1) = y (bisection; it lies where rho e^y crosses 1 + y). */
    static double tailRate(double rho) {
        double lo = 0.0;
        double hi = Math.max(1.0, -2.0 * Math.log(rho));
        while (rho * Math.expm1(hi) - hi <= 0) {
            hi *= 2;
        }
        // the root is above -ln(rho), where the curve turns upward
        lo = Math.max(lo, -Math.log(rho));
        for (int i = 0; i < 100 && hi - lo > 1e-14 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (rho * Math.expm1(mid) - mid > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double logFactorial(int k) {
        double s = 0.0;
        for (int i = 2; i <= k; i++) {
            s += Math.log(i);
        }
        return s;
    }

    private static void check(double rho, double serviceS) {
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("rho = " + rho + " must be in [0, 1)");
        }
        if (!(serviceS > 0)) {
            throw new IllegalArgumentException("serviceS = " + serviceS + " must be > 0");
        }
    }
}
