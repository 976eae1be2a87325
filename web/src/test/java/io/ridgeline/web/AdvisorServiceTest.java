package io.ridgeline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.facts.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisorServiceTest {

    /** A rulebase with no rules: these tests read scenarios and render bills, they do not run the loop. */
    private static AdvisorService service;

    @BeforeAll
    static void setUp() {
        service = new AdvisorService(new Ridgeline(Catalogs.builtIn(), RuleBase.build(Map.of(), "empty")));
    }

    @Test
    void aModelGivenAsAFilePathIsRefusedWithoutReadingTheFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"model_type\": \"llama\"}");
        String text = "model: " + config + "\nhardware: {gpu: h100-sxm}\n";
        assertThatThrownBy(() -> service.scenario(text)).isInstanceOf(InputError.class)
                .satisfies(e -> assertThat(((InputError) e).field()).isEqualTo("model"))
                .hasMessageContaining("catalog id or an inline mapping");
    }

    @Test
    void anInlineModelIsAccepted() {
        Scenario s = service.scenario("""
                model:
                  id: tiny
                  model_type: llama
                  hidden_size: 1024
                  num_hidden_layers: 4
                  num_attention_heads: 8
                  num_key_value_heads: 8
                  intermediate_size: 4096
                  vocab_size: 32000
                  max_position_embeddings: 4096
                hardware: {gpu: h100-sxm}
                """);
        assertThat(s.model().id()).isEqualTo("tiny");
    }

    @Test
    @SuppressWarnings("unchecked")
    void adviceCarriesTheSearchsAlternativesAndParetoFrontUnderItsSearchKey() {
        // the search needs no rules: without any, the loop stays where it starts and the search still answers
        Map<String, Object> advice = service.advise(service.scenario("""
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
                workload: {prompt_tokens: 1000, output_tokens: 200, requests_per_s: 2}
                slo: {ttft_ms: 1000, tpot_ms: 40}
                """));
        Map<String, Object> search = (Map<String, Object>) advice.get("search");
        assertThat(search).containsKeys("best_model", "best_gpu", "best_design", "best_estimate", "cost_ratio",
                "finding", "objective", "objective_ratio", "alternatives", "pareto", "pareto_axes");
        assertThat(search.get("objective")).isEqualTo("cost");
        assertThat(search.get("pareto_axes")).isEqualTo(Map.of("x", "cost_per_hour_usd", "y", "e2e_ms"));
        List<Map<String, Object>> alternatives = (List<Map<String, Object>>) search.get("alternatives");
        assertThat(alternatives).isNotEmpty();
        assertThat(alternatives.get(0)).containsKeys("rank", "model", "gpu", "design", "design_text", "total_gpus",
                "meets_requirements", "binding", "over_limits", "figures");
        assertThat(alternatives.get(0).get("design")).isEqualTo(search.get("best_design"));
        // ranked by the objective: the cheapest first among those that meet every requirement
        double previous = 0;
        for (Map<String, Object> a : alternatives) {
            if (Boolean.TRUE.equals(a.get("meets_requirements"))) {
                double usd = ((Number) ((Map<String, Object>) a.get("figures")).get("cost_per_hour_usd"))
                        .doubleValue();
                assertThat(usd).isGreaterThanOrEqualTo(previous);
                previous = usd;
            }
        }
        List<Map<String, Object>> pareto = (List<Map<String, Object>>) search.get("pareto");
        assertThat(pareto).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotContainKey("rank"));
    }

    @Test
    void anEmptyBodyIsAnErrorOfTheWholeText() {
        assertThatThrownBy(() -> service.scenario("  \n")).isInstanceOf(InputError.class)
                .satisfies(e -> assertThat(((InputError) e).field()).isEqualTo("(file)"));
    }

    @Test
    void aListIsNotAScenario() {
        assertThatThrownBy(() -> service.document("- a\n- b\n")).isInstanceOf(InputError.class)
                .hasMessageContaining("must be a mapping");
    }

    @Test
    void theDocumentIsTheTextAsWrittenWithoutDefaults() {
        var doc = service.document("model: llama-3.1-8b\nhardware: {gpu: h100-sxm}\n");
        assertThat(doc.fieldNames()).toIterable().containsExactly("model", "hardware");
        assertThat(doc.get("hardware").get("gpu").asText()).isEqualTo("h100-sxm");
    }

    @Test
    void anEstimateCarriesTheScenarioIdentityTheBillLaunchCommandsAndCharts() {
        Map<String, Object> m = service.estimate(service.scenario("""
                name: small
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm}
                workload: {prompt_tokens: 512, output_tokens: 128, requests_per_s: 1}
                """));
        assertThat(m).containsEntry("scenario", "small").containsEntry("kind", "inference")
                .containsEntry("model", "llama-3.1-8b").containsEntry("gpu", "h100-sxm")
                .containsKeys("design", "efficiency", "ttft_ms", "figures", "launch_commands", "charts");
        @SuppressWarnings("unchecked")
        Map<String, String> launch = (Map<String, String>) m.get("launch_commands");
        assertThat(launch.keySet()).containsExactly("vllm", "sglang");
        assertThat(launch.get("vllm")).contains("vllm serve meta-llama/Llama-3.1-8B-Instruct");
    }

    @Test
    void aTrainingBillLaunchesWithTheTrainingFrameworks() {
        Map<String, Object> m = service.estimate(service.scenario("""
                kind: training
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8}
                design: {dp: 8}
                """));
        assertThat(((Map<?, ?>) m.get("launch_commands")).keySet().toString()).isEqualTo("[megatron, torchtitan]");
        Map<?, ?> charts = (Map<?, ?>) m.get("charts");
        assertThat(charts.get("memory")).isNotNull();
        assertThat(charts.get("communication")).isNotNull();
        assertThat(charts.get("frontier")).isNull();
    }

    @Test
    void theEstimateMarkdownEndsWithBothLaunchCommands() {
        String md = service.estimateMarkdown(service.scenario("""
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm}
                """));
        assertThat(md).startsWith("# Estimate: scenario (inference)")
                .contains("## Launch command (vllm)\n\n```sh\n")
                .contains("## Launch command (sglang)\n\n```sh\n");
    }
}
