package io.ridgeline.engine.launch;

import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.MoeSpec;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A training design as launch arguments for Megatron-LM ({@code pretrain_gpt.py}) or torchtitan. Only what the
 * design and the model's shape decide is written: the parallel degrees, the batch, the sequence, ZeRO, recomputation,
 * the precision, the steps and the checkpoint interval; data, tokenizer and optimizer settings are the user's.
 *
 * <p>Batches: Megatron's {@code --global-batch-size} and torchtitan's {@code training.global_batch_size} count
 * sequences, dp x micro-batch x accumulation (the bill's tokens per step / seq_len). torchtitan's
 * {@code training.local_batch_size} is per data-parallel rank: the micro-batch when there is no pipeline (torchtitan
 * accumulates up to the global batch), micro-batch x accumulation with one (split into
 * {@code parallelism.pipeline_parallel_microbatch_size} micro-batches).
 *
 * <p>ZeRO: Megatron's distributed optimizer is ZeRO-1; stages 2 and 3 are Megatron-FSDP's
 * {@code optim_grads} and {@code optim_grads_params} sharding strategies. torchtitan shards with FSDP2 over
 * {@code data_parallel_shard_degree} (ZeRO-3; with {@code fsdp_reshard_after_forward = never} the parameters stay
 * gathered from the forward to the backward, ZeRO-2's traffic) and replicates with DDP over
 * {@code data_parallel_replicate_degree} (ZeRO-0); it has no optimizer-only sharding, so ZeRO-1 is rendered as
 * ZeRO-2's, which shards more.
 */
public final class TrainingLaunch {

    public static final List<String> TARGETS = List.of("megatron", "torchtitan");

    private TrainingLaunch() {
    }

    public static String render(String target, Scenario s) {
        return switch (target == null ? "" : target.toLowerCase(Locale.ROOT)) {
            case "megatron" -> megatron(s);
            case "torchtitan" -> torchtitan(s);
            default -> throw new IllegalArgumentException("unknown training launch target '" + target
                    + "'; allowed: " + String.join(", ", TARGETS));
        };
    }

    static String megatron(Scenario s) {
        Design d = s.design();
        ModelArchitecture m = s.model();
        TrainingEstimate e = TrainingEstimator.estimate(s);
        int seq = s.training().seqLen();
        List<String> a = new ArrayList<>(List.of(torchrun(s, e, "--nproc-per-node", "--nnodes") + " pretrain_gpt.py"));
        a.add("--num-layers " + m.layers());
        a.add("--hidden-size " + m.hiddenSize());
        a.add("--ffn-hidden-size " + m.intermediateSize());
        a.add("--num-attention-heads " + m.attentionHeads());
        a.add("--kv-channels " + m.headDim());
        if (m.attention() == AttentionKind.MLA && m.mla() != null) {
            a.add("--multi-latent-attention");
            if (m.mla().qLoraRank() > 0) {
                a.add("--q-lora-rank " + m.mla().qLoraRank());
            }
            a.add("--kv-lora-rank " + m.mla().kvLoraRank());
            a.add("--qk-head-dim " + m.mla().qkNopeHeadDim());
            a.add("--qk-pos-emb-head-dim " + m.mla().qkRopeHeadDim());
            a.add("--v-head-dim " + m.mla().vHeadDim());
        } else if (m.kvHeads() < m.attentionHeads()) {
            a.add("--group-query-attention");
            a.add("--num-query-groups " + m.kvHeads());
        }
        if (m.gatedMlp()) {
            a.add("--swiglu");
        }
        if (!m.tiedEmbeddings()) {
            a.add("--untie-embeddings-and-output-weights");
        }
        MoeSpec moe = m.moe();
        if (moe != null) {
            a.add("--num-experts " + moe.routedExperts());
            a.add("--moe-router-topk " + moe.expertsPerToken());
            a.add("--moe-ffn-hidden-size " + moe.expertIntermediate());
            if (moe.sharedExperts() > 0) {
                a.add("--moe-shared-expert-intermediate-size " + moe.sharedExperts() * moe.expertIntermediate());
            }
            if (moe.denseLayers() > 0) {
                a.add("--moe-layer-freq '([0]*" + moe.denseLayers() + "+[1]*" + (m.layers() - moe.denseLayers())
                        + ")'");
            }
        }
        a.add("--seq-length " + seq);
        a.add("--max-position-embeddings " + Math.max(seq, m.maxContext()));
        a.add("--tensor-model-parallel-size " + d.tp());
        if (d.tp() > 1 && d.sequenceParallel()) {
            a.add("--sequence-parallel");
        }
        a.add("--pipeline-model-parallel-size " + d.pp());
        if (d.virtualStages() > 1) {
            a.add("--num-layers-per-virtual-pipeline-stage " + Math.max(1,
                    (m.layers() + d.pp() - 1) / d.pp() / d.virtualStages()));
        }
        a.add("--context-parallel-size " + d.cp());
        if (moe != null) {
            a.add("--expert-model-parallel-size " + d.ep());
        }
        a.add("--micro-batch-size " + d.microBatch());
        a.add("--global-batch-size " + globalBatchSequences(s, e));
        a.add("--train-iters " + (long) Math.ceil(e.steps()));
        if (s.training().data().workersPerGpu() != io.ridgeline.facts.DataFeed.DEFAULT_WORKERS_PER_GPU) {
            // the loader's workers where the advice changed them (Megatron-LM's default is 2)
            a.add("--num-workers " + s.training().data().workersPerGpu());
        }
        switch (d.zeroStage()) {
            case 1 -> a.add("--use-distributed-optimizer");
            case 2, 3 -> {
                a.add("--use-megatron-fsdp");
                a.add("--data-parallel-sharding-strategy " + (d.zeroStage() == 2 ? "optim_grads"
                        : "optim_grads_params"));
                a.add("--use-distributed-optimizer");
                a.add("--no-gradient-accumulation-fusion");
                a.add("--ckpt-format fsdp_dtensor");
            }
            default -> {
            }
        }
        if (d.recompute()) {
            a.add("--recompute-granularity full");
            a.add("--recompute-method uniform");
            a.add("--recompute-num-layers 1");
        } else if (d.selectiveRecompute()) {
            a.add("--recompute-granularity selective");
        }
        a.add("--bf16");
        if (d.activations() == NumericFormat.FP8) {
            a.add("--fp8-format hybrid");
        }
        a.add("--save-interval " + saveIntervalSteps(e));
        return header(s, e) + String.join(" \\\n  ", a) + "\n";
    }

    static String torchtitan(Scenario s) {
        Design d = s.design();
        TrainingEstimate e = TrainingEstimator.estimate(s);
        List<String> a = new ArrayList<>(List.of(torchrun(s, e, "--nproc_per_node", "--nnodes")
                + " -m torchtitan.train"));
        int replicate = d.zeroStage() == 0 ? d.dp() : 1;
        int shard = d.zeroStage() == 0 ? 1 : d.dp();
        a.add("--parallelism.data_parallel_replicate_degree " + replicate);
        a.add("--parallelism.data_parallel_shard_degree " + shard);
        if (d.zeroStage() == 1 || d.zeroStage() == 2) {
            a.add("--parallelism.fsdp_reshard_after_forward never");
        }
        a.add("--parallelism.tensor_parallel_degree " + d.tp());
        a.add("--parallelism.pipeline_parallel_degree " + d.pp());
        a.add("--parallelism.context_parallel_degree " + d.cp());
        if (s.model().isMoe()) {
            a.add("--parallelism.expert_parallel_degree " + d.ep());
        }
        long local = d.pp() > 1 ? (long) d.microBatch() * e.gradAccumulation() : d.microBatch();
        if (d.pp() > 1) {
            a.add("--parallelism.pipeline_parallel_microbatch_size " + d.microBatch());
            if (d.virtualStages() > 1) {
                a.add("--parallelism.pipeline_parallel_schedule Interleaved1F1B");
                a.add("--parallelism.pipeline_parallel_layers_per_stage " + Math.max(1,
                        (s.model().layers() + d.pp() - 1) / d.pp() / d.virtualStages()));
            }
        }
        a.add("--training.local_batch_size " + local);
        a.add("--training.global_batch_size " + globalBatchSequences(s, e));
        a.add("--training.seq_len " + s.training().seqLen());
        a.add("--training.steps " + (long) Math.ceil(e.steps()));
        a.add("--activation_checkpoint.mode " + d.recomputeMode());
        if (d.selectiveRecompute()) {
            // operator-level: torchtitan keeps the matrix products' and attention's outputs and recomputes the rest,
            // close to (not the same as) Megatron-LM's recomputation of the attention core
            a.add("--activation_checkpoint.selective_ac_option op");
        }
        if (d.activations() == NumericFormat.FP8) {
            a.add("--model.converters float8");
        }
        a.add("--checkpoint.enable_checkpoint");
        a.add("--checkpoint.interval " + saveIntervalSteps(e));
        return header(s, e) + String.join(" \\\n  ", a) + "\n";
    }

    /** Sequences per optimizer step: dp x micro-batch x accumulation. */
    static long globalBatchSequences(Scenario s, TrainingEstimate e) {
        Design d = s.design();
        return (long) d.dp() * d.microBatch() * e.gradAccumulation();
    }

    /** Steps between checkpoints: the Young-Daly interval over the step time, at least 1. */
    static long saveIntervalSteps(TrainingEstimate e) {
        return Math.max(1, Math.round(e.checkpointIntervalMin() * 60.0 / e.stepTimeS()));
    }

    private static String torchrun(Scenario s, TrainingEstimate e, String procFlag, String nodesFlag) {
        int perNode = s.cluster().gpusPerNode();
        int nodes = (e.totalGpus() + perNode - 1) / perNode;
        return "torchrun " + nodesFlag + " " + nodes + " " + procFlag + " " + Math.min(perNode, e.totalGpus());
    }

    private static String header(Scenario s, TrainingEstimate e) {
        Design d = s.design();
        return String.format(Locale.ROOT, "# %s on %d x %s: tp %d, pp %d, cp %d, dp %d%s, ZeRO-%d, micro-batch %d x "
                        + "%d accumulation; step %.3g s, MFU %.1f%%, %.1f days; checkpoint every %.0f min (%d steps)%n"
                        + "# data, tokenizer and optimizer arguments are the user's%n",
                s.model().id(), e.totalGpus(), s.cluster().gpu().id(), d.tp(), d.pp(), d.cp(), d.dp(),
                d.ep() > 1 ? ", ep " + d.ep() : "", d.zeroStage(), d.microBatch(), e.gradAccumulation(),
                e.stepTimeS(), 100 * e.mfu(), e.trainingDays(), e.checkpointIntervalMin(), saveIntervalSteps(e))
                + scheduleNote(d);
    }

    /**
     * A pipeline schedule these arguments cannot select: Megatron-LM's and torchtitan's flags here run 1F1B (or its
     * interleaved form), so the step time above assumes a schedule the user must bring.
     */
    private static String scheduleNote(Design d) {
        if (d.pp() <= 1) {
            return "";
        }
        return switch (d.pipelineSchedule()) {
            case "zero_bubble" -> "# WARNING: design.pipeline_schedule zero_bubble (ZB-H1) is not selected by these "
                    + "arguments, which run 1F1B: the step time above assumes it (Sea AI Lab's "
                    + "zero-bubble-pipeline-parallelism fork of Megatron-LM runs it)\n";
            case "dualpipe" -> "# WARNING: design.pipeline_schedule dualpipe is not selected by these arguments, "
                    + "which run 1F1B: the step time above assumes DeepSeek's DualPipe (github.com/deepseek-ai/DualPipe)"
                    + "\n";
            default -> "";
        };
    }
}
