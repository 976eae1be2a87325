package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.text.Numbers.bytes;
import static io.ridgeline.engine.text.Numbers.msFromS;
import static io.ridgeline.engine.text.Numbers.percent;
import static io.ridgeline.engine.text.Numbers.compact;
import static io.ridgeline.engine.text.Numbers.si;
import static io.ridgeline.engine.text.Numbers.sig;

import io.ridgeline.engine.arithmetic.ClosedLoop;
import io.ridgeline.engine.arithmetic.Flops;
import io.ridgeline.engine.arithmetic.InferenceComm;
import io.ridgeline.engine.arithmetic.Memory;
import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.arithmetic.ReplicaBudget;
import io.ridgeline.engine.estimate.ServingBill.BatchRule;
import io.ridgeline.engine.estimate.ServingBill.Capacity;
import io.ridgeline.engine.estimate.ServingBill.Decode;
import io.ridgeline.engine.estimate.ServingBill.Fit;
import io.ridgeline.engine.estimate.ServingBill.KvMemory;
import io.ridgeline.engine.estimate.ServingBill.Money;
import io.ridgeline.engine.estimate.ServingBill.Prefill;
import io.ridgeline.engine.estimate.ServingBill.PrefillQueue;
import io.ridgeline.engine.estimate.ServingBill.Requests;
import io.ridgeline.engine.estimate.ServingBill.Shape;
import io.ridgeline.engine.estimate.ServingBill.Split;
import io.ridgeline.engine.estimate.ServingBill.StepTime;
import io.ridgeline.engine.estimate.ServingBill.Weights;
import io.ridgeline.facts.AttentionKind;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The working of a serving bill, rendered for output: a {@link Figure} for each main number of the
 * {@link ServingBill}'s stages, in stage order, with its formula and the formula with the numbers put in. It only
 * reads the stages; the one arithmetic it does is to break a number into the parts its text shows.
 */
final class ServingWorking {

    private final Scenario s;
    private final ModelArchitecture m;
    private final Design d;
    private final InferenceWorkload w;
    private final EfficiencyFactors eff;
    private final Shape shape;
    private final ClosedLoop.Result loop;
    private final ClosedLoop.Result run;
    private final boolean cachedPool;
    private final List<Figure> figures = new ArrayList<>(64);

    private ServingWorking(Scenario s, Shape shape, ClosedLoop.Result loop, ClosedLoop.Result run,
                           boolean cachedPool) {
        this.s = s;
        this.cachedPool = cachedPool;
        this.m = s.model();
        this.d = s.design();
        this.w = s.inference();
        this.eff = s.efficiency();
        this.shape = shape;
        this.loop = loop;
        this.run = run;
    }

    /** The figures of every stage of {@code bill}, in order. Throws when a figure's value is not finite. */
    static List<Figure> figures(ServingBill bill) {
        ServingWorking working = new ServingWorking(bill.scenario(), bill.shape(), bill.loop(), bill.offlineRun(),
                bill.loop() != null && ServingBill.cachedPromptPool(bill, ServingBill.loopRunning(bill)) > 0);
        working.weights(bill.weights());
        working.kvMemory(bill.kv(), bill.weights());
        working.prefill(bill.prefill(), bill.weights(), bill.kv(), bill.step());
        working.split(bill.split(), bill.prefill(), bill.kv());
        working.queue(bill.queue(), bill.prefill(), bill.split(), bill.kv());
        working.decode(bill.decode(), bill.weights(), bill.kv(), bill.step(), bill.queue());
        working.requests(bill.requests(), bill.queue(), bill.decode(), bill.kv());
        working.capacity(bill.capacity(), bill.kv(), bill.prefill(), bill.split(), bill.decode());
        working.money(bill.money());
        working.fit(bill.fit(), bill.weights(), bill.kv(), bill.decode());
        return working.figures;
    }

    /** The formula of a closed loop's percentile figure. */
    private static final String LOOP_PERCENTILE = "the closed-loop benchmark run step by step: its requests at the "
            + "percentile (each step max(memory, compute) + comm + layers x t_layer over the tokens it decodes and "
            + "the prompt chunks it prefills)";
    private static final String LOOP_MEAN = "the closed-loop benchmark run step by step: the mean over its requests";

    /** The numbers of a closed loop's figure. */
    private String loopText(String what) {
        int clients = ServingBill.clientsPerReplica(s, shape.inService());
        long requests = ServingBill.loopRequests(s, shape.inService());
        int warmup = ServingBill.loopWarmup(s, shape.inService());
        String pool = s.inference().promptPool()
                ? ", prompts from a pool of " + s.inference().distinctPrompts()
                + (s.design().has(Feature.PREFIX_CACHING) ? " (prefix cache: " + (cachedPool ? "kept" : "too small "
                + "to keep it") + ")" : " (no prefix caching)") : "";
        pool += schedulingText();
        if (loop.steadyState()) {
            return what + " of " + clients + " clients on one replica at the steady state of a run too long to step "
                    + "through" + pool + " (" + stepsText(loop) + ", mean decode batch " + sig(loop.meanDecodeBatch())
                    + ")";
        }
        return what + " of " + clients + " clients, " + requests + " requests on one replica"
                + (warmup > 0 ? " after " + warmup + " of warm-up" : "") + pool + " (" + loop.steps()
                + " steps, mean decode batch " + sig(loop.meanDecodeBatch()) + ", p = " + sig(shape.percentile())
                + ")";
    }

    /** The engine's step scheduling where the design sets it: the budget, whole prompts, held prompts. */
    private String schedulingText() {
        io.ridgeline.facts.EngineScheduling e = s.design().scheduling();
        if (e.equals(io.ridgeline.facts.EngineScheduling.DEFAULT)) {
            return "";
        }
        StringBuilder b = new StringBuilder(", steps of at most ").append(String.format(java.util.Locale.ROOT, "%,d", e.stepTokensOrDefault()))
                .append(" tokens");
        if (shape.attentionGroups() > 1) {
            b.append(" per attention group");
        }
        if (e.wholePrompts() && !shape.chunkedPrefill()) {
            b.append(", whole prompts in decode steps");
        }
        if (e.holdSteps() > 0 && (e.holdTokens() > 0 || shape.attentionGroups() > 1)) {
            b.append(", new prompts held up to ").append(e.holdSteps()).append(" steps until ")
                    .append(e.holdTokens() > 0 ? String.format(java.util.Locale.ROOT, "%,d", e.holdTokens()) + " prompt tokens wait"
                            : "every attention group has one");
        }
        return b.toString();
    }

    private static String stepsText(ClosedLoop.Result r) {
        return (r.steadyState() ? "one cycle of " : "") + r.steps() + " steps over " + sig(r.makespanS()) + " s";
    }

    /** How a stepped throughput was found: run step by step, or at its steady state (one cycle costed). */
    private static String runFormula(ClosedLoop.Result r) {
        return r.steadyState() ? "the run's steady state (one cycle of its batch: G decode steps with the prompts' "
                + "prefill)" : "the run step by step";
    }

    private void weights(Weights wt) {
        NumericFormat wf = d.weights();
        int tp = shape.tp();
        int pp = shape.pp();
        int ep = shape.ep();
        double totalParams = wt.totalParams();
        double perLayer = (totalParams - wt.embeddingParams() - m.hiddenSize()) / m.layers();
        double bias = ParamCounter.attentionBiasParamsPerLayer(m);
        if (bias > 0) {
            fig("total_params", totalParams, "params", "embeddings + layers x (attention + norms + MLP + "
                            + ParamCounter.biasedProjections(m) + " biases) + final norm",
                    compact(wt.embeddingParams()) + " + " + m.layers() + " x (" + compact(perLayer - bias) + " + "
                            + compact(bias) + ") + " + m.hiddenSize());
        } else {
            fig("total_params", totalParams, "params", "embeddings + layers x (attention + norms + MLP) + final norm",
                    compact(wt.embeddingParams()) + " + " + m.layers() + " x " + compact(perLayer) + " + " + m.hiddenSize());
        }
        fig("active_params", wt.activeParams(), "params",
                m.isMoe() ? "total with top-k + shared experts in place of all experts" : "= total params",
                compact(wt.activeParams()));
        fig("weight_bytes_total", wt.weightBytesTotal(), "B", "N_total x bytes/param",
                compact(totalParams) + " x " + sig(wf.bytesPerElement()) + " B (" + wf.id() + ")");
        fig("weight_bytes_per_gpu", wt.weightBytesPerGpu(), "B",
                m.isMoe() ? "W_non_expert / (tp x pp) + W_experts / (pp x max(tp, ep))" : "W / (tp x pp)",
                m.isMoe()
                        ? bytes(wt.denseWeightBytesPerGpu() * tp * pp) + " / (" + tp + " x " + pp + ") + "
                        + bytes(wt.expertWeightBytesPerGpu() * pp * Math.max(tp, ep)) + " / (" + pp + " x "
                        + Math.max(tp, ep) + ")"
                        : bytes(wt.weightBytesTotal()) + " / (" + tp + " x " + pp + ")");
        if (shape.speculative()) {
            fig("draft_weight_bytes_per_gpu", wt.draftWeightBytesPerGpu(), "B", "f_draft x W/GPU",
                    sig(wt.draftFraction()) + " x " + bytes(wt.weightBytesPerGpu()));
        }
    }

    private void kvMemory(KvMemory kv, Weights wt) {
        NumericFormat kvf = d.kvCache();
        boolean spec = shape.speculative();
        boolean mla = m.attention() == AttentionKind.MLA;
        if (kv.distinctPrefixes() > 1 && kv.prefixCacheCapacity() > 0) {
            boolean routed = d.has(io.ridgeline.facts.Feature.CACHE_AWARE_ROUTING);
            fig("prefix_cache_capacity", kv.prefixCacheCapacity(), "prefixes", "max batch + floor((KV budget - max "
                            + "batch x KV per sequence) / prefix KV), at a miss's prefill workspace",
                    "prefix KV " + bytes(kv.prefixBytesPerGpu()) + " a GPU; " + kv.prefixCacheCapacity()
                            + " prefixes a replica");
            fig("prefix_hit_rate", kv.prefixHitRate(), "fraction", "min(1, capacity / prefixes a replica sees), "
                            + "least recently used first, prefixes requested alike"
                            + (routed ? "; routed by prefix: ceil(N / replicas) a replica" : "; every replica sees all N"),
                    "min(1, " + kv.prefixCacheCapacity() + " / " + kv.prefixesPerReplica() + ") = "
                            + percent(kv.prefixHitRate()) + (kv.prefixBilledShare() > 0 ? ""
                            : "; below the SLO percentile, so the percentile's request misses and no prefix is "
                            + "billed as cached"));
        }
        fig("prefill_tokens", kv.prefillTokens(), "tokens", "P - cached prefix",
                kv.promptTokens() + " - " + kv.cachedTokens());
        fig("kv_bytes_per_token", kv.kvBytesPerToken(), "B",
                mla ? "layers x (kvLoraRank + qkRopeHeadDim) x bytes" : "2 x layers x kvHeads x headDim x bytes",
                mla
                        ? m.layers() + " x (" + m.mla().kvLoraRank() + " + " + m.mla().qkRopeHeadDim() + ") x "
                        + sig(kvf.bytesPerElement()) + " B"
                        : "2 x " + m.layers() + " x " + m.kvHeads() + " x " + m.headDim() + " x "
                        + sig(kvf.bytesPerElement()) + " B");
        fig("kv_bytes_per_token_per_gpu", kv.kvBytesPerTokenPerGpu(), "B",
                "kv / (tp_kv x pp x cp x attention groups), tp_kv = "
                        + (mla ? "1 (MLA latent is copied)" : "min(tp, kvHeads)"),
                bytes(kv.kvBytesPerToken()) + " / (" + Memory.kvTensorParallelDegree(m, shape.tp()) + " x "
                        + shape.pp() + " x " + shape.cp() + " x " + shape.attentionGroups() + ")");
        fig("usable_hbm_bytes_per_gpu", kv.usableHbmBytesPerGpu(), "B",
                "0.90 x HBM (runtime and fragmentation reserve)",
                sig(ReplicaBudget.USABLE_HBM_FRACTION) + " x " + bytes(s.cluster().gpu().hbmBytes()));
        fig("workspace_bytes_per_gpu", kv.workspaceBytesPerGpu(), "B",
                "chunk / cp x (4 x hidden + 2 x intermediate / tp) x 2 B",
                kv.prefillChunkTokens() + " / " + shape.cp() + " x (4 x " + m.hiddenSize() + " + 2 x "
                        + compact(ReplicaBudget.mlpWidthPerToken(m)) + " / " + shape.tp() + ") x 2 B");
        fig("kv_budget_bytes_per_gpu", kv.kvBudgetBytesPerGpu(), "B",
                spec ? "max(0, usable - weights - draft weights - workspace)"
                        : "max(0, usable - weights - workspace)",
                "max(0, " + bytes(kv.usableHbmBytesPerGpu()) + " - " + bytes(wt.weightBytesPerGpu())
                        + (spec ? " - " + bytes(wt.draftWeightBytesPerGpu()) : "") + " - "
                        + bytes(kv.workspaceBytesPerGpu()) + ")");
        fig("kv_bytes_per_sequence_per_gpu", kv.kvBytesResidentPerSequencePerGpu(), "B",
                spec ? "KV(L) / shard divisor x (1 + f_draft)" : "KV(L) / shard divisor",
                bytes(kv.kvBytesPerSequence()) + " / " + compact(kv.kvShardDivisor())
                        + (spec ? " x " + sig(1 + wt.draftKvFraction()) : "") + " at L = " + kv.contextTokens());
        fig("max_batch_seqs", kv.maxBatch(), "seqs", "floor(KV budget / KV per sequence per GPU)",
                "floor(" + bytes(kv.kvBudgetBytesPerGpu()) + " / " + bytes(kv.kvBytesResidentPerSequencePerGpu())
                        + ")");
    }

    private void prefill(Prefill pf, Weights wt, KvMemory kv, StepTime step) {
        int tp = shape.tp();
        int cp = shape.cp();
        int groups = shape.attentionGroups();
        String peakAt = si(wt.peakFlopsPerS(), "FLOP/s") + " " + wt.computeFormat().id() + " x "
                + sig(eff.servingCompute());
        fig("prefill_flops", pf.prefillFlops(), "FLOP", "2 x N_active x (P - cached) + causal attention",
                "2 x " + compact(wt.activeParams()) + " x " + kv.prefillTokens() + " + "
                        + si(Flops.prefillAttentionFlops(m, kv.cachedTokens(), kv.promptTokens()), "FLOP"));
        boolean experts = pf.expertPrefillFlops() > 0;
        double fixedS = step.passOverheadS();
        double expertsS = StepTime.prefillExpertsS(m, eff, shape.ep(), kv.prefillTokens());
        String fixed = (fixedS > 0 ? " + layers x t_layer" : "")
                + (expertsS > 0 ? " + MoE layers x experts touched per GPU x t_expert" : "");
        fig("ttft_service_ms", pf.ttftServiceS() * 1e3, "ms",
                experts
                        ? "max(F_other / (tp x cp x peak x eta_c) + F_experts / (tp x cp x groups x peak x eta_moe),"
                        + " W_read / (bw x eta_hbm)) + comm" + fixed
                        : "max(F / (tp x cp x peak x eta_c), W_read / (bw x eta_hbm)) + comm" + fixed,
                "max(" + (experts
                        ? si(pf.prefillFlops() - pf.expertPrefillFlops(), "FLOP") + " / (" + tp + " x " + cp + " x "
                        + peakAt + ") + " + si(pf.expertPrefillFlops(), "FLOP") + " / (" + tp + " x " + cp + " x "
                        + groups + " x " + si(wt.peakFlopsPerS(), "FLOP/s") + " x " + sig(eff.moeCompute())
                        : si(pf.prefillFlops(), "FLOP") + " / (" + tp + " x " + cp + " x " + peakAt)
                        + "), " + bytes(pf.weightReadBytes()) + " / (" + si(wt.hbmBytesPerS(), "B/s")
                        + " x " + sig(eff.hbm()) + ")) + " + msFromS(pf.commS())
                        + (fixedS > 0 ? " + " + msFromS(fixedS) : "") + (expertsS > 0 ? " + " + msFromS(expertsS) : ""));
        InferenceComm comm = step.comm();
        double tokens = kv.prefillTokens();
        fig("ttft_comm_ms", pf.commS() * 1e3, "ms",
                "TP all-reduces + PP sends + EP all-to-alls over the prompt (the CP ring's KV exchange hides behind "
                        + "attention)",
                comm.tpAllReducesPerPass() + " all-reduces " + msFromS(comm.tpS(tokens)) + " + pp "
                        + msFromS(comm.ppS(tokens)) + " + ep " + msFromS(comm.epS(tokens)));
    }

    private void split(Split sp, Prefill pf, KvMemory kv) {
        if (!shape.embeddingOnly()) {
            fig("prefill_decode_ratio", sp.prefillToDecodeRatio(), "ratio", "t_prefill / (G x TPOT(B) / B)",
                    msFromS(pf.occupancyS()) + " / (" + kv.outputTokens() + " x "
                            + msFromS(sp.ceilingStepS()) + " / " + sp.ceilingBatch() + ")");
        }
        if (shape.disaggregated()) {
            fig("prefill_instances", sp.prefillInstances(), "replicas", "round(share x replicas)",
                    "round(" + sig(sp.prefillShare()) + " x " + shape.inService() + "), " + sp.decodeInstances()
                            + " decode");
        }
        fig("kv_transfer_bytes", sp.kvTransferBytes(), "B", "KV(P), the prompt's cache",
                kv.promptTokens() + " tokens x " + bytes(kv.kvBytesPerToken()));
        fig("kv_transfer_ms", sp.kvTransferS() * 1e3, "ms", "bytes / (GPUs x link x eta_link) + alpha",
                bytes(sp.kvTransferBytes()) + " / (" + shape.gpusPerReplica() + " x "
                        + si(sp.transferLinkBytesPerS(), "B/s") + " x " + sig(eff.link()) + ") + "
                        + sig(sp.transferAlphaS() * 1e6) + " us");
    }

    private void queue(PrefillQueue q, Prefill pf, Split sp, KvMemory kv) {
        boolean disagg = shape.disaggregated();
        boolean chunked = shape.chunkedPrefill();
        double rho = q.utilization();
        fig("prefill_utilization", rho, "ratio", "lambda / prefill instances x t_prefill / attention groups",
                sig(shape.requestsPerS()) + " / " + sp.prefillInstances() + " x "
                        + msFromS(pf.ttftServiceS()) + " / " + shape.attentionGroups());
        fig("ttft_queue_ms", q.ttftQueueMs(), "ms",
                "W_p of M/D/1 (deterministic prefill): the t where (1 - rho) sum_k (lambda (kD - t))^k / k! "
                        + "e^(-lambda (kD - t)) = p, D = t_prefill / attention groups; exponential tail past 8 D",
                q.unstable() ? "rho = " + sig(rho) + " >= 1: the queue grows without bound"
                        : "rho = " + sig(rho) + ", D = " + msFromS(pf.occupancyS()) + ", p = "
                        + sig(shape.percentile()));
        if (loop != null) {
            fig("ttft_ms", q.ttftMs(), "ms", "retrieval + " + LOOP_PERCENTILE, sig(w.retrievalMs()) + " ms + "
                    + loopText("TTFT"));
        } else {
            fig("ttft_ms", q.ttftMs(), "ms", disagg ? "retrieval + service + queue + KV transfer"
                            : "retrieval + service + queue",
                    sig(w.retrievalMs()) + " + " + sig(pf.ttftServiceS() * 1e3) + " + " + latency(q.ttftQueueMs())
                            + (disagg ? " + " + sig(sp.kvTransferS() * 1e3) : "") + " ms");
        }
        if (!disagg && !shape.embeddingOnly()) {
            fig("decode_stall_ms", q.stallS() * 1e3, "ms",
                    chunked ? "t_prefill x min(1, chunk / prefill tokens)"
                            : "t_prefill (a whole prompt runs between two decode steps)",
                    chunked
                            ? msFromS(pf.ttftServiceS()) + " x min(1, " + ReplicaBudget.PREFILL_CHUNK_TOKENS + " / "
                            + kv.prefillTokens() + ")"
                            : msFromS(pf.ttftServiceS()));
        }
    }

    private void decode(Decode dc, Weights wt, KvMemory kv, StepTime st, PrefillQueue queue) {
        int batch = dc.batch();
        fig("batch_seqs", batch, "seqs", batchRule(dc.batchRule()), String.valueOf(batch));
        if (!shape.embeddingOnly()) {
            tpot(dc, wt, kv, st, queue);
        }
        fig("weight_bound_batch_seqs", dc.weightBoundBatch(), "seqs",
                "B* = (pp x W/GPU / eta_hbm) / (KV(L)/GPU / eta_kv): the batch where reading the KV takes as long as"
                        + " reading the weights",
                "(" + shape.pp() + " x " + bytes(wt.weightBytesPerGpu()) + " / " + sig(eff.hbm()) + ") / ("
                        + bytes(kv.kvBytesPerSequencePerGpu()) + " / " + sig(eff.kvHbm()) + ")");
        if (!shape.embeddingOnly()) {
            double read = dc.weightBytesReadPerStep() + dc.kvBytesReadPerStep();
            fig("kv_traffic_share", dc.kvTrafficShare(), "ratio", "KV read / (weights read + KV read)",
                    bytes(dc.kvBytesReadPerStep()) + " / (" + bytes(dc.weightBytesReadPerStep()) + " + "
                            + bytes(dc.kvBytesReadPerStep()) + ")");
            fig("decode_arithmetic_intensity_flop_per_byte", dc.arithmeticIntensityFlopsPerByte(), "FLOP/B",
                    "FLOP per step / bytes per step", si(dc.stepFlops(), "FLOP") + " / " + bytes(read));
        }
        fig("ridge_point_flop_per_byte", dc.ridgePointFlopsPerByte(), "FLOP/B", "peak / bw",
                si(wt.peakFlopsPerS(), "FLOP/s") + " / " + si(wt.hbmBytesPerS(), "B/s"));
    }

    private static String batchRule(BatchRule rule) {
        return switch (rule) {
            case DESIGN -> "design.batch";
            case NONE_FITS -> "1 (not one sequence fits; latencies shown at batch 1)";
            case LITTLES_LAW -> "min(maxBatch, ceil(lambda / instances x (t_prefill + TPOT x (G - 1))))";
            case MAX_BATCH -> "maxBatch";
            case CLOSED_LOOP -> "the mean decode batch of the closed-loop benchmark, at most maxBatch";
        };
    }

    /** The step's parts, the speculative yield, TPOT mean and at the percentile. */
    private void tpot(Decode dc, Weights wt, KvMemory kv, StepTime st, PrefillQueue queue) {
        boolean spec = shape.speculative();
        int batch = dc.batch();
        double q = dc.queryTokens();
        int k = st.draftTokens();
        double alpha = st.acceptanceRate();
        double stallsPerS = queue.stallsPerS();
        String qs = spec ? " x " + sig(q) : "";
        String bw = si(wt.hbmBytesPerS(), "B/s");
        fig("tpot_memory_ms", dc.tpotMemoryS() * 1e3, "ms",
                "pp x (W_read/GPU / (bw x eta_hbm) + B/m x KV(L)/GPU / (bw x eta_kv))",
                shape.pp() + " x (" + bytes(dc.weightBytesReadPerStep()) + " / (" + bw + " x " + sig(eff.hbm())
                        + ") + " + batch + "/" + sig(dc.microBatches()) + " x " + bytes(kv.kvBytesPerSequencePerGpu())
                        + " / (" + bw + " x " + sig(eff.kvHbm()) + "))");
        fig("tpot_compute_ms", dc.tpotComputeS() * 1e3, "ms",
                "pp x B/m x q x F_token/GPU / (peak x eta_c)",
                shape.pp() + " x " + batch + "/" + sig(dc.microBatches()) + qs + " x "
                        + si(st.flopsPerTokenPerGpu(), "FLOP") + " / (" + si(wt.peakFlopsPerS(), "FLOP/s") + " "
                        + wt.computeFormat().id() + " x " + sig(eff.servingCompute()) + ")");
        InferenceComm comm = st.comm();
        double tokensPerGroup = batch / dc.microBatches() * q / shape.attentionGroups();
        fig("tpot_comm_ms", dc.tpotCommS() * 1e3, "ms", "TP all-reduces + PP sends + EP all-to-alls + CP merges",
                comm.tpAllReducesPerPass() + " all-reduces " + msFromS(comm.tpS(tokensPerGroup)) + " + pp "
                        + msFromS(comm.ppS(tokensPerGroup)) + " + ep " + msFromS(comm.epS(tokensPerGroup))
                        + " + cp " + msFromS(comm.cpS(tokensPerGroup, true)));
        if (spec) {
            fig("spec_tokens_per_step", dc.specTokensPerStep(), "tokens", "(1 - alpha^(k+1)) / (1 - alpha)",
                    "(1 - " + sig(alpha) + "^" + (k + 1) + ") / (1 - " + sig(alpha) + ")");
        }
        String stepText = spec
                ? "(" + msFromS(st.step().stepS(batch, q)) + " + " + k + " x draft step (weights x "
                + sig(wt.draftFraction()) + ", KV x " + sig(wt.draftKvFraction()) + ", collectives x "
                + sig(wt.draftCommFraction()) + ")) / " + sig(dc.specTokensPerStep())
                : "max(" + msFromS(dc.tpotMemoryS()) + ", " + msFromS(dc.tpotComputeS()) + ") + "
                + msFromS(dc.tpotCommS()) + (st.passOverheadS() > 0 ? " + " + msFromS(st.passOverheadS()) : "");
        String stepFormula = spec ? "(verify step + k x draft step) / tokens per step"
                : "max(TPOT_mem, TPOT_compute) + comm" + (st.passOverheadS() > 0 ? " + layers x t_layer" : "");
        if (loop != null) {
            fig("tpot_mean_ms", dc.tpotMeanS() * 1e3, "ms", LOOP_MEAN, loopText("TPOT"));
        } else {
            fig("tpot_mean_ms", dc.tpotMeanS() * 1e3, "ms",
                    queue.decodeStretch() > 1 ? "(" + stepFormula + ") / (1 - rho_prefill)" : stepFormula,
                    queue.decodeStretch() > 1 ? "(" + stepText + ") / (1 - " + sig(queue.utilization()) + ")"
                            : stepText);
        }
        if (loop != null) {
            fig("tpot_ms", dc.tpotS() * 1e3, "ms", LOOP_PERCENTILE, loopText("TPOT"));
            return;
        }
        fig("tpot_ms", dc.tpotS() * 1e3, "ms", stallsPerS > 0
                        ? "max(TPOT_mean, step + Q_p(N) x stall / (G - 1)), N ~ Poisson(stalls/s x (G - 1) x "
                        + "TPOT_mean): the prefill stalls a request meets, at the percentile"
                        : "TPOT_mean (no prefill stalls the decode)",
                stallsPerS > 0 ? "max(" + msFromS(dc.tpotMeanS()) + ", " + msFromS(dc.stepS()) + " + Q_"
                        + sig(shape.percentile()) + "(Poisson(" + sig(stallsPerS) + "/s x "
                        + Math.max(0, kv.outputTokens() - 1) + " x " + msFromS(dc.tpotMeanS()) + ")) x "
                        + msFromS(queue.stallS()) + " / " + Math.max(1, kv.outputTokens() - 1) + ")"
                        : msFromS(dc.tpotMeanS()));
    }

    private void requests(Requests rq, PrefillQueue q, Decode dc, KvMemory kv) {
        double p = shape.percentile();
        int calls = w.toolCallsPerTask();
        fig("e2e_ms", rq.e2eMs(), "ms", "TTFT + TPOT x (G - 1)",
                latency(q.ttftMs()) + " + " + sig(dc.tpotS() * 1e3) + " x " + Math.max(0, kv.outputTokens() - 1)
                        + " ms");
        fig("task_ms", rq.taskMs(), "ms", "calls x E2E", Math.max(1, calls) + " x " + latency(rq.e2eMs()) + " ms");
        if (calls > 1) {
            fig("task_all_calls_under_percentile_share", rq.allCallsUnderPercentileShare(), "ratio", "p^calls",
                    sig(p) + "^" + calls);
        }
    }

    private void capacity(Capacity cap, KvMemory kv, Prefill pf, Split sp, Decode dc) {
        boolean embedding = shape.embeddingOnly();
        boolean disagg = shape.disaggregated();
        int outputTokens = kv.outputTokens();
        int batch = dc.batch();
        if (embedding) {
            fig("tokens_per_s_per_replica", cap.batchTokensPerSPerReplica(), "tokens/s",
                    "prompt tokens / batched prefill time (compute + collectives per 2048-token chunk)",
                    kv.prefillTokens() + " / " + msFromS(pf.batchedPrefillS()));
        } else if (loop != null || run != null) {
            ClosedLoop.Result r = loop != null ? loop : run;
            fig("tokens_per_s_per_replica", cap.batchTokensPerSPerReplica(), "tokens/s",
                    runFormula(r) + ": output tokens / duration",
                    stepsText(r) + ", mean decode batch " + sig(r.meanDecodeBatch()));
        } else {
            fig("tokens_per_s_per_replica", cap.batchTokensPerSPerReplica(), "tokens/s", "B / TPOT_mean",
                    batch + " / " + msFromS(dc.tpotMeanS()));
        }
        if (w.offline() && !embedding) {
            fig("tokens_per_s", cap.tokensPerS(), "tokens/s",
                    disagg ? "requests/s capacity x G (the slower of prefill and decode instances)"
                            : "requests/s capacity x G (prefill and decode share the GPUs)",
                    sig(cap.requestsPerSCapacity()) + " x " + outputTokens);
        } else {
            fig("tokens_per_s", cap.tokensPerS(), "tokens/s", "per replica x decode replicas",
                    sig(cap.tokensPerSPerReplica()) + " x " + (embedding ? shape.inService() : sp.decodeInstances()));
        }
        ClosedLoop.Result stepped = loop != null ? loop : run;
        if (stepped != null && !embedding) {
            fig("requests_per_s_per_replica", cap.requestsPerSPerReplica(), "requests/s", runFormula(stepped)
                    + ": requests / duration", stepsText(stepped));
        } else fig("requests_per_s_per_replica", cap.requestsPerSPerReplica(), "requests/s",
                embedding ? "1 / batched prefill time"
                        : disagg ? "capacity / replicas" : "1 / (t_prefill + G x TPOT_step / B)",
                embedding || disagg ? sig(cap.requestsPerSCapacity()) + " x 1 / " + shape.inService()
                        : "1 / (" + msFromS(pf.occupancyS()) + " + " + outputTokens + " x " + msFromS(dc.stepS())
                        + " / " + batch + ")");
        fig("requests_per_s_capacity", cap.requestsPerSCapacity(), "requests/s",
                disagg ? "min(prefill instances / t_prefill, decode instances x B / (G x TPOT_step))"
                        : "per replica x replicas",
                disagg ? "min(" + sp.prefillInstances() + " / " + msFromS(pf.occupancyS()) + ", " + sp.decodeInstances()
                        + " x " + batch + " / (" + outputTokens + " x " + msFromS(dc.stepS()) + "))"
                        : sig(cap.requestsPerSPerReplica()) + " x " + shape.inService());
        if (s.slo().hasTpot() && !embedding) {
            fig("knee_batch_seqs", cap.kneeBatch(), "seqs", "B where TPOT(B) = SLO (Brent), in [1, maxBatch]",
                    "TPOT(" + sig(cap.kneeBatch()) + ") = " + sig(s.slo().tpotMs()) + " ms, maxBatch "
                            + kv.maxBatch());
        }
        fig("concurrency_seqs", cap.concurrency(), "seqs", "lambda x (t_prefill + TPOT x (G - 1))",
                sig(shape.requestsPerS()) + "/s x " + msFromS(cap.residentS()));
        if (w.closedLoop()) {
            fig("replicas_needed", cap.replicasNeeded(), "replicas",
                    "ceil(clients / B_usable): a closed loop's rate follows from its clients and replicas",
                    w.concurrency() + " clients, B_usable = " + compact(cap.usableBatch()));
        } else {
            fig("replicas_needed", cap.replicasNeeded(), "replicas",
                disagg ? "decode max(ceil(C / B_usable), ceil(lambda G TPOT_step / B_usable)) + prefill "
                        + "floor(lambda t_prefill) + 1"
                        : "max(ceil(C / B_usable), ceil(lambda / requests/s per replica))",
                "C = " + sig(cap.concurrency()) + ", B_usable = " + compact(cap.usableBatch()) + ", lambda = "
                        + sig(shape.requestsPerS()) + "/s" + (s.slo().hasThroughput() ? ", throughput floor "
                        + sig(s.slo().minThroughputTokensPerS()) + " tokens/s" : ""));
        }
        fig("peak_replicas_needed", cap.peakReplicasNeeded(), "replicas", "replicas needed at lambda x peak/mean",
                "lambda_peak = " + sig(cap.peakRequestsPerS()) + "/s");
        if (w.offline()) {
            if (run != null) {
                fig("makespan_s", cap.makespanS(), "s", "requests / requests/s capacity (" + runFormula(run) + ")",
                        w.offlineRequests() + " / " + sig(cap.requestsPerSCapacity()));
            } else fig("makespan_s", cap.makespanS(), "s", "requests x G / fleet tokens/s + requests x t_prefill_batched / "
                            + "prefill replicas",
                    w.offlineRequests() + " x " + (embedding ? 0 : outputTokens) + " / "
                            + sig(cap.fleetDecodeTokensPerS()) + " + " + w.offlineRequests() + " x "
                            + msFromS(pf.batchedPrefillS()) + " / " + sp.prefillInstances());
        }
    }

    private void money(Money money) {
        Gpu g = s.cluster().gpu();
        int replicas = shape.replicas();
        double costPerHour = money.costPerHourUsd();
        if (money.autoscaled()) {
            fig("cost_per_hour_usd", costPerHour, "USD/h",
                    "time-averaged replicas x GPUs per replica x USD/GPU-h; autoscaled replicas follow the load, "
                            + "holding the peak's load per replica: min(replicas, ceil(replicas / (peak/mean) x "
                            + InferenceEstimator.AUTOSCALE_HEADROOM + " headroom))",
                    "min(" + replicas + ", ceil(" + replicas + " / " + sig(w.peakToMeanRatio()) + " x "
                            + InferenceEstimator.AUTOSCALE_HEADROOM + ")) x " + shape.gpusPerReplica() + " x "
                            + sig(g.usdPerGpuHour()));
        } else {
            fig("cost_per_hour_usd", costPerHour, "USD/h", "GPUs x USD/GPU-h",
                    shape.totalGpus() + " x " + sig(g.usdPerGpuHour()));
        }
        fig("cost_per_million_tokens_usd", money.costPerMillionTokensUsd(), "USD",
                "USD/h / (tokens served/s x 3600) x 1e6; served = " + (shape.requestsPerS() > 0
                        ? "min(fleet tokens/s, lambda x tokens per request)" : "fleet tokens/s (offline)"),
                sig(costPerHour) + " / (" + sig(money.servedTokensPerS()) + " x 3600) x 1e6");
    }

    private void fit(Fit fit, Weights wt, KvMemory kv, Decode dc) {
        int batch = dc.batch();
        fig("memory_bytes_per_gpu", fit.memoryBytesPerGpu(), "B", "weights + draft + workspace + B x KV per sequence",
                bytes(wt.weightBytesPerGpu()) + " + " + bytes(wt.draftWeightBytesPerGpu()) + " + "
                        + bytes(kv.workspaceBytesPerGpu()) + " + " + batch + " x "
                        + bytes(kv.kvBytesResidentPerSequencePerGpu()));
        fig("max_context_at_batch_tokens", fit.maxContextAtBatch(), "tokens",
                "largest L with B x KV(L)/GPU <= KV budget (capped at the model maximum)",
                batch + " x KV(L) <= " + bytes(kv.kvBudgetBytesPerGpu()));
    }

    private void fig(String key, double value, String unit, String formula, String substituted) {
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("figure " + key + " is not finite: " + value);
        }
        figures.add(new Figure(key, value, unit, formula, substituted));
    }

    /** A latency in the working: its digits, or "unbounded" for the sentinel of a queue that grows without bound. */
    private static String latency(double ms) {
        return ms >= InferenceEstimator.UNBOUNDED_MS ? "unbounded" : sig(ms);
    }
}
