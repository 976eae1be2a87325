package io.ridgeline.engine.arithmetic.rl;

import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;

/**
 * How the rollout (actor) engines sit on the actor GPUs. Each replica is tensor-parallel over tp GPUs inside a node,
 * tp the smallest power of two (dividing the attention heads) at which the weights plus the KV cache of all the
 * replica's rollouts fit; replicas = actor GPUs / tp, and the step's rollouts are spread evenly over them. KV is
 * reserved for each rollout's full length, prompt + the longest generation (an upper bound: paged KV holds about
 * prompt + mean). When no tp fits all rollouts at once, the largest tp that fits the weights and at least one
 * rollout is taken (it maximises the rollouts in flight, actor GPUs x (budget - W/tp) / KV per rollout per GPU), and the
 * rest wait: concurrency &lt; rollouts per replica.
 */
public final class ActorPlacement {

    private ActorPlacement() {
    }

    /**
     * @param tp                 GPUs per actor replica
     * @param replicas           actor replicas
     * @param rolloutsPerReplica rollouts each replica generates per step, B
     * @param concurrency        rollouts a replica decodes at once, C &lt;= B
     * @param weightBytesPerGpu  W / tp
     * @param kvBytesPerGpu      C x (prompt + max generation) x KV bytes per token / KV shards
     * @param fits               whether weights and at least one rollout fit
     */
    public record Placement(int tp, int replicas, int rolloutsPerReplica, int concurrency, double weightBytesPerGpu,
                            double kvBytesPerGpu, boolean fits) {
        public double memoryBytesPerGpu() {
            return weightBytesPerGpu + kvBytesPerGpu;
        }
    }

    /** KV-cache bytes per token, all layers: 2 x layers x kv_heads x head_dim x bytes; MLA: layers x (latent + rope). */
    public static double kvBytesPerToken(ModelArchitecture m, NumericFormat kvFormat) {
        double b = kvFormat.bytesPerElement();
        if (m.attention() == AttentionKind.MLA && m.mla() != null) {
            return (double) m.layers() * (m.mla().kvLoraRank() + m.mla().qkRopeHeadDim()) * b;
        }
        return 2.0 * m.layers() * m.kvHeads() * m.headDim() * b;
    }

    /**
     * Ways one token's KV cache is split over a tp-way replica: min(tp, kv_heads) (KV heads are replicated once tp
     * exceeds them); 1 for MLA, whose latent every rank holds whole.
     */
    public static int kvShards(ModelArchitecture m, int tp) {
        if (m.attention() == AttentionKind.MLA) {
            return 1;
        }
        return Math.max(1, Math.min(tp, m.kvHeads()));
    }

    /**
     * @param weightBytes         the actor's weights, bytes (params x bytes of the weight format)
     * @param kvBytesPerRollout   KV bytes one rollout reserves (prompt + longest generation)
     * @param budgetBytesPerGpu   HBM an actor GPU can give to weights and KV
     */
    public static Placement place(ModelArchitecture m, int actorGpus, int gpusPerNode, long rollouts,
                                  double weightBytes, double kvBytesPerRollout, double budgetBytesPerGpu) {
        int maxTp = Math.min(gpusPerNode, actorGpus);
        Placement bestPartial = null;
        Placement largest = null;
        for (int tp = 1; tp <= maxTp; tp *= 2) {
            if (m.attentionHeads() % tp != 0) {
                continue;
            }
            int replicas = actorGpus / tp;
            int perReplica = (int) Math.max(1, (rollouts + replicas - 1) / replicas);
            double kvPerGpu = kvBytesPerRollout / kvShards(m, tp);
            double all = weightBytes / tp + perReplica * kvPerGpu;
            if (all <= budgetBytesPerGpu) {
                return new Placement(tp, replicas, perReplica, perReplica, weightBytes / tp,
                        perReplica * kvPerGpu, true);
            }
            long room = (long) Math.floor((budgetBytesPerGpu - weightBytes / tp) / kvPerGpu);
            int concurrency = (int) Math.min(perReplica, Math.max(1, room));
            Placement p = new Placement(tp, replicas, perReplica, concurrency, weightBytes / tp,
                    concurrency * kvPerGpu, room >= 1);
            if (room >= 1) {
                bestPartial = p;
            }
            largest = p;
        }
        return bestPartial != null ? bestPartial : largest;
    }
}
