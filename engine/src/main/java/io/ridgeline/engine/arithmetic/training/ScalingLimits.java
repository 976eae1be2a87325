package io.ridgeline.engine.arithmetic.training;

/**
 * How far adding GPUs goes.
 *
 * <p><b>Critical batch.</b> Past the critical batch B_crit (tokens), a larger batch stops buying fewer steps, so
 * data parallelism is capped at dp &lt;= {@value #ROUNDING_ALLOWANCE} x B_crit / (micro x accum x seq): a step that
 * rounds its accumulation up to whole micro-batches may train up to 5% past B_crit (fewer replicas would strand more
 * GPUs than the tokens it wastes). A requested global batch past B_crit is the workload's, not the layout's: every
 * layout trains it, and the cap is then one micro-batch per replica, dp &lt;= B_crit / (micro x seq).
 *
 * <p><b>Strong scaling (Amdahl).</b> At a fixed global batch, adding data-parallel GPUs shrinks each GPU's compute
 * and its TP/PP/EP/CP traffic (they scale with the tokens a GPU holds), but not its DP traffic, which tends to
 * 2 x 2N/(tp pp) bytes per GPU per step. With f the share of the step that does not shrink, speedup(n) =
 * 1 / (f + (1-f)/n) and the ceiling as n grows is 1/f.
 */
public final class ScalingLimits {

    private ScalingLimits() {
    }

    /** How far past B_crit a step may train by rounding its accumulation up to whole micro-batches. */
    public static final double ROUNDING_ALLOWANCE = 1.05;

    /** floor(1.05 x B_crit / (micro x accum x seq)), at least 1: the replicas of a step with that accumulation. */
    public static int maxUsefulDp(double criticalBatchTokens, int microBatch, int gradAccumulation, int seqLen) {
        double perReplica = (double) microBatch * gradAccumulation * seqLen;
        return (int) Math.max(1, Math.floor(ROUNDING_ALLOWANCE * criticalBatchTokens / perReplica + 1e-9));
    }

    /**
     * The cap for a requested global batch past B_crit: one micro-batch per replica within it,
     * floor(B_crit / (micro x seq)), at least 1.
     */
    public static int maxUsefulDp(double criticalBatchTokens, int microBatch, int seqLen) {
        return (int) Math.max(1, Math.floor(criticalBatchTokens / ((double) microBatch * seqLen) + 1e-9));
    }

    /** Amdahl speedup on n times the GPUs when a share f of the step does not shrink. */
    public static double speedup(double fixedShare, double n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be > 0; got " + n);
        }
        return 1.0 / (fixedShare + (1 - fixedShare) / n);
    }

    /** 1/f, the limit of {@link #speedup} as n grows; f must be in (0, 1]. */
    public static double ceiling(double fixedShare) {
        if (!(fixedShare > 0 && fixedShare <= 1)) {
            throw new IllegalArgumentException("fixed share must be in (0, 1]; got " + fixedShare);
        }
        return 1.0 / fixedShare;
    }

    /** f = t_fixed / (t_scaling + t_fixed). */
    public static double fixedShare(double scalingSeconds, double fixedSeconds) {
        double total = scalingSeconds + fixedSeconds;
        return total <= 0 ? 1.0 : fixedSeconds / total;
    }
}
