package io.ridgeline.engine.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SiFormatTest {

    @Test
    void bytesReadWithDecimalPrefixes() {
        assertThat(SiFormat.bytes(16_060_522_496.0)).isEqualTo("16.06 GB");
        assertThat(SiFormat.bytes(131_072)).isEqualTo("131.1 kB");
        assertThat(SiFormat.bytes(72e9)).isEqualTo("72 GB");
        assertThat(SiFormat.bytes(512)).isEqualTo("512 B");
    }

    @Test
    void ratesAndPlainNumbers() {
        assertThat(SiFormat.si(3.35e12, "B/s")).isEqualTo("3.35 TB/s");
        assertThat(SiFormat.si(989e12, "FLOP/s")).isEqualTo("989 TFLOP/s");
        assertThat(SiFormat.num(4096)).isEqualTo("4096");
        assertThat(SiFormat.num(8_030_261_248.0)).isEqualTo("8.03 G");
        assertThat(SiFormat.sig(0.89)).isEqualTo("0.89");
        assertThat(SiFormat.msFromS(0.0055668)).isEqualTo("5.567 ms");
    }

    @Test
    void roundingUpCarriesToTheNextPrefix() {
        // 999,960 B rounds to four digits as 1000 kB; it is written 1 MB
        assertThat(SiFormat.bytes(999_960)).isEqualTo("1 MB");
    }
}
