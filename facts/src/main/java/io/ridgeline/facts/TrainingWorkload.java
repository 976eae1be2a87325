package io.ridgeline.facts;

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
 */
public record TrainingWorkload(
        double tokens,
        int seqLen,
        double globalBatchTokens,
        double failuresPerGpuHour,
        double checkpointBytesPerS,
        double criticalBatchTokens) {
}
