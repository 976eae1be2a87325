package io.ridgeline.engine.advisor;

import io.ridgeline.engine.text.Numbers;

import java.util.Locale;

/**
 * Renders a figure for a person by the unit its key names: bytes in decimal GB (1e9 B) or TB, times in ms or s,
 * money in USD, shares in percent.
 */
public final class Values {

    private Values() {
    }

    public static String render(String key, Object value) {
        if (!(value instanceof Number n)) {
            return String.valueOf(value);
        }
        double v = n.doubleValue();
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith("percentile")) {
            return io.ridgeline.facts.Slo.label(v);
        }
        if (k.contains("requests_per_s")) {
            return String.format(Locale.ROOT, v >= 100 ? "%,.0f requests/s" : "%.3g requests/s", v);
        }
        if (k.endsWith("ratio")) {
            return number(v);
        }
        if (k.endsWith("_bytes") || k.contains("_bytes_") || k.startsWith("bytes")) {
            return bytes(v);
        }
        if (k.endsWith("_usd")) {
            return String.format(Locale.ROOT, v >= 100 ? "$%,.0f" : "$%,.2f", v);
        }
        if (k.endsWith("_ms") && v >= io.ridgeline.engine.estimate.InferenceEstimator.UNBOUNDED_MS) {
            return "unbounded";
        }
        if (k.endsWith("_ms")) {
            return String.format(Locale.ROOT, v >= 100 ? "%,.0f ms" : "%.2f ms", v);
        }
        if (k.endsWith("_s") && !k.endsWith("per_s")) {
            return String.format(Locale.ROOT, "%.3g s", v);
        }
        if (k.endsWith("_min")) {
            return String.format(Locale.ROOT, "%.1f min", v);
        }
        if (k.endsWith("_days")) {
            return String.format(Locale.ROOT, "%.1f days", v);
        }
        if (k.endsWith("tokens_per_s")) {
            return String.format(Locale.ROOT, "%,.0f tokens/s", v);
        }
        if (k.endsWith("per_s")) {
            return String.format(Locale.ROOT, "%,.2f /s", v);
        }
        if (k.endsWith("flops_per_byte")) {
            return String.format(Locale.ROOT, "%.0f FLOP/B", v);
        }
        if (k.endsWith("flops_per_token")) {
            return String.format(Locale.ROOT, "%.3g FLOP/token", v);
        }
        if (k.endsWith("flops") || k.contains("flops_per")) {
            return String.format(Locale.ROOT, "%.3g FLOP", v);
        }
        if (k.endsWith("share") || k.endsWith("utilization") || k.equals("mfu") || k.endsWith("fraction")) {
            return String.format(Locale.ROOT, "%.1f%%", 100 * v);
        }
        return number(v);
    }

    public static String bytes(double v) {
        return Numbers.bytes(v);
    }

    public static String number(double v) {
        return Numbers.grouped(v);
    }
}
