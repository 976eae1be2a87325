package io.ridgeline.engine.arithmetic.rl;

import io.ridgeline.engine.arithmetic.training.Collectives;
import io.ridgeline.engine.arithmetic.training.Links;
import io.ridgeline.engine.arithmetic.training.TrainingFlops;
import io.ridgeline.facts.ModelArchitecture;

/**
 * Rollout time on one actor replica: prefill of its rollouts' prompts, then decode until the longest generation
 * ends (the step waits for the whole group).
 * <ul>
 *   <li>prefill = forward FLOP per token x prompt x B / (tp x peak x eta_compute), each rollout prefilled on its own
 *       (no prompt sharing across a group's samples)</li>
 *   <li>one decode step, bandwidth-bound: (W/tp + C x L x kv/tp) / (HBM x eta_hbm), with L = prompt + mean
 *       generation / 2 the context a typical rollout holds on average; if the C tokens' FLOPs take longer, the
 *       compute time instead (roofline); plus, for tp &gt; 1, two all-reduces per layer of C x h x 2 bytes over
 *       NVLink</li>
 *   <li>decode steps = max(longest generation, ceil(B x mean generation / C)): the tail, or the throughput when only
 *       C of B rollouts fit at once</li>
 *   <li>tail share = the part of the rollout time spent past what mean-length rollouts would need:
 *       (steps - steps if every rollout were mean length) x t_step / rollout; with C = B, 1 - mean/max of the
 *       decode</li>
 * </ul>
 */
public final class Rollout {

    private Rollout() {
    }

    /** One actor replica's rollout bill. */
    public record Bill(double prefillS, double decodeStepS, double decodeSteps, double rolloutS, double tailShare,
                       boolean computeBound) {
    }

    public static double prefillSeconds(ModelArchitecture m, int promptTokens, int rolloutsPerReplica, int tp,
                                        double peakFlopsPerS, double etaCompute) {
        double flops = TrainingFlops.forwardFlopsPerToken(m, promptTokens) * promptTokens * rolloutsPerReplica;
        return flops / (tp * peakFlopsPerS * etaCompute);
    }

    /** Memory time of one decode step, seconds. */
    public static double decodeMemorySeconds(double weightBytesPerGpu, int concurrency, double meanContextTokens,
                                             double kvBytesPerTokenPerGpu, double hbmBytesPerS, double etaHbm) {
        return (weightBytesPerGpu + concurrency * meanContextTokens * kvBytesPerTokenPerGpu)
                / (hbmBytesPerS * etaHbm);
    }

    /** Compute time of one decode step: C tokens x (2 N_mm + 4 layers d_attn L) / tp FLOP, seconds. */
    public static double decodeComputeSeconds(ModelArchitecture m, int concurrency, double meanContextTokens, int tp,
                                              double peakFlopsPerS, double etaCompute) {
        double perToken = 2 * TrainingFlops.matmulParams(m)
                + 4.0 * m.layers() * TrainingFlops.attentionDim(m) * meanContextTokens;
        return concurrency * perToken / (tp * peakFlopsPerS * etaCompute);
    }

    /** Tensor-parallel all-reduces of one decode step: 2 per layer of C x h x 2 bytes. */
    public static double decodeTpCommSeconds(ModelArchitecture m, int concurrency, int tp, Links.Link link,
                                             double etaLink) {
        if (tp <= 1) {
            return 0.0;
        }
        double count = 2.0 * m.layers();
        double wire = count * Collectives.allReduceBytes(tp, (double) concurrency * m.hiddenSize() * 2.0);
        return Collectives.seconds(wire, link, etaLink, count);
    }

    public static Bill bill(double prefillS, double memoryStepS, double computeStepS, double commStepS,
                            int rolloutsPerReplica, int concurrency, int meanGeneration, int maxGeneration) {
        double stepS = Math.max(memoryStepS, computeStepS) + commStepS;
        double throughputSteps = Math.ceil((double) rolloutsPerReplica * meanGeneration / concurrency);
        double steps = Math.max(maxGeneration, throughputSteps);
        double stepsIfMean = Math.max(meanGeneration, throughputSteps);
        double rolloutS = prefillS + steps * stepS;
        double tail = rolloutS > 0 ? (steps - stepsIfMean) * stepS / rolloutS : 0.0;
        return new Bill(prefillS, stepS, steps, rolloutS, tail, computeStepS > memoryStepS);
    }
}
