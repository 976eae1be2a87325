package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.TestFixtures.design;
import static io.ridgeline.engine.TestFixtures.llama31_8b;
import static io.ridgeline.engine.TestFixtures.offline;
import static io.ridgeline.engine.TestFixtures.online;
import static io.ridgeline.engine.TestFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ridgeline.engine.TestFixtures;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.Scenario;
import org.junit.jupiter.api.Test;

class InferenceInputsTest {

    @Test
    void tensorParallelMustDivideTheHeads() {
        Scenario s = scenario(llama31_8b(), online(1024, 128, 1), design(3, 1, 0));
        assertThatThrownBy(() -> InferenceInputs.validate(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("design.tp = 3 must divide model.attentionHeads = 32");
    }

    @Test
    void tensorParallelCannotExceedTheCluster() {
        Scenario s = scenario(llama31_8b(), online(1024, 128, 1), design(16, 1, 0));
        assertThatThrownBy(() -> InferenceInputs.validate(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("design.tp = 16 must be <= the cluster's GPUs = 8");
    }

    @Test
    void sharedPrefixCannotExceedThePrompt() {
        InferenceWorkload w = new InferenceWorkload(1024, 128, 1, 0, 2048, 0, 0, 0, 0, 0, 1.0, 0, false);
        assertThatThrownBy(() -> InferenceInputs.validate(scenario(llama31_8b(), w, design(1, 1, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inference.sharedPrefixTokens = 2048 must be in [0, inference.promptTokens = 1024]");
    }

    @Test
    void efficiencyMustBeAFraction() {
        Scenario s = scenario(llama31_8b(), online(1024, 128, 1), design(1, 1, 0))
                .withCluster(TestFixtures.h100Node(), new EfficiencyFactors(0, 0.89, 0.8, "x"));
        assertThatThrownBy(() -> InferenceInputs.validate(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("efficiency.compute = 0.0 must be in (0, 1]");
    }

    @Test
    void disaggregationNeedsTwoReplicas() {
        Scenario s = scenario(llama31_8b(), online(1024, 128, 1), design(1, 1, 0).with(Feature.DISAGGREGATION));
        assertThatThrownBy(() -> InferenceInputs.validate(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("design.replicas = 1 must be >= 2 with disaggregation");
    }

    @Test
    void denseModelsHaveNoExpertParallelism() {
        Scenario s = scenario(llama31_8b(), online(1024, 128, 1),
                design(1, 1, 0).withParallelism(1, 1, 1, 2, 1));
        assertThatThrownBy(() -> InferenceInputs.validate(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("design.ep = 2 must be 1 for a dense model");
    }

    @Test
    void outputTokensArePositiveUnlessEmbedding() {
        assertThatThrownBy(() -> InferenceInputs.validate(scenario(llama31_8b(), offline(1024, 0, 10),
                design(1, 1, 0)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inference.outputTokens = 0 must be > 0");
    }

    @Test
    void aSoundScenarioPasses() {
        assertThatCode(() -> InferenceInputs.validate(scenario(llama31_8b(), online(1024, 128, 1),
                design(8, 1, 0)))).doesNotThrowAnyException();
    }
}
