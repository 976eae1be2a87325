package io.ridgeline.engine.arithmetic.rl;

import io.ridgeline.engine.arithmetic.training.TrainingFlops;
import io.ridgeline.facts.ModelArchitecture;

/**
 * Rollout time on one actor replica: prefill of its rollouts' prompts, then decode until the longest generation
 * ends (the step waits for the whole group).
 * <ul>
 *   <li>prefill = forward FLOP per token x prompt x B / (tp x peak x eta), each rollout prefilled on its own
 *       (no prompt sharing across a group's samples), eta the serving engine's whole-pass share</li>
 *   <li>one decode step is the serving engine's ({@link io.ridgeline.engine.arithmetic.DecodeStep}): max(weights
 *       at the weight stream's share of HBM + C x L x kv/shards at the KV reads' share, C tokens' FLOPs at the
 *       whole-pass share) + two all-reduces per layer for tp &gt; 1 + the fixed cost of a pass through the layers,
 *       with L = prompt + mean generation / 2 the context a typical rollout holds on average</li>
 *   <li>decode steps: with every rollout in flight (C = B), the longest generation; when KV memory holds only C
 *       of the B rollouts at once, a rollout starts as another ends, and the last to start may be the longest:
 *       ceil((B - C) x mean / C) + longest (Graham's bound on list scheduling: the work of the others spread over
 *       the C slots, then the longest job)</li>
 *   <li>tail share = the part of the rollout time spent past what mean-length rollouts would need:
 *       (longest - mean) x t_step / rollout</li>
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




    /**
     * Decode steps until the last of B rollouts ends with C in flight: ceil(max(0, B - C) x mean / C) + longest.
     */
    public static double decodeSteps(int rolloutsPerReplica, int concurrency, int meanGeneration,
                                     int maxGeneration) {
        double waiting = Math.max(0, rolloutsPerReplica - concurrency);
        return Math.ceil(waiting * meanGeneration / concurrency) + maxGeneration;
    }


    /** The bill from one decode step's time, s. */
    public static Bill bill(double prefillS, double stepS, boolean computeBound, int rolloutsPerReplica,
                            int concurrency, int meanGeneration, int maxGeneration) {
        double steps = decodeSteps(rolloutsPerReplica, concurrency, meanGeneration, maxGeneration);
        double rolloutS = prefillS + steps * stepS;
        double tail = rolloutS > 0 ? (maxGeneration - meanGeneration) * stepS / rolloutS : 0.0;
        return new Bill(prefillS, stepS, steps, rolloutS, tail, computeBound);
    }
}
