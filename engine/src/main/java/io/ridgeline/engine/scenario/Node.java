package io.ridgeline.engine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.ridgeline.engine.text.Numbers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A view of one mapping in a scenario file that knows its dotted path, reads typed values with their allowed
 * ranges, and remembers which keys were read so that a misspelt key is reported instead of silently ignored.
 */
final class Node {

    private final JsonNode json;
    private final String path;
    private final Set<String> read = new LinkedHashSet<>();

    Node(JsonNode json, String path) {
        this.json = json;
        this.path = path;
        if (json != null && !json.isNull() && !json.isObject()) {
            throw new InputError(path.isEmpty() ? "(file)" : path, "must be a mapping of keys to values");
        }
    }

    boolean present() {
        return json != null && !json.isNull();
    }

    boolean has(String key) {
        return present() && json.has(key) && !json.get(key).isNull();
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Node child(String key) {
        read.add(key);
        return new Node(present() ? json.get(key) : null, field(key));
    }

    JsonNode raw(String key) {
        read.add(key);
        return present() ? json.get(key) : null;
    }

    String string(String key, String fallback) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new InputError(field(key), "must be a single value");
        }
        return v.asText();
    }

    String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            throw new InputError(field(key), "is required");
        }
        return v;
    }

    double number(String key, double fallback, double min, double max) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new InputError(field(key), "must be a number, got '" + v.asText() + "'");
            }
        } else {
            throw new InputError(field(key), "must be a number");
        }
        if (!Double.isFinite(d) || d < min || d > max) {
            throw new InputError(field(key), "must be between " + Numbers.plain(min) + " and " + Numbers.plain(max) + ", got "
                    + Numbers.plain(d));
        }
        return d;
    }

    double positive(String key, double fallback, double max) {
        JsonNode v = raw(key);
        if (v != null && !v.isNull()) {
            double d = number(key, fallback, -Double.MAX_VALUE, Double.MAX_VALUE);
            if (d <= 0 || d > max) {
                throw new InputError(field(key), "must be greater than 0 and at most " + Numbers.plain(max) + ", got "
                        + Numbers.plain(d));
            }
            return d;
        }
        return fallback;
    }

    int integer(String key, int fallback, int min, int max) {
        double d = number(key, fallback, min, max);
        if (d != Math.rint(d)) {
            throw new InputError(field(key), "must be a whole number, got " + Numbers.plain(d));
        }
        return (int) d;
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String t = v.asText().trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("yes") || t.equals("on")) {
            return true;
        }
        if (t.equals("false") || t.equals("no") || t.equals("off")) {
            return false;
        }
        throw new InputError(field(key), "must be true or false, got '" + v.asText() + "'");
    }

    List<String> strings(String key) {
        JsonNode v = raw(key);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            for (String s : v.asText().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
        if (!v.isArray()) {
            throw new InputError(field(key), "must be a list");
        }
        for (JsonNode e : v) {
            out.add(e.asText().trim());
        }
        return out;
    }

    /** A list of mappings, each a node whose path carries its index: key[0], key[1], ...; at most {@code most}. */
    List<Node> mappings(String key, int most) {
        JsonNode v = raw(key);
        List<Node> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new InputError(field(key), "must be a list of mappings");
        }
        if (v.size() > most) {
            throw new InputError(field(key), "must have at most " + most + " entries, got " + v.size());
        }
        int i = 0;
        for (JsonNode e : v) {
            out.add(new Node(e, field(key) + "[" + i++ + "]"));
        }
        return out;
    }

    // ---- reading a key of the schema: its name, default and range are the schema's

    int integer(ScenarioSchema.Key k) {
        return integer(k, ((Number) k.defaultValue()).intValue());
    }

    /** A key whose default the schema says is computed: the caller's fallback, the schema's range. */
    int integer(ScenarioSchema.Key k, int fallback) {
        return integer(k, fallback, k.maximum().longValue() > Integer.MAX_VALUE ? Integer.MAX_VALUE
                : k.maximum().intValue());
    }

    /** A key whose largest value depends on other values: the schema's range narrowed to {@code max}. */
    int integer(ScenarioSchema.Key k, int fallback, int max) {
        return integer(k.name(), fallback, k.minimum().intValue(), Math.min(max, k.maximum().intValue()));
    }

    double number(ScenarioSchema.Key k) {
        return number(k, ((Number) k.defaultValue()).doubleValue());
    }

    double number(ScenarioSchema.Key k, double fallback) {
        if (k.exclusiveMinimum()) {
            return positive(k.name(), fallback, k.maximum());
        }
        return number(k.name(), fallback, k.minimum(), k.maximum());
    }

    boolean bool(ScenarioSchema.Key k) {
        return bool(k.name(), (Boolean) k.defaultValue());
    }

    String string(ScenarioSchema.Key k) {
        return string(k.name(), (String) k.defaultValue());
    }

    Node child(ScenarioSchema.Key k) {
        return child(k.name());
    }

    /**
     * Fails on any key of this mapping that the schema does not list for this section and kind, naming those it
     * does; a key of another kind's section says whose it is.
     */
    void rejectUnknown(String section, io.ridgeline.facts.WorkloadKind kind) {
        List<String> allowed = ScenarioSchema.names(section, kind);
        for (String n : read) {
            if (!allowed.contains(n)) {
                // a loader that reads a key the schema does not own: the schema and the loader disagree
                throw new IllegalStateException("the scenario loader read " + field(n) + ", which the schema does "
                        + "not list for kind " + kind.id());
            }
        }
        if (!present()) {
            return;
        }
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (json.get(n).isNull()) {
                continue; // a key given as null (or left empty in YAML) is a key left out
            }
            if (!allowed.contains(n)) {
                List<String> kinds = ScenarioSchema.keys().stream()
                        .filter(k -> k.section().equals(section) && k.name().equals(n))
                        .flatMap(k -> k.kinds().stream()).distinct().map(io.ridgeline.facts.WorkloadKind::id)
                        .toList();
                throw new InputError(field(n), (kinds.isEmpty() ? "unknown key" : "is read for kind "
                        + String.join(" and ", kinds) + ", not " + kind.id()) + "; allowed here: "
                        + String.join(", ", allowed));
            }
            if (!read.contains(n)) {
                throw new IllegalStateException("the schema lists " + field(n) + " but the scenario loader did not "
                        + "read it");
            }
        }
    }
}
