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
        return 1.0 - tailWeight(rho, y) * Math.exp(-y * t / serviceS);
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
        double tail = Math.log(tailWeight(rho, y) / (1.0 - percentile)) / y * serviceS;
        if (tail > EXACT_SPAN * serviceS) {
            return tail;
        }
        // the distribution is continuous and increasing on (0, 8 D]: Newton's method on it with its density,
        // started from the exponential tail and kept inside a bracket that bisects when a step leaves it
        double lo = 0.0;
        double hi = EXACT_SPAN * serviceS;
        double t = Math.max(1e-9 * serviceS, Math.min(hi, tail));
        double[] fd = new double[2];
        for (int i = 0; i < 100; i++) {
            cdfAndDensity(rho, serviceS, t, fd);
            double g = fd[0] - percentile;
            if (g == 0) {
                return t; // on the quantile (a bisection from here would first step away from it)
            }
            if (g > 0) {
                hi = t;
            } else {
                lo = t;
            }
            double next = fd[1] > 0 ? t - g / fd[1] : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - t) <= 1e-12 * serviceS || hi - lo <= 1e-12 * serviceS) {
                return next;
            }
            t = next;
        }
        return t;
    }

    /**
     * Erlang's series and its derivative at t in (0, 8 D]: out[0] = P(W <= t), out[1] = its density. With
     * u_k = lambda (t - kD), d/dt of (-u_k)^k / k! e^(u_k) is lambda (-1)^k (u_k^(k-1) / (k-1)! + u_k^k / k!) e^(u_k).
     */
    private static void cdfAndDensity(double rho, double serviceS, double t, double[] out) {
        double lambda = rho / serviceS;
        int n = (int) Math.floor(t / serviceS);
        // e^(u_k) = e^(lambda t) x e^(-k rho), since lambda D = rho; the powers of u_k by products (k <= 8)
        double expU = Math.exp(lambda * t);
        double expMinusRho = Math.exp(-rho);
        double cdf = 0.0;
        double density = 0.0;
        for (int k = 0; k <= n; k++, expU *= expMinusRho) {
            double u = lambda * (t - k * serviceS);
            if (u <= 0) {
                continue;
            }
            // pk1 = u^(k-1) / (k-1)! e^u, pk = u^k / k! e^u
            double pk1 = 0.0;
            double pk = expU;
            if (k > 0) {
                pk1 = expU;
                for (int j = 1; j < k; j++) {
                    pk1 *= u / j;
                }
                pk = pk1 * u / k;
            }
            double sign = (k % 2 == 1) ? -1.0 : 1.0;
            cdf += sign * pk;
            density += sign * lambda * (pk1 + pk);
        }
        out[0] = Math.max(0.0, Math.min(1.0, (1.0 - rho) * cdf));
        out[1] = (1.0 - rho) * density;
    }

    /**
     * C = (1 - rho) / (rho e^y - 1), with rho e^y - 1 = y + rho - 1 at the root (rho (e^y - 1) = y), which keeps C
     * exact as rho approaches 1 where both differences vanish.
     */
    private static double tailWeight(double rho, double y) {
        return (1.0 - rho) / (y - (1.0 - rho));
    }

    /** theta x D: the positive root y of rho (e^y - 1) = y (Newton's method from the right). */
    static double tailRate(double rho) {
        // f(y) = rho (e^y - 1) - y is convex with f(0) = 0 and its minimum at -ln(rho): Newton from a point right
        // of the root descends to it monotonically. Start: e^y - 1 >= y + y^2/2 + y^3/6 bounds the root by the
        // positive root of y^2/6 + y/2 = 1/rho - 1; y <- ln(1 + y/rho) maps a point right of the root to one still
        // right of it and closer, which a small rho needs
        if (rho < 1e-100) {
            // e^y would overflow on the way: the root of y = ln(1 + y / rho) by fixed point, from L + ln L + 1
            // (L = -ln rho, right of the root); the map's slope 1 / (rho + y) is below 1/230 here
            double logInverse = -Math.log(rho);
            double y = logInverse + Math.log(logInverse) + 1.0;
            for (int i = 0; i < 50; i++) {
                double next = logInverse + Math.log(y + rho);
                if (Math.abs(next - y) <= 1e-15 * y) {
                    return next;
                }
                y = next;
            }
            return y;
        }
        double y = 3.0 * (Math.sqrt(0.25 + 2.0 * (1.0 - rho) / (3.0 * rho)) - 0.5);
        if (rho < 0.5) {
            y = Math.log1p(y / rho);
            y = Math.log1p(y / rho);
        }
        if (!(y > 0)) {
            y = 1.0; // rho within rounding of 1: the bound rounds to 0, the root itself is about 2 (1 - rho)
        }
        while (rho * expm1(y, Math.exp(y)) - y <= 0) {
            y *= 2;
        }
        for (int i = 0; i < 100; i++) {
            double e = Math.exp(y);
            double f = rho * expm1(y, e) - y;
            double next = y - f / (rho * e - 1.0);
            if (!(next < y) || y - next <= 1e-15 * y) {
                return Math.min(y, next > 0 ? next : y);
            }
            y = next;
        }
        return y;
    }

    /**
     * e^y - 1 given e = e^y: the difference where it loses under two ulps (y > 0.5), the strict expm1 (slower, not an
     * intrinsic) below, where the difference would cancel.
     */
    private static double expm1(double y, double e) {
        return y > 0.5 ? e - 1.0 : Math.expm1(y);
    }

    /** ln k! for the k the series reaches (k <= 8), and a little beyond. */
    private static final double[] LOG_FACTORIAL = new double[16];

    static {
        for (int k = 2; k < LOG_FACTORIAL.length; k++) {
            LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
        }
    }

    private static double logFactorial(int k) {
        return LOG_FACTORIAL[k];
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
