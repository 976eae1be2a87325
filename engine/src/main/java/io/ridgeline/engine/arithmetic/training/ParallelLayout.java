package io.ridgeline.engine.arithmetic.training;

/**
 * Where a training job's parallel groups sit. Ranks are numbered tp fastest, then cp, then dp, then pp (Megatron's
 * order), so a group's span is the block of consecutive ranks it covers; a group crosses nodes when its span is
 * larger than a node. Experts are split over ep GPUs inside the dp x tp block, and over tp within an expert
 * when ep &lt; tp, so each GPU holds 1/max(ep, tp) of its stage's experts.
 */
public record ParallelLayout(int tp, int pp, int dp, int cp, int ep, int gpusPerNode) {

    public ParallelLayout {
        if (tp < 1 || pp < 1 || dp < 1 || cp < 1 || ep < 1 || gpusPerNode < 1) {
            throw new IllegalArgumentException("parallel degrees and gpus_per_node must be >= 1; got tp=" + tp
                    + " pp=" + pp + " dp=" + dp + " cp=" + cp + " ep=" + ep + " gpus_per_node=" + gpusPerNode);
        }
    }

    /** GPUs in the job: tp x pp x dp x cp. */
    public int gpus() {
        return tp * pp * dp * cp;
    }

    /** Nodes the job occupies (rounded up). */
    public int nodes() {
        return (gpus() + gpusPerNode - 1) / gpusPerNode;
    }

    /** Ways each expert tensor is split: max(ep, tp). */
    public int expertShard() {
        return Math.max(ep, tp);
    }

    /** Replicas of each dense parameter shard, which gradient reduction and ZeRO span: dp x cp. */
    public int denseDpGroup() {
        return dp * cp;
    }

    /** Replicas of each expert shard: dp x cp x tp / max(ep, tp). */
    public int expertDpGroup() {
        return Math.max(1, dp * cp * tp / expertShard());
    }

    public int tpSpan() {
        return tp;
    }

    public int cpSpan() {
        return tp * cp;
    }

    public int dpSpan() {
        return tp * cp * dp;
    }

    /** The pipeline's slowest stage boundary: within a node only when the whole job fits in one. */
    public int ppSpan() {
        return gpus();
    }

    /** Expert-parallel groups: inside the tp group when ep &lt;= tp, else ep/tp data-parallel ranks apart. */
    public int epSpan() {
        return ep <= tp ? tp : ep * cp;
    }
}
