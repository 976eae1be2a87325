package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.text.Numbers.sig;

import io.ridgeline.engine.arithmetic.ClosedLoop;
import io.ridgeline.engine.arithmetic.Throughput;
import io.ridgeline.facts.Breach;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import java.util.List;

/**
 * The bill for an inference design: memory, latency, throughput, capacity and cost of one replica and of the
 * fleet, each main number with a {@link Figure} that shows its formula and the numbers put in. The formulas live
 * in {@code io.ridgeline.engine.arithmetic}; the bill's stages choose their inputs. Rules they apply:
 *
 * <ul>
 *   <li><b>Compute format</b>: the narrowest of the weight format (unless weight-only: int8, int4) and the
 *       activation format that the GPU runs natively; bf16 otherwise. fp8 weights compute in fp8; int4 weights
 *       with bf16 activations compute in bf16.</li>
 *   <li><b>Context</b>: L = inference.contextTokens, or P + G when 0 (the longest a sequence gets; used both for
 *       the KV budget and, conservatively, for every decode step).</li>
 *   <li><b>Batch</b>: design.batch, or when 0 "as many as fit": offline, maxBatch; online, the requests that hold
 *       KV per decode instance by Little's Law, lambda / instances x (TTFT service + TPOT x (G - 1)), iterated
 *       from maxBatch down to its fixed point and capped at maxBatch. When not even one sequence fits, latencies
 *       are computed at batch 1 and the estimate says it does not fit.</li>
 *   <li><b>Prefill</b>: a prompt's critical path runs its attention and non-expert layers on the tp x cp GPUs of its
 *       attention group and its routed experts on all tp x cp x groups GPUs (groups = max(1, ep / tp)); the groups
 *       prefill different prompts at once, so a prompt occupies the replica for TTFT service / groups, which is the
 *       service time used for utilisation, queueing, capacity and the P:D ratio.</li>
 *   <li><b>Queueing</b>: the prefill queue is M/D/1, its wait the exact quantile at the SLO percentile. The bill
 *       is for the mean arrival rate and is checked again at the peak (lambda x peak/mean, every replica in
 *       service): breaches at the peak are the requirement check's too. An unstable prefill queue (rho >= 1) has no
 *       finite wait: ttftQueueMs is then the sentinel {@link #UNBOUNDED_MS} and a breach says so.</li>
 *   <li><b>TPOT</b>: the mean, tpotMeanMs, is the step stretched by 1 / (1 - rho_prefill) for colocated decode;
 *       tpotMs, the one the objective is checked against, counts the prefill stalls a request meets at the SLO
 *       percentile (a Poisson count of whole prompts, or of chunks with chunked prefill;
 *       InferenceLatency.tpotAtPercentileS). Capacity and Little's law use the mean.</li>
 *   <li><b>Speculative decoding</b>: the draft is a model of a fraction f of the target's size in weights, KV and
 *       step time, f = {@value #DRAFT_SIZE_FRACTION} unless a draft architecture is passed (then f = its total
 *       parameters / the target's). Its weights and KV take HBM beside the target's.</li>
 *   <li><b>Disaggregation</b>: replicas split into prefill and decode instances of the same shape, by
 *       design.prefillShare or, when 0, by the P:D ratio of GPU-seconds at the batch ceiling (design.batch, or
 *       maxBatch); TTFT adds the KV transfer, decode is not stretched by prefill. The KV-transfer fields are filled
 *       for every design (what disaggregation would move).</li>
 *   <li><b>Embedding-only</b> work has no decode: TPOT and its parts are 0, and token rates count prompt tokens
 *       (prefill batched, so compute bound).</li>
 *   <li><b>Throughput</b> is output tokens/s at the batch in use: B / TPOT_mean per decode instance; $/Mtok is the
 *       fleet's hourly cost over it. requestsPerSPerReplica is a colocated replica's completion rate at that batch,
 *       1 / (t_prefill + G x step / B); for a disaggregated fleet the capacity is min(prefill instances /
 *       t_prefill, decode instances x B / (G x step)) and the per-replica figure is that over all instances.</li>
 *   <li><b>Replicas needed</b>: the larger of ceil(concurrency / B_usable) and ceil(lambda / requests/s per
 *       replica), with B_usable = maxBatch, or the TPOT knee when a TPOT objective is set; disaggregated, prefill
 *       instances floor(lambda x t_prefill) + 1 are added; a throughput objective adds its own floor.
 *       Concurrency counts requests holding KV (queueing and retrieval hold none).</li>
 *   <li><b>Knee</b>: the largest batch meeting the TPOT objective (0 when none is set).</li>
 *   <li><b>Makespan</b> (offline only, else 0): requests x G / fleet tokens/s + requests x batched prefill time /
 *       prefill instances. Batched prefill is compute bound and pays its collectives once per 2048-token chunk.</li>
 * </ul>
 * The numbers come from named stages computed in order without building a string ({@code ServingBill}: shape,
 * weights, KV memory, step time, prefill, P:D split, prefill queue, decode, requests, capacity, money, fit); the
 * requirement check reads them ({@code ServingCheck}), and the working is rendered from them only when it is
 * wanted ({@code ServingWorking}, for {@link #estimate}; {@link #numeric} renders none). No number in the record
 * is NaN or infinite.
 */
public final class InferenceEstimator {

    /**
     * An autoscaled fleet keeps this much capacity above the mean load (a target utilization of about 83%), so its
     * time-averaged size is the replicas the mean rate needs times this factor, never more than its ceiling.
     */
    public static final double AUTOSCALE_HEADROOM = 1.2;


    /** Size of an unspecified draft model relative to the target (between a one-layer head and a 1B draft). */
    public static final double DRAFT_SIZE_FRACTION = 0.05;
    /**
     * Sentinel for a latency that grows without bound (an unstable queue), ms: 1e30, far past any latency a real
     * design has (a task of 10,000 calls of 1e8 tokens at a second each is 1e15 ms), so that the sentinel and a
     * long real latency are never confused.
     */
    public static final double UNBOUNDED_MS = 1.0e30;

    private InferenceEstimator() {
    }

    /**
     * The estimate; speculative decoding is sized by the scenario's draft model when it names one
     * ({@code preferences.draft_model}), else by the stated draft fraction.
     */
    public static InferenceEstimate estimate(Scenario s) {
        return estimate(s, s.preferences().draftArchitecture());
    }

    /** The estimate; {@code draftModel}, when not null, sizes the speculative-decoding draft. */
    public static InferenceEstimate estimate(Scenario s, ModelArchitecture draftModel) {
        InferenceInputs.validate(s);
        return evaluate(s, draftModel, true);
    }

    /**
     * The bill without the working: the same numbers and the same requirement check, no formula text
     * ({@code figures} is empty). The search and the loop's projections use it; render with {@link #estimate}.
     */
    public static InferenceEstimate numeric(Scenario s) {
        InferenceInputs.validate(s);
        return evaluate(s, s.preferences().draftArchitecture(), false);
    }

    /**
     * The mean-load bill, checked again at the peak. At the peak (lambda x peak/mean) every replica of the design
     * is in service: the design's replica count is the ceiling an autoscaler reaches at the peak. At the mean an
     * autoscaled fleet keeps the peak's load per replica plus headroom in service: min(replicas,
     * ceil(replicas / (peak/mean) x {@value #AUTOSCALE_HEADROOM})); a fixed fleet keeps every replica.
     */
    private static InferenceEstimate evaluate(Scenario s, ModelArchitecture draftModel, boolean text) {
        InferenceWorkload w = s.inference();
        double lambda = w.offline() ? 0.0 : w.requestsPerS();
        int replicas = s.design().replicas();
        InferenceEstimate peak = null;
        if (lambda > 0 && w.peakToMeanRatio() > 1) {
            Scenario atPeak = s.withInference(w.withRequestsPerS(lambda * w.peakToMeanRatio()).withPeakToMeanRatio(1));
            peak = bill(atPeak, draftModel, text, replicas, null);
        }
        int inService = replicasInServiceAtMean(s);
        return bill(s, draftModel, text, inService, peak);
    }

    /** Replicas serving the mean load: all of them, or for an autoscaled fleet the peak's share plus headroom. */
    public static int replicasInServiceAtMean(Scenario s) {
        InferenceWorkload w = s.inference();
        int replicas = s.design().replicas();
        boolean autoscaled = s.design().has(Feature.AUTOSCALING) && !w.offline() && w.requestsPerS() > 0;
        if (!autoscaled) {
            return replicas;
        }
        int least = s.design().has(Feature.DISAGGREGATION) ? 2 : 1;
        return (int) Math.max(least, Math.min(replicas,
                Math.ceil(replicas / Math.max(1.0, w.peakToMeanRatio()) * AUTOSCALE_HEADROOM - 1e-9)));
    }

    /**
     * The latency-throughput frontier of the design's replica: (B, TPOT, tokens/s) for B = 1, 2, 4, ... up to
     * maxBatch (and maxBatch itself), with TPOT as in the estimate (speculation and prefill interference included).
     * Empty for embedding-only work, which has no decode.
     */
    public static List<Throughput.FrontierPoint> frontier(Scenario s) {
        InferenceInputs.validate(s);
        ServingBill bill = new ServingBill(s, null, replicasInServiceAtMean(s));
        requireFiniteRates(bill);
        if (s.inference().embeddingOnly()) {
            return List.of();
        }
        ServingBill.StepTime step = bill.step();
        double stretch = bill.queue().decodeStretch();
        return Throughput.frontier(b -> step.applyAsDouble(b) * stretch, Math.max(1, bill.kv().maxBatch()));
    }

    /**
     * The format the matrix products run in: the narrowest of the weight format (unless weight-only) and the
     * activation format that the GPU supports, else bf16.
     */
    public static NumericFormat computeFormat(Gpu gpu, Design design) {
        NumericFormat best = null;
        for (NumericFormat f : new NumericFormat[] {design.weights(), design.activations()}) {
            if (f.weightOnly() || !gpu.supports(f)) {
                continue;
            }
            if (best == null || f.bytesPerElement() < best.bytesPerElement()) {
                best = f;
            }
        }
        return best == null ? NumericFormat.BF16 : best;
    }

    /**
     * One bill: the stages, their requirement check and, with {@code text}, their working; {@code atPeak} is the
     * same design at the peak arrival rate, or null.
     */
    private static InferenceEstimate bill(Scenario s, ModelArchitecture draftModel, boolean text, int inService,
                                          InferenceEstimate atPeak) {
        ServingBill bill = servingBill(s, draftModel, inService);
        List<Breach> breaches = ServingCheck.breaches(bill, atPeak, text);
        List<Figure> figures = text ? ServingWorking.figures(bill) : List.of();
        InferenceEstimate estimate = record(bill, atPeak, breaches, figures);
        if (text) {
            requireFinite(estimate);
        } else {
            requireFiniteRates(bill);
        }
        return estimate;
    }

    /**
     * The stages of a bill. A closed loop of clients runs its benchmark on the bill at no open arrival rate first;
     * the bill then carries the request rate the loop reached and the loop's latencies.
     */
    private static ServingBill servingBill(Scenario s, ModelArchitecture draftModel, int inService) {
        if (ServingBill.runsOffline(s)) {
            ServingBill open = new ServingBill(s, draftModel, inService);
            if (open.kv().maxBatch() < 1) {
                return open;
            }
            return new ServingBill(s, draftModel, inService, null, ServingBill.offlineRun(open));
        }
        if (!s.inference().closedLoop()) {
            return new ServingBill(s, draftModel, inService);
        }
        ServingBill open = new ServingBill(s, draftModel, inService);
        if (open.kv().maxBatch() < 1) {
            return open; // not one sequence fits: the bill says so, and no benchmark runs
        }
        ClosedLoop.Result loop = ServingBill.closedLoop(open);
        // every client sends at the rate the simulated replica's clients do
        double perClient = loop.requestsPerS() / ServingBill.clientsPerReplica(s, inService);
        Scenario atRate = s.withInference(s.inference().withRequestsPerS(perClient * s.inference().concurrency()));
        return new ServingBill(atRate, draftModel, inService, loop);
    }

    /**
     * The closed-loop benchmark of one replica for a scenario with {@code workload.concurrency}: TTFT and TPOT means
     * and percentiles, requests and tokens per second, as {@code vllm bench serve --max-concurrency} reports them.
     */
    public static ClosedLoop.Result closedLoop(Scenario s) {
        InferenceInputs.validate(s);
        if (!s.inference().closedLoop()) {
            throw new IllegalArgumentException("the scenario has no workload.concurrency");
        }
        return ServingBill.closedLoop(new ServingBill(s, s.preferences().draftArchitecture(),
                replicasInServiceAtMean(s)));
    }

    /** The record of a bill: its stages' numbers, the peak's latencies, the breaches and the figures. */
    private static InferenceEstimate record(ServingBill bill, InferenceEstimate atPeak, List<Breach> breaches,
                                            List<Figure> figures) {
        ServingBill.Shape shape = bill.shape();
        ServingBill.KvMemory kv = bill.kv();
        ServingBill.Decode decode = bill.decode();
        ServingBill.Capacity capacity = bill.capacity();
        ServingBill.Fit fit = bill.fit();
        double lambda = shape.requestsPerS();
        double ttftMs = bill.queue().ttftMs();
        double tpotMs = decode.tpotS() * 1e3;
        double e2eMs = bill.requests().e2eMs();
        double taskMs = bill.requests().taskMs();
        return new InferenceEstimate(shape.gpusPerReplica(), shape.replicas(), shape.totalGpus(),
                bill.weights().totalParams(), bill.weights().activeParams(),
                bill.weights().weightBytesTotal(), bill.weights().weightBytesPerGpu(), kv.kvBytesPerToken(),
                kv.kvBytesPerTokenPerGpu(), kv.usableHbmBytesPerGpu(), kv.workspaceBytesPerGpu(),
                kv.kvBudgetBytesPerGpu(), fit.kvBytesPerGpu(), fit.memoryBytesPerGpu(), fit.fits(),
                fit.memoryOverBytes(),
                decode.batch(), kv.maxBatch(), kv.contextTokens(), fit.maxContextAtBatch(), kv.prefillTokens(),
                bill.prefill().prefillFlops(), bill.prefill().ttftServiceS() * 1e3, bill.prefill().commS() * 1e3,
                bill.queue().ttftQueueMs(),
                ttftMs, bill.queue().utilization(),
                decode.tpotMemoryS() * 1e3, decode.tpotComputeS() * 1e3, decode.tpotCommS() * 1e3, tpotMs,
                decode.tpotMeanS() * 1e3,
                decode.computeBound(), decode.weightBoundBatch(),
                decode.kvTrafficShare(), decode.arithmeticIntensityFlopsPerByte(), decode.ridgePointFlopsPerByte(),
                decode.specTokensPerStep(),
                e2eMs, taskMs, bill.split().kvTransferBytes(), bill.split().kvTransferS() * 1e3,
                capacity.tokensPerSPerReplica(), capacity.tokensPerS(), capacity.requestsPerSPerReplica(),
                capacity.requestsPerSCapacity(), capacity.concurrency(),
                capacity.replicasNeeded(), capacity.peakReplicasNeeded(), capacity.kneeBatch(), capacity.makespanS(),
                bill.money().costPerHourUsd(), bill.money().costPerMillionTokensUsd(), shape.inService(),
                atPeak == null ? lambda : lambda * bill.scenario().inference().peakToMeanRatio(),
                atPeak == null ? ttftMs : atPeak.ttftMs(), atPeak == null ? tpotMs : atPeak.tpotMs(),
                atPeak == null ? e2eMs : atPeak.e2eMs(), atPeak == null ? taskMs : atPeak.taskMs(),
                kv.prefixCacheCapacity(), kv.prefixHitRate(), breaches, figures);
    }

    /** The numeric bill's guard: its latencies, rates and cost are finite. */
    private static void requireFiniteRates(ServingBill bill) {
        if (!(Double.isFinite(bill.queue().ttftMs()) && Double.isFinite(bill.decode().tpotS())
                && Double.isFinite(bill.money().costPerHourUsd())
                && Double.isFinite(bill.capacity().requestsPerSCapacity())
                && Double.isFinite(bill.capacity().tokensPerS()))) {
            throw new IllegalStateException("a latency, rate or cost of the bill is not finite");
        }
    }

    /** The rendered bill's guard: every number of the record is finite. */
    private static void requireFinite(InferenceEstimate e) {
        for (java.lang.reflect.RecordComponent rc : InferenceEstimate.class.getRecordComponents()) {
            if (rc.getType() != double.class) {
                continue;
            }
            try {
                double v = (double) rc.getAccessor().invoke(e);
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("estimate field " + rc.getName() + " is not finite: " + v);
                }
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException("cannot read estimate field " + rc.getName(), ex);
            }
        }
    }

    /** "TTFT 530 ms exceeds the p99 objective 500 ms by 30 ms", or "is unbounded" past a saturated queue. */
    static String latencyOver(String what, double ms, String percentile, double objectiveMs) {
        if (ms >= UNBOUNDED_MS) {
            return what + " is unbounded (the queue grows without bound) against the " + percentile + " objective "
                    + sig(objectiveMs) + " ms";
        }
        return what + " " + sig(ms) + " ms exceeds the " + percentile + " objective " + sig(objectiveMs) + " ms by "
                + sig(ms - objectiveMs) + " ms";
    }
}
