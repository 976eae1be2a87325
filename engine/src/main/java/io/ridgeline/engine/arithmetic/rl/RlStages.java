package io.ridgeline.engine.arithmetic.rl;

import io.ridgeline.engine.arithmetic.training.Links;
import io.ridgeline.engine.arithmetic.training.TrainingFlops;
import io.ridgeline.facts.ModelArchitecture;

/**
 * Reward, learner and weight-sync stages of an RL step, and how they add up.
 * <ul>
 *   <li>reward = reward latency x ceil(rollouts / parallelism); parallelism is taken as
 *       {@value #REWARD_CALLS_PER_GPU} concurrent reward or environment calls per GPU of the job (the hosts' CPU
 *       workers: 64 per 8-GPU node)</li>
 *   <li>learner = (6 N_mm + attention, plus one forward for the reference model's log-probs (GRPO's KL term), plus
 *       one forward under full recomputation) x trained tokens / (learner GPUs x peak x eta_compute); trained tokens
 *       = rollouts x (prompt + mean generation); its collectives are taken as hidden</li>
 *   <li>weight sync moves the bf16 policy, 2 B x N. Each actor GPU needs its tp slice, 2N/tp. Colocated: resharded
 *       from the learner's shards over the link the learner group spans (scale-up within a node). Disaggregated:
 *       a pipelined broadcast over scale-out in buckets of {@value #SYNC_BUCKET_BYTES} B: every actor GPU receives
 *       its slice over its own NIC while passing earlier buckets on, so the time is one GPU's slice plus one bucket
 *       slice per further actor node: (2N/tp + (nodes - 1) x bucket/tp) / (BW x eta_link)</li>
 *   <li>synchronous step = rollout + reward + learner + sync; asynchronous with staleness k &gt;= 1 on separate actor
 *       and learner GPUs: max(rollout + reward, learner + sync). Colocated GPUs cannot overlap the two, so a
 *       colocated step is synchronous whatever the staleness.</li>
 * </ul>
 */
public final class RlStages {

    public static final int REWARD_CALLS_PER_GPU = 8;
    public static final double SYNC_BUCKET_BYTES = 1e9;

    private RlStages() {
    }

    public static double rewardSeconds(double rewardMs, long rollouts, long parallelism) {
        long waves = (rollouts + parallelism - 1) / parallelism;
        return rewardMs / 1000.0 * waves;
    }

    /** Learner FLOP per trained token of a mean-length sequence. */
    public static double learnerFlopsPerToken(ModelArchitecture m, int seqLen, boolean recompute) {
        double forward = TrainingFlops.forwardFlopsPerToken(m, seqLen);
        return TrainingFlops.flopsPerToken(m, seqLen) + forward + (recompute ? forward : 0.0);
    }

    /**
     * As above for a recomputation mode: the forward again under full recomputation, the attention core's forward
     * again under selective.
     */
    public static double learnerFlopsPerToken(ModelArchitecture m, int seqLen, String recompute) {
        return TrainingFlops.hardwareFlopsPerToken(m, seqLen, recompute) + TrainingFlops.forwardFlopsPerToken(m, seqLen);
    }

    public static double learnerSeconds(double flopsPerToken, double tokens, int learnerGpus, double peakFlopsPerS,
                                        double etaCompute) {
        return flopsPerToken * tokens / (learnerGpus * peakFlopsPerS * etaCompute);
    }

    /** bf16 policy bytes: 2 B x N. */
    public static double weightSyncBytes(double params) {
        return 2.0 * params;
    }

    public static double colocatedSyncSeconds(double syncBytes, int actorTp, Links.Link link, double etaLink) {
        double perGpu = syncBytes / actorTp;
        double buckets = Math.ceil(syncBytes / SYNC_BUCKET_BYTES);
        return perGpu / (link.bytesPerS() * etaLink) + link.alphaS() * buckets;
    }

    public static double disaggregatedSyncSeconds(double syncBytes, int actorTp, int actorNodes, Links.Link scaleOut,
                                                  double etaLink) {
        double perGpu = syncBytes / actorTp;
        double bucketPerGpu = Math.min(perGpu, SYNC_BUCKET_BYTES / actorTp);
        double buckets = Math.ceil(syncBytes / SYNC_BUCKET_BYTES);
        return (perGpu + Math.max(0, actorNodes - 1) * bucketPerGpu) / (scaleOut.bytesPerS() * etaLink)
                + scaleOut.alphaS() * (buckets + Math.max(0, actorNodes - 1));
    }

    /** Synchronous: the four stages in turn. */
    public static double synchronousStepSeconds(double rolloutS, double rewardS, double learnerS, double syncS) {
        return rolloutS + rewardS + learnerS + syncS;
    }

    /** Asynchronous (staleness &gt;= 1, separate GPUs): generation overlaps training. */
    public static double asynchronousStepSeconds(double rolloutS, double rewardS, double learnerS, double syncS) {
        return Math.max(rolloutS + rewardS, learnerS + syncS);
    }

    /** The stages of an RL step, each a wall when it sets the step over its budget. */
    public static final java.util.List<String> STAGES = java.util.List.of("rollout", "reward", "learner",
            "weight_sync");

    /** The largest stage: "rollout", "reward", "learner" or "weight_sync". */
    public static String bindingStage(double rolloutS, double rewardS, double learnerS, double syncS) {
        String stage = "rollout";
        double max = rolloutS;
        if (learnerS > max) {
            stage = "learner";
            max = learnerS;
        }
        if (rewardS > max) {
            stage = "reward";
            max = rewardS;
        }
        if (syncS > max) {
            stage = "weight_sync";
        }
        return stage;
    }
}
