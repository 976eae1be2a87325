package io.ridgeline.engine.catalog;

import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.MlaSpec;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.MoeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HfConfigImporterTest {

    private static final Catalogs CATALOGS = Catalogs.builtIn();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "Llama-3.1-8B,      llama-3.1-8b",
            "Mixtral-8x7B-v0.1, mixtral-8x7b",
            "DeepSeek-V3,       deepseek-v3"})
    void importedConfigEqualsTheCatalogArchitecture(String folder, String catalogId) throws Exception {
        ModelArchitecture imported = HfConfigImporter.fromConfigJson(fixture(folder));
        assertThat(shape(imported)).isEqualTo(shape(CATALOGS.model(catalogId)));
        assertThat(ParamCounter.totalParams(imported)).isEqualTo(ParamCounter.totalParams(CATALOGS.model(catalogId)));
    }

    @Test
    void llamaWithoutHeadDimTakesHiddenOverHeads() throws Exception {
        // the 3.1-8B config.json has no head_dim: 4096 / 32 = 128
        ModelArchitecture m = HfConfigImporter.fromConfigJson(fixture("Llama-3.1-8B"));
        assertThat(m.headDim()).isEqualTo(128);
        assertThat(m.attention()).isEqualTo(AttentionKind.GQA);
        assertThat(m.id()).isEqualTo("llama-3.1-8b");
        assertThat(m.source()).contains("config.json", "llama");
    }

    @Test
    void mixtralImportsEightExpertsTopTwoInEveryLayer() throws Exception {
        ModelArchitecture m = HfConfigImporter.fromConfigJson(fixture("Mixtral-8x7B-v0.1"));
        assertThat(m.moe()).isEqualTo(new MoeSpec(8, 2, 0, 14336, 0));
        assertThat(m.slidingWindow()).isZero(); // "sliding_window": null
    }

    @Test
    void deepSeekV3ImportsMlaAndDeepSeekMoe() throws Exception {
        ModelArchitecture m = HfConfigImporter.fromConfigJson(fixture("DeepSeek-V3"));
        assertThat(m.attention()).isEqualTo(AttentionKind.MLA);
        assertThat(m.mla()).isEqualTo(new MlaSpec(1536, 512, 128, 64, 128));
        // n_group 8, topk_group 4: group-limited routing
        assertThat(m.moe()).isEqualTo(new MoeSpec(256, 8, 1, 2048, 3, 8, 4));
        assertThat(m.moe().groupLimited()).isTrue();
        assertThat(m.headDim()).isEqualTo(128 + 64);
        assertThat(m.intermediateSize()).isEqualTo(18432);
    }

    @Test
    void mistralSlidesEveryLayer() {
        ModelArchitecture m = HfConfigImporter.fromJson(llamaLike("mistral", "\"sliding_window\": 4096"), "m7");
        assertThat(m.slidingWindow()).isEqualTo(4096);
        assertThat(m.slidingLayerShare()).isEqualTo(1.0);
    }

    @Test
    void qwen2IgnoresItsSlidingWindowWhenUseSlidingWindowIsFalse() {
        ModelArchitecture m = HfConfigImporter.fromJson(llamaLike("qwen2",
                "\"sliding_window\": 131072, \"use_sliding_window\": false, \"max_window_layers\": 28"), "q");
        assertThat(m.slidingWindow()).isZero();
        assertThat(m.slidingLayerShare()).isZero();
    }

    @Test
    void qwen2SlidesTheLayersFromMaxWindowLayersOnWhenEnabled() {
        // 32 layers, the first 24 global: (32 - 24) / 32 = 0.25 of the layers slide
        ModelArchitecture m = HfConfigImporter.fromJson(llamaLike("qwen2",
                "\"sliding_window\": 4096, \"use_sliding_window\": true, \"max_window_layers\": 24"), "q");
        assertThat(m.slidingWindow()).isEqualTo(4096);
        assertThat(m.slidingLayerShare()).isEqualTo(0.25);
    }

    @Test
    void gemma2TiesEmbeddingsByDefaultAndSlidesHalfItsLayers() {
        String json = """
                {"model_type": "gemma2", "num_hidden_layers": 42, "hidden_size": 3584, "num_attention_heads": 16,
                 "num_key_value_heads": 8, "head_dim": 256, "intermediate_size": 14336, "vocab_size": 256000,
                 "max_position_embeddings": 8192, "sliding_window": 4096, "query_pre_attn_scalar": 256,
                 "hidden_activation": "gelu_pytorch_tanh"}""";
        ModelArchitecture m = HfConfigImporter.fromJson(json, "g9");
        assertThat(m.tiedEmbeddings()).isTrue();
        assertThat(m.slidingLayerShare()).isEqualTo(0.5);
        assertThat(shape(m)).isEqualTo(shape(CATALOGS.model("gemma-2-9b")));
    }

    @Test
    void layerTypesSetTheSlidingShare() {
        String json = """
                {"model_type": "mistral", "num_hidden_layers": 4, "hidden_size": 512, "num_attention_heads": 8,
                 "num_key_value_heads": 2, "intermediate_size": 1024, "vocab_size": 1000,
                 "max_position_embeddings": 4096, "sliding_window": 1024,
                 "layer_types": ["sliding_attention", "full_attention", "full_attention", "full_attention"]}""";
        assertThat(HfConfigImporter.fromJson(json, "tiny").slidingLayerShare()).isEqualTo(0.25);
    }

    @Test
    void missingKeyNamesTheFileAndTheKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, """
                {"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "intermediate_size": 14336,
                 "vocab_size": 32000, "max_position_embeddings": 4096}""");
        assertThatThrownBy(() -> HfConfigImporter.fromConfigJson(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'num_hidden_layers' is missing")
                .hasMessageContaining("integer in [1, ");
    }

    @Test
    void malformedJsonNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"model_type\": \"llama\", ");
        assertThatThrownBy(() -> HfConfigImporter.fromConfigJson(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void unsupportedModelTypeNamesTheKeyAndTheSupportedTypes() {
        assertThatThrownBy(() -> HfConfigImporter.fromJson("{\"model_type\": \"gpt2\", \"n_layer\": 12}", "gpt2-small"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpt2-small")
                .hasMessageContaining("'model_type'")
                .hasMessageContaining("llama, mistral, qwen2, mixtral, deepseek_v3, gemma2");
    }

    @Test
    void nonIntegerValueIsRejectedWithItsRange() {
        String json = llamaLike("llama", "\"sliding_window\": null").replace("\"num_hidden_layers\": 32",
                "\"num_hidden_layers\": \"thirty-two\"");
        assertThatThrownBy(() -> HfConfigImporter.fromJson(json, "bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'num_hidden_layers' must be an integer in [1, ");
    }

    @Test
    void catalogModelLookupFallsBackToAConfigJsonPath() throws Exception {
        Path folder = fixture("DeepSeek-V3").getParent();
        assertThat(CATALOGS.model(folder.toString()).mla().kvLoraRank()).isEqualTo(512);
        assertThat(CATALOGS.model(fixture("Llama-3.1-8B").toString()).layers()).isEqualTo(32);
    }

    /** The fields that set parameter, FLOP and KV counts: everything but id, name, published counts and source. */
    private static List<Object> shape(ModelArchitecture m) {
        return List.of(m.layers(), m.hiddenSize(), m.attentionHeads(), m.kvHeads(), m.headDim(),
                m.intermediateSize(), m.gatedMlp(), m.vocabSize(), m.tiedEmbeddings(), m.maxContext(), m.attention(),
                m.slidingWindow(), m.slidingLayerShare(), String.valueOf(m.moe()), String.valueOf(m.mla()));
    }

    private static String llamaLike(String type, String extra) {
        return "{\"model_type\": \"" + type + "\", \"num_hidden_layers\": 32, \"hidden_size\": 4096, "
                + "\"num_attention_heads\": 32, \"num_key_value_heads\": 8, \"intermediate_size\": 14336, "
                + "\"vocab_size\": 32000, \"max_position_embeddings\": 32768, " + extra + "}";
    }

    private static Path fixture(String folder) throws URISyntaxException {
        return Path.of(HfConfigImporterTest.class.getResource("/hf-configs/" + folder + "/config.json").toURI());
    }
}
