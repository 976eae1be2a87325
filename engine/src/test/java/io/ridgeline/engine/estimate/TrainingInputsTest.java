package io.ridgeline.engine.estimate;

import io.ridgeline.facts.Design;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingWorkload;
import org.junit.jupiter.api.Test;

import static io.ridgeline.engine.fixtures.TrainingFixtures.h100Nodes;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama70b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama8b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.mixtral8x7b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.training;
import static io.ridgeline.engine.fixtures.TrainingFixtures.trainingDesign;
import static io.ridgeline.engine.fixtures.TrainingFixtures.workload;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingInputsTest {

    private static Scenario with(Design d) {
        return training(llama70b(), h100Nodes(4), workload(1e12, 8192, 1_048_576), d);
    }

    @Test
    void aSoundDesignPasses() {
        assertThatCode(() -> TrainingInputs.validate(with(trainingDesign(8, 2, 2, 1, 1, true))))
                .doesNotThrowAnyException();
    }

    @Test
    void tensorParallelismMustDivideTheHeads() {
        assertThatThrownBy(() -> TrainingInputs.validate(with(trainingDesign(3, 1, 1, 1, 1, true))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("design.tp").hasMessageContaining("attention_heads (64)");
    }

    @Test
    void theDesignMustFitTheCluster() {
        assertThatThrownBy(() -> TrainingInputs.validate(with(trainingDesign(8, 2, 4, 1, 1, true))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tp*pp*dp*cp = 64").hasMessageContaining("32 GPUs");
    }

    @Test
    void zeroStageMustBeZeroToThree() {
        assertThatThrownBy(() -> TrainingInputs.validate(with(trainingDesign(8, 1, 1, 4, 1, true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("design.zero_stage")
                .hasMessageContaining("0..3");
    }

    @Test
    void sequenceLengthMustBePositiveAndTheBatchHoldOneSequence() {
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(1),
                new TrainingWorkload(1e12, 0, 1e6, 0, 0, 0), trainingDesign(1, 1, 1, 0, 1, true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training.seq_len must be > 0");
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(1),
                workload(1e12, 8192, 4096), trainingDesign(1, 1, 1, 0, 1, true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training.global_batch_tokens");
    }

    @Test
    void pipelineCannotExceedTheLayersAndContextParallelismMustDivideTheSequence() {
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(8),
                workload(1e12, 8192, 1e6), trainingDesign(1, 33, 1, 0, 1, true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("design.pp must be in 1..32");
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(1),
                workload(1e12, 8192, 1e6), trainingDesign(1, 1, 1, 0, 1, true).withParallelism(1, 1, 1, 1, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("design.cp must divide");
        // 32 layers on 4 stages: at most 8 chunks a stage, and none beyond 1 without a pipeline
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(1),
                workload(1e12, 8192, 1e6), trainingDesign(1, 4, 2, 0, 1, true).withVirtualStages(9))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("design.virtual_stages must be in 1..8");
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(1),
                workload(1e12, 8192, 1e6), trainingDesign(1, 1, 8, 0, 1, true).withVirtualStages(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("design.virtual_stages must be in 1..1");
    }

    @Test
    void aPipelineScheduleIsNamedAndFitsItsPipeline() {
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(1),
                workload(1e12, 8192, 1e6), trainingDesign(1, 4, 2, 0, 1, true).withPipelineSchedule("gpipe"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("design.pipeline_schedule must be one of 1f1b, zero_bubble, dualpipe");
        // DualPipe feeds both ends: an even number of stages
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(1),
                workload(1e12, 8192, 1e6), trainingDesign(1, 1, 8, 0, 1, true).withPipelineSchedule("dualpipe"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("design.pp must be even");
        // one model chunk a stage: interleaving is 1F1B's
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(1),
                workload(1e12, 8192, 1e6), trainingDesign(1, 4, 2, 0, 1, true).withVirtualStages(2)
                        .withPipelineSchedule("zero_bubble"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("design.virtual_stages must be 1");
        TrainingInputs.validate(training(llama8b(), h100Nodes(1), workload(1e12, 8192, 1e6),
                trainingDesign(1, 4, 2, 0, 1, true).withPipelineSchedule("dualpipe")));
    }

    @Test
    void expertParallelismNeedsAnMoeModelAndMustDivideTheExperts() {
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(1),
                workload(1e12, 8192, 1e6), trainingDesign(1, 1, 8, 0, 1, true).withParallelism(1, 1, 8, 2, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("design.ep must be 1");
        assertThatThrownBy(() -> TrainingInputs.validate(training(mixtral8x7b(), h100Nodes(2),
                workload(1e12, 8192, 1e6), trainingDesign(1, 1, 16, 0, 1, true).withParallelism(1, 1, 16, 16, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("routed experts (8)");
    }

    @Test
    void activationsMustBeAFormatTheGpuComputesIn() {
        Design int4 = trainingDesign(1, 1, 1, 0, 1, true).withFormats(NumericFormat.BF16, NumericFormat.INT4,
                NumericFormat.BF16);
        assertThatThrownBy(() -> TrainingInputs.validate(training(llama8b(), h100Nodes(1),
                workload(1e12, 8192, 1e6), int4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("design.activations")
                .hasMessageContaining("bf16, fp8");
    }
}
