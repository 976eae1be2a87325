package io.ridgeline.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.scenario.ScenarioSchema.Key;
import io.ridgeline.engine.scenario.ScenarioSchema.Type;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.WorkloadKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The schema is the loader's: every key it lists is read, a value outside its range is refused naming the key, the
 * docs hold its tables, and its JSON Schema accepts every shipped scenario and refuses a misspelt key.
 */
class ScenarioSchemaTest {

    private static final Path DOCS = Path.of("../docs/scenario.md");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScenarioLoader LOADER = new ScenarioLoader(Catalogs.builtIn());

    /** The smallest scenario of each kind; each key is tried on it alone. */
    private static ObjectNode base(WorkloadKind kind) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("kind", kind.id());
        doc.put("model", "llama-3.1-8b");
        doc.putObject("hardware").put("gpu", "h100-sxm");
        if (kind == WorkloadKind.INFERENCE) {
            doc.putObject("workload");
        }
        return doc;
    }

    private static WorkloadKind firstKind(Key k) {
        return Stream.of(WorkloadKind.INFERENCE, WorkloadKind.TRAINING, WorkloadKind.RL).filter(k::appliesTo)
                .findFirst().orElseThrow();
    }

    /** Sets the key's dotted path in the document; a key of the benchmark's needs its clients. */
    private static ObjectNode with(ObjectNode doc, Key k, Object value) {
        String[] parts = k.path().split("\\.");
        ObjectNode at = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.has(parts[i]) ? (ObjectNode) at.get(parts[i]) : at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], JSON.valueToTree(value));
        if (k == ScenarioSchema.BENCHMARK_REQUESTS || k == ScenarioSchema.WARMUP_REQUESTS) {
            at.put("concurrency", 4);
        }
        return doc;
    }

    private static Scenario load(ObjectNode doc) {
        return LOADER.parse(doc.toString(), "schema-case", null);
    }

    /** The keys that take a value of their own (not a section, not a batch stage, which its list carries). */
    private static List<Key> valueKeys() {
        return ScenarioSchema.keys().stream().filter(k -> k.type() != Type.MAPPING)
                .filter(k -> !k.section().equals(ScenarioSchema.BATCH_STAGE)).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyKeyIsReadByTheLoaderAtItsExample() {
        // a key the schema lists but the loader never reads fails here (IllegalStateException from Node), as does
        // a key the loader reads that the schema does not list
        return valueKeys().stream().filter(k -> k.example() != null).map(k -> DynamicTest.dynamicTest(k.path()
                + " (" + firstKind(k).id() + ")", () -> assertThatCode(() -> load(with(base(firstKind(k)), k,
                k.example()))).doesNotThrowAnyException()));
    }

    @TestFactory
    Stream<DynamicTest> aKeyGivenAsNullIsAKeyLeftOut() {
        // `weights:` left empty in YAML reads as null: the scenario is the one without the key
        return valueKeys().stream().filter(k -> !k.required()).map(k -> DynamicTest.dynamicTest(k.path(), () -> {
            ObjectNode doc = base(firstKind(k));
            with(doc, k, null);
            ObjectNode without = base(firstKind(k));
            with(without, k, null);
            removePath(without, k.path());
            assertThat(load(doc)).isEqualTo(load(without));
        }));
    }

    private static void removePath(ObjectNode doc, String path) {
        String[] parts = path.split("\\.");
        ObjectNode at = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            at = (ObjectNode) at.get(parts[i]);
        }
        at.remove(parts[parts.length - 1]);
    }

    @Test
    void theDocsTablesListEveryKey() {
        String tables = ScenarioReference.markdown();
        assertThat(ScenarioSchema.keys()).allSatisfy(k -> assertThat(tables).contains("| `" + k.name() + "` |"));
    }

    @TestFactory
    Stream<DynamicTest> aNumberOutsideItsRangeIsRefusedNamingTheKey() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Key k : valueKeys()) {
            if (k.type() != Type.INTEGER && k.type() != Type.NUMBER) {
                continue;
            }
            if (k.maximum() != null) {
                double above = k.maximum() >= 1 ? k.maximum() * 10 : k.maximum() + 0.5;
                tests.add(refused(k, k.type() == Type.INTEGER ? (Object) (long) above : above));
            }
            if (k.minimum() != null) {
                double below = k.exclusiveMinimum() ? k.minimum() : k.minimum() - 1;
                tests.add(refused(k, k.type() == Type.INTEGER ? (Object) (long) below : below));
            }
        }
        return tests.stream();
    }

    private static DynamicTest refused(Key k, Object value) {
        return DynamicTest.dynamicTest(k.path() + " = " + value, () -> {
            InputError e = catchThrowableOfType(() -> load(with(base(firstKind(k)), k, value)), InputError.class);
            assertThat(e).as("refused").isNotNull();
            assertThat(e.field()).isEqualTo(k.path());
        });
    }

    @Test
    void aKeyOfAnotherKindSaysWhoseItIs() {
        ObjectNode doc = base(WorkloadKind.INFERENCE);
        ((ObjectNode) doc.get("workload")).put("seq_len", 4096);
        InputError e = catchThrowableOfType(() -> load(doc), InputError.class);
        assertThat(e.field()).isEqualTo("workload.seq_len");
        assertThat(e.getMessage()).contains("is read for kind training, not inference")
                .contains("allowed here: prompt_tokens, output_tokens");
    }

    @Test
    void theDefaultsAreTheSchemas() {
        Scenario s = load(base(WorkloadKind.INFERENCE));
        assertThat(s.inference().promptTokens()).isEqualTo(ScenarioSchema.PROMPT_TOKENS.defaultValue());
        assertThat(s.inference().outputTokens()).isEqualTo(ScenarioSchema.OUTPUT_TOKENS.defaultValue());
        assertThat(s.design().specDraftTokens()).isEqualTo(ScenarioSchema.DRAFT_TOKENS.defaultValue());
        Scenario rl = load(base(WorkloadKind.RL));
        assertThat(rl.rl().promptTokens()).isEqualTo(ScenarioSchema.RL_PROMPT_TOKENS.defaultValue());
        assertThat(rl.rl().samplesPerPrompt()).isEqualTo(ScenarioSchema.SAMPLES_PER_PROMPT.defaultValue());
        Scenario training = load(base(WorkloadKind.TRAINING));
        assertThat(training.training().seqLen()).isEqualTo(ScenarioSchema.SEQ_LEN.defaultValue());
    }

    @Test
    void docsHoldTheGeneratedKeyTables() throws IOException {
        String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
        int begin = docs.indexOf(ScenarioReference.BEGIN);
        int end = docs.indexOf(ScenarioReference.END);
        assertThat(begin).as("docs/scenario.md's generated block").isNotNegative();
        String block = docs.substring(begin, end + ScenarioReference.END.length() + 1);
        if (Boolean.getBoolean("ridgeline.regenerate") && !block.equals(ScenarioReference.markdown())) {
            Files.writeString(DOCS, docs.substring(0, begin) + ScenarioReference.markdown()
                    + docs.substring(end + ScenarioReference.END.length() + 1), StandardCharsets.UTF_8);
            return;
        }
        assertThat(block).as("docs/scenario.md is behind ScenarioSchema; rewrite its block with mvn -pl engine test "
                + "-Dtest=ScenarioSchemaTest -Dridgeline.regenerate=true").isEqualTo(ScenarioReference.markdown());
    }

    @Test
    void theDocsExampleLoads() throws IOException {
        String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
        int start = docs.indexOf("```yaml\n") + "```yaml\n".length();
        String example = docs.substring(start, docs.indexOf("```", start));
        Scenario s = LOADER.parse(example, "docs-example", null);
        assertThat(s.name()).isEqualTo("llama-70b-chat");
        assertThat(s.cluster().totalGpus()).isEqualTo(16);
    }

    private static Schema jsonSchema() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(JSON.valueToTree(
                ScenarioReference.jsonSchema(ScenarioReference.Dialect.JSON_SCHEMA_2020_12)).toString());
    }

    @TestFactory
    Stream<DynamicTest> theJsonSchemaAcceptsEveryShippedScenario() throws IOException {
        Schema schema = jsonSchema();
        try (Stream<Path> files = Files.list(Path.of("../examples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream()
                    .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                        JsonNode doc = YAML.readTree(p.toFile());
                        assertThat(schema.validate(doc)).as(p.toString()).isEmpty();
                    }));
        }
    }

    @Test
    void theJsonSchemaRefusesAMisspeltKeyAndAValueOutOfRange() throws IOException {
        Schema schema = jsonSchema();
        JsonNode misspelt = YAML.readTree("model: llama-3.1-8b\nhardware: {gpu: h100-sxm, gpu_per_node: 8}\n");
        assertThat(schema.validate(misspelt)).isNotEmpty();
        JsonNode outOfRange = YAML.readTree("model: llama-3.1-8b\nhardware: {gpu: h100-sxm}\n"
                + "design: {zero_stage: 4}\n");
        assertThat(schema.validate(outOfRange)).isNotEmpty();
        JsonNode training = YAML.readTree("kind: training\nmodel: llama-3.1-8b\nhardware: {gpu: h100-sxm}\n"
                + "workload: {tokens: 1e12, seq_len: 8192}\n");
        assertThat(schema.validate(training)).isEmpty();
    }
}
