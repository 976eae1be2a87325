package io.ridgeline.tests;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutated scenarios: every shipped example with one of its numeric or text values replaced by a value a careless
 * or hostile user might send (0, -1, 2^31, 2^63, 1e308, NaN, infinity, a string, a list, a mapping, null), or an
 * unknown key added. Whatever comes in, the answer is either a refusal that names a field ({@link InputError}, or
 * the engine's own refusal of a design, an IllegalArgumentException with its message) or a bill and an audit whose
 * JSON holds no NaN or infinity; nothing else escapes, and the same input gives the same bytes. 2,000 cases, seeded.
 */
class BadInputFuzzTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final int CASES = 2_000;

    private static final JsonNode[] HOSTILE = {
        JsonNodeFactory.instance.numberNode(0), JsonNodeFactory.instance.numberNode(-1),
        JsonNodeFactory.instance.numberNode(2_147_483_648L), JsonNodeFactory.instance.numberNode(Long.MAX_VALUE),
        JsonNodeFactory.instance.numberNode(1e308), JsonNodeFactory.instance.numberNode(Double.NaN),
        JsonNodeFactory.instance.numberNode(Double.POSITIVE_INFINITY), JsonNodeFactory.instance.textNode("abc"),
        JsonNodeFactory.instance.arrayNode().add(1), JsonNodeFactory.instance.objectNode().put("x", 1),
        JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.numberNode(0.5),
        JsonNodeFactory.instance.numberNode(1e-300), JsonNodeFactory.instance.textNode("<img src=x>"),
    };

    static Stream<Integer> cases() {
        return Stream.iterate(0, i -> i + 1).limit(CASES);
    }

    private static final List<JsonNode> EXAMPLES = examples();

    private static List<JsonNode> examples() {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                out.add(YAML.readTree(Files.readString(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void aMutatedScenarioIsRefusedByFieldOrAnsweredWithFiniteNumbers(int seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ObjectNode scenario = EXAMPLES.get(random.nextInt(EXAMPLES.size())).deepCopy();
        List<String> paths = new ArrayList<>();
        leaves(scenario, "", paths);
        String mutated;
        if (random.nextInt(20) == 0) {
            scenario.withObject("/workload").put("unknwon_key", 1);
            mutated = "workload.unknwon_key";
        } else {
            mutated = paths.get(random.nextInt(paths.size()));
            set(scenario, mutated, HOSTILE[random.nextInt(HOSTILE.length)]);
        }
        String text = YAML.writeValueAsString(scenario);
        String what = "mutated " + mutated + ":\n" + text;
        String first = answer(text, what, random.nextInt(25) == 0);
        assertThat(answer(text, what, false)).as(what).isEqualTo(first.replaceFirst("\\|advice:.*$", ""));
    }

    /** The refusal or the answer, as text; fails on anything else. */
    private static String answer(String text, String what, boolean advise) {
        Scenario s;
        try {
            s = RIDGELINE.parse(text, "fuzz");
        } catch (InputError refused) {
            assertThat(refused.field()).as(what).isNotBlank();
            assertThat(refused.getMessage()).as(what).isNotBlank().doesNotContain("Exception")
                    .doesNotContainIgnoringCase("jackson").doesNotContainIgnoringCase("snakeyaml");
            return "refused " + refused.getMessage();
        }
        try {
            String bill = Json.write(RIDGELINE.estimate(s));
            String audit = Json.write(RIDGELINE.audit(s));
            for (String json : new String[] {bill, audit}) {
                assertThat(nonFinite(json)).as(what).isEmpty();
            }
            String out = bill + audit;
            if (advise) {
                String advice = Json.write(RIDGELINE.advise(s));
                assertThat(nonFinite(advice)).as(what).isEmpty();
                out += "|advice:" + advice.length();
            }
            return out;
        } catch (InputError refused) {
            assertThat(refused.field()).as(what).isNotBlank();
            return "refused " + refused.getMessage();
        } catch (IllegalArgumentException refused) {
            // the engine refusing a design it cannot bill (a degree that does not divide the heads, say)
            assertThat(refused.getMessage()).as(what).isNotBlank().doesNotContain("Exception");
            return "refused " + refused.getMessage();
        }
    }

    /**
     * The paths of the answer whose value is not a finite number: a non-finite double, or the text Jackson writes
     * for one ("NaN", "Infinity") where a number belongs (the scenario's own name may be any text).
     */
    private static List<String> nonFinite(String json) {
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
        } else if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            out.add(path);
        } else if (node.isTextual() && node.asText().matches("-?(NaN|Infinity)")
                && !path.endsWith(".scenario") && !path.endsWith(".name")) {
            out.add(path + " = " + node.asText());
        }
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
