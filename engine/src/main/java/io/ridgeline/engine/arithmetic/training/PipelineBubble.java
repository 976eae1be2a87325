package io.ridgeline.engine.arithmetic.training;

/**
 * The idle share of a synchronous 1F1B (or GPipe) pipeline step: (p-1)/(m+p-1) for p stages and m micro-batches
 * (Narayanan et al. 2021). The step time is then (busy time)/(1 - bubble).
 */
public final class PipelineBubble {

    private PipelineBubble() {
    }

    public static double fraction(int stages, int microBatches) {
        if (stages <= 1) {
            return 0.0;
        }
        return (double) (stages - 1) / (Math.max(1, microBatches) + stages - 1);
    }
}
