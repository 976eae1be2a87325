package io.ridgeline.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {

    private static final ScenarioLoader LOADER = new ScenarioLoader(Catalogs.builtIn());

    private static Scenario parse(String yaml) {
        return LOADER.parse(yaml, "test", null);
    }

    private static final String BASE = """
            model: llama-3.1-8b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 2}
            """;

    @Test
    void absentKeysTakeTheDocumentedDefaults() {
        Scenario s = parse(BASE);
        assertThat(s.kind().id()).isEqualTo("inference");
        assertThat(s.inference().promptTokens()).isEqualTo(1024);
        assertThat(s.inference().outputTokens()).isEqualTo(256);
        // context defaults to prompt + output: 1024 + 256
        assertThat(s.inference().contextTokens()).isEqualTo(1280);
        assertThat(s.slo().percentile()).isEqualTo(0.99);
        assertThat(s.design().tp()).isEqualTo(1);
        assertThat(s.design().weights()).isEqualTo(NumericFormat.BF16);
        assertThat(s.cluster().totalGpus()).isEqualTo(16);
        assertThat(s.efficiency().hbm()).isEqualTo(0.80);
    }

    @Test
    void retrievedContextAndHistoryGrowThePrompt() {
        Scenario s = parse(BASE + """
                workload: {prompt_tokens: 400, retrieved_tokens: 2000, history_tokens_per_turn: 300, turns: 5}
                """);
        // 400 + 2000 + 300 x (5 - 1) = 3600
        assertThat(s.inference().promptTokens()).isEqualTo(3600);
    }

    @Test
    void precisionShorthandKeepsWeightOnlyFormatsOffTheActivations() {
        Scenario int4 = parse(BASE + "design: {precision: int4}\n");
        assertThat(int4.design().weights()).isEqualTo(NumericFormat.INT4);
        assertThat(int4.design().activations()).isEqualTo(NumericFormat.BF16);
        Scenario fp8 = parse(BASE + "design: {precision: fp8, kv_cache: fp8, features: [prefix_caching]}\n");
        assertThat(fp8.design().activations()).isEqualTo(NumericFormat.FP8);
        assertThat(fp8.design().kvCache()).isEqualTo(NumericFormat.FP8);
        assertThat(fp8.design().has(Feature.PREFIX_CACHING)).isTrue();
    }

    @Test
    void percentilesReadAsP95OrAFraction() {
        assertThat(parse(BASE + "slo: {percentile: p95}\n").slo().percentile()).isEqualTo(0.95);
        assertThat(parse(BASE + "slo: {percentile: 0.999}\n").slo().percentile()).isEqualTo(0.999);
        assertThatThrownBy(() -> parse(BASE + "slo: {percentile: p20}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("slo.percentile");
    }

    @Test
    void anInlineModelIsReadAsConfigJsonKeys() {
        Scenario s = parse("""
                model:
                  id: tiny
                  model_type: llama
                  num_hidden_layers: 2
                  hidden_size: 256
                  num_attention_heads: 4
                  num_key_value_heads: 2
                  intermediate_size: 512
                  vocab_size: 1000
                  max_position_embeddings: 2048
                hardware: {gpu: l40s}
                workload: {prompt_tokens: 100, output_tokens: 10}
                """);
        assertThat(s.model().id()).isEqualTo("tiny");
        assertThat(s.model().kvHeads()).isEqualTo(2);
    }

    @Test
    void badInputNamesTheFieldAndTheRange() {
        assertThatThrownBy(() -> parse(BASE + "workload: {prompt_tokens: 0}\n"))
                .isInstanceOf(InputError.class)
                .satisfies(e -> assertThat(((InputError) e).field()).isEqualTo("workload.prompt_tokens"))
                .hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> parse(BASE + "design: {precision: fp6}\n"))
                .hasMessageContaining("design.precision").hasMessageContaining("allowed: fp32, bf16");
        assertThatThrownBy(() -> parse(BASE + "workload: {prompt_tokens: 200000}\n"))
                .hasMessageContaining("exceeds llama-3.1-8b's context window of 131072 tokens");
        assertThatThrownBy(() -> parse(BASE + "design: {tp: 4, replicas: 5}\n"))
                .hasMessageContaining("design.replicas").hasMessageContaining("the cluster has 16");
        assertThatThrownBy(() -> parse(BASE.replace("llama-3.1-8b", "llama-9")))
                .hasMessageContaining("model").hasMessageContaining("unknown model 'llama-9'");
        assertThatThrownBy(() -> parse(BASE + "hardwre: {}\n"))
                .hasMessageContaining("hardwre").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> parse("- a list\n")).hasMessageContaining("mapping");
    }

    @Test
    void aTrainingDesignWithoutDpSpreadsDataParallelismOverTheRestOfTheGpus() {
        Scenario s = parse("""
                kind: training
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 4}
                design: {tp: 2, pp: 2}
                """);
        // 32 GPUs / (tp 2 x pp 2 x cp 1) = 8
        assertThat(s.design().dp()).isEqualTo(8);
        assertThat(parse(BASE).design().dp()).isEqualTo(1);
    }
}
