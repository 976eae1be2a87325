package io.ridgeline.engine.catalog;

import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.facts.AttentionProjection;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CatalogsTest {

    private static final Catalogs BUILT_IN = Catalogs.builtIn();

    @Test
    void builtInIsLoadedOnceAndShared() {
        assertThat(Catalogs.builtIn()).isSameAs(BUILT_IN);
    }

    @Test
    void unknownGpuMessageListsTheKnownIds() {
        assertThatThrownBy(() -> BUILT_IN.gpu("h1000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown gpu 'h1000'; known: a100-sxm-40gb, a100-sxm-80gb, b200, gb200, ")
                .hasMessageContaining("h100-sxm");
        assertThat(BUILT_IN.findGpu("h1000")).isEmpty();
        assertThat(BUILT_IN.findGpu(null)).isEmpty();
    }

    @Test
    void unknownModelMessageListsTheKnownIdsAndThePathOption() {
        assertThatThrownBy(() -> BUILT_IN.model("llama-9-1t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown model 'llama-9-1t'; known: deepseek-v3, gemma-2-27b, ")
                .hasMessageContaining("Hugging Face config.json");
        assertThat(BUILT_IN.findModel("llama-9-1t")).isEmpty();
    }

    @Test
    void modelsAreSortedById() {
        assertThat(BUILT_IN.models().stream().map(ModelArchitecture::id).toList()).isSorted();
    }

    @Test
    void userFolderOverridesAPriceAndAddsAGpu(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("gpus.yaml"), """
                gpus:
                  - id: h100-sxm
                    usd_per_gpu_hour: 1.85
                    price_note: "our reserved-instance contract, 2026"
                  - id: h20
                    name: NVIDIA H20
                    vendor: nvidia
                    family: hopper
                    bf16_dense_tflops: 148
                    fp8_dense_tflops: 296
                    hbm_gb: 96
                    hbm_tb_per_s: 4.0
                    scale_up_gb_per_s_per_direction: 450
                    scale_out_gbit_per_s_per_direction: 400
                    max_gpus_per_node: 8
                    tdp_w: 400
                    usd_per_gpu_hour: 1.2
                    price_note: "our quote"
                """);
        Catalogs merged = BUILT_IN.mergedWith(dir);

        Gpu h100 = merged.gpu("h100-sxm");
        assertThat(h100.usdPerGpuHour()).isEqualTo(1.85);
        assertThat(h100.priceNote()).isEqualTo("our reserved-instance contract, 2026");
        // everything the user did not state stays built-in
        assertThat(h100.peakFor(NumericFormat.BF16).orElseThrow()).isCloseTo(989e12, within(1e3));
        assertThat(h100.sources()).containsKey("hbmBytes");

        Gpu h20 = merged.gpu("h20");
        assertThat(h20.hbmBytes()).isCloseTo(96e9, within(1.0));           // 96 GB
        assertThat(h20.scaleOutBytesPerS()).isCloseTo(50e9, within(1.0));  // 400 Gb/s / 8
        assertThat(merged.efficiency(h20)).isEqualTo(BUILT_IN.efficiency(BUILT_IN.gpu("h100-sxm")));
        assertThat(merged.gpus().stream().map(Gpu::id).toList()).isSorted().contains("h20");

        // the built-in catalogs are untouched
        assertThat(BUILT_IN.gpu("h100-sxm").usdPerGpuHour()).isEqualTo(2.49);
        assertThat(BUILT_IN.findGpu("h20")).isEmpty();
    }

    /** A two-layer GQA model entry of models.yaml, with {@code extra} lines (indented as its keys) before its source. */
    private static String tinyModel(String id, String extra) {
        return "  - id: " + id + "\n    layers: 2\n    hidden_size: 256\n    attention_heads: 4\n    kv_heads: 2\n"
                + "    intermediate_size: 512\n    vocab_size: 1000\n    max_context: 2048\n    attention: gqa\n" + extra
                + "    source: \"a test model\"\n";
    }

    @Test
    void userModelsAndEfficiencyExtendAndOverrideTheBuiltIns(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("models.yaml"), "models:\n" + tinyModel("tiny-llama", ""));
        Files.writeString(dir.resolve("efficiency.yaml"), """
                families:
                  hopper:
                    hbm: 0.70
                    hbm_source: "our decode-step measurement"
                """);
        Catalogs merged = BUILT_IN.mergedWith(dir);

        ModelArchitecture tiny = merged.model("tiny-llama");
        assertThat(tiny.headDim()).isEqualTo(64); // 256 / 4
        assertThat(tiny.gatedMlp()).isTrue();
        // recalibrating hopper's hbm moves every family that carries hopper's factors (ada does; ampere states its
        // own since its training fit, so it keeps 0.80)
        assertThat(merged.efficiency(merged.gpu("h100-sxm")).hbm()).isEqualTo(0.70);
        assertThat(merged.efficiency(merged.gpu("l40s")).hbm()).isEqualTo(0.70);
        assertThat(merged.efficiency(merged.gpu("a100-sxm-80gb")).hbm()).isEqualTo(0.80);
        assertThat(merged.efficiency(merged.gpu("h100-sxm")).compute()).isEqualTo(0.75);
        assertThat(merged.efficiency(merged.gpu("h100-sxm")).source()).contains("our decode-step measurement");
    }

    @Test
    void incompleteNewGpuIsRejectedNamingFileEntryAndKey(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("gpus.yaml"), """
                gpus:
                  - id: mystery
                    name: Mystery
                    vendor: acme
                    family: hopper
                    bf16_dense_tflops: 100
                """);
        assertThatThrownBy(() -> BUILT_IN.mergedWith(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("gpus.yaml").toString())
                .hasMessageContaining("'mystery'")
                .hasMessageContaining("'hbm_gb' is missing")
                .hasMessageContaining("(0, 10000] GB");
    }

    @Test
    void valueInTheWrongUnitIsRejectedWithItsRange(@TempDir Path dir) throws IOException {
        // 80e9 written where the key asks for GB
        Files.writeString(dir.resolve("gpus.yaml"), "gpus:\n  - id: h100-sxm\n    hbm_gb: 80e9\n");
        assertThatThrownBy(() -> BUILT_IN.mergedWith(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hbm_gb' must be a number in (0, 10000] GB");
    }

    @Test
    void misspeltKeyIsRejectedNotIgnored(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("gpus.yaml"), "gpus:\n  - id: h100-sxm\n    usd_per_hour: 1.0\n");
        assertThatThrownBy(() -> BUILT_IN.mergedWith(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'usd_per_hour'")
                .hasMessageContaining("usd_per_gpu_hour");
    }

    @Test
    void gpuOfAFamilyWithoutFactorsIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("gpus.yaml"), "gpus:\n  - id: h100-sxm\n    family: volta\n");
        assertThatThrownBy(() -> BUILT_IN.mergedWith(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'family' must be one of ada, ampere, blackwell, cdna3, hopper");
    }

    @Test
    void inconsistentAttentionIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("models.yaml"), "models:\n  - id: llama-2-7b\n    attention: gqa\n");
        assertThatThrownBy(() -> BUILT_IN.mergedWith(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'llama-2-7b'")
                .hasMessageContaining("key 'kv_heads' must divide attention_heads (32)");
    }

    @Test
    void attentionBiasListsTheProjectionsThatCarryOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("models.yaml"), "models:\n" + tinyModel("tiny-plain", "")
                + tinyModel("tiny-qkvo", "    attention_bias: [q, k, v, o]\n"));
        Catalogs merged = BUILT_IN.mergedWith(dir);
        ModelArchitecture plain = merged.model("tiny-plain");
        ModelArchitecture qkvo = merged.model("tiny-qkvo");
        assertThat(plain.attentionBias()).isEmpty();
        assertThat(qkvo.attentionBias()).containsExactly(AttentionProjection.Q, AttentionProjection.K,
                AttentionProjection.V, AttentionProjection.O);
        // q 4 x 64 = 256, k and v 2 x 64 = 128 each, o 256: 768 per layer, 2 layers = 1,536
        assertThat(ParamCounter.totalParams(qkvo) - ParamCounter.totalParams(plain)).isEqualTo(1_536d);
    }

    @Test
    void attentionBiasOtherThanAListOfProjectionsIsRejectedWithTheAllowedValues(@TempDir Path dir)
            throws IOException {
        for (String bad : new String[] {"true", "[q, x]", "[q, q]", "qkv"}) {
            Files.writeString(dir.resolve("models.yaml"), "models:\n"
                    + tinyModel("tiny-bias", "    attention_bias: " + bad + "\n"));
            assertThatThrownBy(() -> BUILT_IN.mergedWith(dir)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'tiny-bias'")
                    .hasMessageContaining("key 'attention_bias'")
                    .hasMessageContaining("each one of q, k, v, o");
        }
        Files.writeString(dir.resolve("models.yaml"), "models:\n  - id: deepseek-v3\n    attention_bias: [q]\n");
        assertThatThrownBy(() -> BUILT_IN.mergedWith(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'attention_bias' is not counted for attention mla");
    }

    @Test
    void deepSeekV3RoutesEachTokenToFourOfEightExpertGroups() {
        var moe = BUILT_IN.model("deepseek-v3").moe();
        assertThat(moe.expertGroups()).isEqualTo(8);
        assertThat(moe.groupLimit()).isEqualTo(4);
        assertThat(moe.groupLimited()).isTrue();
        assertThat(BUILT_IN.model("mixtral-8x7b").moe().groupLimited()).isFalse();
    }

    @Test
    void expertGroupsMustDivideTheExpertsAndComeWithALimit(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("models.yaml"),
                "models:\n  - id: deepseek-v3\n    moe: {routed_experts: 256, experts_per_token: 8, "
                        + "expert_intermediate_size: 2048, expert_groups: 7, group_limit: 4}\n");
        assertThatThrownBy(() -> BUILT_IN.mergedWith(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expert_groups").hasMessageContaining("must divide routed_experts (256)");
        Files.writeString(dir.resolve("models.yaml"), "models:\n" + tinyModel("tiny-moe", "    moe: {routed_experts: 16, "
                + "experts_per_token: 2, expert_intermediate_size: 128, expert_groups: 4}\n"));
        assertThatThrownBy(() -> BUILT_IN.mergedWith(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group_limit").hasMessageContaining("come together");
    }

    @Test
    void duplicateIdInOneFileIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("gpus.yaml"),
                "gpus:\n  - id: h100-sxm\n    tdp_w: 600\n  - id: h100-sxm\n    tdp_w: 650\n");
        assertThatThrownBy(() -> BUILT_IN.mergedWith(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id 'h100-sxm' appears twice");
    }

    @Test
    void missingUserFolderIsRejected(@TempDir Path dir) {
        Path nowhere = dir.resolve("nowhere");
        assertThatThrownBy(() -> BUILT_IN.mergedWith(nowhere))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void emptyUserFolderChangesNothing(@TempDir Path dir) {
        Catalogs merged = BUILT_IN.mergedWith(dir);
        assertThat(merged.gpus()).isEqualTo(BUILT_IN.gpus());
        assertThat(merged.models()).isEqualTo(BUILT_IN.models());
    }

    @Test
    void anOverlayKeepsOrDropsTheServingTermsWithTheFactorsItCarries(@org.junit.jupiter.api.io.TempDir
                                                                     java.nio.file.Path dir) throws Exception {
        java.nio.file.Path carry = dir.resolve("carry");
        java.nio.file.Files.createDirectories(carry);
        java.nio.file.Files.writeString(carry.resolve("efficiency.yaml"),
                "families:\n  blackwell:\n    same_as: hopper\n    note: \"ours\"\n");
        Catalogs carried = BUILT_IN.mergedWith(carry);
        // blackwell carries hopper's factors again, serving terms and all
        assertThat(carried.efficiency(carried.gpu("b200")).servingCompute())
                .isEqualTo(BUILT_IN.efficiency(BUILT_IN.gpu("h200")).servingCompute());
        java.nio.file.Path own = dir.resolve("own");
        java.nio.file.Files.createDirectories(own);
        java.nio.file.Files.writeString(own.resolve("efficiency.yaml"), """
                families:
                  ampere:
                    compute: 0.70
                    compute_source: "our matmul"
                    hbm: 0.80
                    hbm_source: "ours"
                    link: 0.80
                    link_source: "ours"
                """);
        Catalogs stated = BUILT_IN.mergedWith(own);
        var a100 = stated.efficiency(stated.gpu("a100-sxm-80gb"));
        assertThat(a100.compute()).isEqualTo(0.70);
        // the serving terms it carried from hopper stay: stating the kernel shares does not reset them
        assertThat(a100.layerOverheadUs()).isEqualTo(BUILT_IN.efficiency(BUILT_IN.gpu("h200")).layerOverheadUs());
    }
}
