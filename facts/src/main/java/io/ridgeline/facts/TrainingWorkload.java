package io.ridgeline.facts;

import java.util.List;

/**
 * A pretraining (or fine-tuning) run.
 *
 * @param tokens             total training tokens D
 * @param seqLen             sequence length s, tokens
 * @param globalBatchTokens  tokens per optimizer step
 * @param failuresPerGpuHour hardware failure rate per GPU-hour, for the Young-Daly checkpoint interval
 * @param checkpointBytesPerS storage write bandwidth available for checkpoints, bytes/s (aggregate)
 * @param criticalBatchTokens the critical batch size in tokens beyond which more data parallelism stops helping
 *                           (0: not stated)
 * @param batchStages        a batch-size ramp: the run's first tokens trained at smaller global batches, in order;
 *                           the rest at {@code globalBatchTokens} (empty: no ramp)
 */
public record TrainingWorkload(
        double tokens,
        int seqLen,
        double globalBatchTokens,
        double failuresPerGpuHour,
        double checkpointBytesPerS,
        double criticalBatchTokens,
        List<BatchStage> batchStages,
        DataFeed data) {

    /**
     * One stage of a batch-size ramp.
     *
     * @param globalBatchTokens tokens per optimizer step during the stage
     * @param tokens            tokens the stage trains
     */
    public record BatchStage(double globalBatchTokens, double tokens) {
    }

    public TrainingWorkload {
        batchStages = batchStages == null ? List.of() : List.copyOf(batchStages);
        data = data == null ? DataFeed.defaults() : data;
    }

    /** The data loader at its defaults ({@link DataFeed#defaults()}). */
    public TrainingWorkload(double tokens, int seqLen, double globalBatchTokens, double failuresPerGpuHour,
                            double checkpointBytesPerS, double criticalBatchTokens, List<BatchStage> batchStages) {
        this(tokens, seqLen, globalBatchTokens, failuresPerGpuHour, checkpointBytesPerS, criticalBatchTokens,
                batchStages, null);
    }

    /** No batch-size ramp: every step at {@code globalBatchTokens}. */
    public TrainingWorkload(double tokens, int seqLen, double globalBatchTokens, double failuresPerGpuHour,
                            double checkpointBytesPerS, double criticalBatchTokens) {
        this(tokens, seqLen, globalBatchTokens, failuresPerGpuHour, checkpointBytesPerS, criticalBatchTokens,
                List.of());
    }

    /** The tokens the ramp's stages train, together. */
    public double rampTokens() {
        return batchStages.stream().mapToDouble(BatchStage::tokens).sum();
    }

    /** The same run at one stage's batch for that stage's tokens, without a ramp. */
    public TrainingWorkload atStage(BatchStage stage) {
        return new TrainingWorkload(stage.tokens(), seqLen, stage.globalBatchTokens(), failuresPerGpuHour,
                checkpointBytesPerS, criticalBatchTokens, List.of(), data);
    }

    /** The same workload with another critical batch, tokens (0: none stated). */
    public TrainingWorkload withCriticalBatch(double tokens) {
        return new TrainingWorkload(this.tokens, seqLen, globalBatchTokens, failuresPerGpuHour, checkpointBytesPerS,
                tokens, batchStages, data);
    }

    /** The same workload with another data loader. */
    public TrainingWorkload withData(DataFeed d) {
        return new TrainingWorkload(tokens, seqLen, globalBatchTokens, failuresPerGpuHour, checkpointBytesPerS,
                criticalBatchTokens, batchStages, d);
    }
}
