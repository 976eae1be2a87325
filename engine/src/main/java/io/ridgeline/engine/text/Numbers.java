package io.ridgeline.engine.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How Ridgeline writes a number in text, in one place. Each style has one use:
 * <ul>
 *   <li>{@link #plain}: a value a user can write back into a scenario or catalog (error messages, allowed ranges,
 *       the scenario reference);</li>
 *   <li>{@link #sig}, {@link #compact}, {@link #si}, {@link #bytes}, {@link #msFromS}: the numbers substituted into a
 *       bill's formulas, four significant digits with decimal SI prefixes (k = 1e3 ... E = 1e18; GB = 1e9 B);</li>
 *   <li>{@link #grouped}: a count or an amount in prose, with thousands separators (explanations, reports), and
 *       the prose forms with a unit: {@link #usd}, {@link #milliseconds}, {@link #rate}, {@link #threeDigits},
 *       {@link #oneDecimal}, {@link #twoDecimals};</li>
 *   <li>{@link #percent}: a share as a percentage;</li>
 *   <li>{@link #cell}: a measured or predicted figure in a table column, three significant digits, none past the
 *       point from 100 up; {@link #seconds}: a step time in a table.</li>
 * </ul>
 */
public final class Numbers {

    private static final String[] PREFIXES = {"", "k", "M", "G", "T", "P", "E"};
    private static final MathContext FOUR = new MathContext(4);

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

    /** Four significant digits, no exponent, trailing zeros dropped: 0.89, 5.567, 4096, 0.00001234. */
    public static String sig(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : String.valueOf(v);
        }
        return new BigDecimal(v).round(FOUR).stripTrailingZeros().toPlainString();
    }

    /** A formula's number: integers below 1e6 as they are, others with four significant digits and an SI prefix. */
    public static String compact(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.valueOf((long) v);
        }
        if (Math.abs(v) < 1e4) {
            return sig(v);
        }
        return si(v, "").trim();
    }

    /**
     * A quantity with an SI prefix on its unit: si(3.35e12, "B/s") = "3.35 TB/s"; from 1e21 up, past the exa prefix,
     * in e-notation as the literature writes training compute: si(3.237e24, "FLOP") = "3.237e24 FLOP".
     */
    public static String si(double v, String unit) {
        double a = Math.abs(v);
        if (Double.isFinite(a) && a >= 999.95e18) {
            return scientific(v) + " " + unit;
        }
        int p = 0;
        while (p < PREFIXES.length - 1 && a >= 999.95 * Math.pow(1000, p)) {
            p++;
        }
        double scaled = v / Math.pow(1000, p);
        return sig(scaled) + " " + PREFIXES[p] + unit;
    }

    /** Four significant digits in e-notation: 3.237e24. */
    private static String scientific(double v) {
        int exponent = (int) Math.floor(Math.log10(Math.abs(v)));
        double mantissa = v / Math.pow(10, exponent);
        if (Math.abs(Double.parseDouble(sig(mantissa))) >= 10) {
            exponent++;
            mantissa /= 10;
        }
        return sig(mantissa) + "e" + exponent;
    }

    /** Bytes in decimal units: "16.06 GB", "131.1 kB". */
    public static String bytes(double v) {
        return si(v, "B");
    }

    /** Milliseconds from seconds: "5.567 ms". */
    public static String msFromS(double seconds) {
        return sig(seconds * 1e3) + " ms";
    }

    /**
     * A count or an amount with thousands separators: 1,234,567; 12,346; 3.14 below 1,000; e-notation from 1e15 up
     * (3.237e24), where separators no longer help a reader.
     */
    public static String grouped(double v) {
        if (Double.isFinite(v) && Math.abs(v) >= 1e15) {
            return scientific(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 999.5) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v != 0 && Math.abs(v) < 1e-3) {
            return sig(v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** A share as a percentage with one decimal: 0.158 reads "15.8%". */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** A signed percentage with one decimal: "+4.2%", "-13.0%". */
    public static String signedPercent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    /** A table cell: three significant digits (12.3, 0.0456), whole from 100 up (1234); "-" for a missing value. */
    public static String cell(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) >= 99.95) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return v != 0 && Math.abs(v) < 1e-3 ? sig(v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** Seconds in a table: one decimal from 10 s up (102.6), two below (1.10, 0.99). */
    public static String seconds(double v) {
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    /** Dollars: "$1,234" from 100 up, "$12.50" below. */
    public static String usd(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "$%,.0f" : "$%,.2f", v);
    }

    /** Milliseconds in prose: "1,234 ms" from 100 up, "52.93 ms" below. */
    public static String milliseconds(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f ms" : "%.2f ms", v);
    }

    /** A rate in prose: whole and grouped from 100 up ("1,200 requests/s"), three significant digits below. */
    public static String rate(double v, String unit) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f " : "%.3g ", v) + unit;
    }

    /**
     * Three significant digits and a unit: "1.23 s", "0.0456 s"; from 1e6 up with an SI prefix on the unit, as the
     * formulas write it ("4.046 TFLOP/token", not 4.05e+12).
     */
    public static String threeDigits(double v, String unit) {
        if (Double.isFinite(v) && Math.abs(v) >= 1e6) {
            return si(v, unit);
        }
        return String.format(Locale.ROOT, "%.3g ", v) + unit;
    }

    /** One decimal and a unit: "12.5 days". */
    public static String oneDecimal(double v, String unit) {
        return String.format(Locale.ROOT, "%.1f ", v) + unit;
    }

    /** Two decimals, grouped, and a unit: "1,234.50 /s". */
    public static String twoDecimals(double v, String unit) {
        return String.format(Locale.ROOT, "%,.2f ", v) + unit;
    }

    /** A whole number, grouped, and a unit: "12,345 tokens/s". */
    public static String whole(double v, String unit) {
        return String.format(Locale.ROOT, "%,.0f ", v) + unit;
    }
}
