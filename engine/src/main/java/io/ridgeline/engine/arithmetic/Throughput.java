package io.ridgeline.engine.arithmetic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * Throughput of a replica and a fleet, and what it costs. Throughput = B / TPOT: it rises almost for free while the
 * weight read dominates a step, then saturates at the ceiling the KV read (or compute) sets.
 */
public final class Throughput {

    /** Absolute accuracy of the knee search, in sequences. */
    static final double KNEE_ACCURACY = 1e-6;
    private static final int KNEE_MAX_EVALUATIONS = 200;

    private Throughput() {
    }

    /** One point of the latency-throughput frontier. */
    public record FrontierPoint(int batch, double tpotMs, double tokensPerS) {
    }

    /** Output tokens/s of one replica: B / TPOT. */
    public static double tokensPerS(double batch, double tpotS) {
        if (!(tpotS > 0)) {
            throw new IllegalArgumentException("tpotS = " + tpotS + " must be > 0");
        }
        return batch / tpotS;
    }

    /**
     * The largest batch whose TPOT meets the objective, found by Brent's method on TPOT(B) - SLO over
     * [1, maxBatch]. TPOT(B) must not decrease with B. Returns maxBatch when even the largest batch meets the
     * objective, and 0 when batch 1 already misses it.
     *
     * @param tpotSAtBatch TPOT in seconds as a function of the (real) batch
     * @param sloS         the TPOT objective, s
     * @param maxBatch     the largest batch memory allows
     */
    public static double kneeBatch(DoubleUnaryOperator tpotSAtBatch, double sloS, int maxBatch) {
        if (!(sloS > 0)) {
            throw new IllegalArgumentException("sloS = " + sloS + " must be > 0");
        }
        if (maxBatch < 1) {
            return 0.0;
        }
        double atOne = tpotSAtBatch.applyAsDouble(1.0) - sloS;
        if (atOne > 0) {
            return 0.0;
        }
        double atMax = maxBatch == 1 ? 0.0 : tpotSAtBatch.applyAsDouble(maxBatch) - sloS;
        if (maxBatch == 1 || atMax <= 0) {
            return maxBatch;
        }
        if (atOne == 0) {
            return 1.0;
        }
        // Brent starts from the secant through the ends (TPOT is close to linear in B between its kinks)
        double start = 1.0 + (maxBatch - 1.0) * (-atOne / (atMax - atOne));
        start = Math.min(maxBatch - KNEE_ACCURACY, Math.max(1.0 + KNEE_ACCURACY, start));
        BrentSolver solver = new BrentSolver(KNEE_ACCURACY);
        return solver.solve(KNEE_MAX_EVALUATIONS, b -> tpotSAtBatch.applyAsDouble(b) - sloS, 1.0, maxBatch, start);
    }

    /**
     * The frontier: (B, TPOT, tokens/s) for B = 1, 2, 4, ... up to maxBatch, and maxBatch itself when it is not a
     * power of two (the ceiling).
     */
    public static List<FrontierPoint> frontier(DoubleUnaryOperator tpotSAtBatch, int maxBatch) {
        List<FrontierPoint> points = new ArrayList<>();
        for (long b = 1; b <= maxBatch; b *= 2) {
            points.add(point(tpotSAtBatch, (int) b));
        }
        if (maxBatch >= 1 && Integer.bitCount(maxBatch) != 1) {
            points.add(point(tpotSAtBatch, maxBatch));
        }
        return points;
    }

    private static FrontierPoint point(DoubleUnaryOperator tpotSAtBatch, int b) {
        double tpotS = tpotSAtBatch.applyAsDouble(b);
        return new FrontierPoint(b, tpotS * 1e3, tokensPerS(b, tpotS));
    }

    /** USD per million tokens: gpus x USD/GPU-h / (tokens/s x 3600) x 1e6. */
    public static double costPerMillionTokensUsd(int gpus, double usdPerGpuHour, double tokensPerS) {
        if (!(tokensPerS > 0)) {
            throw new IllegalArgumentException("tokensPerS = " + tokensPerS + " must be > 0");
        }
        return gpus * usdPerGpuHour / (tokensPerS * 3600.0) * 1e6;
    }

    /**
     * Makespan of an offline batch, s: requests x G / fleet tokens/s + requests x prefill time / replicas. Decode
     * runs at the fleet's output rate; prefills take their own GPU time, spread across the replicas.
     */
    public static double offlineMakespanS(long requests, int outputTokens, double fleetTokensPerS,
                                          double prefillS, int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas = " + replicas + " must be >= 1");
        }
        double decode = outputTokens == 0 ? 0.0 : (double) requests * outputTokens / fleetTokensPerS;
        return decode + (double) requests * prefillS / replicas;
    }
}
