package io.ridgeline.engine.arithmetic.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LifecycleArithmeticTest {

    @Test
    void detectingAFivePointDropFromEightyPercentNeedsAboutElevenHundredItemsPerModel() {
        // z(0.975) = 1.959964, z(0.80) = 0.841621; pbar = 0.775
        // a = 1.959964 x sqrt(2 x 0.775 x 0.225) = 1.959964 x 0.590550 = 1.157456
        // b = 0.841621 x sqrt(0.8 x 0.2 + 0.75 x 0.25) = 0.841621 x 0.589491 = 0.496128
        // n = (1.653584)^2 / 0.05^2 = 2.734340 / 0.0025 = 1093.7 -> 1094
        assertThat(RegressionGate.itemsPerArm(0.80, 0.75, 0.05, 0.80)).isEqualTo(1094);
        assertThat(RegressionGate.itemsPerArm(0.75, 0.80, 0.05, 0.80)).isEqualTo(1094);
    }

    @Test
    void halvingTheDifferenceRoughlyQuadruplesTheItems() {
        // 0.80 vs 0.775: pbar 0.7875; a = 1.959964 x sqrt(0.334688) = 1.133876;
        // b = 0.841621 x sqrt(0.16 + 0.174375) = 0.841621 x 0.578252 = 0.486667; n = 2.626153 / 0.000625 = 4201.8
        assertThat(RegressionGate.itemsPerArm(0.80, 0.775, 0.05, 0.80)).isEqualTo(4202);
    }

    @Test
    void theDetectableDropOfAnEvalSetInvertsTheItemCount() {
        // 1094 items per model at 80% detect a drop of just under 5 points
        double d = RegressionGate.detectableDrop(0.80, 1094, 0.05, 0.80);
        assertThat(d).isCloseTo(0.05, within(2e-4)).isLessThanOrEqualTo(0.05);
        // 200 items detect only a much larger drop
        assertThat(RegressionGate.detectableDrop(0.80, 200, 0.05, 0.80)).isGreaterThan(0.10);
    }

    @Test
    void aGateRefusesRatesOutsideTheOpenInterval() {
        assertThatThrownBy(() -> RegressionGate.itemsPerArm(1.0, 0.9, 0.05, 0.8))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("p1 must be in (0, 1); got 1.0");
        assertThatThrownBy(() -> RegressionGate.itemsPerArm(0.9, 0.9, 0.05, 0.8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
        assertThatThrownBy(() -> RegressionGate.detectableDrop(0.9, 0, 0.05, 0.8))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("items must be >= 1; got 0");
    }

    @Test
    void tenReplicasAtOnePercentFailureNeedTwoSparesForAOneInAThousandShortfall() {
        // k = 0: 1 - 0.99^10 = 0.0956
        assertThat(Redundancy.shortfallProbability(10, 0, 0.01)).isCloseTo(0.095618, within(1e-6));
        // k = 1: 1 - 0.99^11 - 11 x 0.01 x 0.99^10 = 1 - 0.895338 - 0.099482 = 0.005180
        assertThat(Redundancy.shortfallProbability(10, 1, 0.01)).isCloseTo(0.005180, within(1e-6));
        // k = 2: 1 - (0.886385 + 0.107441 + 0.005969) = 0.000205
        assertThat(Redundancy.shortfallProbability(10, 2, 0.01)).isCloseTo(0.000205, within(1e-6));
        assertThat(Redundancy.spares(10, 0.01, 1e-3)).isEqualTo(2);
        assertThat(Redundancy.spares(10, 0.0, 1e-3)).isZero();
    }

    @Test
    void anEightGpuReplicaFailsWithinAFourHourRepairAtTheLlama3Rate() {
        // 419 / (54 x 24 x 16,384) = 1.9733e-5 per GPU-hour; 8 GPUs x 4 h -> p = 1 - exp(-6.3146e-4) = 6.3126e-4
        double rate = 419.0 / (54 * 24 * 16384);
        assertThat(Redundancy.replicaFailureProbability(rate, 8, 4)).isCloseTo(6.3126e-4, within(1e-8));
        assertThatThrownBy(() -> Redundancy.replicaFailureProbability(rate, 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("gpus_per_replica must be >= 1; got 0");
    }
}
