package io.ridgeline.engine.advisor.training;

import io.ridgeline.engine.arithmetic.training.ParallelLayout;
import io.ridgeline.engine.arithmetic.training.TrainingMemory;
import io.ridgeline.facts.Budget;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import io.ridgeline.facts.TrainingGauge;

/** Computes the {@link TrainingGauge} of a design: the comparisons the training rules make, with the arithmetic done. */
public final class TrainingGauges {

    private TrainingGauges() {
    }

    public static TrainingGauge of(Scenario s, TrainingEstimate e) {
        Cluster c = s.cluster();
        Design d = s.design();
        ParallelLayout l = new ParallelLayout(d.tp(), d.pp(), d.dp(), d.cp(), d.ep(), c.gpusPerNode());
        TrainingMemory.ShardParams shard = TrainingMemory.shardParams(s.model(), l);
        double weightGrad = (TrainingMemory.PARAM_BYTES + TrainingMemory.GRAD_BYTES) * shard.total();
        double expertShare = shard.total() > 0 ? shard.expert() / shard.total() : 0.0;
        double perMicro = e.gradAccumulation() > 0 ? e.tokensPerGpuPerStep() / e.gradAccumulation() : 0.0;
        return new TrainingGauge(gpusAvailable(s), maxTensorParallel(s), e.usableHbmBytesPerGpu() * c.gpusPerNode(),
                weightGrad, perMicro, s.training().seqLen() >= TrainingGauge.LONG_SEQUENCE_TOKENS, s.model().isMoe(), expertShare,
                s.preferences().accepts(NumericFormat.FP8), e.totalGpus() * c.gpu().usdPerGpuHour(),
                Math.max(1, s.model().layers() / TrainingGauge.MIN_LAYERS_PER_STAGE),
                e.trainingDays() * (1.0 - TrainingGauge.MIN_RUN_GAIN), e.costUsd() * (1.0 - TrainingGauge.MIN_RUN_GAIN));
    }

    /**
     * GPUs a design may use: the cluster's, capped by the budget's GPU cap and by the GPUs its hourly budget pays
     * for; at least one.
     */
    public static int gpusAvailable(Scenario s) {
        int g = s.cluster().totalGpus();
        Budget b = s.budget();
        if (b.maxGpus() > 0) {
            g = Math.min(g, b.maxGpus());
        }
        double price = s.cluster().gpu().usdPerGpuHour();
        if (b.usdPerHour() > 0 && price > 0) {
            g = (int) Math.min(g, Math.floor(b.usdPerHour() / price + 1e-9));
        }
        return Math.max(1, g);
    }

    /** The largest power of two that is at most the node's GPUs and divides the attention heads. */
    public static int maxTensorParallel(Scenario s) {
        int tp = 1;
        while (tp * 2 <= s.cluster().gpusPerNode() && s.model().attentionHeads() % (tp * 2) == 0) {
            tp *= 2;
        }
        return tp;
    }
}
