package io.ridgeline.engine.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Per-rule cases beside the rules: each {@code NAME.cases.yaml} in a rule folder names, for each rule id, a scenario
 * where the rule fires and one where it stays quiet. One format for the three domains:
 *
 * <pre>
 * bases:                       # scenarios of the file's own (optional)
 *   small-fleet: {kind: inference, model: llama-3.1-8b, ...}
 * cases:
 *   HOUSE-01:
 *     fires: {base: fleet}                                      # a shipped example, by name
 *     quiet: {base: small-fleet, set: {design.features: []}}    # a base of this file, with dotted-path overrides
 * </pre>
 *
 * A base is an entry of {@code bases}, a scenario file relative to the cases file ({@code ../my.yaml}), or a
 * shipped example by name. The design is judged as given (the audit's session), so a case tests the rule itself, not
 * the loop's path. Reading is here; judging is the caller's ({@code fired}: scenario text to the ids of the rules
 * that fired), so any rulebase can be tested against the same files.
 */
public final class RuleCases {

    /** How a cases file's name ends. */
    public static final String SUFFIX = ".cases.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RuleCases() {
    }

    /**
     * One expectation of one rule, and whether it held.
     *
     * @param file        the cases file (relative to the folder), or the rule file for a rule without a case
     * @param ruleId      the rule's id
     * @param expectation {@code fires} or {@code quiet}
     * @param passed      whether it held
     * @param detail      what was checked or why it failed
     */
    public record Outcome(String file, String ruleId, String expectation, boolean passed, String detail) {
    }

    /** The cases files under a folder (recursively), in name order. */
    public static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("rules: cannot read " + folder, e);
        }
    }

    /**
     * Runs every case under {@code folder}: each rule of {@code ruleIds} (id -> its file) needs a {@code fires} and a
     * {@code quiet} case, a case for an id the folder does not define is an error too, and each case's scenario is
     * judged by {@code fired}, which may throw {@link IllegalArgumentException} for a scenario it refuses.
     *
     * @param examples a shipped example's scenario text by name, if there is one
     */
    public static List<Outcome> run(Path folder, Map<String, String> ruleIds,
                                    Function<String, Optional<String>> examples,
                                    Function<String, List<String>> fired) {
        List<Outcome> out = new ArrayList<>();
        java.util.Set<String> seenFires = new java.util.HashSet<>();
        java.util.Set<String> seenQuiet = new java.util.HashSet<>();
        for (Path file : files(folder)) {
            String name = folder.relativize(file).toString().replace('\\', '/');
            JsonNode root;
            try {
                root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.add(new Outcome(name, "", "", false, "not readable as YAML: " + firstLine(e.getMessage())));
                continue;
            }
            if (root == null || !root.path("cases").isObject()) {
                out.add(new Outcome(name, "", "", false, "has no 'cases:' mapping of rule id -> {fires, quiet}"));
                continue;
            }
            JsonNode bases = root.path("bases");
            Iterator<Map.Entry<String, JsonNode>> it = root.get("cases").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> c = it.next();
                String id = c.getKey();
                if (!ruleIds.containsKey(id)) {
                    out.add(new Outcome(name, id, "", false, "no rule of the folder has the id '" + id + "'"));
                    continue;
                }
                for (String expectation : List.of("fires", "quiet")) {
                    JsonNode spec = c.getValue().get(expectation);
                    if (spec == null) {
                        continue;
                    }
                    (expectation.equals("fires") ? seenFires : seenQuiet).add(id);
                    out.add(check(name, id, expectation, spec, file.getParent(), bases, examples, fired));
                }
            }
        }
        ruleIds.forEach((id, ruleFile) -> {
            if (!seenFires.contains(id)) {
                out.add(new Outcome(ruleFile, id, "fires", false, "no case where it fires (add one to a "
                        + SUFFIX + " beside the rule)"));
            }
            if (!seenQuiet.contains(id)) {
                out.add(new Outcome(ruleFile, id, "quiet", false, "no case where it stays quiet (add one to a "
                        + SUFFIX + " beside the rule)"));
            }
        });
        return out;
    }

    private static Outcome check(String file, String id, String expectation, JsonNode spec, Path dir, JsonNode bases,
                                 Function<String, Optional<String>> examples, Function<String, List<String>> fired) {
        String base = spec.path("base").asText("");
        String text;
        try {
            text = scenario(spec, dir, bases, examples);
        } catch (IllegalArgumentException e) {
            return new Outcome(file, id, expectation, false, e.getMessage());
        }
        List<String> rules;
        try {
            rules = fired.apply(text);
        } catch (IllegalArgumentException e) {
            return new Outcome(file, id, expectation, false, "the scenario of base '" + base + "' is refused: "
                    + e.getMessage());
        }
        boolean fires = rules.contains(id);
        boolean passed = fires == expectation.equals("fires");
        String on = "on " + base + (spec.has("set") ? " with " + spec.get("set") : "");
        return new Outcome(file, id, expectation, passed, passed ? on
                : (fires ? "fired " : "did not fire ") + on + "; the rules that fired: "
                + String.join(", ", rules.stream().distinct().toList()));
    }

    /**
     * The scenario text of a case: its base ({@code bases}' entry, a file relative to {@code dir}, or an example by
     * name), with the dotted-path overrides of {@code set}. Throws {@link IllegalArgumentException} naming the base
     * when it cannot be found or read.
     */
    public static String scenario(JsonNode spec, Path dir, JsonNode bases, Function<String, Optional<String>> examples) {
        String base = spec.path("base").asText("");
        if (base.isEmpty()) {
            throw new IllegalArgumentException("the case names no base: give base: NAME (an entry of bases:, a "
                    + "scenario file beside the cases, or a shipped example)");
        }
        JsonNode scenario;
        try {
            if (bases.has(base)) {
                scenario = bases.get(base).deepCopy();
            } else if (base.endsWith(".yaml") || base.endsWith(".yml") || base.endsWith(".json")) {
                Path p = dir.resolve(base);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("base '" + base + "': no such file beside the cases");
                }
                scenario = YAML.readTree(Files.readString(p, StandardCharsets.UTF_8));
            } else {
                String text = examples.apply(base).orElseThrow(() -> new IllegalArgumentException("base '" + base
                        + "' is neither an entry of bases: nor a shipped example (./advisor example lists them)"));
                scenario = YAML.readTree(text);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("base '" + base + "' is not readable as YAML: "
                    + firstLine(e.getMessage()));
        }
        if (!(scenario instanceof ObjectNode root)) {
            throw new IllegalArgumentException("base '" + base + "' is not a scenario (a mapping of keys)");
        }
        root.put("name", base);
        Iterator<Map.Entry<String, JsonNode>> sets = spec.path("set").fields();
        while (sets.hasNext()) {
            Map.Entry<String, JsonNode> e = sets.next();
            String[] path = e.getKey().split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode next = node.get(path[i]);
                if (next != null && !next.isObject()) {
                    throw new IllegalArgumentException("set: '" + e.getKey() + "': '" + path[i]
                            + "' is not a mapping in base '" + base + "'");
                }
                node = next != null ? (ObjectNode) next : node.putObject(path[i]);
            }
            node.set(path[path.length - 1], e.getValue());
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
