package io.ridgeline.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A design written as a scenario's design mapping loads back to the same design. */
class DesignDocumentTest {

    private static final ScenarioLoader LOADER = new ScenarioLoader(Catalogs.builtIn());
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** The scenario's design, written as a document into the scenario in place of its design, loads back equal. */
    private static void assertRoundTrips(String text) throws IOException {
        Design d = LOADER.parse(text, "original", null).design();
        ObjectNode root = (ObjectNode) YAML.readTree(text);
        root.set("design", YAML.valueToTree(DesignDocument.of(d)));
        Scenario back = LOADER.parse(YAML.writeValueAsString(root), "round-trip", null);
        assertThat(back.design()).isEqualTo(d);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyShippedExamplesDesignRoundTrips(Path example) throws IOException {
        assertRoundTrips(Files.readString(example));
    }

    /** Designs the loop reaches that no shipped example starts from: each key away from its default. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{tp: 2, replicas: 3, precision: fp8, kv_cache: fp8, batch: 64, features: [speculative_decoding, "
            + "prefix_caching], speculative: {draft_tokens: 6, acceptance_rate: 0.55}}",
        "{tp: 4, step_tokens: 8192, prefill_steps: whole, prefill_hold_steps: 3, prefill_hold_tokens: 4096, "
            + "engine: sglang, prefill_share: 0.4}",
        "{tp: 2, features: [chunked_prefill], step_tokens: 2048, engine: vllm}",
    })
    void servingDesignsRoundTrip(String design) throws IOException {
        assertRoundTrips("model: llama-3.1-70b\nhardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 2}\n"
                + "workload: {prompt_tokens: 1000, output_tokens: 200, requests_per_s: 1}\ndesign: " + design + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{tp: 4, pp: 4, dp: 4, zero_stage: 1, recompute: selective, micro_batch: 2, "
            + "pipeline_schedule: zero_bubble, sequence_parallel: false}",
        "{tp: 8, pp: 2, dp: 4, cp: 1, zero_stage: 3, recompute: full, precision: fp8, flash_attention: false, "
            + "virtual_stages: 2}",
    })
    void trainingDesignsRoundTrip(String design) throws IOException {
        assertRoundTrips("kind: training\nmodel: llama-3.1-70b\nhardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 8}\n"
                + "workload: {tokens: 1.0e12, seq_len: 4096, global_batch_tokens: 4.0e6}\ndesign: " + design + "\n");
    }
}
