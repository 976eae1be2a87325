package io.ridgeline.engine.estimate;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Compact number formatting for substituted formulas: four significant digits and decimal SI prefixes
 * (k = 1e3, M = 1e6, G = 1e9, T = 1e12, P = 1e15, E = 1e18), so 16060522496 bytes reads "16.06 GB" and
 * 131072 bytes "131.1 kB".
 */
public final class SiFormat {

    private static final String[] PREFIXES = {"", "k", "M", "G", "T", "P", "E"};
    private static final MathContext FOUR = new MathContext(4);

    private SiFormat() {
    }

    /** Four significant digits, no exponent, trailing zeros dropped: 0.89, 5.567, 4096, 0.00001234. */
    public static String sig(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : String.valueOf(v);
        }
        return new BigDecimal(v).round(FOUR).stripTrailingZeros().toPlainString();
    }

    /** A plain number: integers below 1e6 as they are, others with four significant digits and an SI prefix. */
    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.valueOf((long) v);
        }
        if (Math.abs(v) < 1e4) {
            return sig(v);
        }
        return si(v, "").trim();
    }

    /** A quantity with an SI prefix on its unit: si(3.35e12, "B/s") = "3.35 TB/s". */
    public static String si(double v, String unit) {
        double a = Math.abs(v);
        int p = 0;
        while (p < PREFIXES.length - 1 && a >= 999.95 * Math.pow(1000, p)) {
            p++;
        }
        double scaled = v / Math.pow(1000, p);
        return sig(scaled) + " " + PREFIXES[p] + unit;
    }

    /** Bytes: "16.06 GB". */
    public static String bytes(double v) {
        return si(v, "B");
    }

    /** Milliseconds from seconds: "5.567 ms". */
    public static String msFromS(double seconds) {
        return sig(seconds * 1e3) + " ms";
    }
}
