package io.ridgeline.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /**
     * The scenario text of a case: {base: name, set: {dotted.path: value}}, read as {@code ./advisor rules test}
     * reads an author's cases (one format).
     */
    String scenario(JsonNode spec) {
        return io.ridgeline.engine.rules.RuleCases.scenario(spec, EXAMPLES, bases, name -> {
            try {
                return java.util.Optional.of(Files.readString(EXAMPLES.resolve(name + ".yaml")));
            } catch (IOException e) {
                return java.util.Optional.empty();
            }
        });
    }
}
