package io.ridgeline.engine.arithmetic.training;

/**
 * The idle share of a synchronous 1F1B (or GPipe) pipeline step: (p-1)/(m+p-1) for p stages and m micro-batches
 * (Narayanan et al. 2021), and of the zero-bubble and DualPipe schedules. The step time is then
 * (busy time)/(1 - bubble).
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

    /**
     * The idle share under a named schedule, in units of a micro-batch's forward F on one stage, its backward B = 2F
     * of which the weight gradient W = F (DeepSeek-V3 technical report, Table 2, with F : B : W = 1 : 2 : 1 and two
     * overlapped chunks F&B = F + B); a micro-batch's work on a stage is F + B = 3:
     * <ul>
     *   <li>{@code 1f1b}: idle (p - 1)(F + B) = 3 (p - 1); with v chunks a stage, {@link #fraction(int, int, int)};</li>
     *   <li>{@code zero_bubble} (ZB-H1): the weight gradients fill the drain, (p - 1)(F + B - 2W) = p - 1, so
     *       (p - 1) / (3 m + p - 1);</li>
     *   <li>{@code dualpipe}: micro-batches from both ends, (p/2 - 1)(F&B + B - 3W) = p - 2, so
     *       (p - 2) / (3 m + p - 2).</li>
     * </ul>
     */
    public static double fraction(int stages, int microBatches, int virtualStages, String schedule) {
        if (stages <= 1) {
            return 0.0;
        }
        double m = Math.max(1, microBatches);
        return switch (schedule == null ? "1f1b" : schedule) {
            case "zero_bubble" -> (stages - 1.0) / (3.0 * m + stages - 1.0);
            case "dualpipe" -> (stages - 2.0) / (3.0 * m + stages - 2.0);
            default -> fraction(stages, microBatches, virtualStages);
        };
    }
}
