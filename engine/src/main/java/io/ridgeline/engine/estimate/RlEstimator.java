package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.arithmetic.training.Quantities.finite;

import io.ridgeline.engine.estimate.RlBill.Actor;
import io.ridgeline.engine.estimate.RlBill.Generation;
import io.ridgeline.engine.estimate.RlBill.Shape;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.Scenario;
import java.util.List;

/**
 * The bill for one RL post-training step: the actor's rollout (placement, prefill, bandwidth-bound decode and its
 * long tail), the reward, the learner, the weight sync, how they add up synchronously or overlap asynchronously,
 * and the run's days and dollars. The formulas and assumptions are documented on the classes in
 * {@code io.ridgeline.engine.arithmetic.rl}.
 *
 * <p>Placement: colocated, every GPU rolls out and then trains, with the learner's parameters, optimizer state and
 * reference model staying in HBM during rollout (no CPU offload), so the rollout engine gets the rest.
 * Disaggregated, round(GPUs x actor share) GPUs roll out and the rest train. Asynchronous rollout
 * ({@code async_rollout} on and max staleness &gt;= 1) overlaps generation with training only when disaggregated.
 *
 * <p>The numbers come from named stages computed in order without building a string ({@code RlBill}: shape,
 * learner memory, actor placement, rollout, reward, learner, weight sync, step, run, fit); the over-limits are read
 * from them ({@code RlCheck}) and the working is rendered from them ({@code RlWorking}).
 */
public final class RlEstimator {

    private RlEstimator() {
    }

    /** The bill of the scenario's RL design, with its working and the limits it is over. */
    public static RlEstimate estimate(Scenario sc) {
        RlInputs.validate(sc);
        RlBill bill = new RlBill(sc);
        return record(bill, RlCheck.overLimits(bill), RlWorking.figures(bill));
    }

    /** The record of a bill: its stages' numbers (non-finite ones as 0), the over-limits and the figures. */
    private static RlEstimate record(RlBill bill, List<String> overLimits, List<Figure> figures) {
        Shape shape = bill.shape();
        Actor actor = bill.actor();
        Generation generation = bill.generation();
        return new RlEstimate(shape.gpus(), shape.actorGpus(), shape.learnerGpus(), shape.placement(), shape.async(),
                bill.scenario().design().maxStalenessSteps(), (double) shape.rollouts(),
                finite(generation.tokensPerStep()), finite(generation.bill().rolloutS()),
                finite(generation.bill().tailShare()), finite(bill.reward().rewardS()),
                finite(bill.learner().learnerS()), finite(bill.sync().bytes()), finite(bill.sync().syncS()),
                finite(bill.step().stepS()), bill.step().binding(), finite(actor.memoryBytesPerGpu()),
                finite(bill.learnerMemory().memoryBytes()), finite(shape.usableHbmBytes()), bill.fit().fits(),
                finite(bill.run().days()), finite(bill.run().costUsd()), overLimits, figures);
    }
}
