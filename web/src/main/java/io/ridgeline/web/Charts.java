package io.ridgeline.web;

import io.ridgeline.engine.arithmetic.Flops;
import io.ridgeline.engine.arithmetic.InferenceLatency;
import io.ridgeline.engine.arithmetic.Memory;
import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.arithmetic.Throughput.FrontierPoint;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers behind the result page's charts, taken from a scenario and its bill: the throughput-latency frontier
 * (inference), memory per GPU by part, the roofline with the workload's operating points (inference), and time per
 * communication axis against compute (training). Bytes are plain bytes, times in the unit their name says.
 */
public final class Charts {

    private Charts() {
    }

    /** All charts that apply to a bill; the ones that do not apply are null. */
    public record ChartSet(Frontier frontier, MemoryChart memory, RooflineChart roofline,
                           CommunicationChart communication, StageChart stages) {
    }

    /**
     * Output tokens/s of one replica against the time per output token, over the batch.
     *
     * @param points    (batch, TPOT ms, tokens/s) for batch 1, 2, 4, ... up to the batch that fits
     * @param chosen    the design's own batch, TPOT and tokens/s = batch / TPOT
     * @param sloTpotMs the TPOT objective, ms (0 when none is set)
     * @param percentile the percentile the objective and the TPOT refer to, e.g. 0.99
     */
    public record Frontier(List<FrontierPoint> points, FrontierPoint chosen, double sloTpotMs, double percentile) {
    }

    /** One part of a GPU's memory, bytes. */
    public record Part(String name, double bytes) {
    }

    /** One stacked bar: the parts of one GPU's memory; {@code free} is usable HBM left over (0 when over). */
    public record MemoryBar(String label, List<Part> parts, double totalBytes, double freeBytes, double overBytes) {
    }

    /**
     * Memory per GPU broken down.
     *
     * @param hbmBytes    the GPU's HBM, bytes
     * @param usableBytes the share of it the estimator lets the design use, bytes
     */
    public record MemoryChart(double hbmBytes, double usableBytes, List<MemoryBar> bars) {
    }

    /**
     * A point of the workload on the roofline.
     *
     * @param intensityFlopPerByte FLOP per byte read from HBM
     * @param attainableFlopsPerS  the roofline's bound at that intensity: min(peak, intensity x HBM bandwidth)
     * @param formula              how the intensity is computed, with the numbers
     */
    public record OperatingPoint(String name, double intensityFlopPerByte, double attainableFlopsPerS,
                                 String formula) {
    }

    /**
     * The roofline of one GPU in the format the matrix products run in (datasheet peak and bandwidth).
     *
     * @param ridgeFlopPerByte peak / bandwidth: below it a kernel is bound by memory, above it by compute
     */
    public record RooflineChart(String gpu, String computeFormat, double peakFlopsPerS, double hbmBytesPerS,
                                double ridgeFlopPerByte, List<OperatingPoint> points) {
    }

    /** A duration, seconds. */
    public record TimePart(String name, double seconds) {
    }

    /** Time per training step: compute, then each communication axis, before overlap. */
    public record CommunicationChart(List<TimePart> parts, double exposedCommTimeS, double stepTimeS,
                                     double bubbleFraction) {
    }

    /**
     * An RL step's stages, seconds each: generation (rollout), reward scoring, the learner's update and the weight
     * sync to the actors. {@code binding} is the stage the bill says sets the step; {@code overlapped} is true when
     * the actors run ahead of the learner (asynchronous RL), so the step is set by the slowest stage rather than
     * by the sum.
     */
    public record StageChart(List<TimePart> stages, double stepTimeS, String binding, boolean overlapped,
                             int actorGpus, int learnerGpus) {
    }

    /** The charts for a bill of any kind. */
    public static ChartSet of(Scenario s, Object estimate) {
        if (estimate instanceof InferenceEstimate e) {
            return new ChartSet(frontier(s, e), memory(s, e), roofline(s, e), null, null);
        }
        if (estimate instanceof TrainingEstimate e) {
            return new ChartSet(null, memory(s, e), null, communication(e), null);
        }
        if (estimate instanceof RlEstimate e) {
            return new ChartSet(null, memory(s, e), null, null, stages(e));
        }
        throw new IllegalArgumentException("estimate: expected an inference, training or RL bill, got "
                + (estimate == null ? "null" : estimate.getClass().getSimpleName()));
    }

    /** The frontier of the design's replica; null for embedding-only work, which has no decode. */
    public static Frontier frontier(Scenario s, InferenceEstimate e) {
        List<FrontierPoint> points = InferenceEstimator.frontier(s);
        if (points.isEmpty() || !(e.tpotMs() > 0)) {
            return null;
        }
        FrontierPoint chosen = new FrontierPoint(e.batch(), e.tpotMs(), e.batch() / (e.tpotMs() / 1e3));
        return new Frontier(points, chosen, s.slo().tpotMs(), s.slo().percentile());
    }

    /**
     * Inference memory per GPU: weights, the draft model (what the total holds beyond weights, workspace and KV:
     * speculative decoding's draft weights), KV cache, workspace; free = max(0, usable - total).
     */
    public static MemoryChart memory(Scenario s, InferenceEstimate e) {
        double draft = Math.max(0, e.memoryBytesPerGpu() - e.weightBytesPerGpu() - e.workspaceBytesPerGpu()
                - e.kvBytesPerGpu());
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("weights", e.weightBytesPerGpu()));
        if (draft >= 1.0) {
            parts.add(new Part("draft weights", draft));
        }
        parts.add(new Part("KV cache", e.kvBytesPerGpu()));
        parts.add(new Part("workspace", e.workspaceBytesPerGpu()));
        return new MemoryChart(s.cluster().gpu().hbmBytes(), e.usableHbmBytesPerGpu(),
                List.of(bar("per GPU (batch " + e.batch() + ")", parts, e.memoryBytesPerGpu(),
                        e.usableHbmBytesPerGpu())));
    }

    /** Training memory per GPU: parameters, gradients, optimizer states, activations. */
    public static MemoryChart memory(Scenario s, TrainingEstimate e) {
        List<Part> parts = List.of(new Part("parameters", e.paramBytesPerGpu()),
                new Part("gradients", e.gradBytesPerGpu()), new Part("optimizer states", e.optimizerBytesPerGpu()),
                new Part("activations", e.activationBytesPerGpu()));
        return new MemoryChart(s.cluster().gpu().hbmBytes(), e.usableHbmBytesPerGpu(),
                List.of(bar("per GPU", parts, e.memoryBytesPerGpu(), e.usableHbmBytesPerGpu())));
    }

    /** RL memory per GPU: the actor's (rollout) GPUs and the learner's. */
    public static MemoryChart memory(Scenario s, RlEstimate e) {
        return new MemoryChart(s.cluster().gpu().hbmBytes(), e.usableHbmBytesPerGpu(), List.of(
                bar("actor GPU", List.of(new Part("actor", e.actorMemoryBytesPerGpu())),
                        e.actorMemoryBytesPerGpu(), e.usableHbmBytesPerGpu()),
                bar("learner GPU", List.of(new Part("learner", e.learnerMemoryBytesPerGpu())),
                        e.learnerMemoryBytesPerGpu(), e.usableHbmBytesPerGpu())));
    }

    private static MemoryBar bar(String label, List<Part> parts, double total, double usable) {
        return new MemoryBar(label, List.copyOf(parts), total, Math.max(0, usable - total),
                Math.max(0, total - usable));
    }

    /**
     * The roofline in the compute format, with the decode step at the design's batch (the bill's decode arithmetic
     * intensity) and one prompt's prefill. The prefill intensity follows the bill's TTFT model: FLOP on one GPU of
     * the prompt's critical path, (F - F_experts) / (tp x cp) + F_experts / (tp x cp x groups), over the weight
     * bytes it reads, pp x (W_dense/GPU + W_experts/GPU x share of experts the prompt's tokens touch).
     */
    public static RooflineChart roofline(Scenario s, InferenceEstimate e) {
        Gpu g = s.cluster().gpu();
        Design d = s.design();
        NumericFormat cf = InferenceEstimator.computeFormat(g, d);
        double peak = g.peakFor(cf).orElseThrow(() -> new IllegalStateException(g.id() + " has no peak for "
                + cf.id()));
        double bw = g.hbmBytesPerS();
        List<OperatingPoint> points = new ArrayList<>();
        if (!s.inference().embeddingOnly() && e.decodeArithmeticIntensity() > 0) {
            double i = e.decodeArithmeticIntensity();
            points.add(new OperatingPoint("decode, batch " + e.batch(), i, Math.min(peak, i * bw),
                    "FLOP per step / bytes per step (weights + KV read) = " + sig(i) + " FLOP/B"));
        }
        if (e.prefillTokens() > 0) {
            Prefill p = prefill(s, e);
            points.add(new OperatingPoint("prefill, " + e.prefillTokens() + " tokens", p.intensity(),
                    Math.min(peak, p.intensity() * bw), p.formula()));
        }
        return new RooflineChart(g.id(), cf.id(), peak, bw, peak / bw, points);
    }

    /** One prompt's prefill: FLOP per GPU on the critical path, the weight bytes it reads, their ratio. */
    record Prefill(double flopsPerGpu, double bytesPerGpu, double intensity, String formula) {
    }

    static Prefill prefill(Scenario s, InferenceEstimate e) {
        ModelArchitecture m = s.model();
        Design d = s.design();
        int tp = d.tp();
        int pp = d.pp();
        int cp = d.cp();
        int groups = Memory.attentionDataParallel(tp, d.ep());
        double expertParams = Memory.routedExpertParams(m);
        double denseParams = ParamCounter.totalParams(m) - expertParams;
        double denseBytesPerGpu = Memory.denseWeightBytesPerGpu(Memory.weightBytes(denseParams, d.weights()), tp, pp);
        double expertBytesPerGpu = Memory.expertWeightBytesPerGpu(Memory.weightBytes(expertParams, d.weights()), tp,
                pp, d.ep());
        double touched = m.isMoe() && m.moe().routedExperts() > 0
                ? InferenceLatency.moeTouchedExpertShare(m.moe().routedExperts(), m.moe().expertsPerToken(),
                e.prefillTokens()) : 0.0;
        double expertFlops = Flops.routedExpertFlopsPerToken(m) * e.prefillTokens();
        double flops = (e.prefillFlopsPerRequest() - expertFlops) / ((double) tp * cp)
                + expertFlops / ((double) tp * cp * groups);
        double bytes = pp * (denseBytesPerGpu + expertBytesPerGpu * touched);
        double intensity = flops / bytes;
        String formula = m.isMoe()
                ? "((F - F_experts) / (tp x cp) + F_experts / (tp x cp x groups)) / (pp x (W_dense/GPU + "
                + "W_experts/GPU x touched)) = (" + sig(e.prefillFlopsPerRequest() - expertFlops) + " / " + tp * cp
                + " + " + sig(expertFlops) + " / " + tp * cp * groups + ") / (" + pp + " x (" + sig(denseBytesPerGpu)
                + " + " + sig(expertBytesPerGpu) + " x " + sig(touched) + ")) = " + sig(intensity) + " FLOP/B"
                : "F / (tp x cp) / (pp x W/GPU) = " + sig(e.prefillFlopsPerRequest()) + " / " + tp * cp + " / ("
                + pp + " x " + sig(denseBytesPerGpu) + ") = " + sig(intensity) + " FLOP/B";
        return new Prefill(flops, bytes, intensity, formula);
    }

    /** Seconds per training step: compute and each communication axis (dp, tp, pp, ep, cp) before overlap. */
    public static CommunicationChart communication(TrainingEstimate e) {
        return new CommunicationChart(List.of(new TimePart("compute", e.computeTimeS()),
                new TimePart("data parallel", e.dpCommTimeS()), new TimePart("tensor parallel", e.tpCommTimeS()),
                new TimePart("pipeline parallel", e.ppCommTimeS()), new TimePart("expert parallel", e.epCommTimeS()),
                new TimePart("context parallel", e.cpCommTimeS())), e.exposedCommTimeS(), e.stepTimeS(),
                e.bubbleFraction());
    }

    /** The stages of an RL step, from its bill. */
    public static StageChart stages(RlEstimate e) {
        return new StageChart(List.of(new TimePart("rollout", e.rolloutTimeS()), new TimePart("reward", e.rewardTimeS()),
                new TimePart("learner", e.learnerTimeS()), new TimePart("weight sync", e.weightSyncTimeS())),
                e.stepTimeS(), e.bindingStage(), e.async(), e.actorGpus(), e.learnerGpus());
    }

    /** Four significant digits, plain or in e-notation. */
    static String sig(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
