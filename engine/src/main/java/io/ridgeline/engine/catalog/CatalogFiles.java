package io.ridgeline.engine.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The raw entries of the three catalog files, keyed by id (GPUs, models) or family name (efficiency), each with
 * the name of the file it came from. Entries stay as YAML trees until {@link Catalogs} parses them, so that a
 * user's file can override single fields of a built-in entry.
 */
final class CatalogFiles {

    static final String GPUS = "gpus.yaml";
    static final String MODELS = "models.yaml";
    static final String EFFICIENCY = "efficiency.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    final Map<String, Entry> gpus;
    final Map<String, Entry> models;
    final Map<String, Entry> families;

    /** One entry's id (or family name), its fields, and the file (or files, when merged) it was read from. */
    record Entry(String key, ObjectNode node, String origin) {
        /** E.g. {@code "gpus.yaml (built-in) entry 'h100-sxm'"}. */
        String where(String kind) {
            return origin + " " + kind + " '" + key + "'";
        }
    }

    private CatalogFiles(Map<String, Entry> gpus, Map<String, Entry> models, Map<String, Entry> families) {
        this.gpus = gpus;
        this.models = models;
        this.families = families;
    }

    /** Reads the three files under {@code /catalog/} on the classpath. */
    static CatalogFiles builtIn() {
        CatalogFiles empty = new CatalogFiles(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        return empty.merge(resource(GPUS), resource(MODELS), resource(EFFICIENCY), "(built-in)");
    }

    /** These entries with a user's folder laid over them; a missing file leaves that catalog as it is. */
    CatalogFiles mergedWith(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("user catalog folder '" + folder + "' is not a directory; it must "
                    + "hold any of " + GPUS + ", " + MODELS + ", " + EFFICIENCY);
        }
        return merge(file(folder.resolve(GPUS)), file(folder.resolve(MODELS)), file(folder.resolve(EFFICIENCY)), null);
    }

    /** These entries with a models file on the classpath laid over them ({@code path} from the classpath root). */
    CatalogFiles mergedWithModelsResource(String path) {
        if (CatalogFiles.class.getResource(path) == null) {
            throw new IllegalStateException("catalog resource " + path + " is missing from the classpath");
        }
        return merge(null, new Source(path, () -> CatalogFiles.class.getResourceAsStream(path)), null, null);
    }

    private CatalogFiles merge(Source gpuFile, Source modelFile, Source efficiencyFile, String label) {
        Map<String, Entry> g = new LinkedHashMap<>(gpus);
        Map<String, Entry> m = new LinkedHashMap<>(models);
        Map<String, Entry> f = new LinkedHashMap<>(families);
        if (gpuFile != null) {
            overlayList(g, gpuFile, "gpus", name(gpuFile, label));
        }
        if (modelFile != null) {
            overlayList(m, modelFile, "models", name(modelFile, label));
        }
        if (efficiencyFile != null) {
            overlayFamilies(f, efficiencyFile, name(efficiencyFile, label));
        }
        return new CatalogFiles(g, m, f);
    }

    private static String name(Source s, String label) {
        return label == null ? s.name : s.name + " " + label;
    }

    private static void overlayList(Map<String, Entry> into, Source source, String listKey, String origin) {
        JsonNode root = readRoot(source, listKey);
        JsonNode list = root.get(listKey);
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(origin + ": key '" + listKey + "' must be a list of entries");
        }
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (JsonNode item : list) {
            if (!item.isObject() || !item.hasNonNull("id") || !item.get("id").isTextual()
                    || item.get("id").asText().isBlank()) {
                throw new IllegalArgumentException(origin + ": every entry of '" + listKey
                        + "' must be a mapping with a non-empty string 'id', got " + item);
            }
            String id = item.get("id").asText().trim();
            if (seen.put(id, Boolean.TRUE) != null) {
                throw new IllegalArgumentException(origin + ": id '" + id + "' appears twice; ids must be unique");
            }
            overlay(into, id, (ObjectNode) item, origin);
        }
    }

    private static void overlayFamilies(Map<String, Entry> into, Source source, String origin) {
        JsonNode root = readRoot(source, "families");
        JsonNode families = root.get("families");
        if (families == null || !families.isObject()) {
            throw new IllegalArgumentException(origin + ": key 'families' must map family names to factors");
        }
        Iterator<Map.Entry<String, JsonNode>> it = families.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw new IllegalArgumentException(origin + ": family '" + e.getKey()
                        + "' must map compute, hbm, link (with sources) or same_as to values");
            }
            ObjectNode node = ((ObjectNode) e.getValue()).deepCopy();
            overlay(into, e.getKey(), node, origin);
        }
    }

    /** The serving engine's and the training step's fitted terms of an efficiency family (each optional). */
    private static final String[] SERVING_KEYS = {"serving_compute", "kv_hbm", "moe_compute", "layer_overhead_us",
        "moe_layer_overhead_us", "prefill_expert_overhead_us", "collective_latency_us", "collective_round_us", "engines", "serving_source",
        "activation_passes", "training_source", "fp8_compute", "fp8_compute_source", "weight_stream_exposed"};

    /** A new id is added whole; a known id keeps its fields except those the overlay states. */
    private static void overlay(Map<String, Entry> into, String id, ObjectNode over, String origin) {
        Entry base = into.get(id);
        if (base == null) {
            into.put(id, new Entry(id, over.deepCopy(), origin));
            return;
        }
        ObjectNode merged = base.node().deepCopy();
        deepMerge(merged, over);
        if (over.has("compute") || over.has("hbm") || over.has("link")) {
            // a family that carried another's factors states its own now: the serving terms it does not state
            // stay the ones it carried
            Entry carried = base.node().has("same_as") ? into.get(base.node().get("same_as").asText()) : null;
            if (carried != null) {
                for (String key : SERVING_KEYS) {
                    if (!merged.has(key) && carried.node().has(key)) {
                        merged.set(key, carried.node().get(key).deepCopy());
                    }
                }
            }
            merged.remove("same_as");
            merged.remove("note");
        } else if (over.has("same_as")) {
            for (String key : new String[]{"compute", "compute_source", "hbm", "hbm_source", "link", "link_source"}) {
                merged.remove(key);
            }
            for (String key : SERVING_KEYS) {
                merged.remove(key);
            }
        }
        into.put(id, new Entry(id, merged, origin + " over " + base.origin()));
    }

    private static void deepMerge(ObjectNode into, ObjectNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = into.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                deepMerge((ObjectNode) existing, (ObjectNode) e.getValue());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static JsonNode readRoot(Source source, String expectedKey) {
        JsonNode root;
        try (InputStream in = source.open()) {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(source.name + ": not readable as YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new IllegalArgumentException(source.name + ": the file is empty; it must hold the key '"
                    + expectedKey + "'");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(source.name + ": the top level must be a mapping with the key '"
                    + expectedKey + "'");
        }
        Iterator<String> keys = root.fieldNames();
        while (keys.hasNext()) {
            String k = keys.next();
            if (!k.equals(expectedKey)) {
                throw new IllegalArgumentException(source.name + ": unknown top-level key '" + k
                        + "'; the only allowed key is '" + expectedKey + "'");
            }
        }
        return root;
    }

    private static Source resource(String fileName) {
        String path = "/catalog/" + fileName;
        if (CatalogFiles.class.getResource(path) == null) {
            throw new IllegalStateException("built-in catalog " + path + " is missing from the classpath");
        }
        return new Source(fileName, () -> CatalogFiles.class.getResourceAsStream(path));
    }

    private static Source file(Path path) {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        return new Source(path.toString(), () -> Files.newInputStream(path));
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private record Source(String name, Opener opener) {
        InputStream open() throws IOException {
            return opener.open();
        }
    }

}
