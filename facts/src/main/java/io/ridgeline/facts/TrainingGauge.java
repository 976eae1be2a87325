package io.ridgeline.facts;

/**
 * Quantities the training rules compare against, computed in Java from the scenario and the bill so that the rules
 * hold no arithmetic: what the cluster and budget allow, what one node holds, and the limits the requirement walls
 * use.
 *
 * @param gpusAvailable             GPUs the design may use: the cluster's, capped by {@code budget.max_gpus} and by
 *                                  the GPUs {@code budget.usd_per_hour} pays for
 * @param maxTensorParallel         the largest tensor-parallel degree inside one node: the largest power of two
 *                                  that is at most the node's GPUs and divides the attention heads
 * @param usableHbmBytesPerNode     usable HBM of one node, bytes (usable per GPU x GPUs per node)
 * @param weightGradBytesPerGpu     bf16 weights and gradients on one GPU before any ZeRO sharding, bytes
 *                                  (4 B x the parameters the GPU holds at this tp, pp and ep)
 * @param tokensPerGpuPerMicroBatch tokens per GPU per micro-batch: the window a data-parallel reduction overlaps
 * @param longSequence              the sequence is at least {@link #LONG_SEQUENCE_TOKENS} tokens
 * @param moe                       the model has routed experts
 * @param expertStateShare          the routed experts' share of the parameters one GPU holds at this layout (0 for a
 *                                  dense model): expert parallelism shrinks only this share
 * @param fp8Accepted               the scenario's preferences accept fp8 (for quality)
 * @param fleetUsdPerHour           what the design's GPUs cost per hour, USD
 * @param maxPipelineStages         the most pipeline stages that keep {@link #MIN_LAYERS_PER_STAGE} layers each
 * @param worthwhileDays            the run's days less {@link #MIN_RUN_GAIN} of them: once every requirement holds, a
 *                                  change is worth taking only when it brings the run under this
 * @param worthwhileCostUsd         the run's cost less {@link #MIN_RUN_GAIN} of it, USD: under the cost objective, once
 *                                  every requirement holds, a change is worth taking only when it brings the cost under
 *                                  this
 */
public record TrainingGauge(
        int gpusAvailable,
        int maxTensorParallel,
        double usableHbmBytesPerNode,
        double weightGradBytesPerGpu,
        double tokensPerGpuPerMicroBatch,
        boolean longSequence,
        boolean moe,
        double expertStateShare,
        boolean fp8Accepted,
        double fleetUsdPerHour,
        int maxPipelineStages,
        double worthwhileDays,
        double worthwhileCostUsd) {

    /**
     * The share of the run a change must save to be taken once every requirement holds: 5%, so that the loop does
     * not trade the layout for gains within the model's own error (docs/validation.md).
     */
    public static final double MIN_RUN_GAIN = 0.05;

    /**
     * Expert parallelism is the first split of an MoE model's state while the experts hold more than this share of
     * what a GPU holds: past it, doubling ep saves less than a quarter of the state, and the dense layers' splits
     * (tensor, pipeline, ZeRO) come first.
     */
    public static final double EXPERT_STATE_MAJORITY = 0.5;

    /**
     * Largest share of the step the GPUs may wait for data, and of the sequence positions padding may take (lesson
     * 08): the loop's smallest gain, {@link #MIN_RUN_GAIN}; a waste below it is within the model's own error.
     */
    public static final double DATA_WASTE_LIMIT = MIN_RUN_GAIN;

    /** Largest pipeline-bubble share of the step a design may keep: 15%. */
    public static final double BUBBLE_LIMIT = 0.15;
    /** Sequences from this length on are long: context parallelism splits them before recomputation. */
    public static final int LONG_SEQUENCE_TOKENS = 32768;
    /**
     * Fewest layers a pipeline stage should hold: below it the stage's sends, the embedding and output layers on the
     * end stages, and the uneven split dominate the little compute the stage does.
     */
    public static final int MIN_LAYERS_PER_STAGE = 4;
    /** Below this strong-scaling ceiling (1/f), doubling the GPUs buys less than a third more speed. */
    public static final double SCALING_CEILING_FLOOR = 2.0;
}
