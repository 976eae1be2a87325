package io.ridgeline.engine.text;

import java.math.BigDecimal;

/**
 * How Ridgeline writes numbers in text. {@link #plain} writes a number so that it can be written back into a
 * scenario or a catalog: error messages, ranges and the scenario reference use it.
 */
public final class Numbers {

    private Numbers() {
    }

    /**
     * A number as a scenario would hold it: whole numbers in digits (100000000), others in the fewest digits that
     * read back to the same double (0.95, 0.9999), and e-notation from 1e15 up and below 1e-4 (1e16, 2.5e-5).
     */
    public static String plain(double d) {
        if (!Double.isFinite(d)) {
            return String.valueOf(d);
        }
        double a = Math.abs(d);
        if (d == Math.rint(d) && a < 1e15) {
            return Long.toString((long) d);
        }
        if (a >= 1e15 || a < 1e-4) {
            // Double.toString's shortest digits, written 1e16 rather than 1.0E16
            String s = Double.toString(d);
            int e = s.indexOf('E');
            String mantissa = s.substring(0, e).replaceFirst("\\.0$", "");
            return mantissa + "e" + s.substring(e + 1);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
