package io.ridgeline.engine.validation;

import io.ridgeline.engine.validation.ServingValidation.Metric;
import io.ridgeline.engine.validation.ServingValidation.Prediction;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Scenario;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Fits efficiency factors to measurements: the factors that minimise the mean |ln(pred / meas)| over every measured
 * TTFT, TPOT and tokens/s of the rows (a log error weighs 2x too slow as 2x too fast; the mean of absolute values
 * lets one odd row pull less than squares would), by Nelder-Mead over transformed parameters that keep each factor in
 * its range: shares in [0.05, 1], fixed costs in [0, 500] us, the collective latency in [1, 200] us. The factors not
 * fitted keep their starting values.
 */
public final class Calibration {

    /** A factor that may be fitted. */
    public enum Factor {
        SERVING_COMPUTE("serving_compute", 0.05, 1.0),
        HBM("hbm", 0.05, 1.0),
        KV_HBM("kv_hbm", 0.05, 1.0),
        MOE_COMPUTE("moe_compute", 0.01, 1.0),
        LAYER_OVERHEAD_US("layer_overhead_us", 0.0, 500.0),
        MOE_LAYER_OVERHEAD_US("moe_layer_overhead_us", 0.0, 500.0),
        PREFILL_EXPERT_OVERHEAD_US("prefill_expert_overhead_us", 0.0, 100.0),
        COLLECTIVE_LATENCY_US("collective_latency_us", 1.0, 200.0),
        COLLECTIVE_ROUND_US("collective_round_us", 0.0, 100.0);

        private final String key;
        private final double lo;
        private final double hi;

        Factor(String key, double lo, double hi) {
            this.key = key;
            this.lo = lo;
            this.hi = hi;
        }

        public String key() {
            return key;
        }

        double get(EfficiencyFactors f) {
            return switch (this) {
                case SERVING_COMPUTE -> f.servingCompute();
                case HBM -> f.hbm();
                case KV_HBM -> f.kvHbm();
                case MOE_COMPUTE -> f.moeCompute();
                case LAYER_OVERHEAD_US -> f.layerOverheadUs();
                case MOE_LAYER_OVERHEAD_US -> f.moeLayerOverheadUs();
                case PREFILL_EXPERT_OVERHEAD_US -> f.prefillExpertOverheadUs();
                case COLLECTIVE_LATENCY_US -> f.collectiveLatencyUs();
                case COLLECTIVE_ROUND_US -> f.collectiveRoundUs();
            };
        }

        /** The unbounded parameter of a value: logit of its place in [lo, hi]. */
        double toFree(double v) {
            double u = Math.min(1 - 1e-6, Math.max(1e-6, (v - lo) / (hi - lo)));
            return Math.log(u / (1 - u));
        }

        double fromFree(double z) {
            return lo + (hi - lo) / (1 + Math.exp(-z));
        }
    }

    /** The fitted factors, the loss before and after, and the evaluations it took. */
    public record Fit(EfficiencyFactors factors, double lossBefore, double lossAfter, int evaluations) {
    }

    private Calibration() {
    }

    /** Every factor but the link share. */
    public static final Set<Factor> ALL = EnumSet.allOf(Factor.class);

    /**
     * Fits {@code fitted} to the rows (each with its scenario), starting from {@code start}, in at most
     * {@code maxEvaluations} loss evaluations (each predicts every row); at the cap it keeps the best point seen.
     */
    public static Fit fitCapped(List<ServingMeasurement> rows, List<Scenario> scenarios, EfficiencyFactors start,
                                Set<Factor> fitted, int maxEvaluations, String source) {
        List<Factor> free = new ArrayList<>(fitted);
        double[] best = new double[free.size()];
        for (int i = 0; i < best.length; i++) {
            best[i] = free.get(i).toFree(free.get(i).get(start));
        }
        double before = loss(rows, scenarios, start);
        double[] bestLoss = {before};
        double[][] bestPoint = {best.clone()};
        int[] evaluations = {0};
        try {
            SimplexOptimizer optimizer = new SimplexOptimizer(1e-5, 1e-7);
            double[] steps = new double[best.length];
            java.util.Arrays.fill(steps, 0.6);
            optimizer.optimize(new MaxEval(maxEvaluations), GoalType.MINIMIZE, new InitialGuess(best),
                    new NelderMeadSimplex(steps), new ObjectiveFunction(z -> {
                        evaluations[0]++;
                        double l = loss(rows, scenarios, factors(start, free, z, source));
                        if (l < bestLoss[0]) {
                            bestLoss[0] = l;
                            bestPoint[0] = z.clone();
                        }
                        return l;
                    }));
        } catch (org.apache.commons.math3.exception.TooManyEvaluationsException e) {
            // the cap: keep the best point seen
        }
        return new Fit(factors(start, free, bestPoint[0], source), before, bestLoss[0], evaluations[0]);
    }

    /** The mean |ln(pred / meas)| over every measured metric of the rows. */
    public static double loss(List<ServingMeasurement> rows, List<Scenario> scenarios, EfficiencyFactors f) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            Prediction p;
            try {
                p = ServingValidation.predict(rows.get(i), scenarios.get(i), f);
            } catch (RuntimeException e) {
                // factors that make a row unpredictable (nothing fits) weigh as a large error
                sum += 5 * 3;
                n += 3;
                continue;
            }
            for (Metric m : Metric.values()) {
                double pred = p.predicted(m);
                double meas = p.measured(m);
                if (!Double.isNaN(pred) && !Double.isNaN(meas) && pred > 0) {
                    sum += Math.abs(Math.log(pred / meas));
                    n++;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    static EfficiencyFactors factors(EfficiencyFactors start, List<Factor> free, double[] z, String source) {
        double[] v = {start.servingCompute(), start.hbm(), start.kvHbm(), start.moeCompute(), start.layerOverheadUs(),
                start.moeLayerOverheadUs(), start.prefillExpertOverheadUs(), start.collectiveLatencyUs(),
                start.collectiveRoundUs()};
        for (int i = 0; i < free.size(); i++) {
            v[free.get(i).ordinal()] = free.get(i).fromFree(z[i]);
        }
        return new EfficiencyFactors(start.compute(), v[1], start.link(), v[0], v[2], v[3], v[4], v[5], v[6], v[7],
                source, start.activationPasses(), v[8], start.fp8Compute(),
                start.weightStreamExposed());
    }
}
