package io.ridgeline.engine;

import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.Budget;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.MlaSpec;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.MoeSpec;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.Slo;
import io.ridgeline.facts.WorkloadKind;
import java.util.Map;

/** Models, GPUs and scenarios built from the published configs in shared/reference/hardware-and-models.json. */
public final class TestFixtures {

    private TestFixtures() {
    }

    /** Llama-3.1-8B config.json: 8,030,261,248 parameters. */
    public static ModelArchitecture llama31_8b() {
        return new ModelArchitecture("llama-3.1-8b", "Llama-3.1-8B", 32, 4096, 32, 8, 128, 14336, true, 128256,
                false, 131072, AttentionKind.GQA, 0, 0, null, null, 8.03e9, 0, "config.json");
    }

    /** Llama-3.1-70B config: 70,553,706,496 parameters. */
    public static ModelArchitecture llama31_70b() {
        return new ModelArchitecture("llama-3.1-70b", "Llama-3.1-70B", 80, 8192, 64, 8, 128, 28672, true, 128256,
                false, 131072, AttentionKind.GQA, 0, 0, null, null, 70.6e9, 0, "config.json");
    }

    /** Llama-3.2-1B: 16 layers, hidden 2048, 32 heads / 8 KV heads of 64, tied embeddings; 1,235,814,400 params. */
    public static ModelArchitecture llama32_1b() {
        return new ModelArchitecture("llama-3.2-1b", "Llama-3.2-1B", 16, 2048, 32, 8, 64, 8192, true, 128256,
                true, 131072, AttentionKind.GQA, 0, 0, null, null, 1.24e9, 0, "config.json");
    }

    /** Mixtral-8x7B: 8 experts, top-2, every layer MoE. */
    public static ModelArchitecture mixtral8x7b() {
        return new ModelArchitecture("mixtral-8x7b", "Mixtral-8x7B", 32, 4096, 32, 8, 128, 14336, true, 32000,
                false, 32768, AttentionKind.GQA, 0, 0, new MoeSpec(8, 2, 0, 14336, 0), null, 46.7e9, 12.9e9,
                "config.json");
    }

    /** Mistral-7B-v0.1: a 4096-token sliding window on every layer. */
    public static ModelArchitecture mistral7b() {
        return new ModelArchitecture("mistral-7b", "Mistral-7B-v0.1", 32, 4096, 32, 8, 128, 14336, true, 32000,
                false, 32768, AttentionKind.GQA, 4096, 1.0, null, null, 7.24e9, 0, "config.json");
    }

    /** Gemma-2-9B: head_dim 256, 8 KV heads, a 4096-token window on half of its 42 layers. */
    public static ModelArchitecture gemma2_9b() {
        return new ModelArchitecture("gemma-2-9b", "Gemma-2-9B", 42, 3584, 16, 8, 256, 14336, true, 256000, true,
                8192, AttentionKind.GQA, 4096, 0.5, null, null, 9.24e9, 0, "config.json");
    }

    /**
     * DeepSeek-V3: MLA (kv_lora 512 + rope 64), 256 routed experts top-8 from at most 4 of 8 groups, 1 shared, 3
     * dense layers.
     */
    public static ModelArchitecture deepseekV3() {
        return new ModelArchitecture("deepseek-v3", "DeepSeek-V3", 61, 7168, 128, 128, 128, 18432, true, 129280,
                false, 163840, AttentionKind.MLA, 0, 0, new MoeSpec(256, 8, 1, 2048, 3, 8, 4),
                new MlaSpec(1536, 512, 128, 64, 128), 671e9, 37e9, "config.json");
    }

    /** H100 SXM: 989 / 1979 / 1979 TFLOP/s dense bf16 / fp8 / int8, 80 GB, 3.35 TB/s, 450 GB/s NVLink per direction. */
    public static Gpu h100() {
        return new Gpu("h100-sxm", "H100 SXM", "nvidia", "hopper",
                Map.of(NumericFormat.BF16, 989e12, NumericFormat.FP8, 1979e12, NumericFormat.INT8, 1979e12),
                80e9, 3.35e12, 450e9, 50e9, 8, 700, 3.00, "assumed", Map.of());
    }

    /** Achieved shares used throughout: compute 0.75, HBM 0.89, link 0.80. */
    public static EfficiencyFactors efficiency() {
        return new EfficiencyFactors(0.75, 0.89, 0.80, "H100 calibration");
    }

    /** One node of 8 H100s. */
    public static Cluster h100Node() {
        return Cluster.of(h100(), 8, 1);
    }

    /** An online chat workload: P prompt tokens, G output tokens, lambda requests/s, no other features. */
    public static InferenceWorkload online(int prompt, int output, double requestsPerS) {
        return new InferenceWorkload(prompt, output, requestsPerS, 0, 0, 0, 0, 0, 0, 0, 1.0, 0, false);
    }

    /** An offline batch of {@code requests} requests. */
    public static InferenceWorkload offline(int prompt, int output, long requests) {
        return new InferenceWorkload(prompt, output, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, requests, false);
    }

    /** A bf16 design with the given tensor parallelism, replicas and batch (0: as many as fit). */
    public static Design design(int tp, int replicas, int batch) {
        return Design.defaults().withParallelism(tp, 1, 1, 1, 1).withReplicas(replicas).withBatch(batch);
    }

    /** An inference scenario on one H100 node with no SLO or budget. */
    public static Scenario scenario(ModelArchitecture model, InferenceWorkload workload, Design design) {
        return new Scenario("test", WorkloadKind.INFERENCE, model, h100Node(), workload, null, null, Slo.none(),
                Budget.none(), design, efficiency(), null);
    }

    /** The same with an SLO. */
    public static Scenario scenario(ModelArchitecture model, InferenceWorkload workload, Design design, Slo slo) {
        return new Scenario("test", WorkloadKind.INFERENCE, model, h100Node(), workload, null, null, slo,
                Budget.none(), design, efficiency(), null);
    }
}
