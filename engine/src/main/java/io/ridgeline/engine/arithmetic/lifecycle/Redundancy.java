package io.ridgeline.engine.arithmetic.lifecycle;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * N + k redundancy against failures (lesson 11): a service needs N replicas for its load; each replica fails during
 * a repair window with probability p = 1 - exp(-failures per GPU-hour x GPUs per replica x repair hours), failures
 * independent; k spares keep N replicas up unless more than k of the N + k fail at once, with probability
 * P(X > k) for X ~ Binomial(N + k, p). The smallest k whose probability is at most the target is the answer.
 */
public final class Redundancy {

    /** The most spares searched for: a replica that fails this often is a reliability problem, not a sizing one. */
    public static final int MAX_SPARES = 1000;

    private Redundancy() {
    }

    /** Probability that one replica fails within the repair window. */
    public static double replicaFailureProbability(double failuresPerGpuHour, int gpusPerReplica,
                                                   double repairHours) {
        if (!(failuresPerGpuHour >= 0) || !Double.isFinite(failuresPerGpuHour)) {
            throw new IllegalArgumentException("failures_per_gpu_hour must be a finite number >= 0; got "
                    + failuresPerGpuHour);
        }
        if (gpusPerReplica < 1) {
            throw new IllegalArgumentException("gpus_per_replica must be >= 1; got " + gpusPerReplica);
        }
        if (!(repairHours > 0) || !Double.isFinite(repairHours)) {
            throw new IllegalArgumentException("repair_hours must be a finite number > 0; got " + repairHours);
        }
        return 1 - Math.exp(-failuresPerGpuHour * gpusPerReplica * repairHours);
    }

    /** P(more than k of N + k replicas fail in the window). */
    public static double shortfallProbability(int needed, int spares, double replicaFailureProbability) {
        check(needed, replicaFailureProbability);
        if (spares < 0) {
            throw new IllegalArgumentException("spares must be >= 0; got " + spares);
        }
        if (replicaFailureProbability == 0) {
            return 0.0;
        }
        BinomialDistribution failures = new BinomialDistribution(null, needed + spares, replicaFailureProbability);
        return 1 - failures.cumulativeProbability(spares);
    }

    /** The fewest spares k with P(more than k of N + k fail) at most {@code target}. */
    public static int spares(int needed, double replicaFailureProbability, double target) {
        check(needed, replicaFailureProbability);
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target must be in (0, 1); got " + target);
        }
        for (int k = 0; k <= MAX_SPARES; k++) {
            if (shortfallProbability(needed, k, replicaFailureProbability) <= target) {
                return k;
            }
        }
        throw new IllegalArgumentException("no k up to " + MAX_SPARES + " spares brings the shortfall probability to "
                + target + " with a replica failure probability of " + replicaFailureProbability);
    }

    private static void check(int needed, double p) {
        if (needed < 1) {
            throw new IllegalArgumentException("needed replicas must be >= 1; got " + needed);
        }
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("replica failure probability must be in [0, 1); got " + p);
        }
    }
}
