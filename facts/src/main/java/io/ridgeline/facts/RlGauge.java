package io.ridgeline.facts;

/**
 * Quantities the RL rules compare against, computed in Java from the scenario and the bill.
 *
 * @param stepBudgetS      the longest step the run's deadline and total budget allow, seconds: deadline x 86,400 /
 *                         steps, and total USD / (GPUs x USD per GPU-hour) x 3,600 / steps, the smaller of those
 *                         set; 0 when neither is set
 * @param rolloutSideS     what the actor side takes per step: rollout + reward, seconds
 * @param learnerSideS     what the learner side takes per step: learner + weight sync, seconds
 * @param bindingStageS    the time of the largest stage (the bill's binding stage), seconds
 * @param longTail         the longest rollout a step waits for takes at least {@link #LONG_TAIL_SHARE} of the rollout
 * @param fp8Accepted      the scenario's preferences accept fp8 (for quality)
 */
public record RlGauge(double stepBudgetS, double rolloutSideS, double learnerSideS, double bindingStageS,
                      boolean longTail, boolean fp8Accepted) {

    /** The share of rollout time spent waiting for the longest rollouts from which the tail is the wall: 30%. */
    public static final double LONG_TAIL_SHARE = 0.30;

    /** Whether a step of {@code stepTimeS} seconds is within the step budget (always, when there is none). */
    public boolean allows(double stepTimeS) {
        return stepBudgetS <= 0 || stepTimeS <= stepBudgetS;
    }
}
