package io.ridgeline.engine.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeterministicQueueTest {

    private static final MathContext MC = new MathContext(80);

    @Test
    void belowOneServiceTimeTheDistributionIsOneExponential() {
        // rho 0.5, D = 1 s, t = 0.5 s: P(W <= t) = (1 - rho) e^(lambda t) = 0.5 x e^0.25 = 0.642013
        assertThat(DeterministicQueue.waitCdf(0.5, 1.0, 0.5)).isCloseTo(0.642013, within(1e-6));
        // at t = 0 the share that does not wait: 1 - rho
        assertThat(DeterministicQueue.waitCdf(0.3, 1.0, 0.0)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void betweenOneAndTwoServiceTimesTheSeriesHasTwoTerms() {
        // rho 0.5, D = 1, t = 1.5: 0.5 x (e^0.75 + (0.5 x (1 - 1.5)) e^(-0.5 x (1 - 1.5)))
        // = 0.5 x (2.117000 - 0.25 x 1.284025) = 0.5 x 1.795994 = 0.897997
        assertThat(DeterministicQueue.waitCdf(0.5, 1.0, 1.5)).isCloseTo(0.897997, within(1e-6));
    }

    /**
     * Erlang's series summed in 80-digit arithmetic on exact decimal inputs (the alternating terms reach e^(2 lambda
     * t), so even the inputs' binary rounding would show): the reference for every span.
     */
    private static double exactCdf(double rho, double d, double t) {
        BigDecimal r = new BigDecimal(Double.toString(rho));
        BigDecimal dd = new BigDecimal(Double.toString(d));
        BigDecimal tt = new BigDecimal(Double.toString(t)).round(new MathContext(12));
        BigDecimal lambda = r.divide(dd, MC);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal factorial = BigDecimal.ONE;
        for (int k = 0; BigDecimal.valueOf(k).multiply(dd).compareTo(tt) <= 0; k++) {
            if (k > 0) {
                factorial = factorial.multiply(BigDecimal.valueOf(k));
            }
            BigDecimal x = lambda.multiply(BigDecimal.valueOf(k).multiply(dd).subtract(tt), MC);
            sum = sum.add(x.pow(k, MC).divide(factorial, MC).multiply(exp(x.negate()), MC), MC);
        }
        return sum.multiply(BigDecimal.ONE.subtract(r), MC).doubleValue();
    }

    private static BigDecimal exp(BigDecimal x) {
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int n = 1; n < 400; n++) {
            term = term.multiply(x, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        return sum;
    }

    @ParameterizedTest
    @CsvSource({"0.15, 0.5", "0.15, 3.7", "0.5, 2.2", "0.5, 7.9", "0.5, 8.1", "0.5, 12.0", "0.8, 5.0",
            "0.8, 9.0", "0.9, 15.0", "0.95, 30.0"})
    void theCdfMatchesErlangsSeriesInHighPrecision(double rho, double tOverD) {
        assertThat(DeterministicQueue.waitCdf(rho, 0.2, tOverD * 0.2)).isCloseTo(exactCdf(rho, 0.2, tOverD * 0.2),
                within(1e-8));
    }

    @ParameterizedTest
    @CsvSource({"0.15", "0.3", "0.5", "0.7", "0.9", "0.97"})
    void theQuantileInvertsTheExactDistributionAndTheMeanIsPollaczekKhinchines(double rho) {
        double d = 0.25;
        double w = DeterministicQueue.waitQuantileS(rho, d, 0.99);
        assertThat(exactCdf(rho, d, w)).isCloseTo(0.99, within(1e-7));
        // E[W] = integral of P(W > t) dt = rho D / (2 (1 - rho)) for M/D/1
        double mean = 0;
        double dt = d / 400;
        for (double t = 0; t < 400 * d; t += dt) {
            mean += (1 - DeterministicQueue.waitCdf(rho, d, t + dt / 2)) * dt;
        }
        assertThat(mean).isCloseTo(rho * d / (2 * (1 - rho)), within(1e-4 * d + 1e-6));
    }

    @Test
    void theExactQuantileIsBelowTheOldExponentialApproximation() {
        // the M/M/1 tail with the M/D/1 mean, ln(rho / (1 - p)) / (2 mu (1 - rho)), at rho 0.3 and D = 1 s gives
        // ln(30) / 1.4 = 2.4294 s; the M/D/1 p99 is shorter
        double exact = DeterministicQueue.waitQuantileS(0.3, 1.0, 0.99);
        assertThat(exact).isLessThan(Math.log(0.3 / 0.01) / (2 * 0.7));
        assertThat(exactCdf(0.3, 1.0, exact)).isCloseTo(0.99, within(1e-7));
    }

    @Test
    void noWaitWhenFewerThanOnePercentFindTheServerBusy() {
        assertThat(DeterministicQueue.waitQuantileS(0.005, 1.0, 0.99)).isZero();
        assertThatThrownBy(() -> DeterministicQueue.waitCdf(1.0, 1.0, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void utilizationsWithinRoundingOfZeroAndOneGiveAFiniteTail() {
        // at rho = nextDown(1) the tail rate's bound rounds to 0; below 1e-100 e^y would overflow on the way
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            for (double rho : new double[] {Math.nextDown(1.0), 1 - 1e-12, 1e-300, Double.MIN_NORMAL}) {
                double y = DeterministicQueue.tailRate(rho);
                assertThat(y).as("rho %s", rho).isPositive().isFinite();
                // the root of rho (e^y - 1) = y, written as y = ln(1 + y / rho) so that e^y cannot overflow
                double rhs = rho < 1e-100 ? Math.log(rho + y) - Math.log(rho) : Math.log1p(y / rho);
                assertThat(rhs).as("rho %s", rho).isCloseTo(y, within(1e-9 * y));
                assertThat(DeterministicQueue.waitQuantileS(rho, 1.0, 0.99)).as("rho %s", rho).isFinite();
            }
        });
    }
}
