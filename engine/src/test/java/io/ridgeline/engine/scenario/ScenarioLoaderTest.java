package io.ridgeline.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import java.util.List;
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
    void theHostLinkOverridesTheCatalogsAndZeroStatesNone() {
        assertThat(parse(BASE).cluster().gpu().hostLinkBytesPerS()).isEqualTo(64e9);
        Scenario none = parse("""
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 2, host_link_gb_per_s: 0}
                """);
        assertThat(none.cluster().gpu().hostLinkBytesPerS()).isZero();
        Scenario gen4 = parse("""
                model: llama-3.1-8b
                hardware: {gpu: b200, host_link_gb_per_s: 32}
                """);
        assertThat(gen4.cluster().gpu().hostLinkBytesPerS()).isEqualTo(32e9);
        assertThatThrownBy(() -> parse("""
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, host_link_gb_per_s: -1}
                """)).isInstanceOf(InputError.class).hasMessageContaining("hardware.host_link_gb_per_s");
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
    void percentilesRunFromP50ToP9999AsDocumented() {
        assertThat(parse(BASE + "slo: {percentile: p50}\n").slo().percentile()).isEqualTo(0.5);
        assertThat(parse(BASE + "slo: {percentile: p99.99}\n").slo().percentile()).isCloseTo(0.9999, within(1e-12));
        for (String past : new String[] {"p99.999", "0.99999", "p100"}) {
            assertThatThrownBy(() -> parse(BASE + "slo: {percentile: " + past + "}\n")).as(past)
                    .isInstanceOf(InputError.class).hasMessageContaining("slo.percentile")
                    .hasMessageContaining("p99.99");
        }
    }

    @Test
    void aHistoryThatMultipliesPastTwoToThe31IsRefusedNotWrappedAround() {
        // 65,536 tokens x 65,536 earlier turns = 2^32: added in int it wrapped to a 1,100-token context
        String text = """
                kind: inference
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm}
                workload: {prompt_tokens: 1000, output_tokens: 100, history_tokens_per_turn: 65536, turns: 65537}
                """;
        assertThatThrownBy(() -> parse(text)).isInstanceOf(InputError.class)
                .hasMessageContaining("workload.history_tokens_per_turn").hasMessageContaining("4294968396");
    }

    @Test
    void aKeyGivenTwiceASecondDocumentAndAnAliasAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> parse(BASE + "slo: {ttft_ms: 500}\nslo: {ttft_ms: 900}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("'slo' is given twice").hasMessageContaining("line");
        assertThatThrownBy(() -> parse(BASE + "---\nkind: training\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("more than one YAML document");
        assertThatThrownBy(() -> parse(BASE + "slo: {ttft_ms: &t 500, tpot_ms: *t}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("aliases (*t, line");
        // a file that only starts with the document marker is one document
        assertThat(parse("---\n" + BASE).model().id()).isNotEmpty();
    }

    @Test
    void jsonReadsAsTheSameScenarioAsItsYamlAndAFlowMappingStillReads() {
        String yaml = BASE + "workload: {prompt_tokens: 1500, output_tokens: 300, requests_per_s: 2.5}\n";
        String json = "{\"model\": \"llama-3.1-8b\", \"hardware\": {\"gpu\": \"h100-sxm\", \"gpus_per_node\": 8, "
                + "\"nodes\": 2}, \"workload\": {\"prompt_tokens\": 1500, \"output_tokens\": 300, \"requests_per_s\": 2.5}}";
        assertThat(parse(json)).isEqualTo(parse(yaml));
        assertThat(parse("{model: llama-3.1-8b, hardware: {gpu: h100-sxm}}").model().id()).isEqualTo("llama-3.1-8b");
        assertThatThrownBy(() -> parse("{\"model\": \"llama-3.1-8b\", \"model\": \"x\"}"))
                .isInstanceOf(InputError.class).hasMessageContaining("'model' is given twice");
        assertThatThrownBy(() -> parse("{\"model\": \"llama-3.1-8b\"} {\"kind\": \"training\"}"))
                .isInstanceOf(InputError.class).hasMessageContaining("more text after its one JSON value")
                .hasMessageNotContainingAny("jackson", "Jackson", "JsonNode");
    }

    @Test
    void aPercentileIsLabelledAsUsersWriteIt() {
        assertThat(io.ridgeline.facts.Slo.label(0.99)).isEqualTo("p99");
        assertThat(io.ridgeline.facts.Slo.label(0.999)).isEqualTo("p99.9");
        assertThat(io.ridgeline.facts.Slo.label(0.9999)).isEqualTo("p99.99");
        assertThat(io.ridgeline.facts.Slo.label(0.95)).isEqualTo("p95");
        assertThat(io.ridgeline.facts.Slo.label(0.5)).isEqualTo("p50");
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

    @Test
    void trainingDesignsNameTheirRecomputationAndStepKernels() {
        String training = "kind: training\nmodel: llama-3.1-8b\nhardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}\n";
        Scenario plain = parse(training);
        assertThat(plain.design().recomputeMode()).isEqualTo("none");
        assertThat(plain.design().sequenceParallel()).isTrue();
        assertThat(plain.design().flashAttention()).isTrue();
        Scenario selective = parse(training + "design: {recompute: selective, sequence_parallel: false, "
                + "flash_attention: false}\n");
        assertThat(selective.design().recomputeMode()).isEqualTo("selective");
        assertThat(selective.design().recompute()).isFalse();
        assertThat(selective.design().sequenceParallel()).isFalse();
        assertThat(selective.design().flashAttention()).isFalse();
        // true and false keep working: full and none
        assertThat(parse(training + "design: {recompute: true}\n").design().recomputeMode()).isEqualTo("full");
        assertThat(parse(training + "design: {recompute: full}\n").design().recompute()).isTrue();
        assertThat(parse(training + "design: {recompute: false}\n").design().recomputeMode()).isEqualTo("none");
        assertThatThrownBy(() -> parse(training + "design: {recompute: partial}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("design.recompute")
                .hasMessageContaining("none, selective or full");
        // full recomputation replaces selective
        assertThat(selective.design().withRecompute(true).recomputeMode()).isEqualTo("full");
        assertThat(parse(training + "design: {pp: 4, virtual_stages: 4}\n").design().virtualStages()).isEqualTo(4);
        assertThat(plain.design().virtualStages()).isEqualTo(1);
        // a batch ramp: stages below the global batch, growing, leaving tokens to it
        Scenario ramp = parse(training + "workload:\n  batch_stages:\n    - {global_batch_tokens: 1048576, tokens: 1e9}\n"
                + "    - {global_batch_tokens: 2097152, tokens: 2e9}\n");
        assertThat(ramp.training().batchStages()).hasSize(2);
        assertThat(ramp.training().rampTokens()).isEqualTo(3e9);
        assertThat(plain.training().batchStages()).isEmpty();
        assertThatThrownBy(() -> parse(training + "workload:\n  batch_stages:\n    - {global_batch_tokens: 2097152, tokens: 1e9}\n"
                + "    - {global_batch_tokens: 1048576, tokens: 1e9}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("workload.batch_stages[1].global_batch_tokens")
                .hasMessageContaining("above the stage before it");
        assertThatThrownBy(() -> parse(training + "workload:\n  batch_stages:\n    - {global_batch_tokens: 1048576}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("workload.batch_stages[0].tokens")
                .hasMessageContaining("is required");
        assertThatThrownBy(() -> parse(training + "workload:\n  batch_stages: [1, 2]\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("workload.batch_stages[0]")
                .hasMessageContaining("mapping");
        // the pipeline schedule: 1f1b unless named
        assertThat(plain.design().pipelineSchedule()).isEqualTo("1f1b");
        assertThat(parse(training + "design: {pp: 4, pipeline_schedule: dualpipe}\n").design().pipelineSchedule())
                .isEqualTo("dualpipe");
        assertThat(parse(training + "design: {pp: 4, pipeline_schedule: Zero_Bubble}\n").design().pipelineSchedule())
                .isEqualTo("zero_bubble");
        assertThatThrownBy(() -> parse(training + "design: {pp: 4, pipeline_schedule: gpipe}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("design.pipeline_schedule")
                .hasMessageContaining("1f1b, zero_bubble, dualpipe");
    }

    @Test
    void aClosedLoopNamesItsPromptPoolRunLengthAndWarmUp() {
        Scenario s = parse(BASE + "workload: {concurrency: 64, prompt_tokens: 1000, output_tokens: 100, "
                + "distinct_prompts: 100, benchmark_requests: 1280, warmup_requests: 128}\n");
        assertThat(s.inference().distinctPrompts()).isEqualTo(100);
        assertThat(s.inference().promptPool()).isTrue();
        assertThat(s.inference().measuredRequests()).isEqualTo(1280);
        assertThat(s.inference().warmupRequests()).isEqualTo(128);
        // the default run: ten requests per client, no warm-up, every prompt new
        Scenario plain = parse(BASE + "workload: {concurrency: 64}\n");
        assertThat(plain.inference().measuredRequests()).isEqualTo(640);
        assertThat(plain.inference().warmupRequests()).isZero();
        assertThat(plain.inference().promptPool()).isFalse();
        for (String key : List.of("distinct_prompts: 100", "benchmark_requests: 100", "warmup_requests: 10")) {
            assertThatThrownBy(() -> parse(BASE + "workload: {requests_per_s: 2, " + key + "}\n"))
                    .isInstanceOf(InputError.class).hasMessageContaining("workload." + key.split(":")[0])
                    .hasMessageContaining("workload.concurrency");
        }
        assertThatThrownBy(() -> parse(BASE + "workload: {concurrency: 64, benchmark_requests: 10}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("workload.benchmark_requests")
                .hasMessageContaining("at least workload.concurrency (64)");
        assertThatThrownBy(() -> parse(BASE + "workload: {concurrency: 64, distinct_prompts: -1}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("workload.distinct_prompts");
    }

    @Test
    void aSyntaxErrorSaysWhereAndWhatInTheScenariosTerms() {
        // an unclosed { ... }: the line and column, the opening's place, the line with a caret; no parser names
        assertThatThrownBy(() -> parse("model: llama-3.1-8b\nhardware: {gpu: h100-sxm\nworkload:\n  x: 1\n"))
                .isInstanceOf(InputError.class)
                .hasMessageContaining("line 3, column 9: the { ... } opened at line 2, column 11 is not closed")
                .hasMessageContaining("\n    workload:\n            ^")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase("reader")
                        .doesNotContainIgnoringCase("snakeyaml").doesNotContainIgnoringCase("jackson"));
        assertThatThrownBy(() -> parse("model: llama-3.1-8b\n  hardware: h100\n"))
                .hasMessageContaining("line 2, column 11: a ':' where no key can start");
        assertThatThrownBy(() -> parse("model: llama-3.1-8b\nhardware:\n\tgpu: h100-sxm\n"))
                .hasMessageContaining("a tab: indent with spaces");
        // a quote left open to the end: the excerpt shows where it opened
        assertThatThrownBy(() -> parse("model: \"llama-3.1-8b\nhardware: {gpu: h100-sxm}\n"))
                .hasMessageContaining("a quote opened at line 1, column 8 is not closed")
                .hasMessageContaining("\n    model: \"llama-3.1-8b\n           ^");
    }

    @Test
    void theEnginesStepSchedulingIsNamedInTheDesign() {
        Scenario plain = parse(BASE);
        assertThat(plain.design().scheduling()).isEqualTo(io.ridgeline.facts.EngineScheduling.DEFAULT);
        assertThat(plain.design().scheduling().stepTokensOrDefault()).isEqualTo(8192);
        Scenario trt = parse(BASE + "design: {step_tokens: 16384, prefill_steps: whole, prefill_hold_steps: 20, "
                + "prefill_hold_tokens: 14746}\n");
        assertThat(trt.design().scheduling()).isEqualTo(new io.ridgeline.facts.EngineScheduling(16384, true, 20,
                14746));
        assertThat(trt.design().has(io.ridgeline.facts.Feature.CHUNKED_PREFILL)).isFalse();
        // chunked is the chunked_prefill feature; separate is the default without it
        assertThat(parse(BASE + "design: {prefill_steps: chunked}\n").design()
                .has(io.ridgeline.facts.Feature.CHUNKED_PREFILL)).isTrue();
        assertThat(parse(BASE + "design: {prefill_steps: separate}\n").design().scheduling().wholePrompts())
                .isFalse();
        assertThatThrownBy(() -> parse(BASE + "design: {prefill_steps: whole, features: [chunked_prefill]}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("design.prefill_steps")
                .hasMessageContaining("chunked_prefill");
        assertThatThrownBy(() -> parse(BASE + "design: {prefill_steps: eager}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("design.prefill_steps")
                .hasMessageContaining("chunked, whole or separate");
        assertThatThrownBy(() -> parse(BASE + "design: {step_tokens: 100}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("design.step_tokens");
        assertThatThrownBy(() -> parse(BASE + "design: {prefill_hold_steps: -1}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("design.prefill_hold_steps");
    }

    @Test
    void theEngineNamedInTheDesignBringsItsOwnFixedCosts() {
        // h100-sxm is hopper: 27.4 us a layer over every engine, TensorRT-LLM's 11, vLLM's 40; the scenario's own
        // efficiency block still has the last word
        assertThat(parse(BASE).efficiency().layerOverheadUs()).isEqualTo(27.4);
        Scenario trt = parse(BASE + "design: {engine: trtllm}\n");
        assertThat(trt.design().scheduling().engine()).isEqualTo("trtllm");
        assertThat(trt.efficiency().layerOverheadUs()).isEqualTo(11.0);
        assertThat(parse(BASE + "design: {engine: VLLM}\n").efficiency().layerOverheadUs()).isEqualTo(40.0);
        assertThat(parse(BASE + "design: {engine: sglang}\n").efficiency().layerOverheadUs()).isEqualTo(27.4);
        assertThat(parse(BASE + "design: {engine: trtllm}\nefficiency: {layer_overhead_us: 5}\n").efficiency()
                .layerOverheadUs()).isEqualTo(5.0);
        assertThat(parse(BASE + "efficiency: {collective_round_us: 0}\n").efficiency().collectiveRoundUs())
                .isZero();
        assertThatThrownBy(() -> parse(BASE + "design: {engine: tgi}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("design.engine")
                .hasMessageContaining("vllm, trtllm, sglang");
    }

    @Test
    void aClosedLoopOfClientsSetsItsOwnRate() {
        Scenario s = parse(BASE + "workload: {concurrency: 64, prompt_tokens: 1000, output_tokens: 100}\n");
        assertThat(s.inference().concurrency()).isEqualTo(64);
        assertThat(s.inference().closedLoop()).isTrue();
        assertThat(s.inference().requestsPerS()).isZero();
        assertThat(parse(BASE).inference().closedLoop()).isFalse();
        assertThatThrownBy(() -> parse(BASE
                        + "workload: {concurrency: 64, requests_per_s: 2}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("workload.concurrency")
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> parse(BASE
                        + "workload: {concurrency: 64, offline_requests: 1000}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("workload.offline_requests");
        assertThatThrownBy(() -> parse(BASE
                        + "workload: {concurrency: 100001}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("workload.concurrency")
                .hasMessageContaining("100000");
        assertThatThrownBy(() -> parse(BASE
                        + "workload: {concurrency: 8, peak_to_mean_ratio: 3}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("workload.peak_to_mean_ratio");
    }

    @Test
    void theServingTermsCanBeSetInTheScenario() {
        Scenario s = parse(BASE + "efficiency: {kv_hbm: 0.6, layer_overhead_us: 40, collective_latency_us: 20}\n");
        assertThat(s.efficiency().kvHbm()).isEqualTo(0.6);
        assertThat(s.efficiency().layerOverheadUs()).isEqualTo(40);
        assertThat(s.efficiency().collectiveLatencyUs()).isEqualTo(20);
        // the others stay the catalog's
        assertThat(s.efficiency().servingCompute()).isEqualTo(parse(BASE).efficiency().servingCompute());
        assertThatThrownBy(() -> parse(BASE + "efficiency: {kv_hbm: 1.5}\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("efficiency.kv_hbm");
    }

    @Test
    void theObjectiveIsReadWithItsKindsDefault() {
        assertThat(parse(BASE).objective()).isEqualTo(io.ridgeline.facts.Objective.COST);
        for (String o : new String[]{"cost", "latency", "throughput"}) {
            assertThat(parse(BASE + "objective: " + o + "\n").objective().id()).isEqualTo(o);
        }
        assertThat(parse(BASE + "objective: Latency\n").objective()).isEqualTo(io.ridgeline.facts.Objective.LATENCY);
        Scenario training = parse("""
                kind: training
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
                """);
        // pretraining's loop lowers the run's days once its requirements hold: its default objective
        assertThat(training.objective()).isEqualTo(io.ridgeline.facts.Objective.LATENCY);
        assertThat(parse("""
                kind: training
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
                objective: cost
                """).objective()).isEqualTo(io.ridgeline.facts.Objective.COST);
        // the scenario's other values are carried by every copy with another design
        assertThat(parse(BASE + "objective: throughput\n").withDesign(parse(BASE).design()).objective())
                .isEqualTo(io.ridgeline.facts.Objective.THROUGHPUT);
    }

    @Test
    void aBadObjectiveNamesTheFieldAndTheAllowedValues() {
        for (String bad : new String[]{"cheapest", "[cost]", "3", "\"\""}) {
            assertThatThrownBy(() -> parse(BASE + "objective: " + bad + "\n")).as(bad)
                    .isInstanceOf(InputError.class)
                    .satisfies(e -> assertThat(((InputError) e).field()).isEqualTo("objective"))
                    .hasMessageStartingWith("objective: must be one of cost, latency, throughput, got ");
        }
    }

    @Test
    void anObjectiveInAnRlScenarioIsRefusedSayingTheRlLoopDoesNotReadIt() throws java.io.IOException {
        String rl = java.nio.file.Files.readString(java.nio.file.Path.of("..", "examples", "rl-grpo-mid.yaml"));
        assertThat(parse(rl).kind()).isEqualTo(io.ridgeline.facts.WorkloadKind.RL);
        for (String o : new String[]{"cost", "latency", "throughput"}) {
            assertThatThrownBy(() -> parse(rl + "\nobjective: " + o + "\n")).as(o)
                    .isInstanceOf(InputError.class)
                    .satisfies(e -> assertThat(((InputError) e).field()).isEqualTo("objective"))
                    .hasMessageContaining("is not read for kind rl").hasMessageContaining("leave it out");
        }
    }
}
