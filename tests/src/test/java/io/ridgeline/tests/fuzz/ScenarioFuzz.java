package io.ridgeline.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.WorkloadKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Seeded hostile scenarios and the contract every answer to one keeps. A case is a shipped example with one value
 * replaced by what a careless or hostile user might send (0, -1, 2^31, 2^63, 1e308, NaN, infinity, a string, a
 * list, a list of 100,000 numbers, a mapping, null, markup), or an unknown key added. The answer is either a refusal
 * that names a field (an {@link InputError}, or the engine's refusal of a design it cannot bill, an
 * IllegalArgumentException with its message) or a bill, an audit, and for some cases an advice or a search, whose
 * JSON holds no NaN, no infinity and no sentinel (a latency of 1e9 ms or more, Integer.MAX_VALUE, Long.MAX_VALUE);
 * nothing else escapes, and the same case gives the same bytes. Used by {@code BadInputFuzzTest} (2,000 cases) and
 * {@code tests/bench/fuzz.sh} (100,000 and more).
 */
public final class ScenarioFuzz {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final JsonNode[] HOSTILE = {
        F.numberNode(0), F.numberNode(-1), F.numberNode(2_147_483_648L), F.numberNode(Long.MAX_VALUE),
        F.numberNode(1e308), F.numberNode(Double.NaN), F.numberNode(Double.POSITIVE_INFINITY), F.textNode("abc"),
        F.arrayNode().add(1), F.objectNode().put("x", 1), F.nullNode(), F.numberNode(0.5), F.numberNode(1e-300),
        F.textNode("<img src=x>"),
    };

    private static final JsonNode HUGE_LIST = hugeList();

    private final Ridgeline ridgeline;
    private final List<JsonNode> examples;

    /** The fuzzer over the shipped examples in {@code examplesDir}. */
    public ScenarioFuzz(Ridgeline ridgeline, Path examplesDir) {
        this.ridgeline = ridgeline;
        this.examples = examples(examplesDir);
    }

    /** One case: the mutated path and the scenario's text, and whether it is advised and searched too. */
    public record Case(long seed, String mutated, String text, boolean advise, boolean search) {
        public String describe() {
            return "case " + seed + ", mutated " + mutated + ":\n" + text;
        }
    }

    /** The case of {@code seed}: 1 in 20 adds an unknown key, 1 in 50 puts a 100,000-number list in a field. */
    public Case mutate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ObjectNode scenario = examples.get(random.nextInt(examples.size())).deepCopy();
        List<String> paths = new ArrayList<>();
        leaves(scenario, "", paths);
        String mutated;
        if (random.nextInt(20) == 0) {
            scenario.withObject("/workload").put("unknwon_key", 1);
            mutated = "workload.unknwon_key";
        } else {
            mutated = paths.get(random.nextInt(paths.size()));
            set(scenario, mutated, random.nextInt(50) == 0 ? HUGE_LIST : HOSTILE[random.nextInt(HOSTILE.length)]);
        }
        String text;
        try {
            text = YAML.writeValueAsString(scenario);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Case(seed, mutated, text, random.nextInt(25) == 0, random.nextInt(100) == 0);
    }

    /**
     * The refusal or the answer, as text, checked against the contract (an AssertionError when it is broken). With
     * {@code full} the case's advice and search run too, where the case asks for them.
     */
    public String answer(Case c, boolean full) {
        String what = c.describe();
        Scenario s;
        try {
            s = ridgeline.parse(c.text(), "fuzz");
        } catch (InputError refused) {
            return refusal(refused, what);
        }
        try {
            StringBuilder out = new StringBuilder();
            out.append(checked(Json.write(ridgeline.estimate(s)), what));
            out.append(checked(Json.write(ridgeline.audit(s)), what));
            if (full && c.advise()) {
                out.append("|advice:").append(checked(Json.write(ridgeline.advise(s)), what).length());
            }
            if (full && c.search()) {
                Object result = s.kind() == WorkloadKind.TRAINING ? ridgeline.searchTraining(s, 3)
                        : s.kind() == WorkloadKind.INFERENCE ? ridgeline.search(s, 3) : null;
                if (result != null) {
                    out.append("|search:").append(checked(Json.write(result), what).length());
                }
            }
            return out.toString();
        } catch (InputError refused) {
            return refusal(refused, what);
        } catch (IllegalArgumentException refused) {
            // the engine refusing a design it cannot bill (a degree that does not divide the heads, say)
            assertThat(refused.getMessage()).as(what).isNotBlank().doesNotContain("Exception");
            return "refused " + refused.getMessage();
        }
    }

    private static String refusal(InputError refused, String what) {
        assertThat(refused.field()).as(what).isNotBlank();
        assertThat(refused.getMessage()).as(what).isNotBlank().doesNotContain("Exception")
                .doesNotContainIgnoringCase("jackson").doesNotContainIgnoringCase("snakeyaml");
        return "refused " + refused.getMessage();
    }

    private static String checked(String json, String what) {
        assertThat(unfit(json)).as(what).isEmpty();
        return json;
    }

    /**
     * The paths of the answer whose value is not a finite number or is a sentinel: a non-finite double, the text
     * Jackson writes for one ("NaN", "Infinity") where a number belongs (the scenario's own name may be any text),
     * a latency ({@code _ms}) of 1e9 or more, or Integer.MAX_VALUE / Long.MAX_VALUE.
     */
    static List<String> unfit(String json) {
        List<String> out = new ArrayList<>();
        try {
            walk(Json.mapper().readTree(json), "", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void walk(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), path + "." + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "." + i, out);
            }
        } else if (node.isNumber()) {
            double x = node.doubleValue();
            if (!Double.isFinite(x)) {
                out.add(path);
            } else if ((path.endsWith("_ms") && Math.abs(x) >= 1e9) || x == Integer.MAX_VALUE
                    || x == (double) Long.MAX_VALUE) {
                out.add(path + " = " + node.asText() + " (a sentinel)");
            }
        } else if (node.isTextual() && node.asText().matches("-?(NaN|Infinity)")
                && !path.endsWith(".scenario") && !path.endsWith(".name")) {
            out.add(path + " = " + node.asText());
        }
    }

    private static JsonNode hugeList() {
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < 100_000; i++) {
            a.add(i);
        }
        return a;
    }

    /**
     * Scenarios for keys no shipped example sets: a pretraining batch ramp, the zero-bubble and DualPipe schedules,
     * expert parallelism across nodes.
     */
    private static final List<String> EXTRA_BASES = List.of("""
            name: fuzz-ramp-dualpipe
            kind: training
            model: llama-3.1-8b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 2}
            workload:
              tokens: 1.0e11
              seq_len: 4096
              global_batch_tokens: 4194304
              batch_stages:
                - {global_batch_tokens: 1048576, tokens: 1.0e9}
                - {global_batch_tokens: 2097152, tokens: 2.0e9}
            design: {tp: 2, pp: 2, dp: 4, zero_stage: 1, pipeline_schedule: dualpipe}
            """, """
            name: fuzz-moe-zero-bubble
            kind: training
            model: mixtral-8x7b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 4}
            workload: {tokens: 1.0e11, seq_len: 4096, global_batch_tokens: 4194304}
            design: {tp: 1, pp: 2, dp: 16, ep: 8, zero_stage: 1, precision: fp8, pipeline_schedule: zero_bubble}
            """);

    private static List<JsonNode> examples(Path dir) {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                out.add(YAML.readTree(Files.readString(p)));
            }
            for (String extra : EXTRA_BASES) {
                out.add(YAML.readTree(extra));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void leaves(JsonNode node, String prefix, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> leaves(e.getValue(), prefix.isEmpty() ? e.getKey()
                    : prefix + "." + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), prefix + "." + i, out);
            }
        } else if (!prefix.isEmpty()) {
            out.add(prefix);
        }
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(parts[i])) : parent.get(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }
}
