package io.ridgeline.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds scenario texts for rule cases: a base (a file under examples/ or an inline entry of the case file) with
 * dotted-path overrides.
 */
final class ScenarioCases {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path EXAMPLES = Path.of("..", "examples");

    private final JsonNode bases;
    private final JsonNode cases;

    ScenarioCases(String resource) {
        try (InputStream in = ScenarioCases.class.getClassLoader().getResourceAsStream(resource)) {
            JsonNode root = YAML.readTree(in);
            this.bases = root.path("bases");
            this.cases = root.path("cases");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode cases() {
        return cases;
    }

    /** The scenario text of a case: {base: name, set: {dotted.path: value}}. */
    String scenario(JsonNode spec) {
        String base = spec.path("base").asText();
        ObjectNode scenario;
        try {
            scenario = bases.has(base) ? bases.get(base).deepCopy()
                    : (ObjectNode) YAML.readTree(Files.readString(EXAMPLES.resolve(base + ".yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException("no base scenario '" + base + "'", e);
        }
        scenario.put("name", base);
        Iterator<Map.Entry<String, JsonNode>> sets = spec.path("set").fields();
        while (sets.hasNext()) {
            Map.Entry<String, JsonNode> e = sets.next();
            String[] path = e.getKey().split("\\.");
            ObjectNode node = scenario;
            for (int i = 0; i < path.length - 1; i++) {
                node = node.has(path[i]) ? (ObjectNode) node.get(path[i]) : node.putObject(path[i]);
            }
            node.set(path[path.length - 1], e.getValue());
        }
        try {
            return YAML.writeValueAsString(scenario);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
