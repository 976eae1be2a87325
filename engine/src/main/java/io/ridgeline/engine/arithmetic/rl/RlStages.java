package io.ridgeline.engine.arithmetic.rl;

import io.ridgeline.engine.arithmetic.training.Links;

/**
 * Reward, learner and weight-sync stages of an RL step, and how they add up.
 * <ul>
 *   <li>reward = reward latency x ceil(rollouts / parallelism); parallelism is taken as
 *       {@value #REWARD_CALLS_PER_GPU} concurrent reward or environment calls per GPU of the job (the hosts' CPU
 *       workers: 64 per 8-GPU node)</li>
 *   <li>learner = the update (6 N_mm + attention, plus one forward under full recomputation, at the training
 *       step's compute share, plus the activations' HBM traffic) + one forward pass for the reference model's
 *       log-probs (the KL term) + one forward pass for the old log-probs under the weights that generated the
 *       rollouts (each at the compute share, with a third of the update's activation traffic); trained tokens =
 *       rollouts x (prompt + mean generation); its collectives are taken as hidden</li>
 *   <li>weight sync moves the bf16 policy, 2 B x N. Each actor GPU needs its tp slice, 2N/tp. Colocated: resharded
 *       from the learner's shards over the link the learner group spans (scale-up within a node). Disaggregated:
 *       a pipelined broadcast over scale-out in buckets of {@value #SYNC_BUCKET_BYTES} B: every actor GPU receives
 *       its slice over its own NIC while passing earlier buckets on, so the time is one GPU's slice plus one bucket
 *       slice per further actor node: (2N/tp + (nodes - 1) x bucket/tp) / (BW x eta_link)</li>
 *   <li>the rollout engine then loads what it received into its own weights: it reads the bf16 slice and writes
 *       its weight format, (2N/tp + N x b/tp) / (HBM x eta_hbm)</li>
 *   <li>synchronous step = rollout + reward + learner + sync; asynchronous with staleness k &gt;= 1 on separate actor
 *       and learner GPUs: max(rollout + reward + sync / k, learner + sync / k): the actors stop generating while
 *       new weights arrive and load (verl, slime and AReaL pause or interrupt generation for the update), and with
 *       rollouts allowed to be k steps stale they take new weights every k steps (verl's
 *       trigger_parameter_sync_step). Colocated GPUs cannot overlap the two, so a colocated step is synchronous
 *       whatever the staleness.</li>
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

    /**
     * The rollout engine's reload of a new policy, s: it reads the bf16 slice it received (2N/tp) and writes its
     * own weights (N x bytes per weight / tp).
     */
    public static double engineReloadSeconds(double params, int actorTp, double actorBytesPerWeight,
                                             double hbmBytesPerS, double etaHbm) {
        return (2.0 * params + params * actorBytesPerWeight) / actorTp / (hbmBytesPerS * etaHbm);
    }

    /** Synchronous: the four stages in turn. */
    public static double synchronousStepSeconds(double rolloutS, double rewardS, double learnerS, double syncS) {
        return rolloutS + rewardS + learnerS + syncS;
    }

    /**
     * Asynchronous (staleness k &gt;= 1, separate GPUs): generation overlaps training; the actors pause while new
     * weights arrive and load, and take them every k steps: max(rollout + reward + sync / k, learner + sync / k).
     */
    public static double asynchronousStepSeconds(double rolloutS, double rewardS, double learnerS, double syncS,
                                                 int staleness) {
        double perStep = syncS / Math.max(1, staleness);
        return Math.max(rolloutS + rewardS + perStep, learnerS + perStep);
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
