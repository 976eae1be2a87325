package io.ridgeline.engine.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;

class PoissonQuantileTest {

    @Test
    void theFirstThresholdsAreWorkedByHand() {
        // k = 0: P(N <= 0) = e^-mu = 0.99 at mu = -ln 0.99 = 0.0100503
        double[] t = PoissonQuantile.thresholds(0.99);
        assertThat(t[0]).isCloseTo(-Math.log(0.99), within(1e-12));
        // k = 1: e^-mu (1 + mu) = 0.99 at mu = 0.148554 (Newton by hand from 0.15: f = -0.0002, f' = -0.129)
        assertThat(t[1]).isCloseTo(0.148554, within(1e-5));
        // p50, k = 0: e^-mu = 0.5 at ln 2
        assertThat(PoissonQuantile.thresholds(0.5)[0]).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void matchesTheSummedAndTheLibraryQuantileOverTheTabulatedRange() {
        SplittableRandom random = new SplittableRandom(7);
        for (double p : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
            for (int i = 0; i < 4_000; i++) {
                double mu = Math.exp(random.nextDouble(Math.log(1e-4), Math.log(PoissonQuantile.TABLE_LIMIT)));
                int tabulated = PoissonQuantile.of(mu, p);
                assertThat(tabulated).as("mu %s p %s", mu, p).isEqualTo(PoissonQuantile.summed(mu, p));
                assertThat(tabulated).as("mu %s p %s", mu, p)
                        .isEqualTo(new PoissonDistribution(null, mu, 1e-14, 10_000_000).inverseCumulativeProbability(p));
            }
        }
    }

    @Test
    void aMeanJustEitherSideOfAThresholdGetsTheCountItsProbabilitySays() {
        double[] t = PoissonQuantile.thresholds(0.95);
        for (int k = 0; k < t.length - 1; k += 17) {
            assertThat(PoissonQuantile.of(t[k] * (1 - 1e-9), 0.95)).isEqualTo(k);
            assertThat(PoissonQuantile.of(t[k] * (1 + 1e-9), 0.95)).isEqualTo(k + 1);
        }
    }

    @Test
    void extremePercentilesAndLargeMeansAgreeWithTheSum() {
        SplittableRandom random = new SplittableRandom(11);
        for (double p : new double[] {1e-15, 1e-10, 1e-9, 0.999999999, 1 - 1e-13, 0.999999999999999}) {
            for (int i = 0; i < 500; i++) {
                double mu = Math.exp(random.nextDouble(Math.log(1e-3), Math.log(400)));
                assertThat(PoissonQuantile.of(mu, p)).as("mu %s p %s", mu, p).isEqualTo(PoissonQuantile.summed(mu, p));
            }
        }
    }
}
