package io.ridgeline.engine.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RequirementsTest {

    @Test
    void littlesLawTurnsRateAndLatencyIntoConcurrency() {
        // 10 requests/s x 5.3 s = 53 in flight
        assertThat(Requirements.concurrency(10, 5.3)).isCloseTo(53.0, within(1e-12));
    }

    @Test
    void replicasCoverBothConcurrencyAndRate() {
        // ceil(53 / 32) = 2 by batch, ceil(10 / 4) = 3 by rate -> 3
        assertThat(Requirements.replicasNeeded(53, 32, 10, 4)).isEqualTo(3);
        // ceil(130 / 32) = 5 by batch wins over 3 by rate
        assertThat(Requirements.replicasNeeded(130, 32, 10, 4)).isEqualTo(5);
    }

    @Test
    void replicaCompletesRequestsAtPrefillPlusItsShareOfDecode() {
        // 1 / (0.2 + 256 x 0.02 / 32) = 1 / 0.36 = 2.7778 requests/s
        assertThat(Requirements.requestsPerSPerReplica(0.2, 256, 0.02, 32)).isCloseTo(2.7778, within(1e-4));
    }

    @Test
    void agentTaskOfTwentyCallsMissesTheP99OnceInFive() {
        // 20 x 5.3 s = 106 s; 0.99^20 = 0.8179
        assertThat(Requirements.taskS(20, 5.3)).isCloseTo(106.0, within(1e-9));
        assertThat(Requirements.allCallsUnderPercentile(0.99, 20)).isCloseTo(0.8179, within(1e-4));
    }

    @Test
    void peakRateScalesTheMean() {
        assertThat(Requirements.peakRequestsPerS(10, 3)).isEqualTo(30.0);
        assertThat(Requirements.peakRequestsPerS(10, 0)).isEqualTo(10.0);
    }
}
