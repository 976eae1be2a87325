package io.ridgeline.facts;

import java.util.EnumSet;
import java.util.Set;

/**
 * A system design: parallelism degrees, precision, batch and the features that are on. For inference, the degrees
 * describe one replica (tp x pp x ep x cp GPUs) and {@code replicas} counts them; for training, the GPUs are
 * tp x pp x dp x cp (ep shards experts inside dp x tp).
 *
 * @param zeroStage          0 (plain DP), 1 (optimizer states), 2 (+ gradients), 3 (+ parameters: FSDP)
 * @param batch              inference: concurrent sequences per replica (0: as many as memory allows);
 *                           training: ignored (see microBatch)
 * @param microBatch         training: sequences per micro-batch per GPU
 * @param specDraftTokens    speculative decoding: tokens the draft proposes per step (k)
 * @param specAcceptanceRate speculative decoding: per-token acceptance rate alpha in (0, 1)
 * @param prefillShare       disaggregation: share of the replicas' GPUs that do prefill (P:D split)
 * @param rlPlacement        RL: "colocated" or "disaggregated"
 * @param maxStalenessSteps  RL: how many policy versions a rollout may lag (0 = on-policy)
 * @param recompute          training: full recomputation (the forward pass again in the backward)
 * @param selectiveRecompute training: the attention core alone recomputed (not with full recomputation)
 * @param sequenceParallel   training: norms and dropout sharded over the tensor-parallel group (default true)
 * @param flashAttention     training: the attention kernel keeps the s x s scores on chip (default true); false
 *                           stores them in HBM, as Megatron-LM did before fused attention
 * @param virtualStages      training: model chunks per pipeline stage (interleaved 1F1B); 1 is plain 1F1B
 * @param scheduling         inference: how the engine fills its steps with prompt tokens (budget, whole prompts,
 *                           attention-group balancing)
 * @param pipelineSchedule   training: the pipeline schedule, one of {@link #PIPELINE_SCHEDULES}
 */
public record Design(
        int tp,
        int pp,
        int dp,
        int ep,
        int cp,
        int replicas,
        int zeroStage,
        NumericFormat weights,
        NumericFormat activations,
        NumericFormat kvCache,
        int batch,
        int microBatch,
        boolean recompute,
        Set<Feature> features,
        int specDraftTokens,
        double specAcceptanceRate,
        double prefillShare,
        String rlPlacement,
        int maxStalenessSteps,
        boolean selectiveRecompute,
        boolean sequenceParallel,
        boolean flashAttention,
        int virtualStages,
        EngineScheduling scheduling,
        String pipelineSchedule) {

    /**
     * Training's pipeline schedules: {@code 1f1b} (with {@code virtualStages} > 1 the interleaved 1F1B),
     * {@code zero_bubble} (ZB-H1: the weight-gradient half of each backward fills the warm-up and drain) and
     * {@code dualpipe} (DeepSeek-V3's bidirectional pipeline: micro-batches enter from both ends, each forward chunk
     * overlapped with a backward chunk, so the expert and pipeline traffic hides behind compute).
     */
    public static final java.util.List<String> PIPELINE_SCHEDULES = java.util.List.of("1f1b", "zero_bubble",
            "dualpipe");

    /** The engines' scheduling and a pipeline schedule; 1F1B. */
    public Design(int tp, int pp, int dp, int ep, int cp, int replicas, int zeroStage, NumericFormat weights,
                  NumericFormat activations, NumericFormat kvCache, int batch, int microBatch, boolean recompute,
                  Set<Feature> features, int specDraftTokens, double specAcceptanceRate, double prefillShare,
                  String rlPlacement, int maxStalenessSteps, boolean selectiveRecompute, boolean sequenceParallel,
                  boolean flashAttention, int virtualStages, EngineScheduling scheduling) {
        this(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch, recompute,
                features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement, maxStalenessSteps,
                selectiveRecompute, sequenceParallel, flashAttention, virtualStages, scheduling, "1f1b");
    }

    /** The engines' default scheduling ({@link EngineScheduling#DEFAULT}). */
    public Design(int tp, int pp, int dp, int ep, int cp, int replicas, int zeroStage, NumericFormat weights,
                  NumericFormat activations, NumericFormat kvCache, int batch, int microBatch, boolean recompute,
                  Set<Feature> features, int specDraftTokens, double specAcceptanceRate, double prefillShare,
                  String rlPlacement, int maxStalenessSteps, boolean selectiveRecompute, boolean sequenceParallel,
                  boolean flashAttention, int virtualStages) {
        this(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch, recompute,
                features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement, maxStalenessSteps,
                selectiveRecompute, sequenceParallel, flashAttention, virtualStages, EngineScheduling.DEFAULT);
    }

    /** One model chunk per pipeline stage (plain 1F1B). */
    public Design(int tp, int pp, int dp, int ep, int cp, int replicas, int zeroStage, NumericFormat weights,
                  NumericFormat activations, NumericFormat kvCache, int batch, int microBatch, boolean recompute,
                  Set<Feature> features, int specDraftTokens, double specAcceptanceRate, double prefillShare,
                  String rlPlacement, int maxStalenessSteps, boolean selectiveRecompute, boolean sequenceParallel,
                  boolean flashAttention) {
        this(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch, recompute,
                features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement, maxStalenessSteps,
                selectiveRecompute, sequenceParallel, flashAttention, 1);
    }

    /** Training's step kernels at their defaults: no selective recomputation, sequence parallelism and fused attention. */
    public Design(int tp, int pp, int dp, int ep, int cp, int replicas, int zeroStage, NumericFormat weights,
                  NumericFormat activations, NumericFormat kvCache, int batch, int microBatch, boolean recompute,
                  Set<Feature> features, int specDraftTokens, double specAcceptanceRate, double prefillShare,
                  String rlPlacement, int maxStalenessSteps) {
        this(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch, recompute,
                features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement, maxStalenessSteps, false,
                true, true);
    }

    public Design {
        scheduling = scheduling == null ? EngineScheduling.DEFAULT : scheduling;
        pipelineSchedule = pipelineSchedule == null || pipelineSchedule.isEmpty() ? "1f1b" : pipelineSchedule;
        // an enum set keeps the features in declaration order, so output is the same from run to run
        features = features == null || features.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(features));
    }

    public static Design defaults() {
        return new Design(1, 1, 1, 1, 1, 1, 0, NumericFormat.BF16, NumericFormat.BF16, NumericFormat.BF16, 0, 1,
                false, Set.of(), 4, 0.7, 0.0, "colocated", 0);
    }

    /** GPUs in one inference replica, or in the whole training job. */
    public int gpusPerReplica() {
        return tp * pp * cp * Math.max(1, ep / Math.max(1, tp));
    }

    public boolean has(Feature f) {
        return features.contains(f);
    }

    public Design with(Feature f) {
        EnumSet<Feature> s = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        s.add(f);
        return withFeatures(s);
    }

    public Design without(Feature f) {
        EnumSet<Feature> s = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        s.remove(f);
        return withFeatures(s);
    }

    public Design withFeatures(Set<Feature> f) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch,
                recompute, f, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement, maxStalenessSteps, selectiveRecompute,
                sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    public Design withParallelism(int tp, int pp, int dp, int ep, int cp) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch,
                recompute, features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement,
                maxStalenessSteps, selectiveRecompute,
                sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    public Design withReplicas(int r) {
        return new Design(tp, pp, dp, ep, cp, r, zeroStage, weights, activations, kvCache, batch, microBatch,
                recompute, features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement,
                maxStalenessSteps, selectiveRecompute,
                sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    public Design withZeroStage(int z) {
        return new Design(tp, pp, dp, ep, cp, replicas, z, weights, activations, kvCache, batch, microBatch,
                recompute, features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement,
                maxStalenessSteps, selectiveRecompute,
                sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    public Design withFormats(NumericFormat w, NumericFormat a, NumericFormat kv) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, w, a, kv, batch, microBatch, recompute, features,
                specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement, maxStalenessSteps, selectiveRecompute,
                sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    public Design withBatch(int b) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, b, microBatch,
                recompute, features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement,
                maxStalenessSteps, selectiveRecompute,
                sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    public Design withMicroBatch(int m) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, m,
                recompute, features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement,
                maxStalenessSteps, selectiveRecompute,
                sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    /** Full recomputation on or off; on, it replaces selective recomputation. */
    public Design withRecompute(boolean r) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch,
                r, features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement, maxStalenessSteps,
                !r && selectiveRecompute, sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    /**
     * Training's step kernels: selective recomputation (the attention core again in the backward pass; not with
     * full recomputation), sequence parallelism (norms and dropout sharded over the tensor-parallel group) and
     * fused attention (the s x s scores stay on chip, FlashAttention; false: they are stored in HBM).
     */
    public Design withStepKernels(boolean selective, boolean sequenceParallelism, boolean fusedAttention) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch,
                recompute && !selective, features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement,
                maxStalenessSteps, selective, sequenceParallelism, fusedAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    /** The pipeline's model chunks per stage: 1 for plain 1F1B, v for the interleaved schedule. */
    public Design withVirtualStages(int v) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch,
                recompute, features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement,
                maxStalenessSteps, selectiveRecompute, sequenceParallel, flashAttention, v, scheduling, pipelineSchedule);
    }

    /** The pipeline schedule ({@link #PIPELINE_SCHEDULES}). */
    public Design withPipelineSchedule(String schedule) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch,
                recompute, features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement,
                maxStalenessSteps, selectiveRecompute, sequenceParallel, flashAttention, virtualStages, scheduling,
                schedule);
    }

    /** The recomputation as the scenario names it: none, selective or full. */
    public String recomputeMode() {
        return recompute ? "full" : selectiveRecompute ? "selective" : "none";
    }

    public Design withSpeculation(int draftTokens, double acceptanceRate) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch,
                recompute, features, draftTokens, acceptanceRate, prefillShare, rlPlacement, maxStalenessSteps, selectiveRecompute,
                sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    public Design withPrefillShare(double share) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch,
                recompute, features, specDraftTokens, specAcceptanceRate, share, rlPlacement, maxStalenessSteps, selectiveRecompute,
                sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    public Design withRl(String placement, int staleness) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch,
                recompute, features, specDraftTokens, specAcceptanceRate, prefillShare, placement, staleness, selectiveRecompute,
                sequenceParallel, flashAttention,
                virtualStages, scheduling, pipelineSchedule);
    }

    /** The serving engine's step scheduling. */
    public Design withScheduling(EngineScheduling s) {
        return new Design(tp, pp, dp, ep, cp, replicas, zeroStage, weights, activations, kvCache, batch, microBatch,
                recompute, features, specDraftTokens, specAcceptanceRate, prefillShare, rlPlacement,
                maxStalenessSteps, selectiveRecompute, sequenceParallel, flashAttention, virtualStages, s, pipelineSchedule);
    }
}
