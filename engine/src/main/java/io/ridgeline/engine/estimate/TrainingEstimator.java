package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.arithmetic.training.Quantities.finite;

import io.ridgeline.engine.arithmetic.training.PipelineBubble;
import io.ridgeline.engine.arithmetic.training.StepTime;
import io.ridgeline.engine.arithmetic.training.TrainingComm;
import io.ridgeline.engine.estimate.TrainingBill.Batch;
import io.ridgeline.engine.estimate.TrainingBill.Comm;
import io.ridgeline.engine.estimate.TrainingBill.Compute;
import io.ridgeline.engine.estimate.TrainingBill.GpuMemory;
import io.ridgeline.engine.estimate.TrainingBill.Layout;
import io.ridgeline.engine.estimate.TrainingBill.ModelFlops;
import io.ridgeline.engine.estimate.TrainingBill.Step;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.util.List;

/**
 * The bill for a pretraining design: FLOPs, memory per GPU, the step (compute, each axis's communication, the
 * pipeline bubble), MFU, the scaling thresholds, and the run's days, dollars, checkpoints and data rate. The formula
 * families and their assumptions are documented on the classes in {@code io.ridgeline.engine.arithmetic.training}.
 *
 * <p>GPUs = tp x pp x dp x cp. Gradient accumulation m = ceil(global batch / (dp x micro x seq)), so the step
 * trains dp x micro x m x seq tokens, at least the requested batch. A design that does not fit in memory is still
 * billed, with {@code fits = false} and the overage in {@code overLimits}.
 *
 * <p>The numbers come from named stages computed in order without building a string ({@code TrainingBill}: layout,
 * batch, model FLOP, memory, compute, communication, step, hiding thresholds, critical batch, strong scaling, run,
 * money, checkpoints, data loader); the over-limits are read from them ({@code TrainingCheck}) and the working is
 * rendered from them ({@code TrainingWorking}).
 */
public final class TrainingEstimator {

    private TrainingEstimator() {
    }

    /** The bill of the scenario's pretraining design, with its working and the limits it is over. */
    public static TrainingEstimate estimate(Scenario sc) {
        TrainingInputs.validate(sc);
        TrainingBill bill = new TrainingBill(sc);
        return record(bill, TrainingCheck.overLimits(bill), TrainingWorking.figures(bill));
    }

    /**
     * Whether the design's training state and activations fit the usable HBM of a GPU: the bill's own memory check,
     * without the rest of the bill (a search prunes with it).
     */
    public static boolean fitsInMemory(Scenario sc) {
        Layout layout = Layout.of(sc);
        return GpuMemory.of(sc, layout, Batch.of(sc, layout)).fits();
    }

    /**
     * A lower bound of the bill's training days, from the step's compute alone (matrix products and activation
     * traffic, over 1 - bubble) with no communication exposed: the bill adds only non-negative terms to it. A search
     * visits layouts in this order and stops where the bound passes the fastest bill found.
     */
    public static double lowerBoundDays(Scenario sc) {
        Design d = sc.design();
        Layout layout = Layout.of(sc);
        Batch batch = Batch.of(sc, layout);
        Compute compute = Compute.of(sc, layout, batch, ModelFlops.of(sc));
        double stepS = StepTime.stepSeconds(compute.computeS(), 0.0, PipelineBubble.fraction(layout.parallel().pp(),
                batch.gradAccumulation(), d.virtualStages(), d.pipelineSchedule()));
        double useful = TrainingBill.Feed.of(sc, layout, batch).usefulFraction();
        return sc.training().tokens() / (batch.tokensPerStep() * useful) * stepS / 86400.0;
    }

    /** The record of a bill: its stages' numbers (non-finite ones as 0), the over-limits and the figures. */
    private static TrainingEstimate record(TrainingBill bill, List<String> overLimits, List<Figure> figures) {
        ModelFlops flops = bill.flops();
        Batch batch = bill.batch();
        GpuMemory memory = bill.memory();
        Comm comm = bill.comm();
        Step step = bill.step();
        TrainingComm.Axis dp = comm.dp();
        return new TrainingEstimate(bill.layout().gpus(), flops.totalParams(), flops.activeParams(),
                finite(flops.totalFlops()), finite(flops.flopsPerToken()),
                finite(memory.state().paramBytes()), finite(memory.state().gradBytes()),
                finite(memory.state().optimizerBytes()), finite(memory.activationBytes()),
                finite(memory.memoryBytes()), finite(memory.usableHbmBytes()), memory.fits(),
                finite(memory.overBytes()), finite(memory.stateBytesTotal()),
                batch.microBatch(), batch.gradAccumulation(), finite(batch.tokensPerGpuPerStep()),
                finite(bill.compute().computeS()), finite(dp.timeS()), finite(comm.tp().timeS()),
                finite(comm.pp().timeS()), finite(comm.ep().timeS()), finite(comm.cp().timeS()),
                finite(comm.exposedS()), finite(step.bubbleFraction()), finite(step.stepS()), finite(step.mfu()),
                finite(bill.thresholds().dpHideTokensPerGpu()), finite(bill.thresholds().tpTaxFraction()),
                finite(bill.criticalBatch().criticalBatchTokens()), bill.criticalBatch().maxUsefulDp(),
                finite(bill.strongScaling().ceiling()),
                finite(bill.run().steps()), finite(bill.run().days()), finite(bill.money().costUsd()),
                finite(bill.checkpoints().bytes()), finite(bill.checkpoints().writeS()),
                finite(bill.checkpoints().intervalS() / 60), finite(bill.loader().tokensPerS()),
                finite(bill.feed().supplyTokensPerS()), bill.feed().boundBy(), finite(step.loaderStallS()),
                finite(1 - bill.feed().usefulFraction()), finite(bill.resumption().rereadRatio()), overLimits,
                figures);
    }
}
