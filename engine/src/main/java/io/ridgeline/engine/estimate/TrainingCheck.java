package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.text.Numbers.bytes;
import static io.ridgeline.engine.text.Numbers.compact;

import io.ridgeline.engine.arithmetic.training.ParallelLayout;
import io.ridgeline.engine.estimate.TrainingBill.Batch;
import io.ridgeline.engine.estimate.TrainingBill.CriticalBatch;
import io.ridgeline.engine.estimate.TrainingBill.GpuMemory;
import io.ridgeline.facts.Budget;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits a pretraining bill is over, in a fixed order: memory, the critical batch, then the budget (GPUs,
 * deadline, total and hourly spend), each as the sentence the user reads.
 */
final class TrainingCheck {

    private TrainingCheck() {
    }

    /** The lines of {@code bill}'s over-limits; empty when it is within every limit. */
    static List<String> overLimits(TrainingBill bill) {
        Scenario s = bill.scenario();
        ParallelLayout l = bill.layout().parallel();
        GpuMemory memory = bill.memory();
        CriticalBatch cb = bill.criticalBatch();
        Batch batch = bill.batch();
        List<String> overLimits = new ArrayList<>();
        if (!memory.fits()) {
            overLimits.add("training state and activations " + bytes(memory.memoryBytes())
                    + " per GPU exceed the usable HBM " + bytes(memory.usableHbmBytes()) + " of "
                    + s.cluster().gpu().id() + " by " + bytes(memory.overBytes()) + " ("
                    + TrainingWorking.shardText(s.design(), l) + ")");
        }
        if (cb.dpPastCap()) {
            overLimits.add("dp " + l.dp() + " exceeds the critical-batch cap of " + cb.maxUsefulDp()
                    + " replicas (B_crit " + compact(cb.criticalBatchTokens()) + " tokens"
                    + (cb.stated() ? "" : ", the requested global batch") + " / (micro " + batch.microBatch()
                    + " x accumulation " + batch.gradAccumulation() + " x seq " + batch.seqLen() + "))");
        }
        overLimits.addAll(budgetOverruns(s.budget(), bill.layout().gpus(), bill.run().days(),
                bill.money().costUsd(), bill.money().usdPerHour()));
        return overLimits;
    }

    /**
     * What a run breaks of its budget: the GPU cap, the deadline, the total and the hourly spend (each only when
     * set), as lines for the bill's over-limits.
     */
    static List<String> budgetOverruns(Budget budget, int gpus, double days, double costUsd, double usdPerHour) {
        List<String> out = new ArrayList<>();
        if (budget.maxGpus() > 0 && gpus > budget.maxGpus()) {
            out.add("GPUs " + gpus + " exceed the budget's " + budget.maxGpus());
        }
        if (budget.deadlineDays() > 0 && days > budget.deadlineDays()) {
            out.add("the run takes " + compact(days) + " days, past the deadline of " + compact(budget.deadlineDays())
                    + " days");
        }
        if (budget.totalUsd() > 0 && costUsd > budget.totalUsd()) {
            out.add("the run costs " + compact(costUsd) + " USD, over the budget of " + compact(budget.totalUsd()) + " USD");
        }
        if (budget.usdPerHour() > 0 && usdPerHour > budget.usdPerHour()) {
            out.add("the fleet costs " + compact(usdPerHour) + " USD/h, over the budget of " + compact(budget.usdPerHour())
                    + " USD/h");
        }
        return out;
    }
}
