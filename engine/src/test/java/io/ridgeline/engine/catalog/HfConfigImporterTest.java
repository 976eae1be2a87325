package io.ridgeline.engine.catalog;

import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.AttentionProjection;
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
import java.util.EnumSet;
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
    void qwen2SevenBImportsToItsPublishedCountWithTheQkvBiases() {
        // Qwen/Qwen2-7B config.json: the keys that set the count
        String json = """
                {"model_type": "qwen2", "num_hidden_layers": 28, "hidden_size": 3584, "num_attention_heads": 28,
                 "num_key_value_heads": 4, "intermediate_size": 18944, "vocab_size": 152064,
                 "max_position_embeddings": 131072, "tie_word_embeddings": false, "sliding_window": 131072,
                 "use_sliding_window": false, "max_window_layers": 28}""";
        ModelArchitecture m = HfConfigImporter.fromJson(json, "qwen2-7b");
        // head_dim 3584 / 28 = 128; q width 28 x 128 = 3584, k and v 4 x 128 = 512
        // embeddings, untied: 2 x 152,064 x 3,584                                  = 1,089,994,752
        // per layer: q, o 2 x 3584 x 3584 = 25,690,112; k, v 2 x 3584 x 512 = 3,670,016;
        //            MLP 3 x 3584 x 18944 = 203,685,888; norms 2 x 3584 = 7,168     =   233,053,184
        //            q, k, v biases 3584 + 512 + 512                               =         4,608
        // 28 layers x (233,053,184 + 4,608) = 28 x 233,057,792                     = 6,525,618,176
        // final norm                                                               =         3,584
        // total 1,089,994,752 + 6,525,618,176 + 3,584                              = 7,615,616,512
        // = the safetensors metadata of Qwen/Qwen2-7B; without the biases 7,615,487,488 (129,024 short)
        assertThat(m.attentionBias()).containsExactly(AttentionProjection.Q, AttentionProjection.K,
                AttentionProjection.V);
        assertThat(ParamCounter.attentionBiasParamsPerLayer(m)).isEqualTo(4_608d);
        assertThat(ParamCounter.totalParams(m)).isEqualTo(7_615_616_512d);
        assertThat(ParamCounter.activeParams(m)).isEqualTo(7_615_616_512d);
        // the catalog's Qwen2.5-7B has the same shape
        assertThat(shape(m)).isEqualTo(shape(CATALOGS.model("qwen2.5-7b")));
    }

    @Test
    void llamaAttentionBiasTrueCountsBiasesOnQKVAndO() {
        ModelArchitecture plain = HfConfigImporter.fromJson(llamaLike("llama", "\"attention_bias\": false"), "l");
        ModelArchitecture biased = HfConfigImporter.fromJson(llamaLike("llama", "\"attention_bias\": true"), "l");
        assertThat(biased.attentionBias()).isEqualTo(EnumSet.allOf(AttentionProjection.class));
        // per layer: q 32 x 128 = 4096, k and v 8 x 128 = 1024 each, o 4096 = 10,240; 32 layers = 327,680
        assertThat(ParamCounter.attentionBiasParamsPerLayer(biased)).isEqualTo(10_240d);
        assertThat(ParamCounter.totalParams(biased) - ParamCounter.totalParams(plain)).isEqualTo(327_680d);
        assertThat(HfConfigImporter.fromJson(llamaLike("mistral", "\"attention_bias\": true"), "m")
                .attentionBias()).isEqualTo(EnumSet.allOf(AttentionProjection.class));
    }

    @Test
    void withoutAttentionBiasTheCountIsUnchanged() throws Exception {
        // Llama-3.1-8B's config.json says "attention_bias": false: no bias, the count as hand-worked in
        // ModelCatalogTest (8,030,261,248)
        ModelArchitecture llama = HfConfigImporter.fromConfigJson(fixture("Llama-3.1-8B"));
        assertThat(llama.attentionBias()).isEmpty();
        assertThat(ParamCounter.attentionBiasParamsPerLayer(llama)).isZero();
        assertThat(ParamCounter.totalParams(llama)).isEqualTo(8_030_261_248d);
        // absent reads as false
        ModelArchitecture absent = HfConfigImporter.fromJson(llamaLike("llama", "\"rope_theta\": 500000.0"), "a");
        ModelArchitecture off = HfConfigImporter.fromJson(llamaLike("llama", "\"attention_bias\": false"), "a");
        assertThat(absent.attentionBias()).isEmpty();
        assertThat(ParamCounter.totalParams(absent)).isEqualTo(ParamCounter.totalParams(off));
        // mixtral's projections never carry one; DeepSeek-V3 says false
        assertThat(HfConfigImporter.fromConfigJson(fixture("Mixtral-8x7B-v0.1")).attentionBias()).isEmpty();
        assertThat(HfConfigImporter.fromConfigJson(fixture("DeepSeek-V3")).attentionBias()).isEmpty();
    }

    @Test
    void nonBooleanAttentionBiasNamesTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> HfConfigImporter.fromJson(llamaLike("llama", "\"attention_bias\": \"yes\""), "bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config.json for 'bad'")
                .hasMessageContaining("'attention_bias' must be true or false")
                .hasMessageContaining("\"yes\"");
        assertThatThrownBy(() -> HfConfigImporter.fromJson(llamaLike("qwen2", "\"attention_bias\": 1"), "bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'attention_bias' must be true or false");
    }

    @Test
    void deepSeekV3AttentionBiasTrueIsRejected() throws Exception {
        String json = Files.readString(fixture("DeepSeek-V3")).replace("\"attention_bias\": false",
                "\"attention_bias\": true");
        assertThatThrownBy(() -> HfConfigImporter.fromJson(json, "dsv3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'attention_bias' must be false (or absent) for deepseek_v3");
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
                m.slidingWindow(), m.slidingLayerShare(), String.valueOf(m.moe()), String.valueOf(m.mla()),
                m.attentionBias());
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
