package io.ridgeline.tests.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Scenario texts the web tests send. */
final class Scenarios {

    /** The id of an inline model that carries markup; it must come back as text, never as an element. */
    static final String MARKUP_ID = "<img src=x onerror=alert(1)>";

    private Scenarios() {
    }

    /** The built-in default scenario: Llama-3.1-70B chat on one 8 x H100 node. */
    static String defaultScenario() {
        try (InputStream in = Scenarios.class.getClassLoader().getResourceAsStream("default-scenario.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String TRAINING = """
            name: pretrain-8b
            kind: training
            model: llama-3.1-8b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 4}
            workload: {tokens: 1e12, seq_len: 4096}
            design: {tp: 2, dp: 16, zero_stage: 1}
            """;

    static final String RL = """
            name: grpo-8b
            kind: rl
            model: llama-3.1-8b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 2}
            workload: {prompts_per_step: 128}
            design: {tp: 1, dp: 16}
            """;

    /** A Llama-3.1-8B-shaped model given inline, its id carrying markup. */
    static final String MARKUP_MODEL = """
            name: markup-probe
            model:
              id: "<img src=x onerror=alert(1)>"
              model_type: llama
              hidden_size: 4096
              num_hidden_layers: 32
              num_attention_heads: 32
              num_key_value_heads: 8
              intermediate_size: 14336
              vocab_size: 128256
              max_position_embeddings: 131072
            hardware: {gpu: h100-sxm}
            workload: {prompt_tokens: 1024, output_tokens: 256, requests_per_s: 1}
            """;
}
