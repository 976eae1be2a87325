package io.ridgeline.engine.arithmetic.training;

/**
 * The idle share of a synchronous 1F1B (or GPipe) pipeline step: (p-1)/(m+p-1) for p stages and m micro-batches
 * (Narayanan et al. 2021). The step time is then (busy time)/(1 - bubble).
 */
public final class PipelineBubble {

    private PipelineBubble() {
    }

    public static double fraction(int stages, int microBatches) {
        return fraction(stages, microBatches, 1);
    }

    /**
     * The interleaved schedule's (Narayanan et al. 2021, section 2.2.2): each stage holds v model chunks, so the
     * warm-up and drain shrink v-fold against the work, (p-1)/(v m + p-1); v = 1 is plain 1F1B.
     */
    public static double fraction(int stages, int microBatches, int virtualStages) {
        if (stages <= 1) {
            return 0.0;
        }
        return (double) (stages - 1) / ((double) Math.max(1, virtualStages) * Math.max(1, microBatches) + stages - 1);
    }
}
