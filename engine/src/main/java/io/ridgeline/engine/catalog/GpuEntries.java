package io.ridgeline.engine.catalog;

import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.NumericFormat;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns one {@code gpus.yaml} entry, written in human units, into a {@link Gpu} in SI units:
 * TFLOP/s x 1e12 = FLOP/s, GB x 1e9 = bytes, TB/s x 1e12 = bytes/s, GB/s x 1e9 = bytes/s,
 * Gbit/s x 1e9 / 8 = bytes/s. Tensor peaks are dense (2:4-sparse datasheet figures halved).
 */
final class GpuEntries {

    static final double TERA = 1e12;
    static final double GIGA = 1e9;
    static final double BITS_PER_BYTE = 8;

    /** YAML peak key for each tensor format it may carry. */
    static final Map<String, NumericFormat> PEAK_KEYS = peakKeys();

    /** YAML value key -> name of the {@link Gpu} field it fills, for the per-value {@code sources} map. */
    static final Map<String, String> SOURCE_FIELDS = sourceFields();

    private static final Set<String> ALLOWED = allowedKeys();

    private GpuEntries() {
    }

    /**
     * @param entry         one element of the {@code gpus} list
     * @param knownFamilies the families that have efficiency factors
     */
    static Gpu parse(Fields entry, Set<String> knownFamilies) {
        entry.rejectUnknown(ALLOWED);
        String id = entry.text("id");
        String family = entry.text("family");
        if (!knownFamilies.contains(family)) {
            throw entry.fail("family", "must be one of " + String.join(", ", knownFamilies)
                    + " (the families with efficiency factors), got '" + family + "'");
        }
        Map<NumericFormat, Double> peaks = new EnumMap<>(NumericFormat.class);
        for (Map.Entry<String, NumericFormat> key : PEAK_KEYS.entrySet()) {
            // 100,000 TFLOP/s = 100 PFLOP/s per GPU: far above any chip, low enough to catch a value given in FLOP/s
            entry.optionalPositive(key.getKey(), 100_000, unitOf(key.getKey()))
                    .ifPresent(v -> peaks.put(key.getValue(), v * TERA));
        }
        if (!peaks.containsKey(NumericFormat.BF16)) {
            throw entry.fail("bf16_dense_tflops", "is missing; every GPU needs its dense bf16 tensor peak, a number in (0, 100000] TFLOP/s");
        }
        double hbmBytes = entry.positive("hbm_gb", 10_000, "GB") * GIGA;
        double hbmBytesPerS = entry.positive("hbm_tb_per_s", 1_000, "TB/s") * TERA;
        double scaleUp = entry.nonNegative("scale_up_gb_per_s_per_direction", 100_000, "GB/s") * GIGA;
        double scaleOut = entry.nonNegative("scale_out_gbit_per_s_per_direction", 100_000, "Gbit/s") * GIGA / BITS_PER_BYTE;
        double hostLink = entry.optionalPositive("host_link_gb_per_s_per_direction", 10_000, "GB/s").orElse(0.0) * GIGA;
        int maxGpus = entry.integer("max_gpus_per_node", 1, 100_000);
        double tdp = entry.positive("tdp_w", 100_000, "W");
        double price = entry.nonNegative("usd_per_gpu_hour", 10_000, "USD/GPU-hour");
        String priceNote = entry.text("price_note");
        return new Gpu(id, entry.text("name"), entry.text("vendor"), family, peaks, hbmBytes, hbmBytesPerS, scaleUp,
                scaleOut, maxGpus, tdp, price, priceNote, sources(entry), hostLink);
    }

    private static Map<String, String> sources(Fields entry) {
        Map<String, String> out = new LinkedHashMap<>();
        entry.object("sources").ifPresent(src -> {
            src.rejectUnknown(SOURCE_FIELDS.keySet());
            for (Map.Entry<String, String> key : SOURCE_FIELDS.entrySet()) {
                src.optionalText(key.getKey()).ifPresent(text -> out.put(key.getValue(), text));
            }
        });
        return out;
    }

    private static String unitOf(String key) {
        return key.endsWith("_tops") ? "TOP/s" : "TFLOP/s";
    }

    private static Map<String, NumericFormat> peakKeys() {
        Map<String, NumericFormat> m = new LinkedHashMap<>();
        m.put("bf16_dense_tflops", NumericFormat.BF16);
        m.put("fp8_dense_tflops", NumericFormat.FP8);
        m.put("int8_dense_tops", NumericFormat.INT8);
        m.put("fp4_dense_tflops", NumericFormat.FP4);
        return Map.copyOf(m);
    }

    private static Map<String, String> sourceFields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, NumericFormat> e : peakKeys().entrySet()) {
            m.put(e.getKey(), "peakFlopsPerS." + e.getValue().id());
        }
        m.put("hbm_gb", "hbmBytes");
        m.put("hbm_tb_per_s", "hbmBytesPerS");
        m.put("scale_up_gb_per_s_per_direction", "scaleUpBytesPerS");
        m.put("scale_out_gbit_per_s_per_direction", "scaleOutBytesPerS");
        m.put("host_link_gb_per_s_per_direction", "hostLinkBytesPerS");
        m.put("max_gpus_per_node", "maxGpusPerNode");
        m.put("tdp_w", "tdpWatts");
        m.put("usd_per_gpu_hour", "usdPerGpuHour");
        return Map.copyOf(m);
    }

    private static Set<String> allowedKeys() {
        Set<String> keys = new HashSet<>(Set.of("id", "name", "vendor", "family", "hbm_gb", "hbm_tb_per_s",
                "scale_up_gb_per_s_per_direction", "scale_out_gbit_per_s_per_direction", "max_gpus_per_node", "tdp_w",
                "usd_per_gpu_hour", "price_note", "sources", "host_link_gb_per_s_per_direction"));
        keys.addAll(peakKeys().keySet());
        return Set.copyOf(keys);
    }
}
