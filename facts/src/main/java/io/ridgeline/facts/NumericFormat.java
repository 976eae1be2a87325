package io.ridgeline.facts;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A numeric format for weights, activations or the KV cache, with its storage size in bytes per element.
 * Weight-only formats (int8, int4) are stored small but multiplied in the activation format.
 */
public enum NumericFormat {
    FP32("fp32", 4.0, false),
    BF16("bf16", 2.0, false),
    FP16("fp16", 2.0, false),
    FP8("fp8", 1.0, false),
    INT8("int8", 1.0, true),
    INT4("int4", 0.5, true),
    FP4("fp4", 0.5, false);

    private final String id;
    private final double bytesPerElement;
    private final boolean weightOnly;

    NumericFormat(String id, double bytesPerElement, boolean weightOnly) {
        this.id = id;
        this.bytesPerElement = bytesPerElement;
        this.weightOnly = weightOnly;
    }

    /** The lower-case name used in scenario files, catalogs and JSON output. */
    public String id() {
        return id;
    }

    /** Bytes per stored element (int4: 0.5 B, group scales not counted). */
    public double bytesPerElement() {
        return bytesPerElement;
    }

    /** True when the format only stores weights and the matrix products run in the activation format. */
    public boolean weightOnly() {
        return weightOnly;
    }

    /** Parses a format id; the message names the allowed values. */
    public static NumericFormat parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (NumericFormat f : values()) {
            if (f.id.equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown numeric format '" + text + "'; allowed: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(NumericFormat::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
