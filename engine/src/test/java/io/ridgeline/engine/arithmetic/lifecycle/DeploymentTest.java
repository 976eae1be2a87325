package io.ridgeline.engine.arithmetic.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DeploymentTest {

    @Test
    void aReplicaStartsInItsWeightLoadPlusWarmUp() {
        // Llama-3.1-70B fp8 on tp 2: 35.28 GB per GPU at 2 GB/s = 17.64 s, + 60 s warm-up = 77.64 s
        assertThat(Deployment.replicaStartS(35.28e9, 2e9, 60)).isCloseTo(77.64, within(1e-9));
    }

    @Test
    void aRollingDeployTakesOneDrainAndStartPerWave() {
        // 10 replicas, 2 at a time: 5 waves x (8.85 s drain + 77.64 s start) = 432.45 s
        assertThat(Deployment.rollingDeployS(10, 2, 8.85, 77.64)).isCloseTo(432.45, within(1e-9));
        // 10 replicas, 3 at a time: ceil(10 / 3) = 4 waves
        assertThat(Deployment.rollingDeployS(10, 3, 10, 90)).isCloseTo(400.0, within(1e-9));
        assertThatThrownBy(() -> Deployment.rollingDeployS(4, 5, 1, 1)).hasMessageContaining("surge");
    }

    @Test
    void capacityDropsByTheWaveWithoutExtraReplicas() {
        // 10 replicas, waves of 2: 8 / 10 = 80% of capacity while a wave is out
        assertThat(Deployment.capacityDuringDeploy(10, 2)).isEqualTo(0.8);
    }

    @Test
    void theGuardrailCapsReplicasAtWhatTheBudgetBuys() {
        // $300/h, replicas of 2 x $2.49/GPU-h = $4.98/h: floor(300 / 4.98) = floor(60.24) = 60
        assertThat(Deployment.replicasTheBudgetBuys(300, 2, 2.49)).isEqualTo(60);
        // exactly on the boundary: $9.96/h buys 2 replicas of $4.98/h
        assertThat(Deployment.replicasTheBudgetBuys(9.96, 2, 2.49)).isEqualTo(2);
    }
}
