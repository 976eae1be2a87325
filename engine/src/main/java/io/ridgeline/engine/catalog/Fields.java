package io.ridgeline.engine.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.ridgeline.engine.text.Numbers;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from one YAML or JSON object. Every failure is an {@link IllegalArgumentException} whose message
 * names where the object came from (file and entry), the key, and the allowed range.
 */
final class Fields {

    private final JsonNode node;
    private final String where;

    /**
     * @param node  the object to read
     * @param where how to name it in messages, e.g. {@code "gpus.yaml entry 'h100-sxm'"}
     */
    Fields(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping of keys to values");
        }
        this.node = node;
        this.where = where;
    }

    String where() {
        return where;
    }

    /** The keys of this mapping, in file order. */
    java.util.List<String> keys() {
        java.util.List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** The child object at {@code key}, or empty when absent or null. */
    Optional<Fields> object(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        if (!v.isObject()) {
            throw fail(key, "must be a mapping of keys to values", v);
        }
        return Optional.of(new Fields(v, where + ", key '" + key + "'"));
    }

    /** The raw value at {@code key}, or null when absent or null; for values no typed read fits. */
    JsonNode raw(String key) {
        return has(key) ? node.get(key) : null;
    }

    /** A required list. */
    JsonNode array(String key) {
        JsonNode v = require(key, "a list");
        if (!v.isArray()) {
            throw fail(key, "must be a list", v);
        }
        return v;
    }

    String text(String key) {
        JsonNode v = require(key, "a non-empty string");
        if (!v.isTextual() || v.asText().isBlank()) {
            throw fail(key, "must be a non-empty string", v);
        }
        return v.asText().trim();
    }

    Optional<String> optionalText(String key) {
        return has(key) ? Optional.of(text(key)) : Optional.empty();
    }

    boolean bool(String key, boolean whenAbsent) {
        if (!has(key)) {
            return whenAbsent;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw fail(key, "must be true or false", v);
        }
        return v.asBoolean();
    }

    /** A required integer in [min, max]. */
    int integer(String key, int min, int max) {
        JsonNode v = require(key, "an integer in [" + min + ", " + max + "]");
        return checkInteger(key, v, min, max);
    }

    /** An optional integer in [min, max]; {@code whenAbsent} when the key is missing or null. */
    int integer(String key, int min, int max, int whenAbsent) {
        return has(key) ? checkInteger(key, node.get(key), min, max) : whenAbsent;
    }

    /** A required number in (exclusiveMin, max]; {@code unit} is named in the message. */
    double positive(String key, double max, String unit) {
        JsonNode v = require(key, "a number in (0, " + Numbers.plain(max) + "] " + unit);
        return checkNumber(key, v, 0, false, max, unit);
    }

    /** A required number in [0, max]. */
    double nonNegative(String key, double max, String unit) {
        JsonNode v = require(key, "a number in [0, " + Numbers.plain(max) + "] " + unit);
        return checkNumber(key, v, 0, true, max, unit);
    }

    /** An optional number in (0, max]; empty when absent or null. */
    Optional<Double> optionalPositive(String key, double max, String unit) {
        return has(key) ? Optional.of(positive(key, max, unit)) : Optional.empty();
    }

    /** An optional number in [min, max]; {@code whenAbsent} when missing or null. */
    double number(String key, double min, double max, double whenAbsent, String unit) {
        return has(key) ? checkNumber(key, node.get(key), min, true, max, unit) : whenAbsent;
    }

    /** Rejects keys outside {@code allowed}, so that a misspelt key is not silently ignored. */
    void rejectUnknown(Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(where + ": unknown key '" + name + "'; allowed keys: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    IllegalArgumentException fail(String key, String rule, JsonNode got) {
        return new IllegalArgumentException(where + ": key '" + key + "' " + rule + ", got "
                + (got == null ? "nothing" : got.toString()));
    }

    IllegalArgumentException fail(String key, String rule) {
        return new IllegalArgumentException(where + ": key '" + key + "' " + rule);
    }

    private JsonNode require(String key, String what) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(where + ": key '" + key + "' is missing; it must be " + what);
        }
        return v;
    }

    private int checkInteger(String key, JsonNode v, int min, int max) {
        boolean integral = v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
        if (!integral || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw fail(key, "must be an integer in [" + min + ", " + max + "]", v);
        }
        return (int) v.asLong();
    }

    private double checkNumber(String key, JsonNode v, double min, boolean minInclusive, double max, String unit) {
        if (!v.isNumber()) {
            throw fail(key, "must be a number" + range(min, minInclusive, max, unit), v);
        }
        double d = v.asDouble();
        boolean aboveMin = minInclusive ? d >= min : d > min;
        if (!Double.isFinite(d) || !aboveMin || d > max) {
            throw fail(key, "must be a number" + range(min, minInclusive, max, unit), v);
        }
        return d;
    }

    private static String range(double min, boolean minInclusive, double max, String unit) {
        return " in " + (minInclusive ? "[" : "(") + Numbers.plain(min) + ", " + Numbers.plain(max) + "]" + (unit.isEmpty() ? "" : " " + unit);
    }

}
