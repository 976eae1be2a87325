package io.ridgeline.engine.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DisaggregationTest {

    @Test
    void kvOfA4kPromptCrossesTheNicInThirteenMilliseconds() {
        // 8B: 4096 x 131,072 = 536,870,912 B over one 50 GB/s NIC x 0.8: 13.4218 ms + 30 us = 13.4518 ms
        assertThat(Disaggregation.kvTransferS(536_870_912.0, 1, 50e9, 0.8, 30e-6) * 1e3)
                .isCloseTo(13.4518, within(1e-4));
    }

    @Test
    void tensorParallelSendersShareTheTransfer() {
        // 70B tp 4, P = 8192: 8192 x 327,680 = 2,684,354,560 B / (4 x 40e9) = 16.7772 ms + 30 us
        assertThat(Disaggregation.kvTransferS(2_684_354_560.0, 4, 50e9, 0.8, 30e-6) * 1e3)
                .isCloseTo(16.8072, within(1e-4));
    }

    @Test
    void prefillShareFollowsGpuSeconds() {
        // prefill 0.2 s vs decode 256 x 0.02 / 32 = 0.16 s per request -> 1.25 : 1 -> 5/9 prefill
        double r = Disaggregation.prefillToDecodeRatio(0.2, 256, 0.02, 32);
        assertThat(r).isCloseTo(1.25, within(1e-12));
        assertThat(Disaggregation.prefillShare(r)).isCloseTo(0.5556, within(1e-4));
        assertThat(Disaggregation.prefillInstances(0.5556, 9)).isEqualTo(5);
        assertThat(Disaggregation.prefillInstances(0.01, 9)).isEqualTo(1);
    }

    @Test
    void oneReplicaCannotBeSplit() {
        assertThatThrownBy(() -> Disaggregation.prefillInstances(0.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas");
    }
}
