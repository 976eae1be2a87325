package io.ridgeline.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void bytesReadWithDecimalPrefixes() {
        assertThat(Numbers.bytes(16_060_522_496.0)).isEqualTo("16.06 GB");
        assertThat(Numbers.bytes(131_072)).isEqualTo("131.1 kB");
        assertThat(Numbers.bytes(72e9)).isEqualTo("72 GB");
        assertThat(Numbers.bytes(512)).isEqualTo("512 B");
    }

    @Test
    void formulaNumbersHaveFourSignificantDigitsAndAnSiPrefix() {
        assertThat(Numbers.si(3.35e12, "B/s")).isEqualTo("3.35 TB/s");
        assertThat(Numbers.si(989e12, "FLOP/s")).isEqualTo("989 TFLOP/s");
        assertThat(Numbers.compact(4096)).isEqualTo("4096");
        assertThat(Numbers.compact(8_030_261_248.0)).isEqualTo("8.03 G");
        assertThat(Numbers.sig(0.89)).isEqualTo("0.89");
        assertThat(Numbers.msFromS(0.0055668)).isEqualTo("5.567 ms");
    }

    @Test
    void pastTheExaPrefixNumbersAreWrittenInENotation() {
        // a 405B model trained on 15.6T tokens: 6 x 405e9 x 15.6e12 = 3.79e25 FLOP
        assertThat(Numbers.si(6 * 405e9 * 15.6e12, "FLOP")).isEqualTo("3.791e25 FLOP");
        assertThat(Numbers.compact(3.237e24)).isEqualTo("3.237e24");
        assertThat(Numbers.compact(4.287e21)).isEqualTo("4.287e21");
        assertThat(Numbers.compact(9.99996e23)).isEqualTo("1e24");
        assertThat(Numbers.compact(4.2e20)).isEqualTo("420 E");
    }

    @Test
    void proseAndTableEdgesStayPlain() {
        assertThat(Numbers.grouped(999.7)).isEqualTo("1,000");
        assertThat(Numbers.grouped(3.2368079142912e24)).isEqualTo("3.237e24");
        assertThat(Numbers.grouped(1.2e-5)).isEqualTo("0.000012");
        assertThat(Numbers.cell(99.97)).isEqualTo("100");
        assertThat(Numbers.cell(1.2e-5)).isEqualTo("0.000012");
        assertThat(Numbers.seconds(102.63)).isEqualTo("102.6");
        assertThat(Numbers.seconds(1.1)).isEqualTo("1.10");
        assertThat(Numbers.threeDigits(4.046e12, "FLOP/token")).isEqualTo("4.046 TFLOP/token");
        assertThat(Numbers.threeDigits(0.04567, "s")).isEqualTo("0.0457 s");
        assertThat(Numbers.usd(12.5)).isEqualTo("$12.50");
        assertThat(Numbers.usd(1234.4)).isEqualTo("$1,234");
        assertThat(Numbers.milliseconds(52.934)).isEqualTo("52.93 ms");
        assertThat(Numbers.rate(1200, "requests/s")).isEqualTo("1,200 requests/s");
        assertThat(Numbers.whole(12_345.4, "tokens/s")).isEqualTo("12,345 tokens/s");
    }

    @Test
    void roundingUpCarriesToTheNextPrefix() {
        // 999,960 B rounds to four digits as 1000 kB; it is written 1 MB
        assertThat(Numbers.bytes(999_960)).isEqualTo("1 MB");
    }

    @Test
    void plainNumbersReadBackAsWritten() {
        assertThat(Numbers.plain(100_000_000)).isEqualTo("100000000");
        assertThat(Numbers.plain(0.95)).isEqualTo("0.95");
        assertThat(Numbers.plain(0.9999)).isEqualTo("0.9999");
        assertThat(Numbers.plain(1e16)).isEqualTo("1e16");
        assertThat(Numbers.plain(2.5e-5)).isEqualTo("2.5e-5");
        assertThat(Double.parseDouble(Numbers.plain(1e16))).isEqualTo(1e16);
    }

    @Test
    void proseTablesAndShares() {
        assertThat(Numbers.grouped(1_234_567)).isEqualTo("1,234,567");
        assertThat(Numbers.grouped(12_345.6)).isEqualTo("12,346");
        assertThat(Numbers.grouped(3.14159)).isEqualTo("3.14");
        assertThat(Numbers.percent(0.158)).isEqualTo("15.8%");
        assertThat(Numbers.signedPercent(-0.13)).isEqualTo("-13.0%");
        assertThat(Numbers.cell(1234.4)).isEqualTo("1234");
        assertThat(Numbers.cell(12.345)).isEqualTo("12.3");
        assertThat(Numbers.cell(0.04567)).isEqualTo("0.0457");
        assertThat(Numbers.cell(Double.NaN)).isEqualTo("-");
    }
}
