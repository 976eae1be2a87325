package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.facts.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every scenario command shares: where the catalogs and the rules come from, and the output format. */
final class Common {

    /** The scenario used when no file is given: a 70B chat service on one H100 node. */
    static final String DEFAULT_SCENARIO = "default-scenario.yaml";

    @Mixin
    Sources sources;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--markdown", description = "Print Markdown.")
    boolean markdown;

    Ridgeline ridgeline() {
        return sources.ridgeline();
    }

    /** The service, the built-in rulebase loading meanwhile: for a command that will need the rules. */
    Ridgeline ridgelineLoadingRules() {
        return sources.ridgelineLoadingRules();
    }

    static Scenario scenario(Ridgeline r, Path file) {
        if (file != null && isHfConfig(file)) {
            // a Hugging Face config.json as the whole scenario: the built-in default's hardware, workload and
            // objectives around that model
            String text = defaultScenarioText().replaceFirst("(?m)^model: .*$",
                    "model: \"" + file.toAbsolutePath().toString().replace("\\", "/").replace("\"", "\\\"") + "\"")
                    .replaceFirst("(?m)^name: .*$", "name: " + configName(file));
            return r.parse(text, configName(file));
        }
        if (file != null) {
            return r.load(file);
        }
        return r.parse(defaultScenarioText(), "default");
    }

    private static String defaultScenarioText() {
        try (InputStream in = Common.class.getClassLoader().getResourceAsStream(DEFAULT_SCENARIO)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in scenario " + DEFAULT_SCENARIO);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A .json file whose top level is a model's config (model_type), not a scenario (model, kind, hardware). */
    static boolean isHfConfig(Path file) {
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                || !java.nio.file.Files.isRegularFile(file)) {
            return false;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(file.toFile());
            return root != null && root.isObject() && root.has("model_type") && !root.has("model")
                    && !root.has("kind") && !root.has("hardware");
        } catch (IOException e) {
            return false;
        }
    }

    /** The scenario's name for a config: its folder's name for config.json, else the file's. */
    private static String configName(Path file) {
        Path abs = file.toAbsolutePath();
        String name = abs.getFileName().toString().equalsIgnoreCase("config.json") && abs.getParent() != null
                && abs.getParent().getFileName() != null ? abs.getParent().getFileName().toString()
                : abs.getFileName().toString().replaceFirst("(?i)\\.json$", "");
        return name.replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
