package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.estimate.SiFormat.bytes;
import static io.ridgeline.engine.estimate.SiFormat.msFromS;
import static io.ridgeline.engine.estimate.SiFormat.num;
import static io.ridgeline.engine.estimate.SiFormat.si;
import static io.ridgeline.engine.estimate.SiFormat.sig;

import io.ridgeline.engine.arithmetic.DecodeStep;
import io.ridgeline.engine.arithmetic.Disaggregation;
import io.ridgeline.engine.arithmetic.Flops;
import io.ridgeline.engine.arithmetic.InferenceComm;
import io.ridgeline.engine.arithmetic.InferenceLatency;
import io.ridgeline.engine.arithmetic.Memory;
import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.arithmetic.ReplicaBudget;
import io.ridgeline.engine.arithmetic.Requirements;
import io.ridgeline.engine.arithmetic.Roofline;
import io.ridgeline.engine.arithmetic.Throughput;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.Breach;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.Slo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The bill for an inference design: memory, latency, throughput, capacity and cost of one replica and of the
 * fleet, each main number with a {@link Figure} that shows its formula and the numbers put in. The formulas live
 * in {@code io.ridgeline.engine.arithmetic}; this class chooses their inputs. Rules it applies:
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
 * No number in the record is NaN or infinite.
 */
public final class InferenceEstimator {

    /**
     * An autoscaled fleet keeps this much capacity above the mean load (a target utilization of about 83%), so its
     * time-averaged size is the replicas the mean rate needs times this factor, never more than its ceiling.
     */
    public static final double AUTOSCALE_HEADROOM = 1.2;


    /** Size of an unspecified draft model relative to the target (between a one-layer head and a 1B draft). */
    public static final double DRAFT_SIZE_FRACTION = 0.05;
    /** Sentinel for a latency that grows without bound (an unstable queue), ms: 1e9 ms, about 11.6 days. */
    public static final double UNBOUNDED_MS = 1.0e9;

    /** The walls checked again at the peak: latency and capacity depend on the load, memory and money do not. */
    private static final java.util.Set<String> PEAK_WALLS = java.util.Set.of("ttft_slo", "tpot_slo", "e2e_slo",
            "task_slo", "throughput");

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
            peak = new Run(atPeak, draftModel, text, replicas, null).build();
        }
        int inService = replicasInServiceAtMean(s);
        return new Run(s, draftModel, text, inService, peak).build();
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
        Run run = new Run(s, null, false, replicasInServiceAtMean(s), null);
        run.build();
        if (s.inference().embeddingOnly()) {
            return List.of();
        }
        double stretch = run.slowdown;
        return Throughput.frontier(b -> run.tokenS.applyAsDouble(b) * stretch, Math.max(1, run.maxBatch));
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

    /** One evaluation; holds the intermediate numbers while the record and its figures are assembled. */
    private static final class Run {
        private final Scenario s;
        private final ModelArchitecture m;
        private final Cluster c;
        private final Gpu g;
        private final Design d;
        private final InferenceWorkload w;
        private final EfficiencyFactors eff;
        private final Slo slo;
        private final ModelArchitecture draftModel;
        private final List<Breach> breaches = new ArrayList<>();
        private final List<Figure> figs = new ArrayList<>();
        /** Whether to write the working (formula text) of every figure. */
        private final boolean text;
        /** Replicas serving the load this run bills (all of them, or an autoscaled fleet's share at the mean). */
        private final int inService;
        /** The same design at the peak arrival rate, or null when the load has no peak above its mean. */
        private final InferenceEstimate atPeak;
        /** Time per output token as a function of the batch, s, without prefill interference. */
        private DoubleUnaryOperator tokenS;
        /** The prefill interference stretch 1 / (1 - rho), 1 when disaggregated. */
        private double slowdown;
        private int maxBatch;

        Run(Scenario s, ModelArchitecture draftModel, boolean text, int inService, InferenceEstimate peak) {
            this.text = text;
            this.inService = inService;
            this.atPeak = peak;
            this.s = s;
            this.m = s.model();
            this.c = s.cluster();
            this.g = c.gpu();
            this.d = s.design();
            this.w = s.inference();
            this.eff = s.efficiency();
            this.slo = s.slo();
            this.draftModel = draftModel;
        }

        InferenceEstimate build() {
            // ---- shape
            int tp = d.tp();
            int pp = d.pp();
            int ep = d.ep();
            int cp = d.cp();
            int groups = Memory.attentionDataParallel(tp, ep);
            int gpr = d.gpusPerReplica();
            int replicas = d.replicas();
            int totalGpus = gpr * replicas;
            boolean disagg = d.has(Feature.DISAGGREGATION);
            boolean spec = d.has(Feature.SPECULATIVE_DECODING) && !w.embeddingOnly();
            boolean embedding = w.embeddingOnly();
            double lambda = w.offline() ? 0.0 : w.requestsPerS();
            double p = slo.percentile();

            // ---- parameters and formats
            double totalParams = ParamCounter.totalParams(m);
            double activeParams = ParamCounter.activeParams(m);
            double embParams = ParamCounter.embeddingParams(m);
            if (text) fig("total_params", totalParams, "params", "embeddings + layers x (attention + norms + MLP) + final norm",
                    num(embParams) + " + " + m.layers() + " x " + num((totalParams - embParams - m.hiddenSize())
                            / m.layers()) + " + " + m.hiddenSize());
            if (text) fig("active_params", activeParams, "params",
                    m.isMoe() ? "total with top-k + shared experts in place of all experts" : "= total params",
                    num(activeParams));
            NumericFormat wf = d.weights();
            NumericFormat kvf = d.kvCache();
            NumericFormat cf = computeFormat(g, d);
            double peak = g.peakFor(cf).orElseThrow();
            double bw = g.hbmBytesPerS();

            // ---- weights
            double expertParams = Memory.routedExpertParams(m);
            double denseParams = totalParams - expertParams;
            double weightBytesTotal = Memory.weightBytes(totalParams, wf);
            double denseBytesPerGpu = Memory.denseWeightBytesPerGpu(Memory.weightBytes(denseParams, wf), tp, pp);
            double expertBytesPerGpu = Memory.expertWeightBytesPerGpu(Memory.weightBytes(expertParams, wf), tp, pp,
                    ep);
            double weightBytesPerGpu = denseBytesPerGpu + expertBytesPerGpu;
            if (text) fig("weight_bytes_total", weightBytesTotal, "B", "N_total x bytes/param",
                    num(totalParams) + " x " + sig(wf.bytesPerElement()) + " B (" + wf.id() + ")");
            if (text) fig("weight_bytes_per_gpu", weightBytesPerGpu, "B",
                    m.isMoe() ? "W_non_expert / (tp x pp) + W_experts / (pp x max(tp, ep))" : "W / (tp x pp)",
                    m.isMoe()
                            ? bytes(denseBytesPerGpu * tp * pp) + " / (" + tp + " x " + pp + ") + "
                            + bytes(expertBytesPerGpu * pp * Math.max(tp, ep)) + " / (" + pp + " x "
                            + Math.max(tp, ep) + ")"
                            : bytes(weightBytesTotal) + " / (" + tp + " x " + pp + ")");

            double draftFraction = 0.0;
            double draftKvFraction = 0.0;
            double draftCommFraction = 0.0;
            if (spec) {
                // a named draft: its weights, its KV per token and its layers against the target's; otherwise the
                // stated draft size for all three
                draftFraction = draftModel != null
                        ? ParamCounter.totalParams(draftModel) / totalParams : DRAFT_SIZE_FRACTION;
                draftKvFraction = draftModel != null
                        ? Memory.kvBytesPerToken(draftModel, kvf) / Memory.kvBytesPerToken(m, kvf) : DRAFT_SIZE_FRACTION;
                draftCommFraction = draftModel != null
                        ? (double) draftModel.layers() / m.layers() : DRAFT_SIZE_FRACTION;
            }
            double draftWeightBytesPerGpu = draftFraction * weightBytesPerGpu;
            if (spec) {
                if (text) fig("draft_weight_bytes_per_gpu", draftWeightBytesPerGpu, "B", "f_draft x W/GPU",
                        sig(draftFraction) + " x " + bytes(weightBytesPerGpu));
            }

            // ---- prompt, context, KV
            int promptTokens = w.promptTokens();
            int outputTokens = w.outputTokens();
            int context = w.contextTokens() > 0 ? w.contextTokens() : promptTokens + outputTokens;
            int cached = InferenceLatency.cachedPrefixTokens(promptTokens, w.sharedPrefixTokens(),
                    d.has(Feature.PREFIX_CACHING), d.has(Feature.CACHE_AWARE_ROUTING), w.historyTokensPerTurn(),
                    w.turns());
            int prefillTokens = promptTokens - cached;
            if (text) fig("prefill_tokens", prefillTokens, "tokens", "P - cached prefix",
                    promptTokens + " - " + cached);
            if (m.maxContext() > 0 && context > m.maxContext()) {
                breach("context_window", context, m.maxContext(), "tokens", text ? "context " + context + " tokens exceeds the model's maximum " + m.maxContext() + " by "
                        + (context - m.maxContext()) + " tokens" : "context_window");
            }

            double kvPerToken = Memory.kvBytesPerToken(m, kvf);
            int tpKv = Memory.kvTensorParallelDegree(m, tp);
            double kvDiv = Memory.kvShardDivisor(m, tp, pp, ep, cp);
            double kvPerTokenPerGpu = kvPerToken / kvDiv;
            double kvSeqPerGpu = Memory.kvBytesForContext(m, kvf, context) / kvDiv;
            double kvSeqResidentPerGpu = kvSeqPerGpu * (1.0 + draftKvFraction);
            if (text) fig("kv_bytes_per_token", kvPerToken, "B",
                    m.attention() == AttentionKind.MLA ? "layers x (kvLoraRank + qkRopeHeadDim) x bytes"
                            : "2 x layers x kvHeads x headDim x bytes",
                    m.attention() == AttentionKind.MLA
                            ? m.layers() + " x (" + m.mla().kvLoraRank() + " + " + m.mla().qkRopeHeadDim() + ") x "
                            + sig(kvf.bytesPerElement()) + " B"
                            : "2 x " + m.layers() + " x " + m.kvHeads() + " x " + m.headDim() + " x "
                            + sig(kvf.bytesPerElement()) + " B");
            if (text) fig("kv_bytes_per_token_per_gpu", kvPerTokenPerGpu, "B",
                    "kv / (tp_kv x pp x cp x attention groups), tp_kv = "
                            + (m.attention() == AttentionKind.MLA ? "1 (MLA latent is copied)" : "min(tp, kvHeads)"),
                    bytes(kvPerToken) + " / (" + tpKv + " x " + pp + " x " + cp + " x " + groups + ")");

            // ---- memory budget
            double usable = ReplicaBudget.usableHbmBytes(g.hbmBytes());
            int chunk = ReplicaBudget.largestPrefillChunkTokens(prefillTokens, d.has(Feature.CHUNKED_PREFILL));
            double workspace = ReplicaBudget.workspaceBytesPerGpu(m, chunk, tp, cp);
            double kvBudget = ReplicaBudget.kvBudgetBytes(usable, weightBytesPerGpu + draftWeightBytesPerGpu,
                    workspace);
            maxBatch = ReplicaBudget.maxBatch(kvBudget, kvSeqResidentPerGpu);
            if (text) fig("usable_hbm_bytes_per_gpu", usable, "B", "0.90 x HBM (runtime and fragmentation reserve)",
                    sig(ReplicaBudget.USABLE_HBM_FRACTION) + " x " + bytes(g.hbmBytes()));
            if (text) fig("workspace_bytes_per_gpu", workspace, "B",
                    "chunk / cp x (4 x hidden + 2 x intermediate / tp) x 2 B",
                    chunk + " / " + cp + " x (4 x " + m.hiddenSize() + " + 2 x "
                            + num(ReplicaBudget.mlpWidthPerToken(m)) + " / " + tp + ") x 2 B");
            if (text) fig("kv_budget_bytes_per_gpu", kvBudget, "B",
                    spec ? "max(0, usable - weights - draft weights - workspace)"
                            : "max(0, usable - weights - workspace)",
                    "max(0, " + bytes(usable) + " - " + bytes(weightBytesPerGpu)
                            + (spec ? " - " + bytes(draftWeightBytesPerGpu) : "") + " - " + bytes(workspace) + ")");
            if (text) fig("kv_bytes_per_sequence_per_gpu", kvSeqResidentPerGpu, "B",
                    spec ? "KV(L) / shard divisor x (1 + f_draft)" : "KV(L) / shard divisor",
                    bytes(Memory.kvBytesForContext(m, kvf, context)) + " / " + num(kvDiv)
                            + (spec ? " x " + sig(1 + draftKvFraction) : "") + " at L = " + context);
            if (text) fig("max_batch_seqs", maxBatch, "seqs", "floor(KV budget / KV per sequence per GPU)",
                    "floor(" + bytes(kvBudget) + " / " + bytes(kvSeqResidentPerGpu) + ")");

            // ---- communication and the decode step
            InferenceComm comm = InferenceComm.of(m, tp, pp, ep, cp, c.gpusPerNode(), c.scaleUpBytesPerS(),
                    c.scaleOutBytesPerS(), eff.link());
            double flopsPerTokenPerGpu = Flops.forwardFlopsPerToken(activeParams) / ((double) tp * pp * groups)
                    + Flops.decodeAttentionFlopsPerToken(m, context) / ((double) tp * pp * cp * groups);
            int routed = m.isMoe() ? m.moe().routedExperts() : 0;
            int topK = m.isMoe() ? m.moe().expertsPerToken() : 0;
            DecodeStep step = new DecodeStep(pp, denseBytesPerGpu, expertBytesPerGpu, routed, topK, kvSeqPerGpu,
                    flopsPerTokenPerGpu, peak, eff.compute(), bw, eff.hbm(), groups, comm);
            int k = d.specDraftTokens();
            double alpha = d.specAcceptanceRate();
            final double fDraft = draftFraction;
            final double fDraftKv = draftKvFraction;
            final double fDraftComm = draftCommFraction;
            tokenS = spec ? b -> step.speculativeTpotS(b, k, alpha, fDraft, fDraftKv, fDraftComm) : step::stepS;

            // ---- prefill
            double prefillFlops = Flops.prefillFlops(m, activeParams, cached, promptTokens);
            // one prompt's critical path: attention and non-expert layers on its group's tp x cp GPUs, routed experts
            // on all tp x cp x groups GPUs of the stage
            double expertPrefillFlops = Flops.routedExpertFlopsPerToken(m) * prefillTokens;
            double prefillComputeS = InferenceLatency.prefillComputeS(prefillFlops - expertPrefillFlops, tp * cp,
                    peak, eff.compute())
                    + InferenceLatency.prefillComputeS(expertPrefillFlops, tp * cp * groups, peak, eff.compute());
            double prefillWeightRead = pp * (denseBytesPerGpu + (routed > 0
                    ? expertBytesPerGpu * InferenceLatency.moeTouchedExpertShare(routed, topK, prefillTokens) : 0));
            double prefillWeightReadS = Roofline.memoryTimeS(prefillWeightRead, bw, eff.hbm());
            double prefillCommS = comm.passS(prefillTokens, false);
            double ttftServiceS = InferenceLatency.ttftServiceS(prefillComputeS, prefillWeightReadS, prefillCommS);
            // the attention groups prefill different prompts at once: a prompt occupies the replica for 1/groups
            double prefillOccupancyS = ttftServiceS / groups;
            // prompts batched into full chunks: compute bound on every GPU of a stage, collectives once per chunk
            double batchedPrefillS = InferenceLatency.prefillComputeS(prefillFlops, tp * cp * groups, peak,
                    eff.compute()) + comm.passS(ReplicaBudget.PREFILL_CHUNK_TOKENS, false)
                    / ReplicaBudget.PREFILL_CHUNK_TOKENS * prefillTokens;
            if (text) fig("prefill_flops", prefillFlops, "FLOP", "2 x N_active x (P - cached) + causal attention",
                    "2 x " + num(activeParams) + " x " + prefillTokens + " + "
                            + si(Flops.prefillAttentionFlops(m, cached, promptTokens), "FLOP"));
            if (text) fig("ttft_service_ms", ttftServiceS * 1e3, "ms",
                    groups > 1
                            ? "max(F_other / (tp x cp x peak x eta_c) + F_experts / (tp x cp x groups x peak x eta_c),"
                            + " W_read / (bw x eta_hbm)) + comm"
                            : "max(F / (tp x cp x peak x eta_c), W_read / (bw x eta_hbm)) + comm",
                    "max(" + (groups > 1
                            ? si(prefillFlops - expertPrefillFlops, "FLOP") + " / (" + tp + " x " + cp + " x "
                            + si(peak, "FLOP/s") + " " + cf.id() + " x " + sig(eff.compute()) + ") + "
                            + si(expertPrefillFlops, "FLOP") + " / (" + tp + " x " + cp + " x " + groups + " x "
                            : si(prefillFlops, "FLOP") + " / (" + tp + " x " + cp + " x ")
                            + si(peak, "FLOP/s") + " " + cf.id() + " x " + sig(eff.compute()) + "), "
                            + bytes(prefillWeightRead) + " / (" + si(bw, "B/s") + " x " + sig(eff.hbm()) + ")) + "
                            + msFromS(prefillCommS));

            // ---- the P:D split (disaggregated) at the batch ceiling
            int ceilingBatch = d.batch() > 0 ? d.batch() : Math.max(1, maxBatch);
            double pdRatio = embedding ? 0.0
                    : Disaggregation.prefillToDecodeRatio(prefillOccupancyS, outputTokens,
                    tokenS.applyAsDouble(ceilingBatch), ceilingBatch);
            if (!embedding) {
                if (text) fig("prefill_decode_ratio", pdRatio, "ratio", "t_prefill / (G x TPOT(B) / B)",
                        msFromS(prefillOccupancyS) + " / (" + outputTokens + " x "
                                + msFromS(tokenS.applyAsDouble(ceilingBatch)) + " / " + ceilingBatch + ")");
            }
            int prefillInstances = inService;
            int decodeInstances = inService;
            if (disagg) {
                double share = d.prefillShare() > 0 ? d.prefillShare() : Disaggregation.prefillShare(pdRatio);
                prefillInstances = Disaggregation.prefillInstances(share, inService);
                decodeInstances = inService - prefillInstances;
                if (text) fig("prefill_instances", prefillInstances, "replicas", "round(share x replicas)",
                        "round(" + sig(share) + " x " + inService + "), " + decodeInstances + " decode");
            }

            // ---- KV transfer (what disaggregation moves)
            double kvTransferBytes = Disaggregation.kvTransferBytes(Memory.kvBytesForContext(m, kvf, promptTokens));
            boolean transferInNode = 2 * gpr <= c.gpusPerNode() && c.scaleUpBytesPerS() > 0;
            double transferLink = transferInNode ? c.scaleUpBytesPerS() : c.scaleOutBytesPerS();
            double transferAlpha = transferInNode ? InferenceLatency.ALPHA_IN_NODE_S
                    : InferenceLatency.ALPHA_CROSS_NODE_S;
            double kvTransferS = Disaggregation.kvTransferS(kvTransferBytes, gpr, transferLink, eff.link(),
                    transferAlpha);
            if (text) fig("kv_transfer_bytes", kvTransferBytes, "B", "KV(P), the prompt's cache",
                    promptTokens + " tokens x " + bytes(kvPerToken));
            if (text) fig("kv_transfer_ms", kvTransferS * 1e3, "ms", "bytes / (GPUs x link x eta_link) + alpha",
                    bytes(kvTransferBytes) + " / (" + gpr + " x " + si(transferLink, "B/s") + " x "
                            + sig(eff.link()) + ") + " + sig(transferAlpha * 1e6) + " us");

            // ---- queueing
            double lambdaPrefill = lambda / prefillInstances;
            double rho = InferenceLatency.prefillUtilization(lambdaPrefill, prefillOccupancyS);
            double waitS = InferenceLatency.queueWaitS(rho, prefillOccupancyS, p);
            boolean unstable = rho >= 1;
            double ttftQueueMs = unstable ? UNBOUNDED_MS : waitS * 1e3;
            if (text) fig("prefill_utilization", rho, "ratio", "lambda / prefill instances x t_prefill / attention groups",
                    sig(lambda) + " / " + prefillInstances + " x " + msFromS(ttftServiceS) + " / " + groups);
            if (text) fig("ttft_queue_ms", ttftQueueMs, "ms",
                    "W_p of M/D/1 (deterministic prefill): the t where (1 - rho) sum_k (lambda (kD - t))^k / k! "
                            + "e^(-lambda (kD - t)) = p, D = t_prefill / attention groups; exponential tail past 8 D",
                    unstable ? "rho = " + sig(rho) + " >= 1: unbounded (sentinel " + num(UNBOUNDED_MS) + " ms)"
                            : "rho = " + sig(rho) + ", D = " + msFromS(prefillOccupancyS) + ", p = " + sig(p));
            if (unstable) {
                breach("throughput", rho, 1.0, "ratio", text ? "prefill utilisation " + sig(rho) + " >= 1: the prefill queue grows without bound at "
                        + sig(lambda) + " requests/s over " + prefillInstances + " instance(s)" : "throughput");
            }
            double ttftMs = w.retrievalMs() + ttftServiceS * 1e3 + ttftQueueMs + (disagg ? kvTransferS * 1e3 : 0);
            if (text) fig("ttft_ms", ttftMs, "ms", disagg ? "retrieval + service + queue + KV transfer"
                            : "retrieval + service + queue",
                    sig(w.retrievalMs()) + " + " + sig(ttftServiceS * 1e3) + " + " + sig(ttftQueueMs)
                            + (disagg ? " + " + sig(kvTransferS * 1e3) : "") + " ms");
            double stallS = d.has(Feature.CHUNKED_PREFILL)
                    ? ttftServiceS * Math.min(1.0, (double) ReplicaBudget.PREFILL_CHUNK_TOKENS / prefillTokens)
                    : ttftServiceS;
            if (!disagg && !embedding) {
                if (text) fig("decode_stall_ms", stallS * 1e3, "ms",
                        d.has(Feature.CHUNKED_PREFILL) ? "t_prefill x min(1, chunk / prefill tokens)"
                                : "t_prefill (a whole prompt runs between two decode steps)",
                        d.has(Feature.CHUNKED_PREFILL)
                                ? msFromS(ttftServiceS) + " x min(1, " + ReplicaBudget.PREFILL_CHUNK_TOKENS + " / "
                                + prefillTokens + ")"
                                : msFromS(ttftServiceS));
            }

            // the prefill stalls a colocated decode step meets: per attention group of a replica, chunks per prompt
            int chunksPerPrompt = d.has(Feature.CHUNKED_PREFILL)
                    ? Math.max(1, (int) Math.ceil((double) prefillTokens / ReplicaBudget.PREFILL_CHUNK_TOKENS)) : 1;
            double stallsPerS = disagg || embedding || unstable ? 0.0
                    : lambda / ((double) prefillInstances * groups) * chunksPerPrompt;
            final double stallEventS = stallS;
            final double percentile = p;
            final int generated = outputTokens;

            // ---- batch
            slowdown = disagg ? 1.0 : InferenceLatency.decodeSlowdown(rho);
            final double stretch0 = slowdown;
            // TPOT at the SLO percentile as a function of the batch: the step, and the prefill stalls a request meets
            // counted at the percentile (InferenceLatency.tpotAtPercentileS)
            DoubleUnaryOperator tpotAtP = b -> {
                double stepAtB = tokenS.applyAsDouble(b);
                return InferenceLatency.tpotAtPercentileS(stepAtB, stepAtB * stretch0, generated, stallEventS,
                        stallsPerS, percentile);
            };
            double residentS0 = ttftServiceS + (disagg ? kvTransferS : 0);
            int batch;
            String batchRule;
            if (d.batch() > 0) {
                batch = d.batch();
                batchRule = "design.batch";
            } else if (maxBatch < 1) {
                batch = 1;
                batchRule = "1 (not one sequence fits; latencies shown at batch 1)";
            } else if (lambda > 0 && !embedding) {
                batch = maxBatch;
                for (int i = 0; i < 64; i++) {
                    double resident = residentS0 + tokenS.applyAsDouble(batch) * slowdown * (outputTokens - 1);
                    int next = (int) Math.max(1, Math.min(maxBatch,
                            Math.ceil(lambda / decodeInstances * resident - 1e-9)));
                    if (next == batch) {
                        break;
                    }
                    batch = next;
                }
                batchRule = "min(maxBatch, ceil(lambda / instances x (t_prefill + TPOT x (G - 1))))";
            } else {
                batch = maxBatch;
                batchRule = "maxBatch";
            }
            if (text) fig("batch_seqs", batch, "seqs", batchRule, String.valueOf(batch));

            // ---- decode
            double q = spec ? k + 1.0 : 1.0;
            double tpotMemoryS = embedding ? 0 : step.memoryS(batch, q);
            double tpotComputeS = embedding ? 0 : step.computeS(batch, q);
            double tpotCommS = embedding ? 0 : step.commS(batch, q);
            double specTokens = spec ? InferenceLatency.specTokensPerStep(alpha, k) : 1.0;
            double stepTokenS = embedding ? 0 : tokenS.applyAsDouble(batch);
            double tpotMeanS = stepTokenS * slowdown;
            double tpotS = embedding ? 0 : tpotAtP.applyAsDouble(batch);
            double micro = InferenceLatency.decodeMicroBatches(pp, batch);
            double weightReadStep = step.weightBytesReadPerGpu(batch, q);
            double kvReadStep = batch / micro * kvSeqPerGpu;
            boolean computeBound = !embedding && tpotComputeS > tpotMemoryS;
            if (text && !embedding) {
                String qs = spec ? " x " + sig(q) : "";
                if (text) fig("tpot_memory_ms", tpotMemoryS * 1e3, "ms",
                        "pp x (W_read/GPU + B/m x KV(L)/GPU) / (bw x eta_hbm)",
                        pp + " x (" + bytes(weightReadStep) + " + " + batch + "/" + sig(micro) + " x "
                                + bytes(kvSeqPerGpu) + ") / (" + si(bw, "B/s") + " x " + sig(eff.hbm()) + ")");
                if (text) fig("tpot_compute_ms", tpotComputeS * 1e3, "ms",
                        "pp x B/m x q x F_token/GPU / (peak x eta_c)",
                        pp + " x " + batch + "/" + sig(micro) + qs + " x " + si(flopsPerTokenPerGpu, "FLOP") + " / ("
                                + si(peak, "FLOP/s") + " " + cf.id() + " x " + sig(eff.compute()) + ")");
                double tokensPerGroup = batch / micro * q / groups;
                if (text) fig("tpot_comm_ms", tpotCommS * 1e3, "ms", "TP all-reduces + PP sends + EP all-to-alls + CP merges",
                        comm.tpAllReducesPerPass() + " all-reduces " + msFromS(comm.tpS(tokensPerGroup)) + " + pp "
                                + msFromS(comm.ppS(tokensPerGroup)) + " + ep " + msFromS(comm.epS(tokensPerGroup))
                                + " + cp " + msFromS(comm.cpS(tokensPerGroup, true)));
                if (spec) {
                    if (text) fig("spec_tokens_per_step", specTokens, "tokens", "(1 - alpha^(k+1)) / (1 - alpha)",
                            "(1 - " + sig(alpha) + "^" + (k + 1) + ") / (1 - " + sig(alpha) + ")");
                }
                String stepText = spec
                        ? "(" + msFromS(step.stepS(batch, q)) + " + " + k + " x draft step (weights x "
                        + sig(draftFraction) + ", KV x " + sig(draftKvFraction) + ", collectives x "
                        + sig(draftCommFraction) + ")) / " + sig(specTokens)
                        : "max(" + msFromS(tpotMemoryS) + ", " + msFromS(tpotComputeS) + ") + " + msFromS(tpotCommS);
                String stepFormula = spec ? "(verify step + k x draft step) / tokens per step"
                        : "max(TPOT_mem, TPOT_compute) + comm";
                if (text) fig("tpot_mean_ms", tpotMeanS * 1e3, "ms",
                        slowdown > 1 ? "(" + stepFormula + ") / (1 - rho_prefill)" : stepFormula,
                        slowdown > 1 ? "(" + stepText + ") / (1 - " + sig(rho) + ")" : stepText);
                if (text) fig("tpot_ms", tpotS * 1e3, "ms", stallsPerS > 0
                                ? "max(TPOT_mean, step + Q_p(N) x stall / (G - 1)), N ~ Poisson(stalls/s x (G - 1) x "
                                + "TPOT_mean): the prefill stalls a request meets, at the percentile"
                                : "TPOT_mean (no prefill stalls the decode)",
                        stallsPerS > 0 ? "max(" + msFromS(tpotMeanS) + ", " + msFromS(stepTokenS) + " + Q_" + sig(p)
                                + "(Poisson(" + sig(stallsPerS) + "/s x " + Math.max(0, outputTokens - 1) + " x "
                                + msFromS(tpotMeanS) + ")) x " + msFromS(stallS) + " / " + Math.max(1, outputTokens - 1)
                                + ")" : msFromS(tpotMeanS));
            }
            double bStar = InferenceLatency.weightBoundBatch(pp * weightBytesPerGpu, kvSeqPerGpu);
            if (text) fig("weight_bound_batch_seqs", bStar, "seqs", "B* = pp x W/GPU / KV(L)/GPU",
                    pp + " x " + bytes(weightBytesPerGpu) + " / " + bytes(kvSeqPerGpu));
            double kvShare = embedding ? 0 : kvReadStep / (weightReadStep + kvReadStep);
            double stepFlops = batch / micro * q * flopsPerTokenPerGpu;
            double intensity = embedding ? 0 : Roofline.arithmeticIntensity(stepFlops, weightReadStep + kvReadStep);
            double ridge = Roofline.ridgePoint(peak, bw);
            if (!embedding) {
                if (text) fig("kv_traffic_share", kvShare, "ratio", "KV read / (weights read + KV read)",
                        bytes(kvReadStep) + " / (" + bytes(weightReadStep) + " + " + bytes(kvReadStep) + ")");
                if (text) fig("decode_arithmetic_intensity_flop_per_byte", intensity, "FLOP/B", "FLOP per step / bytes per step",
                        si(stepFlops, "FLOP") + " / " + bytes(weightReadStep + kvReadStep));
            }
            if (text) fig("ridge_point_flop_per_byte", ridge, "FLOP/B", "peak / bw",
                    si(peak, "FLOP/s") + " / " + si(bw, "B/s"));

            // ---- requests
            double e2eS = InferenceLatency.e2eS(ttftMs / 1e3, tpotS, outputTokens);
            double e2eMs = e2eS * 1e3;
            if (text) fig("e2e_ms", e2eMs, "ms", "TTFT + TPOT x (G - 1)",
                    sig(ttftMs) + " + " + sig(tpotS * 1e3) + " x " + Math.max(0, outputTokens - 1) + " ms");
            double taskMs = Requirements.taskS(w.toolCallsPerTask(), e2eS) * 1e3;
            if (text) fig("task_ms", taskMs, "ms", "calls x E2E", Math.max(1, w.toolCallsPerTask()) + " x " + sig(e2eMs) + " ms");
            if (w.toolCallsPerTask() > 1) {
                if (text) fig("task_all_calls_under_percentile_share",
                        Requirements.allCallsUnderPercentile(p, w.toolCallsPerTask()), "ratio", "p^calls",
                        sig(p) + "^" + w.toolCallsPerTask());
            }

            // ---- throughput and capacity
            double tokensPerSPerReplica;
            double requestsPerSPerReplica;
            double requestsPerSCapacity;
            if (embedding) {
                tokensPerSPerReplica = prefillTokens / batchedPrefillS;
                requestsPerSPerReplica = 1.0 / batchedPrefillS;
                requestsPerSCapacity = requestsPerSPerReplica * inService;
                if (text) fig("tokens_per_s_per_replica", tokensPerSPerReplica, "tokens/s",
                        "prompt tokens / batched prefill time (compute + collectives per 2048-token chunk)",
                        prefillTokens + " / " + msFromS(batchedPrefillS));
            } else {
                tokensPerSPerReplica = Throughput.tokensPerS(batch, tpotMeanS);
                if (text) fig("tokens_per_s_per_replica", tokensPerSPerReplica, "tokens/s", "B / TPOT_mean",
                        batch + " / " + msFromS(tpotMeanS));
                if (disagg) {
                    requestsPerSCapacity = Math.min(prefillInstances / prefillOccupancyS,
                            decodeInstances * batch / (outputTokens * stepTokenS));
                    requestsPerSPerReplica = requestsPerSCapacity / inService;
                } else {
                    requestsPerSPerReplica = Requirements.requestsPerSPerReplica(prefillOccupancyS, outputTokens,
                            stepTokenS, batch);
                    requestsPerSCapacity = requestsPerSPerReplica * inService;
                }
            }
            double tokensPerS;
            if (w.offline() && !embedding) {
                // offline, the fleet turns out as many tokens as it completes requests: colocated, the prefill
                // that shares the GPUs counts (as the makespan does); disaggregated, the slower of the prefill and
                // decode instances sets the pace
                tokensPerSPerReplica = requestsPerSPerReplica * outputTokens;
                tokensPerS = requestsPerSCapacity * outputTokens;
                if (text) fig("tokens_per_s", tokensPerS, "tokens/s",
                        disagg ? "requests/s capacity x G (the slower of prefill and decode instances)"
                                : "requests/s capacity x G (prefill and decode share the GPUs)",
                        sig(requestsPerSCapacity) + " x " + outputTokens);
            } else {
                tokensPerS = tokensPerSPerReplica * (embedding ? inService : decodeInstances);
                if (text) fig("tokens_per_s", tokensPerS, "tokens/s", "per replica x decode replicas",
                        sig(tokensPerSPerReplica) + " x " + (embedding ? inService : decodeInstances));
            }
            if (text) fig("requests_per_s_per_replica", requestsPerSPerReplica, "requests/s",
                    embedding ? "1 / batched prefill time"
                            : disagg ? "capacity / replicas" : "1 / (t_prefill + G x TPOT_step / B)",
                    embedding || disagg ? sig(requestsPerSCapacity) + " x 1 / " + inService
                            : "1 / (" + msFromS(prefillOccupancyS) + " + " + outputTokens + " x " + msFromS(stepTokenS)
                            + " / " + batch + ")");
            if (text) fig("requests_per_s_capacity", requestsPerSCapacity, "requests/s",
                    disagg ? "min(prefill instances / t_prefill, decode instances x B / (G x TPOT_step))"
                            : "per replica x replicas",
                    disagg ? "min(" + prefillInstances + " / " + msFromS(prefillOccupancyS) + ", " + decodeInstances
                            + " x " + batch + " / (" + outputTokens + " x " + msFromS(stepTokenS) + "))"
                            : sig(requestsPerSPerReplica) + " x " + inService);

            // ---- knee
            double kneeBatch = 0.0;
            if (slo.hasTpot() && !embedding) {
                kneeBatch = Throughput.kneeBatch(tpotAtP, slo.tpotMs() / 1e3, maxBatch);
                if (text) fig("knee_batch_seqs", kneeBatch, "seqs", "B where TPOT(B) = SLO (Brent), in [1, maxBatch]",
                        "TPOT(" + sig(kneeBatch) + ") = " + sig(slo.tpotMs()) + " ms, maxBatch " + maxBatch);
            }

            // ---- Little's Law and replicas
            double residentS = embedding ? ttftServiceS : residentS0 + tpotMeanS * Math.max(0, outputTokens - 1);
            double concurrency = Requirements.concurrency(lambda, residentS);
            if (text) fig("concurrency_seqs", concurrency, "seqs", "lambda x (t_prefill + TPOT x (G - 1))",
                    sig(lambda) + "/s x " + msFromS(residentS));
            // a replica holds at most the knee (TPOT objective) or what memory allows, and never more than a batch the
            // design fixes
            double usableBatch = Math.max(1.0, slo.hasTpot() && kneeBatch >= 1 ? Math.floor(kneeBatch)
                    : Math.max(1, maxBatch));
            if (d.batch() > 0) {
                usableBatch = Math.min(usableBatch, d.batch());
            }
            double peakLambda = Requirements.peakRequestsPerS(lambda, w.peakToMeanRatio());
            int replicasNeeded = replicasFor(lambda, concurrency, usableBatch, embedding, disagg, prefillOccupancyS,
                    outputTokens, stepTokenS, requestsPerSPerReplica, tokensPerSPerReplica);
            int peakReplicasNeeded = replicasFor(peakLambda, concurrency * (lambda > 0 ? peakLambda / lambda : 1),
                    usableBatch, embedding, disagg, prefillOccupancyS, outputTokens, stepTokenS, requestsPerSPerReplica,
                    tokensPerSPerReplica);
            if (text) fig("replicas_needed", replicasNeeded, "replicas",
                    disagg ? "decode max(ceil(C / B_usable), ceil(lambda G TPOT_step / B_usable)) + prefill "
                            + "floor(lambda t_prefill) + 1"
                            : "max(ceil(C / B_usable), ceil(lambda / requests/s per replica))",
                    "C = " + sig(concurrency) + ", B_usable = " + num(usableBatch) + ", lambda = " + sig(lambda)
                            + "/s" + (slo.hasThroughput() ? ", throughput floor " + sig(slo.minThroughputTokensPerS())
                            + " tokens/s" : ""));
            if (text) fig("peak_replicas_needed", peakReplicasNeeded, "replicas", "replicas needed at lambda x peak/mean",
                    "lambda_peak = " + sig(peakLambda) + "/s");

            // ---- makespan
            double makespanS = 0.0;
            if (w.offline()) {
                double fleetDecode = embedding ? 1.0 : decodeInstances * batch / stepTokenS;
                makespanS = Throughput.offlineMakespanS(w.offlineRequests(), embedding ? 0 : outputTokens,
                        fleetDecode, batchedPrefillS, prefillInstances);
                if (text) fig("makespan_s", makespanS, "s", "requests x G / fleet tokens/s + requests x t_prefill_batched / "
                                + "prefill replicas",
                        w.offlineRequests() + " x " + (embedding ? 0 : outputTokens) + " / " + sig(fleetDecode)
                                + " + " + w.offlineRequests() + " x " + msFromS(batchedPrefillS) + " / "
                                + prefillInstances);
            }

            // ---- money
            boolean autoscaled = d.has(Feature.AUTOSCALING) && lambda > 0;
            double billedReplicas = inService;
            double costPerHour = billedReplicas * gpr * g.usdPerGpuHour();
            int tokensPerRequest = embedding ? prefillTokens : outputTokens;
            double servedTokensPerS = lambda > 0 ? Math.min(tokensPerS, lambda * tokensPerRequest) : tokensPerS;
            double costPerMtok = servedTokensPerS > 0 ? costPerHour / (servedTokensPerS * 3600) * 1e6 : 0.0;
            if (autoscaled) {
                if (text) fig("cost_per_hour_usd", costPerHour, "USD/h",
                        "time-averaged replicas x GPUs per replica x USD/GPU-h; autoscaled replicas follow the load, "
                                + "holding the peak's load per replica: min(replicas, ceil(replicas / (peak/mean) x "
                                + AUTOSCALE_HEADROOM + " headroom))",
                        "min(" + replicas + ", ceil(" + replicas + " / " + sig(w.peakToMeanRatio()) + " x "
                                + AUTOSCALE_HEADROOM + ")) x " + gpr + " x " + sig(g.usdPerGpuHour()));
            } else {
                if (text) fig("cost_per_hour_usd", costPerHour, "USD/h", "GPUs x USD/GPU-h",
                        totalGpus + " x " + sig(g.usdPerGpuHour()));
            }
            if (text) fig("cost_per_million_tokens_usd", costPerMtok, "USD",
                    "USD/h / (tokens served/s x 3600) x 1e6; served = " + (lambda > 0
                            ? "min(fleet tokens/s, lambda x tokens per request)" : "fleet tokens/s (offline)"),
                    sig(costPerHour) + " / (" + sig(servedTokensPerS) + " x 3600) x 1e6");

            // ---- memory verdict
            double kvBytesPerGpu = batch * kvSeqResidentPerGpu;
            double memoryBytesPerGpu = weightBytesPerGpu + draftWeightBytesPerGpu + workspace + kvBytesPerGpu;
            double fixedBytes = weightBytesPerGpu + draftWeightBytesPerGpu + workspace;
            boolean weightsFit = fixedBytes <= usable;
            boolean fits = weightsFit && maxBatch >= 1 && batch <= maxBatch;
            double memoryOver = Math.max(0.0, memoryBytesPerGpu - usable);
            if (text) fig("memory_bytes_per_gpu", memoryBytesPerGpu, "B", "weights + draft + workspace + B x KV per sequence",
                    bytes(weightBytesPerGpu) + " + " + bytes(draftWeightBytesPerGpu) + " + " + bytes(workspace)
                            + " + " + batch + " x " + bytes(kvSeqResidentPerGpu));
            if (!weightsFit) {
                breach("memory_capacity", memoryBytesPerGpu, usable, "B", text ? "weights " + bytes(weightBytesPerGpu) + (spec ? " + draft " + bytes(draftWeightBytesPerGpu)
                        : "") + " + workspace " + bytes(workspace) + " exceed usable HBM " + bytes(usable)
                        + " per GPU by " + bytes(fixedBytes - usable) : "memory_capacity");
            } else if (maxBatch < 1) {
                breach("memory_capacity", memoryBytesPerGpu, usable, "B", text ? "not one sequence of context " + context + " fits: KV " + bytes(kvSeqResidentPerGpu)
                        + " per sequence per GPU against a KV budget of " + bytes(kvBudget) : "memory_capacity");
            } else if (batch > maxBatch) {
                breach("memory_capacity", memoryBytesPerGpu, usable, "B", text ? "batch " + batch + " exceeds max batch " + maxBatch + " at context " + context + " by "
                        + (batch - maxBatch) + " sequences: KV " + bytes(kvBytesPerGpu) + " against a budget of "
                        + bytes(kvBudget) + " per GPU" : "memory_capacity");
            }
            int maxContextAtBatch = ReplicaBudget.maxContext(m, kvf, kvDiv / (1.0 + draftKvFraction), kvBudget,
                    batch);
            if (text) fig("max_context_at_batch_tokens", maxContextAtBatch, "tokens",
                    "largest L with B x KV(L)/GPU <= KV budget (capped at the model maximum)",
                    batch + " x KV(L) <= " + bytes(kvBudget));

            // ---- fleet, budget and objectives
            if (totalGpus > c.totalGpus()) {
                breach("placement", totalGpus, c.totalGpus(), "GPUs", text ? "fleet needs " + totalGpus + " GPUs (" + replicas + " x " + gpr + "), the cluster has "
                        + c.totalGpus() + ": " + (totalGpus - c.totalGpus()) + " over" : "placement");
            }
            if (gpr > c.gpusPerNode() && !s.preferences().allowMultiNode()) {
                breach("placement", gpr, c.gpusPerNode(), "GPUs", text ? "a replica spans " + gpr + " GPUs, more than a node's " + c.gpusPerNode()
                        + ", and multi-node replicas are not allowed" : "placement");
            }
            if (s.budget().maxGpus() > 0 && totalGpus > s.budget().maxGpus()) {
                breach("cost", totalGpus, s.budget().maxGpus(), "GPUs", text ? "fleet of " + totalGpus + " GPUs exceeds the budget's " + s.budget().maxGpus() + " by "
                        + (totalGpus - s.budget().maxGpus()) : "cost");
            }
            if (s.budget().usdPerHour() > 0 && costPerHour > s.budget().usdPerHour()) {
                breach("cost", costPerHour, s.budget().usdPerHour(), "USD/h", text ? "cost " + sig(costPerHour) + " USD/h exceeds the budget " + sig(s.budget().usdPerHour())
                        + " USD/h by " + sig(costPerHour - s.budget().usdPerHour()) : "cost");
            }
            String pct = text ? "p" + sig(p * 100) : "";
            if (slo.hasTtft() && ttftMs > slo.ttftMs()) {
                breach("ttft_slo", ttftMs, slo.ttftMs(), "ms", text ? latencyOver("TTFT", ttftMs, pct, slo.ttftMs()) : "ttft_slo");
            }
            if (slo.hasTpot() && !embedding && tpotS * 1e3 > slo.tpotMs()) {
                breach("tpot_slo", tpotS * 1e3, slo.tpotMs(), "ms", text ? latencyOver("TPOT", tpotS * 1e3, pct, slo.tpotMs()) : "tpot_slo");
            }
            if (slo.hasE2e() && e2eMs > slo.e2eMs()) {
                breach("e2e_slo", e2eMs, slo.e2eMs(), "ms", text ? latencyOver("E2E", e2eMs, pct, slo.e2eMs()) : "e2e_slo");
            }
            if (slo.hasTask() && taskMs > slo.taskMs()) {
                breach("task_slo", taskMs, slo.taskMs(), "ms", text ? latencyOver("task", taskMs, pct, slo.taskMs()) : "task_slo");
            }
            if (slo.hasThroughput() && tokensPerS < slo.minThroughputTokensPerS()) {
                breach("throughput", tokensPerS, slo.minThroughputTokensPerS(), "tokens/s", text ? "throughput " + sig(tokensPerS) + " tokens/s falls short of the required "
                        + sig(slo.minThroughputTokensPerS()) + " by "
                        + sig(slo.minThroughputTokensPerS() - tokensPerS) : "throughput");
            }
            for (NumericFormat f : new NumericFormat[] {wf, kvf}) {
                if (!s.preferences().accepts(f)) {
                    breach("preference", 0, 0, "", text ? (f == wf ? "weights" : "KV cache") + " in " + f.id()
                            + ", a format preferences.accepted_formats does not accept" : "preference");
                    break;
                }
            }
            if (lambda > 0 && lambda > requestsPerSCapacity) {
                breach("throughput", lambda, requestsPerSCapacity, "requests/s", text ? "arrivals " + sig(lambda) + " requests/s exceed the fleet's capacity "
                        + sig(requestsPerSCapacity) + " by " + sig(lambda - requestsPerSCapacity) : "throughput");
            }

            if (atPeak != null) {
                for (Breach b : atPeak.breaches()) {
                    if (PEAK_WALLS.contains(b.wall())) {
                        breaches.add(new Breach(b.wall(), Breach.PEAK, b.value(), b.limit(), b.unit(), text
                                ? "at the peak of " + sig(lambda * w.peakToMeanRatio()) + " requests/s, " + b.text()
                                : b.wall()));
                    }
                }
            }
            InferenceEstimate estimate = new InferenceEstimate(gpr, replicas, totalGpus, totalParams, activeParams,
                    weightBytesTotal, weightBytesPerGpu, kvPerToken, kvPerTokenPerGpu, usable, workspace, kvBudget,
                    kvBytesPerGpu, memoryBytesPerGpu, fits, memoryOver,
                    batch, maxBatch, context, maxContextAtBatch, prefillTokens,
                    prefillFlops, ttftServiceS * 1e3, ttftQueueMs, ttftMs, rho,
                    tpotMemoryS * 1e3, tpotComputeS * 1e3, tpotCommS * 1e3, tpotS * 1e3, tpotMeanS * 1e3,
                    computeBound, bStar,
                    kvShare, intensity, ridge, specTokens,
                    e2eMs, taskMs, kvTransferBytes, kvTransferS * 1e3,
                    tokensPerSPerReplica, tokensPerS, requestsPerSPerReplica, requestsPerSCapacity, concurrency,
                    replicasNeeded, peakReplicasNeeded, kneeBatch, makespanS,
                    costPerHour, costPerMtok, inService,
                    atPeak == null ? lambda : lambda * w.peakToMeanRatio(),
                    atPeak == null ? ttftMs : atPeak.ttftMs(), atPeak == null ? tpotS * 1e3 : atPeak.tpotMs(),
                    atPeak == null ? e2eMs : atPeak.e2eMs(), atPeak == null ? taskMs : atPeak.taskMs(),
                    breaches, figs);
            if (text) {
                requireFinite(estimate);
            } else if (!(Double.isFinite(ttftMs) && Double.isFinite(tpotS) && Double.isFinite(costPerHour)
                    && Double.isFinite(requestsPerSCapacity) && Double.isFinite(tokensPerS))) {
                throw new IllegalStateException("a latency, rate or cost of the bill is not finite");
            }
            return estimate;
        }

        private int replicasFor(double rate, double concurrency, double usableBatch, boolean embedding,
                                boolean disagg, double prefillS, int outputTokens, double stepTokenS,
                                double requestsPerSPerReplica, double tokensPerSPerReplica) {
            int serving;
            int prefill = 0;
            if (rate <= 0) {
                serving = d.replicas();
            } else if (embedding) {
                serving = Requirements.replicasNeeded(0, 1, rate, requestsPerSPerReplica);
            } else if (disagg) {
                double usableStepS = tokenS.applyAsDouble(usableBatch);
                serving = Requirements.replicasNeeded(concurrency, usableBatch, rate,
                        usableBatch / (outputTokens * usableStepS));
                prefill = (int) Math.floor(rate * prefillS) + 1;
            } else {
                // a replica filled to the usable batch steps at that batch's step time, not at today's batch's
                double usableStepS = tokenS.applyAsDouble(usableBatch);
                double perReplica = Requirements.requestsPerSPerReplica(prefillS, outputTokens, usableStepS,
                        usableBatch);
                serving = Requirements.replicasNeeded(concurrency, usableBatch, rate, perReplica);
            }
            if (slo.hasThroughput()) {
                serving = Math.max(serving,
                        (int) Math.ceil(slo.minThroughputTokensPerS() / tokensPerSPerReplica - 1e-9));
                if (disagg) {
                    prefill = Math.max(prefill, 1);
                }
            }
            return serving + prefill;
        }

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

        private void breach(String wall, double value, double limit, String unit, String sentence) {
            breaches.add(new Breach(wall, Breach.MEAN, value, limit, unit, sentence));
        }

        private void fig(String key, double value, String unit, String formula, String substituted) {
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("figure " + key + " is not finite: " + value);
            }
            figs.add(new Figure(key, value, unit, formula, substituted));
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
