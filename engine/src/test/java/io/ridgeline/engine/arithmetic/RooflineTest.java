package io.ridgeline.engine.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RooflineTest {

    @Test
    void h100RidgeIsAboutThreeHundredFlopsPerByte() {
        // 989e12 / 3.35e12 = 295.2 FLOP/B
        assertThat(Roofline.ridgePoint(989e12, 3.35e12)).isCloseTo(295.22, within(0.01));
    }

    @Test
    void batchOneDecodeDoesOneFlopPerByte() {
        // 2N FLOP over 2N bytes of bf16 weights
        assertThat(Roofline.arithmeticIntensity(16.06e9, 16.06e9)).isEqualTo(1.0);
        assertThat(Roofline.isComputeBound(16.06e9, 16.06e9, 989e12, 3.35e12, 0.75, 0.89)).isFalse();
    }

    @Test
    void timeIsTheLongerOfComputeAndMemory() {
        // 1e12 FLOP at 989e12 x 0.75 = 1.348 ms; 1e9 B at 3.35e12 x 0.89 = 0.335 ms -> 1.348 ms
        assertThat(Roofline.timeS(1e12, 1e9, 989e12, 3.35e12, 0.75, 0.89)).isCloseTo(1.3481e-3, within(1e-7));
        assertThat(Roofline.isComputeBound(1e12, 1e9, 989e12, 3.35e12, 0.75, 0.89)).isTrue();
    }
}
