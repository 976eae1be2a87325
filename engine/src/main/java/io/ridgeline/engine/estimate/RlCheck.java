package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.text.Numbers.bytes;

import io.ridgeline.engine.estimate.RlBill.Actor;
import io.ridgeline.engine.estimate.RlBill.LearnerMemory;
import io.ridgeline.engine.estimate.RlBill.Shape;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits an RL bill is over, in a fixed order: the actor's memory, the learner's, then the budget (GPUs,
 * deadline, total and hourly spend), each as the sentence the user reads.
 */
final class RlCheck {

    private RlCheck() {
    }

    /** The lines of {@code bill}'s over-limits; empty when it is within every limit. */
    static List<String> overLimits(RlBill bill) {
        Scenario s = bill.scenario();
        Design d = s.design();
        Shape shape = bill.shape();
        Actor actor = bill.actor();
        LearnerMemory learner = bill.learnerMemory();
        double usable = shape.usableHbmBytes();
        List<String> overLimits = new ArrayList<>();
        if (!bill.fit().actorFits()) {
            double actorMem = actor.memoryBytesPerGpu();
            overLimits.add("actor memory " + bytes(actorMem) + " per GPU (weights "
                    + bytes(actor.placement().weightBytesPerGpu()) + " at tp " + actor.placement().tp() + " + KV for "
                    + actor.placement().concurrency() + " rollouts"
                    + (shape.colocated() && !actor.offloaded() ? " + resident learner state "
                    + bytes(learner.residentBytes()) : "")
                    + ") exceeds the usable HBM " + bytes(usable) + " by " + bytes(Math.max(0, actorMem - usable)));
        }
        if (!bill.fit().learnerFits()) {
            overLimits.add("learner memory " + bytes(learner.memoryBytes()) + " per GPU exceeds the usable HBM "
                    + bytes(usable) + " by " + bytes(learner.memoryBytes() - usable) + " (ZeRO-" + d.zeroStage()
                    + " over " + learner.layout().denseDpGroup() + ", tp " + d.tp() + ", pp " + d.pp() + ")");
        }
        overLimits.addAll(TrainingCheck.budgetOverruns(s.budget(), shape.gpus(), bill.run().days(),
                bill.run().costUsd(), bill.run().usdPerHour()));
        return overLimits;
    }
}
