package io.ridgeline.engine.advisor.rl;

import io.ridgeline.facts.Budget;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.RlGauge;
import io.ridgeline.facts.Scenario;

/** Computes the {@link RlGauge} of an RL design: the comparisons the RL rules make, with the arithmetic done. */
public final class RlGauges {

    private RlGauges() {
    }

    public static RlGauge of(Scenario s, RlEstimate e) {
        double rolloutSide = e.rolloutTimeS() + e.rewardTimeS();
        double learnerSide = e.learnerTimeS() + e.weightSyncTimeS();
        double stage = switch (e.bindingStage()) {
            case "learner" -> e.learnerTimeS();
            case "reward" -> e.rewardTimeS();
            case "weight_sync" -> e.weightSyncTimeS();
            default -> e.rolloutTimeS();
        };
        return new RlGauge(stepBudgetS(s), rolloutSide, learnerSide, stage,
                e.rolloutTailShare() >= RlGauge.LONG_TAIL_SHARE, s.preferences().accepts(NumericFormat.FP8));
    }

    /**
     * The longest step the deadline and the total budget allow, seconds: deadline x 86,400 / steps and total USD /
     * (GPUs x USD per GPU-hour) x 3,600 / steps, the smaller of those set; 0 when neither is set.
     */
    public static double stepBudgetS(Scenario s) {
        Budget b = s.budget();
        int steps = s.rl().steps();
        double budget = Double.POSITIVE_INFINITY;
        if (b.deadlineDays() > 0) {
            budget = Math.min(budget, b.deadlineDays() * 86400.0 / steps);
        }
        double fleetUsdPerHour = s.cluster().totalGpus() * s.cluster().gpu().usdPerGpuHour();
        if (b.totalUsd() > 0 && fleetUsdPerHour > 0) {
            budget = Math.min(budget, b.totalUsd() / fleetUsdPerHour * 3600.0 / steps);
        }
        return Double.isInfinite(budget) ? 0.0 : budget;
    }
}
