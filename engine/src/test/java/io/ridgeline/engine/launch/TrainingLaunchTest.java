package io.ridgeline.engine.launch;

import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import org.junit.jupiter.api.Test;

import static io.ridgeline.engine.fixtures.TrainingFixtures.h100Nodes;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama70b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.mixtral8x7b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.training;
import static io.ridgeline.engine.fixtures.TrainingFixtures.trainingDesign;
import static io.ridgeline.engine.fixtures.TrainingFixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingLaunchTest {

    /**
     * Llama-3.1-70B on 64 H100s: tp 8, pp 2, dp 4, ZeRO-1, micro-batch 1, recomputation, 8192-token sequences and a
     * 16,777,216-token batch: accumulation 16,777,216 / (4 x 1 x 8192) = 512, so 4 x 1 x 512 = 2048 sequences per
     * step; 1e11 tokens / 16,777,216 = 5960.5 steps -> 5961 iterations.
     */
    private static Scenario llama70b64() {
        return training(llama70b(), h100Nodes(8), workload(1e11, 8192, 16_777_216),
                trainingDesign(8, 2, 4, 1, 1, true));
    }

    @Test
    void megatronGetsTheDegreesTheBatchAndTheModelShape() {
        String cmd = TrainingLaunch.render("megatron", llama70b64());
        assertThat(cmd).contains("torchrun --nnodes 8 --nproc-per-node 8 pretrain_gpt.py")
                .contains("--num-layers 80").contains("--hidden-size 8192").contains("--ffn-hidden-size 28672")
                .contains("--num-attention-heads 64").contains("--group-query-attention")
                .contains("--num-query-groups 8").contains("--swiglu")
                .contains("--untie-embeddings-and-output-weights")
                .contains("--tensor-model-parallel-size 8").contains("--sequence-parallel")
                .contains("--pipeline-model-parallel-size 2").contains("--context-parallel-size 1")
                .contains("--micro-batch-size 1").contains("--global-batch-size 2048")
                .contains("--seq-length 8192").contains("--train-iters 5961")
                .contains("--use-distributed-optimizer").contains("--recompute-granularity full")
                .contains("--bf16").doesNotContain("--fp8-format").doesNotContain("--expert-model-parallel-size");
    }

    @Test
    void aScheduleTheArgumentsCannotSelectIsWarnedAbout() {
        Scenario s = llama70b64();
        assertThat(TrainingLaunch.render("megatron", s)).doesNotContain("WARNING: design.pipeline_schedule");
        for (String target : new String[] {"megatron", "torchtitan"}) {
            assertThat(TrainingLaunch.render(target, s.withDesign(s.design().withPipelineSchedule("dualpipe"))))
                    .contains("WARNING: design.pipeline_schedule dualpipe").contains("run 1F1B");
            assertThat(TrainingLaunch.render(target, s.withDesign(s.design().withPipelineSchedule("zero_bubble"))))
                    .contains("WARNING: design.pipeline_schedule zero_bubble");
        }
    }

    @Test
    void megatronShardsStagesTwoAndThreeWithMegatronFsdp() {
        Scenario s = llama70b64();
        String z3 = TrainingLaunch.render("megatron", s.withDesign(s.design().withZeroStage(3)));
        assertThat(z3).contains("--use-megatron-fsdp").contains("--data-parallel-sharding-strategy optim_grads_params");
        String z2 = TrainingLaunch.render("megatron", s.withDesign(s.design().withZeroStage(2)));
        assertThat(z2).contains("--data-parallel-sharding-strategy optim_grads ");
        String z0 = TrainingLaunch.render("megatron", s.withDesign(s.design().withZeroStage(0)));
        assertThat(z0).doesNotContain("--use-distributed-optimizer").doesNotContain("--use-megatron-fsdp");
    }

    @Test
    void megatronWritesFp8AndTheExpertFlagsOfAMixture() {
        Scenario moe = training(mixtral8x7b(), h100Nodes(1), workload(1e11, 4096, 4_194_304),
                trainingDesign(1, 1, 8, 1, 1, false).withParallelism(1, 1, 8, 8, 1)
                        .withFormats(NumericFormat.BF16, NumericFormat.FP8, NumericFormat.BF16));
        String cmd = TrainingLaunch.render("megatron", moe);
        assertThat(cmd).contains("--num-experts 8").contains("--moe-router-topk 2")
                .contains("--moe-ffn-hidden-size 14336").contains("--expert-model-parallel-size 8")
                .contains("--fp8-format hybrid").doesNotContain("--sequence-parallel");
    }

    @Test
    void torchtitanSplitsThePipelineBatchIntoMicroBatches() {
        String cmd = TrainingLaunch.render("torchtitan", llama70b64());
        // with a pipeline the local batch is micro-batch x accumulation = 1 x 512
        assertThat(cmd).contains("torchrun --nnodes 8 --nproc_per_node 8 -m torchtitan.train")
                .contains("--parallelism.data_parallel_replicate_degree 1")
                .contains("--parallelism.data_parallel_shard_degree 4")
                .contains("--parallelism.fsdp_reshard_after_forward never")
                .contains("--parallelism.tensor_parallel_degree 8")
                .contains("--parallelism.pipeline_parallel_degree 2")
                .contains("--parallelism.context_parallel_degree 1")
                .contains("--parallelism.pipeline_parallel_microbatch_size 1")
                .contains("--training.local_batch_size 512").contains("--training.global_batch_size 2048")
                .contains("--training.seq_len 8192").contains("--training.steps 5961")
                .contains("--activation_checkpoint.mode full");
    }

    @Test
    void torchtitanReplicatesPlainDataParallelismAndAccumulatesWithoutAPipeline() {
        Scenario s = training(llama70b(), h100Nodes(8), workload(1e11, 8192, 16_777_216),
                trainingDesign(8, 1, 8, 0, 1, false));
        String cmd = TrainingLaunch.render("torchtitan", s);
        // accumulation 16,777,216 / (8 x 8192) = 256: local batch 1, global 8 x 256 = 2048
        assertThat(cmd).contains("--parallelism.data_parallel_replicate_degree 8")
                .contains("--parallelism.data_parallel_shard_degree 1")
                .contains("--training.local_batch_size 1").contains("--training.global_batch_size 2048")
                .contains("--activation_checkpoint.mode none")
                .doesNotContain("pipeline_parallel_microbatch_size").doesNotContain("fsdp_reshard_after_forward");
    }

    @Test
    void theCheckpointIntervalIsYoungDalyInSteps() {
        Scenario s = llama70b64();
        TrainingEstimate e = TrainingEstimator.estimate(s);
        long steps = Math.round(e.checkpointIntervalMin() * 60 / e.stepTimeS());
        assertThat(TrainingLaunch.saveIntervalSteps(e)).isEqualTo(Math.max(1, steps));
        assertThat(TrainingLaunch.render("megatron", s)).contains("--save-interval " + Math.max(1, steps));
    }

    @Test
    void anUnknownTargetNamesTheKnownOnes() {
        assertThatThrownBy(() -> TrainingLaunch.render("deepspeed", llama70b64()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("megatron, torchtitan");
    }
}
