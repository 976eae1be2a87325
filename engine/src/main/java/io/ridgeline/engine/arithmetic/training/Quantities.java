package io.ridgeline.engine.arithmetic.training;

import java.util.Locale;

/**
 * Compact text for numbers inside a {@link io.ridgeline.facts.Figure}'s substituted formula. Bytes are printed in
 * decimal units (GB = 1e9 B, TB = 1e12 B); other numbers with four significant digits, switching to e-notation
 * outside [1e-3, 1e5).
 */
public final class Quantities {

    private Quantities() {
    }

    /** Four significant digits: {@code 4.818e10}, {@code 0.7500}, {@code 3/19 -> 0.1579}. */
    public static String num(double x) {
        if (x == 0) {
            return "0";
        }
        double a = Math.abs(x);
        if (a >= 1e5 || a < 1e-3) {
            String s = String.format(Locale.ROOT, "%.4g", x);
            if (!s.contains("e")) {
                s = String.format(Locale.ROOT, "%.3e", x);
            }
            return s.replace("e+", "e").replace("e0", "e").replace("e-0", "e-");
        }
        if (a == Math.rint(a) && a < 1e5) {
            return String.format(Locale.ROOT, "%d", (long) x);
        }
        return String.format(Locale.ROOT, "%.4g", x);
    }

    /** Bytes in decimal units: {@code 128.5 GB}. */
    public static String bytes(double b) {
        double a = Math.abs(b);
        if (a >= 1e12) {
            return String.format(Locale.ROOT, "%.3g TB", b / 1e12);
        }
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.4g GB", b / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.4g MB", b / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.4g kB", b / 1e3);
        }
        return String.format(Locale.ROOT, "%.4g B", b);
    }

    /** A share as a percentage: {@code 15.8%}. */
    public static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** Replaces NaN and infinities by 0, so that a record never carries a value JSON cannot hold. */
    public static double finite(double x) {
        return Double.isFinite(x) ? x : 0.0;
    }
}
