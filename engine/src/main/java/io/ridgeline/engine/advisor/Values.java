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
            return Numbers.rate(v, "requests/s");
        }
        if (k.endsWith("ratio")) {
            return number(v);
        }
        if (k.endsWith("_bytes") || k.contains("_bytes_") || k.startsWith("bytes")) {
            return bytes(v);
        }
        if (k.endsWith("_usd")) {
            return Numbers.usd(v);
        }
        if (k.endsWith("_ms") && v >= io.ridgeline.engine.estimate.InferenceEstimator.UNBOUNDED_MS) {
            return "unbounded";
        }
        if (k.endsWith("_ms")) {
            return Numbers.milliseconds(v);
        }
        if (k.endsWith("_s") && !k.endsWith("per_s")) {
            return Numbers.threeDigits(v, "s");
        }
        if (k.endsWith("_min")) {
            return Numbers.oneDecimal(v, "min");
        }
        if (k.endsWith("_days")) {
            return Numbers.oneDecimal(v, "days");
        }
        if (k.endsWith("tokens_per_s")) {
            return Numbers.whole(v, "tokens/s");
        }
        if (k.endsWith("per_s")) {
            return Numbers.twoDecimals(v, "/s");
        }
        if (k.endsWith("flops_per_byte")) {
            return Numbers.whole(v, "FLOP/B");
        }
        if (k.endsWith("flops_per_token")) {
            return Numbers.threeDigits(v, "FLOP/token");
        }
        if (k.endsWith("flops") || k.contains("flops_per")) {
            return Numbers.threeDigits(v, "FLOP");
        }
        if (k.endsWith("share") || k.endsWith("utilization") || k.equals("mfu") || k.endsWith("fraction")) {
            return Numbers.percent(v);
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
