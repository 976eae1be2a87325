package io.ridgeline.engine.estimate;

import io.ridgeline.engine.arithmetic.ClosedLoop;
import io.ridgeline.engine.arithmetic.DecodeStep;
import io.ridgeline.engine.arithmetic.Disaggregation;
import io.ridgeline.engine.arithmetic.Flops;
import io.ridgeline.engine.arithmetic.InferenceComm;
import io.ridgeline.engine.arithmetic.InferenceLatency;
import io.ridgeline.engine.arithmetic.Memory;
import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.arithmetic.PrefixCache;
import io.ridgeline.engine.arithmetic.ReplicaBudget;
import io.ridgeline.engine.arithmetic.Requirements;
import io.ridgeline.engine.arithmetic.Roofline;
import io.ridgeline.engine.arithmetic.Throughput;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.Slo;
import java.util.function.DoubleUnaryOperator;

/**
 * The numbers of one serving bill, computed in named stages, each an immutable record that reads the scenario and
 * the stages before it: {@link Shape}, {@link Weights}, {@link KvMemory}, {@link StepTime}, {@link Prefill},
 * {@link Split}, {@link PrefillQueue}, {@link Decode}, {@link Requests}, {@link Capacity}, {@link Money} and
 * {@link Fit}. No stage builds a string: {@link ServingCheck} turns the stages into the requirement check and
 * {@link ServingWorking} into the formula text, only when that is wanted. The formulas live in
 * {@code io.ridgeline.engine.arithmetic}; the stages choose their inputs by the rules of {@link InferenceEstimator}.
 */
final class ServingBill {

    private final Scenario scenario;
    private final ClosedLoop.Result loop;
    private final ClosedLoop.Result offlineRun;
    private final Shape shape;
    private final Weights weights;
    private final KvMemory kv;
    private final StepTime step;
    private final Prefill prefill;
    private final Split split;
    private final PrefillQueue queue;
    private final Decode decode;
    private final Requests requests;
    private final Capacity capacity;
    private final Money money;
    private final Fit fit;

    /**
     * Computes every stage for {@code s} with {@code inService} replicas serving its load; {@code draftModel}, when
     * not null, sizes the speculative-decoding draft.
     */
    ServingBill(Scenario s, ModelArchitecture draftModel, int inService) {
        this(s, draftModel, inService, null);
    }

    /**
     * As above; {@code loop}, when not null, is the closed-loop benchmark of one replica ({@link #closedLoop}) whose
     * latencies and rates replace the open-loop queue's (the scenario then carries the request rate the loop
     * reached).
     */
    ServingBill(Scenario s, ModelArchitecture draftModel, int inService, ClosedLoop.Result loop) {
        this(s, draftModel, inService, loop, null);
    }

    /**
     * As above; {@code offlineRun}, when not null, is an offline job run step by step on one replica
     * ({@link #offlineRun}): the replica's throughput is the run's, its latencies stay the bill's.
     */
    ServingBill(Scenario s, ModelArchitecture draftModel, int inService, ClosedLoop.Result loop,
                ClosedLoop.Result offlineRun) {
        this.scenario = s;
        this.loop = loop;
        this.offlineRun = offlineRun;
        this.shape = Shape.of(s, inService);
        this.weights = Weights.of(s, shape, draftModel);
        this.kv = KvMemory.of(s, shape, weights);
        this.step = StepTime.of(s, shape, weights, kv);
        this.prefill = Prefill.of(s, shape, weights, kv, step);
        this.split = Split.of(s, shape, kv, step, prefill);
        this.queue = PrefillQueue.of(s, shape, kv, prefill, split, loop);
        this.decode = Decode.of(s, shape, weights, kv, step, prefill, split, queue, loop);
        this.requests = Requests.of(s, shape, kv, queue, decode);
        this.capacity = Capacity.of(s, shape, kv, step, prefill, split, decode, loop != null ? loop : offlineRun);
        this.money = Money.of(s, shape, kv, capacity);
        this.fit = Fit.of(s, weights, kv, decode);
    }

    Scenario scenario() {
        return scenario;
    }

    /** The closed-loop benchmark behind this bill's latencies, or null for open-loop and offline traffic. */
    ClosedLoop.Result loop() {
        return loop;
    }

    /** The offline job run step by step behind this bill's throughput, or null. */
    ClosedLoop.Result offlineRun() {
        return offlineRun;
    }

    /** Clients per replica of a closed loop: the concurrency over the replicas in service, rounded up. */
    static int clientsPerReplica(Scenario s, int inService) {
        return (int) Math.ceil((double) s.inference().concurrency() / Math.max(1, inService));
    }

    /**
     * Runs the closed-loop benchmark on one replica of {@code bill} (whose traffic is the loop's, at no open arrival
     * rate): its clients, the prompt tokens left to prefill, the output, at most the batch that memory holds (and the
     * design's batch) running, prefill mixed into decode steps under chunked prefill, else in steps of its own. A
     * step of d decoding sequences reading K context tokens and n prompt tokens costs
     * max(memory, compute) + collectives + the fixed cost of a pass: memory = the weights the d + n tokens touch at
     * the weight stream's share + K x KV bytes per token per GPU at the KV share; compute = d x the linear FLOP of a
     * token + K x the attention FLOP per key + the prompts' share of their prefill FLOP, per GPU, at the compute
     * (experts: grouped-GEMM) share; collectives over d + n tokens.
     */
    static ClosedLoop.Result closedLoop(ServingBill bill) {
        int clients = clientsPerReplica(bill.scenario(), bill.shape().inService());
        long requests = loopRequests(bill.scenario(), bill.shape().inService());
        int warmup = loopWarmup(bill.scenario(), bill.shape().inService());
        KvMemory kv = bill.kv();
        int running = Math.min(clients, maxRunning(bill));
        // the steps a run takes: each batch of running sequences decodes G tokens and prefills its prompts
        double steps = (double) Math.min(requests + warmup, ClosedLoop.MAX_REQUESTS) / running
                * (kv.outputTokens() + (double) running * kv.prefillTokens() / stepTokens(bill));
        if (steps > ClosedLoop.MAX_STEPS) {
            // too long to step through: its steady state, the clients beyond the batch waiting their turn
            // a cached pool's entries miss once each, N of the requests; the others prefill their tail only
            double prefilled = 1.0;
            int pool = cachedPromptPool(bill, running);
            if (pool > 0) {
                int p = Math.max(1, kv.prefillTokens());
                // each entry misses once, and the warm-up's requests take the first misses
                double misses = Math.min(1.0, Math.max(0.0, (double) pool - warmup)
                        / Math.min(requests, ClosedLoop.MAX_REQUESTS));
                prefilled = misses + (1.0 - misses) * ClosedLoop.uncachedTail(p) / p;
            }
            ClosedLoop.Result r = ClosedLoop.steadyState(running, Math.max(1, kv.prefillTokens()),
                    Math.max(1, kv.outputTokens()), scheduling(bill).mixed(), stepCost(bill), stepTokens(bill),
                    prefilled);
            double waitS = (clients - running) / r.requestsPerS();
            return new ClosedLoop.Result(r.ttftMeanS() + waitS, r.tpotMeanS(), r.ttftAtPercentileS() + waitS,
                    r.tpotAtPercentileS(), r.requestsPerS(), r.outputTokensPerS(), r.meanDecodeBatch(), r.steps(),
                    r.makespanS(), true);
        }
        return run(bill, clients, requests, warmup);
    }

    /**
     * The requests one replica's closed loop measures: the benchmark's (workload.benchmark_requests, else ten per
     * client) split over the replicas as its clients are, at least one per client and at most
     * {@value ClosedLoop#MAX_REQUESTS}.
     */
    static long loopRequests(Scenario s, int inService) {
        int clients = clientsPerReplica(s, inService);
        double share = (double) clients / Math.max(1, s.inference().concurrency());
        return Math.min(ClosedLoop.MAX_REQUESTS, Math.max(clients, Math.round(s.inference().measuredRequests() * share)));
    }

    /** The warm-up requests one replica's closed loop runs first and leaves out, split as {@link #loopRequests}. */
    static int loopWarmup(Scenario s, int inService) {
        double share = (double) clientsPerReplica(s, inService) / Math.max(1, s.inference().concurrency());
        return (int) Math.min(ClosedLoop.MAX_REQUESTS, Math.round(s.inference().warmupRequests() * share));
    }

    /** True when an offline job's throughput comes from running it step by step: colocated decode work. */
    static boolean runsOffline(Scenario s) {
        InferenceWorkload w = s.inference();
        return w.offline() && !w.embeddingOnly() && !s.design().has(Feature.DISAGGREGATION);
    }

    /**
     * An offline job on one replica of {@code bill}: every request queued at once, as many running as the batch
     * allows ({@link #closedLoop}'s engine with that many clients), the replica's share of the requests (at most
     * {@value ClosedLoop#ROUNDS} batches of them: the run has reached its steady state by then).
     */
    static ClosedLoop.Result offlineRun(ServingBill bill) {
        int running = maxRunning(bill);
        long share = (long) Math.ceil((double) bill.scenario().inference().offlineRequests()
                / Math.max(1, bill.shape().inService()));
        if (share > (long) running * ClosedLoop.ROUNDS) {
            // a long job: its start and end are a small part of it, and its steady state sets the pace
            KvMemory kv = bill.kv();
            return ClosedLoop.steadyState(running, Math.max(1, kv.prefillTokens()), Math.max(1, kv.outputTokens()),
                    scheduling(bill).mixed(), stepCost(bill), stepTokens(bill));
        }
        return run(bill, (int) Math.max(1, Math.min(running, share)), share, 0);
    }

    /**
     * A replica's step budget: {@value ClosedLoop#STEP_TOKEN_BUDGET} tokens for each attention group, each of which
     * schedules its own step (attention data parallelism).
     */
    private static int stepTokens(ServingBill bill) {
        return bill.scenario().design().scheduling().stepTokensOrDefault() * Math.max(1, bill.shape().attentionGroups());
    }

    /**
     * How the bill's engine fills a step: chunked prefill mixes prompt chunks into decode steps; without it, whole
     * prompts ride in decode steps ({@code design.prefill_steps: whole}) or a step that prefills pauses decoding; the
     * prompts held back to batch them ({@code design.prefill_hold_steps}, {@code prefill_hold_tokens}).
     */
    static ClosedLoop.Scheduling scheduling(ServingBill bill) {
        io.ridgeline.facts.EngineScheduling e = bill.scenario().design().scheduling();
        boolean chunked = bill.shape().chunkedPrefill();
        boolean whole = !chunked && e.wholePrompts();
        int groups = Math.max(1, bill.shape().attentionGroups());
        // without a token threshold, the holding waits for a prompt for each attention group
        int holdPrompts = e.holdSteps() > 0 && e.holdTokens() == 0 && groups > 1 ? groups : 0;
        // a speculative step verifies k drafted tokens of each decoding sequence besides its own
        int perDecode = bill.shape().speculative() ? bill.scenario().design().specDraftTokens() + 1 : 1;
        return new ClosedLoop.Scheduling(chunked || whole, !whole, stepTokens(bill), holdPrompts, e.holdTokens(),
                holdPrompts > 0 || e.holdTokens() > 0 ? e.holdSteps() : 0, perDecode);
    }

    private static int maxRunning(ServingBill bill) {
        int maxRunning = Math.max(1, bill.kv().maxBatch());
        if (bill.scenario().design().batch() > 0) {
            maxRunning = Math.min(maxRunning, bill.scenario().design().batch());
        }
        return maxRunning;
    }

    /** The sequences one replica's closed loop runs at most: its clients, within the batch memory holds. */
    static int loopRunning(ServingBill bill) {
        return Math.min(clientsPerReplica(bill.scenario(), bill.shape().inService()), maxRunning(bill));
    }

    private static ClosedLoop.Result run(ServingBill bill, int clients, long requests, int warmup) {
        KvMemory kv = bill.kv();
        int running = Math.min(clients, maxRunning(bill));
        return ClosedLoop.run(clients, requests, Math.max(1, kv.prefillTokens()), Math.max(1, kv.outputTokens()),
                maxRunning(bill), bill.shape().percentile(), stepCost(bill), scheduling(bill),
                bill.scenario().inference().closedLoop() ? cachedPromptPool(bill, running) : 0, warmup);
    }

    /**
     * The closed loop's pool of distinct prompts when the prefix cache keeps it (else 0): prefix caching on, and
     * the pool's N x P prompt tokens plus the running sequences' G output tokens each within the KV memory of a
     * replica (running sequences share their prompt's cached blocks). A cyclic pool that does not fit is evicted
     * entry by entry before each comes round again, and never hits.
     */
    static int cachedPromptPool(ServingBill bill, int running) {
        InferenceWorkload w = bill.scenario().inference();
        if (!w.promptPool() || !bill.scenario().design().has(Feature.PREFIX_CACHING)) {
            return 0;
        }
        KvMemory kv = bill.kv();
        double kvTokens = kv.kvBudgetBytesPerGpu() / kv.kvBytesPerTokenPerGpu();
        double needed = (double) w.distinctPrompts() * kv.promptTokens() + (double) running * kv.outputTokens();
        return needed <= kvTokens ? w.distinctPrompts() : 0;
    }

    /** The cost of one engine step of the bill's replica (see {@link #closedLoop}). */
    private static ClosedLoop.StepCost stepCost(ServingBill bill) {
        Scenario s = bill.scenario();
        Shape shape = bill.shape();
        KvMemory kv = bill.kv();
        Weights weights = bill.weights();
        DecodeStep ds = bill.step().step();
        EfficiencyFactors eff = s.efficiency();
        ModelArchitecture m = s.model();
        int tp = shape.tp();
        int pp = shape.pp();
        int cp = shape.cp();
        int groups = shape.attentionGroups();
        double linearPerGpu = Flops.forwardFlopsPerToken(weights.activeParams()) / ((double) tp * pp * groups);
        int context = Math.max(1, kv.contextTokens());
        double attentionPerKeyPerGpu = Flops.decodeAttentionFlopsPerToken(m, context) / context
                / ((double) tp * pp * cp * groups);
        double kvPerTokenPerGpu = kv.kvBytesPerTokenPerGpu();
        // one prompt's prefill compute on the GPUs that can work on it: its attention group's tp x cp for the
        // dense part, every group's for the experts; stages work on different prompts at once, not on one
        double densePromptS = (bill.prefill().prefillFlops() - bill.prefill().expertPrefillFlops())
                / ((double) tp * cp * weights.peakFlopsPerS() * eff.servingCompute());
        double expertPromptS = bill.prefill().expertPrefillFlops()
                / ((double) tp * cp * groups * weights.peakFlopsPerS() * eff.moeCompute());
        double peakEta = weights.peakFlopsPerS() * eff.servingCompute();
        double bw = weights.hbmBytesPerS();
        StepTime st = bill.step();
        boolean spec = shape.speculative();
        // speculation: a decoding sequence's token costs the verify and draft steps over the tokens a step yields,
        // in the ratio the bill's own step gives at that batch (memoised per batch)
        double[] specRatio = spec ? new double[Math.max(2, maxRunning(bill) + 1)] : null;
        ClosedLoop.StepCost plain = (d, ctx, n, share, promptCount) -> {
            double tokens = d + n;
            double micro = InferenceLatency.decodeMicroBatches(pp, Math.max(1, d));
            double memoryS = pp * (ds.weightBytesReadPerGpu(tokens, 1.0) / (bw * eff.hbm())
                    + ctx / micro * kvPerTokenPerGpu / (bw * eff.kvHbm()));
            // the prompts in the step spread over the attention groups and the stages, one prompt a group
            double prompts = Math.max(1, promptCount);
            double computeS = pp / micro * (d * linearPerGpu + ctx * attentionPerKeyPerGpu) / peakEta
                    + share * (densePromptS / Math.min(groups, prompts) + expertPromptS) / Math.min(pp, prompts);
            double commS = ds.comm().passS(tokens / micro / groups, n == 0);
            // a step that prefills runs eagerly: its experts' launches are not hidden by a CUDA graph
            double expertsS = n > 0 ? StepTime.prefillExpertsS(m, eff, shape.ep(), tokens) : 0.0;
            return Math.max(memoryS, computeS) + commS + ds.passOverheadS() + expertsS;
        };
        if (!spec) {
            return plain;
        }
        return (d, ctx, n, share, promptCount) -> {
            double step = plain.stepS(d, ctx, n, share, promptCount);
            if (d <= 0) {
                return step;
            }
            int i = Math.min(d, specRatio.length - 1);
            if (specRatio[i] == 0) {
                specRatio[i] = st.applyAsDouble(d) / ds.stepS(d);
            }
            double decodeOnly = plain.stepS(d, ctx, 0, 0.0, 0);
            return step + (specRatio[i] - 1.0) * decodeOnly;
        };
    }

    Shape shape() {
        return shape;
    }

    Weights weights() {
        return weights;
    }

    KvMemory kv() {
        return kv;
    }

    StepTime step() {
        return step;
    }

    Prefill prefill() {
        return prefill;
    }

    Split split() {
        return split;
    }

    PrefillQueue queue() {
        return queue;
    }

    Decode decode() {
        return decode;
    }

    Requests requests() {
        return requests;
    }

    Capacity capacity() {
        return capacity;
    }

    Money money() {
        return money;
    }

    Fit fit() {
        return fit;
    }

    /**
     * The replica and the fleet: parallelism, attention groups (max(1, ep / tp): the data-parallel attention groups
     * of an expert-parallel replica), GPUs per replica and in all, the replicas serving this load, the features that
     * change the arithmetic, the arrival rate (0 offline) and the SLO percentile.
     */
    public record Shape(int tp, int pp, int ep, int cp, int attentionGroups, int gpusPerReplica, int replicas,
                        int totalGpus, int inService, boolean disaggregated, boolean speculative, boolean embeddingOnly,
                        boolean chunkedPrefill, double requestsPerS, double percentile) {

        static Shape of(Scenario s, int inService) {
            Design d = s.design();
            InferenceWorkload w = s.inference();
            int gpr = d.gpusPerReplica();
            return new Shape(d.tp(), d.pp(), d.ep(), d.cp(), Memory.attentionDataParallel(d.tp(), d.ep()), gpr,
                    d.replicas(), gpr * d.replicas(), inService, d.has(Feature.DISAGGREGATION),
                    d.has(Feature.SPECULATIVE_DECODING) && !w.embeddingOnly(), w.embeddingOnly(),
                    d.has(Feature.CHUNKED_PREFILL), w.offline() ? 0.0 : w.requestsPerS(), s.slo().percentile());
        }
    }

    /**
     * Parameters and weights: total, active and embedding parameters, the compute format with its peak and the HBM
     * bandwidth, the weight bytes in all and per GPU (non-expert weights over tp x pp, routed experts over
     * pp x max(tp, ep)), and the speculative draft as fractions of the target's weights, KV and collectives: a named
     * draft's own, else {@value InferenceEstimator#DRAFT_SIZE_FRACTION} for all three; 0 without speculation.
     */
    public record Weights(double totalParams, double activeParams, double embeddingParams, NumericFormat computeFormat,
                          double peakFlopsPerS, double hbmBytesPerS, double weightBytesTotal,
                          double denseWeightBytesPerGpu, double expertWeightBytesPerGpu, double weightBytesPerGpu,
                          double draftFraction, double draftKvFraction, double draftCommFraction,
                          double draftWeightBytesPerGpu) {

        static Weights of(Scenario s, Shape shape, ModelArchitecture draftModel) {
            ModelArchitecture m = s.model();
            Design d = s.design();
            Gpu g = s.cluster().gpu();
            double totalParams = ParamCounter.totalParams(m);
            double activeParams = ParamCounter.activeParams(m);
            double embParams = ParamCounter.embeddingParams(m);
            NumericFormat wf = d.weights();
            NumericFormat kvf = d.kvCache();
            NumericFormat cf = InferenceEstimator.computeFormat(g, d);
            double peak = g.peakFor(cf).orElseThrow();
            double bw = g.hbmBytesPerS();

            double expertParams = Memory.routedExpertParams(m);
            double denseParams = totalParams - expertParams;
            double weightBytesTotal = Memory.weightBytes(totalParams, wf);
            double denseBytesPerGpu = Memory.denseWeightBytesPerGpu(Memory.weightBytes(denseParams, wf), shape.tp(),
                    shape.pp());
            double expertBytesPerGpu = Memory.expertWeightBytesPerGpu(Memory.weightBytes(expertParams, wf),
                    shape.tp(), shape.pp(), shape.ep());
            double weightBytesPerGpu = denseBytesPerGpu + expertBytesPerGpu;

            double draftFraction = 0.0;
            double draftKvFraction = 0.0;
            double draftCommFraction = 0.0;
            if (shape.speculative()) {
                // a named draft: its weights, its KV per token and its layers against the target's; otherwise the
                // stated draft size for all three
                draftFraction = draftModel != null
                        ? ParamCounter.totalParams(draftModel) / totalParams : InferenceEstimator.DRAFT_SIZE_FRACTION;
                draftKvFraction = draftModel != null
                        ? Memory.kvBytesPerToken(draftModel, kvf) / Memory.kvBytesPerToken(m, kvf)
                        : InferenceEstimator.DRAFT_SIZE_FRACTION;
                draftCommFraction = draftModel != null
                        ? (double) draftModel.layers() / m.layers() : InferenceEstimator.DRAFT_SIZE_FRACTION;
            }
            return new Weights(totalParams, activeParams, embParams, cf, peak, bw, weightBytesTotal, denseBytesPerGpu,
                    expertBytesPerGpu, weightBytesPerGpu, draftFraction, draftKvFraction, draftCommFraction,
                    draftFraction * weightBytesPerGpu);
        }
    }

    /**
     * Tokens and memory: prompt P, output G and context L (inference.contextTokens, or P + G), the cached prefix and
     * the tokens left to prefill, the KV cache per token, per token per GPU (over the shard divisor tp_kv x pp x cp
     * x attention groups) and per sequence at L (the target's per GPU, and with the draft's beside it), usable HBM,
     * the prefill workspace of the largest chunk, the KV budget left after weights, draft and workspace, and the
     * largest batch it holds; with prefix caching, the shared prefixes in rotation, those a replica sees, a prefix's
     * KV per GPU, the prefixes a replica keeps ({@link PrefixCache}), the hit rate and the share of the prefix billed
     * as cached.
     */
    public record KvMemory(int promptTokens, int outputTokens, int contextTokens, int cachedTokens, int prefillTokens,
                           double kvBytesPerToken, double kvShardDivisor, double kvBytesPerTokenPerGpu,
                           double kvBytesPerSequence, double kvBytesPerSequencePerGpu,
                           double kvBytesResidentPerSequencePerGpu, double usableHbmBytesPerGpu,
                           int prefillChunkTokens, double workspaceBytesPerGpu, double kvBudgetBytesPerGpu,
                           int maxBatch, int distinctPrefixes, int prefixesPerReplica, double prefixBytesPerGpu,
                           int prefixCacheCapacity, double prefixHitRate, double prefixBilledShare) {

        static KvMemory of(Scenario s, Shape shape, Weights weights) {
            ModelArchitecture m = s.model();
            Design d = s.design();
            InferenceWorkload w = s.inference();
            NumericFormat kvf = d.kvCache();
            int promptTokens = w.promptTokens();
            int outputTokens = w.outputTokens();
            int context = w.contextTokens() > 0 ? w.contextTokens() : promptTokens + outputTokens;
            double kvPerToken = Memory.kvBytesPerToken(m, kvf);
            double kvDiv = Memory.kvShardDivisor(m, shape.tp(), shape.pp(), shape.ep(), shape.cp());
            double kvSeq = Memory.kvBytesForContext(m, kvf, context);
            double kvSeqPerGpu = kvSeq / kvDiv;
            double kvSeqResidentPerGpu = kvSeqPerGpu * (1.0 + weights.draftKvFraction());
            double usable = ReplicaBudget.usableHbmBytes(s.cluster().gpu().hbmBytes());

            // the prefixes in rotation: a replica keeps what its KV budget holds (sized for a miss's prefill, the
            // largest workspace); one prefix is hot on every replica
            int distinct = w.distinctPrefixes();
            boolean routed = d.has(Feature.CACHE_AWARE_ROUTING);
            int perReplica = PrefixCache.perReplica(distinct, shape.replicas(), routed);
            int capacity = 0;
            double prefixBytes = 0.0;
            double hit = 0.0;
            double billed = 0.0;
            if (d.has(Feature.PREFIX_CACHING) && w.sharedPrefixTokens() > 0) {
                double missWorkspace = ReplicaBudget.workspaceBytesPerGpu(m,
                        ReplicaBudget.largestPrefillChunkTokens(promptTokens, shape.chunkedPrefill()), shape.tp(),
                        shape.cp());
                double missBudget = ReplicaBudget.kvBudgetBytes(usable,
                        weights.weightBytesPerGpu() + weights.draftWeightBytesPerGpu(), missWorkspace);
                prefixBytes = Memory.kvBytesForContext(m, kvf, w.sharedPrefixTokens()) / kvDiv
                        * (1.0 + weights.draftKvFraction());
                capacity = PrefixCache.capacity(ReplicaBudget.maxBatch(missBudget, kvSeqResidentPerGpu), missBudget,
                        kvSeqResidentPerGpu, prefixBytes);
                hit = distinct > 1 ? PrefixCache.hitRate(capacity, perReplica) : 1.0;
                billed = distinct > 1 ? PrefixCache.billedShare(hit, s.slo().percentile()) : 1.0;
            }
            int cached = InferenceLatency.cachedPrefixTokens(promptTokens,
                    (int) Math.floor(billed * w.sharedPrefixTokens()), d.has(Feature.PREFIX_CACHING), routed,
                    w.historyTokensPerTurn(), w.turns());
            int prefillTokens = promptTokens - cached;

            int chunk = ReplicaBudget.largestPrefillChunkTokens(prefillTokens, shape.chunkedPrefill());
            double workspace = ReplicaBudget.workspaceBytesPerGpu(m, chunk, shape.tp(), shape.cp());
            double kvBudget = ReplicaBudget.kvBudgetBytes(usable,
                    weights.weightBytesPerGpu() + weights.draftWeightBytesPerGpu(), workspace);
            int maxBatch = ReplicaBudget.maxBatch(kvBudget, kvSeqResidentPerGpu);
            return new KvMemory(promptTokens, outputTokens, context, cached, prefillTokens, kvPerToken, kvDiv,
                    kvPerToken / kvDiv, kvSeq, kvSeqPerGpu, kvSeqResidentPerGpu, usable, chunk, workspace, kvBudget,
                    maxBatch, distinct, perReplica, prefixBytes, capacity, hit, billed);
        }
    }

    /**
     * The decode step's cost model and, as a function of the batch, the time per output token without prefill
     * interference, s: the plain step max(memory, compute) + communication, or with speculative decoding the verify
     * step at k + 1 query tokens plus k draft steps over the tokens a step yields. Holds the replica's communication
     * model and one decode token's FLOP on one GPU of a stage (the forward pass over tp x pp x attention groups,
     * attention at context L over cp more).
     */
    public record StepTime(InferenceComm comm, double flopsPerTokenPerGpu, int routedExperts, int expertsPerToken,
                           DecodeStep step, boolean speculative, int draftTokens, double acceptanceRate,
                           double draftFraction, double draftKvFraction, double draftCommFraction)
            implements DoubleUnaryOperator {

        static StepTime of(Scenario s, Shape shape, Weights weights, KvMemory kv) {
            ModelArchitecture m = s.model();
            Cluster c = s.cluster();
            EfficiencyFactors eff = s.efficiency();
            int tp = shape.tp();
            int pp = shape.pp();
            int cp = shape.cp();
            InferenceComm comm = InferenceComm.of(m, tp, pp, shape.ep(), cp, c, eff);
            int groups = shape.attentionGroups();
            double flopsPerTokenPerGpu = Flops.forwardFlopsPerToken(weights.activeParams())
                    / ((double) tp * pp * groups)
                    + Flops.decodeAttentionFlopsPerToken(m, kv.contextTokens()) / ((double) tp * pp * cp * groups);
            int routed = m.isMoe() ? m.moe().routedExperts() : 0;
            int topK = m.isMoe() ? m.moe().expertsPerToken() : 0;
            DecodeStep step = new DecodeStep(pp, weights.denseWeightBytesPerGpu(), weights.expertWeightBytesPerGpu(),
                    routed, topK, kv.kvBytesPerSequencePerGpu(), flopsPerTokenPerGpu, weights.peakFlopsPerS(),
                    eff.servingCompute(), weights.hbmBytesPerS(), eff.hbm(), groups, comm, eff.kvHbm(),
                    passOverheadS(m, eff));
            return new StepTime(comm, flopsPerTokenPerGpu, routed, topK, step, shape.speculative(),
                    s.design().specDraftTokens(), s.design().specAcceptanceRate(), weights.draftFraction(),
                    weights.draftKvFraction(), weights.draftCommFraction());
        }

        /**
         * The fixed time of one forward pass through every layer, s: layers x the per-layer overhead + MoE layers x
         * the MoE layer overhead.
         */
        static double passOverheadS(ModelArchitecture m, EfficiencyFactors eff) {
            int moeLayers = m.isMoe() ? m.layers() - m.moe().denseLayers() : 0;
            return (m.layers() * eff.layerOverheadUs() + moeLayers * eff.moeLayerOverheadUs()) * 1e-6;
        }

        /** The fixed time of one forward pass through every layer, s. */
        double passOverheadS() {
            return step.passOverheadS();
        }

        /**
         * The fixed cost of the routed experts a prefill pass of {@code tokens} runs on one GPU, s: MoE layers x the
         * experts it touches per GPU (all of them on every GPU under tensor parallelism, their ep-th share under
         * expert parallelism) x the per-expert cost; 0 for a dense model.
         */
        static double prefillExpertsS(ModelArchitecture m, EfficiencyFactors eff, int ep, double tokens) {
            if (!m.isMoe() || eff.prefillExpertOverheadUs() <= 0 || tokens <= 0) {
                return 0.0;
            }
            int moeLayers = m.layers() - m.moe().denseLayers();
            double touched = InferenceLatency.expectedExpertsTouched(m.moe().routedExperts(),
                    m.moe().expertsPerToken(), tokens) / Math.max(1, ep);
            return moeLayers * touched * eff.prefillExpertOverheadUs() * 1e-6;
        }

        /** Time per output token at {@code batch}, s, without prefill interference. */
        @Override
        public double applyAsDouble(double batch) {
            return speculative
                    ? step.speculativeTpotS(batch, draftTokens, acceptanceRate, draftFraction, draftKvFraction,
                    draftCommFraction)
                    : step.stepS(batch);
        }
    }

    /**
     * One prompt's prefill: its FLOP (and the routed experts' share), the critical path (attention and non-expert
     * layers on the tp x cp GPUs of its attention group, routed experts on all tp x cp x groups GPUs; the weights
     * read once; the collectives; the fixed cost of one pass), the TTFT service time, the occupancy of the replica (service / groups: the groups
     * prefill different prompts at once) and the time of a prompt batched into full chunks (compute bound on every
     * GPU of a stage, collectives and the fixed cost of a pass once per {@value ReplicaBudget#PREFILL_CHUNK_TOKENS}-token chunk; routed experts at their grouped-GEMM share).
     */
    public record Prefill(double prefillFlops, double expertPrefillFlops, double computeS, double weightReadBytes,
                          double commS, double ttftServiceS, double occupancyS, double batchedPrefillS) {

        static Prefill of(Scenario s, Shape shape, Weights weights, KvMemory kv, StepTime step) {
            ModelArchitecture m = s.model();
            double prefillFlops = Flops.prefillFlops(m, weights.activeParams(), kv.cachedTokens(), kv.promptTokens());
            EfficiencyFactors eff = s.efficiency();
            int tp = shape.tp();
            int cp = shape.cp();
            int groups = shape.attentionGroups();
            double peak = weights.peakFlopsPerS();
            int prefillTokens = kv.prefillTokens();
            int routed = step.routedExperts();
            double expertPrefillFlops = Flops.routedExpertFlopsPerToken(m) * prefillTokens;
            double prefillComputeS = InferenceLatency.prefillComputeS(prefillFlops - expertPrefillFlops, tp * cp,
                    peak, eff.servingCompute())
                    + InferenceLatency.prefillComputeS(expertPrefillFlops, tp * cp * groups, peak, eff.moeCompute());
            double prefillWeightRead = shape.pp() * (weights.denseWeightBytesPerGpu() + (routed > 0
                    ? weights.expertWeightBytesPerGpu()
                    * InferenceLatency.moeTouchedExpertShare(routed, step.expertsPerToken(), prefillTokens) : 0));
            double prefillWeightReadS = Roofline.memoryTimeS(prefillWeightRead, weights.hbmBytesPerS(), eff.hbm());
            double prefillCommS = step.comm().passS(prefillTokens, false);
            double overheadS = step.passOverheadS();
            double ttftServiceS = InferenceLatency.ttftServiceS(prefillComputeS, prefillWeightReadS, prefillCommS)
                    + overheadS + StepTime.prefillExpertsS(m, eff, shape.ep(), prefillTokens);
            double chunkFixedS = step.comm().passS(ReplicaBudget.PREFILL_CHUNK_TOKENS, false) + overheadS
                    + StepTime.prefillExpertsS(m, eff, shape.ep(),
                    Math.min(prefillTokens, ReplicaBudget.PREFILL_CHUNK_TOKENS));
            double batchedPrefillS = InferenceLatency.prefillComputeS(prefillFlops - expertPrefillFlops,
                    tp * cp * groups, peak, eff.servingCompute())
                    + InferenceLatency.prefillComputeS(expertPrefillFlops, tp * cp * groups, peak, eff.moeCompute())
                    + chunkFixedS / ReplicaBudget.PREFILL_CHUNK_TOKENS * prefillTokens;
            return new Prefill(prefillFlops, expertPrefillFlops, prefillComputeS, prefillWeightRead, prefillCommS,
                    ttftServiceS, ttftServiceS / groups, batchedPrefillS);
        }
    }

    /**
     * Prefill against decode: the P:D ratio of GPU-seconds at the batch ceiling (design.batch, or maxBatch; 0 for
     * embeddings), the prefill and decode instances (disaggregated: by design.prefillShare, or the share the ratio
     * gives; colocated: every replica in service does both), and the KV cache of a prompt that disaggregation moves
     * with its transfer time (over the scale-up link when two instances fit in a node, else scale-out).
     */
    public record Split(int ceilingBatch, double ceilingStepS, double prefillToDecodeRatio, double prefillShare,
                        int prefillInstances, int decodeInstances, double kvTransferBytes, double transferLinkBytesPerS,
                        double transferAlphaS, double kvTransferS) {

        static Split of(Scenario s, Shape shape, KvMemory kv, StepTime step, Prefill prefill) {
            Design d = s.design();
            Cluster c = s.cluster();
            int ceilingBatch = d.batch() > 0 ? d.batch() : Math.max(1, kv.maxBatch());
            double ceilingStepS = shape.embeddingOnly() ? 0.0 : step.applyAsDouble(ceilingBatch);
            double pdRatio = shape.embeddingOnly() ? 0.0
                    : Disaggregation.prefillToDecodeRatio(prefill.occupancyS(), kv.outputTokens(), ceilingStepS,
                    ceilingBatch);
            int inService = shape.inService();
            int prefillInstances = inService;
            int decodeInstances = inService;
            double share = 0.0;
            if (shape.disaggregated()) {
                share = d.prefillShare() > 0 ? d.prefillShare() : Disaggregation.prefillShare(pdRatio);
                prefillInstances = Disaggregation.prefillInstances(share, inService);
                decodeInstances = inService - prefillInstances;
            }
            double kvTransferBytes = Disaggregation.kvTransferBytes(Memory.kvBytesForContext(s.model(),
                    d.kvCache(), kv.promptTokens()));
            int gpr = shape.gpusPerReplica();
            boolean transferInNode = 2 * gpr <= c.gpusPerNode() && c.scaleUpBytesPerS() > 0;
            double transferLink = transferInNode ? c.scaleUpBytesPerS() : c.scaleOutBytesPerS();
            double transferAlpha = transferInNode ? s.efficiency().inNodeLatencyS()
                    : s.efficiency().crossNodeLatencyS();
            double kvTransferS = Disaggregation.kvTransferS(kvTransferBytes, gpr, transferLink, s.efficiency().link(),
                    transferAlpha);
            return new Split(ceilingBatch, ceilingStepS, pdRatio, share, prefillInstances, decodeInstances,
                    kvTransferBytes, transferLink, transferAlpha, kvTransferS);
        }

        /** The step time at {@code batch}, s: the ceiling's when it is the ceiling (not for embeddings: no step). */
        double stepS(StepTime step, int batch) {
            return batch == ceilingBatch ? ceilingStepS : step.applyAsDouble(batch);
        }
    }

    /**
     * The prefill queue, M/D/1 per prefill instance: its utilisation rho, the wait at the SLO percentile
     * ({@value InferenceEstimator#UNBOUNDED_MS} ms, the sentinel, when rho >= 1), TTFT (retrieval + service +
     * queue, + KV transfer when disaggregated), and what prefill does to a colocated decode: the stall one prefill
     * (or one chunk) makes, the stalls per second a decode step meets (per attention group, chunks per prompt; 0
     * disaggregated, for embeddings or past saturation) and the stretch 1 / (1 - rho) (1 when disaggregated).
     */
    public record PrefillQueue(double utilization, boolean unstable, double ttftQueueMs, double ttftMs,
                               double stallS, double stallsPerS, double decodeStretch) {

        static PrefillQueue of(Scenario s, Shape shape, KvMemory kv, Prefill prefill, Split split,
                               ClosedLoop.Result loop) {
            if (loop != null) {
                // the closed loop's own TTFT at the percentile; decode already carries the prefill it meets
                double ttftMs = s.inference().retrievalMs() + loop.ttftAtPercentileS() * 1e3;
                double rho = InferenceLatency.prefillUtilization(shape.requestsPerS() / split.prefillInstances(),
                        prefill.occupancyS());
                double queueMs = Math.max(0.0, loop.ttftAtPercentileS() - prefill.ttftServiceS()) * 1e3;
                return new PrefillQueue(rho, false, queueMs, ttftMs, 0.0, 0.0, 1.0);
            }
            double lambda = shape.requestsPerS();
            boolean disagg = shape.disaggregated();
            double ttftServiceS = prefill.ttftServiceS();
            double lambdaPrefill = lambda / split.prefillInstances();
            double rho = InferenceLatency.prefillUtilization(lambdaPrefill, prefill.occupancyS());
            double waitS = InferenceLatency.queueWaitS(rho, prefill.occupancyS(), shape.percentile());
            boolean unstable = rho >= 1;
            // a wait past the sentinel (rho within a hair of 1) reads as unbounded too
            double ttftQueueMs = unstable ? InferenceEstimator.UNBOUNDED_MS
                    : Math.min(InferenceEstimator.UNBOUNDED_MS, waitS * 1e3);
            double ttftMs = s.inference().retrievalMs() + ttftServiceS * 1e3 + ttftQueueMs
                    + (disagg ? split.kvTransferS() * 1e3 : 0);
            double stallS = shape.chunkedPrefill()
                    ? ttftServiceS * Math.min(1.0, (double) ReplicaBudget.PREFILL_CHUNK_TOKENS / kv.prefillTokens())
                    : ttftServiceS;
            // the prefill stalls a colocated decode step meets: per attention group of a replica, chunks per prompt
            int chunksPerPrompt = shape.chunkedPrefill()
                    ? Math.max(1, (int) Math.ceil((double) kv.prefillTokens() / ReplicaBudget.PREFILL_CHUNK_TOKENS))
                    : 1;
            double stallsPerS = disagg || shape.embeddingOnly() || unstable ? 0.0
                    : lambda / ((double) split.prefillInstances() * shape.attentionGroups()) * chunksPerPrompt;
            double stretch = disagg ? 1.0 : InferenceLatency.decodeSlowdown(rho);
            return new PrefillQueue(rho, unstable, ttftQueueMs, ttftMs, stallS, stallsPerS, stretch);
        }
    }

    /**
     * TPOT at the SLO percentile as a function of the batch, s: the step, and the prefill stalls a request meets
     * counted at the percentile ({@link InferenceLatency#tpotAtPercentileS}), never below the stretched mean.
     */
    public record TpotAtPercentile(StepTime step, double stretch, int outputTokens, double stallS, double stallsPerS,
                                   double percentile) implements DoubleUnaryOperator {

        @Override
        public double applyAsDouble(double batch) {
            return atStep(step.applyAsDouble(batch));
        }

        /** TPOT at the percentile for a step of {@code stepS} seconds. */
        double atStep(double stepS) {
            return InferenceLatency.tpotAtPercentileS(stepS, stepS * stretch, outputTokens, stallS, stallsPerS,
                    percentile);
        }
    }

    /**
     * TPOT at the percentile for the knee search, which asks for the ends of its bracket [1, maxBatch] twice (its
     * own test, then Brent's): each end is computed once.
     */
    private static final class KneeSearchTpot implements DoubleUnaryOperator {
        private final TpotAtPercentile tpot;
        private final double maxBatch;
        private double atOneS = Double.NaN;
        private double atMaxBatchS = Double.NaN;

        KneeSearchTpot(TpotAtPercentile tpot, int maxBatch) {
            this.tpot = tpot;
            this.maxBatch = maxBatch;
        }

        @Override
        public double applyAsDouble(double batch) {
            if (batch == 1.0) {
                if (Double.isNaN(atOneS)) {
                    atOneS = tpot.applyAsDouble(batch);
                }
                return atOneS;
            }
            if (batch == maxBatch) {
                if (Double.isNaN(atMaxBatchS)) {
                    atMaxBatchS = tpot.applyAsDouble(batch);
                }
                return atMaxBatchS;
            }
            return tpot.applyAsDouble(batch);
        }
    }

    /** How the batch was chosen. */
    enum BatchRule {
        /** design.batch. */
        DESIGN,
        /** Not one sequence fits: latencies at batch 1. */
        NONE_FITS,
        /** Online: the requests holding KV per decode instance by Little's law, capped at maxBatch. */
        LITTLES_LAW,
        /** Offline, or no arrivals: maxBatch. */
        MAX_BATCH,
        /** A closed loop of clients: the mean decode batch of its benchmark. */
        CLOSED_LOOP
    }

    /**
     * The decode at the batch in use: the batch and its rule (design.batch; 1 when not one sequence fits; online,
     * the fixed point of lambda / decode instances x (TTFT service (+ KV transfer) + TPOT_mean x (G - 1)) from
     * maxBatch down, capped at maxBatch; else maxBatch), the step's memory, compute and communication parts at
     * q query tokens (k + 1 with speculation), the step, TPOT mean (step x stretch) and at the percentile, the
     * tokens a speculative step yields, the bytes and FLOP of a step, whether compute binds, the weight-bound batch
     * B* (where reading the KV takes as long as reading the weights, each at its own share of HBM bandwidth), the KV share of the traffic, the step's arithmetic intensity and the GPU's ridge point. Everything but B*
     * and the ridge is 0 for embeddings, which have no decode.
     */
    public record Decode(TpotAtPercentile tpotAtPercentile, double residentOutsideDecodeS, int batch,
                         BatchRule batchRule, double queryTokens, double tpotMemoryS, double tpotComputeS,
                         double tpotCommS, double specTokensPerStep, double stepS, double tpotMeanS, double tpotS,
                         double microBatches, double weightBytesReadPerStep, double kvBytesReadPerStep,
                         boolean computeBound, double weightBoundBatch, double kvTrafficShare, double stepFlops,
                         double arithmeticIntensityFlopsPerByte, double ridgePointFlopsPerByte) {

        static Decode of(Scenario s, Shape shape, Weights weights, KvMemory kv, StepTime step, Prefill prefill,
                         Split split, PrefillQueue queue, ClosedLoop.Result loop) {
            Design d = s.design();
            boolean embedding = shape.embeddingOnly();
            boolean spec = shape.speculative();
            double lambda = shape.requestsPerS();
            int maxBatch = kv.maxBatch();
            int outputTokens = kv.outputTokens();
            double slowdown = queue.decodeStretch();
            TpotAtPercentile tpotAtP = new TpotAtPercentile(step, slowdown, outputTokens, queue.stallS(),
                    queue.stallsPerS(), shape.percentile());
            double residentS0 = prefill.ttftServiceS() + (shape.disaggregated() ? split.kvTransferS() : 0);
            int batch;
            BatchRule rule;
            // the step at the batch when the fixed point below has it already
            int stepKnownAtBatch = 0;
            double knownStepS = 0.0;
            if (loop != null && maxBatch >= 1) {
                // a closed loop keeps its clients' sequences running, as many as memory and the design allow
                batch = Math.max(1, (int) Math.min(Math.ceil(loop.meanDecodeBatch() - 1e-9), maxBatch));
                rule = BatchRule.CLOSED_LOOP;
            } else if (d.batch() > 0) {
                batch = d.batch();
                rule = BatchRule.DESIGN;
            } else if (maxBatch < 1) {
                batch = 1;
                rule = BatchRule.NONE_FITS;
            } else if (lambda > 0 && !embedding) {
                batch = maxBatch;
                for (int i = 0; i < 64; i++) {
                    double stepAtBatchS = split.stepS(step, batch);
                    double resident = residentS0 + stepAtBatchS * slowdown * (outputTokens - 1);
                    int next = (int) Math.max(1, Math.min(maxBatch,
                            Math.ceil(lambda / split.decodeInstances() * resident - 1e-9)));
                    if (next == batch) {
                        stepKnownAtBatch = batch;
                        knownStepS = stepAtBatchS;
                        break;
                    }
                    batch = next;
                }
                rule = BatchRule.LITTLES_LAW;
            } else {
                batch = maxBatch;
                rule = BatchRule.MAX_BATCH;
            }

            DecodeStep ds = step.step();
            double q = spec ? step.draftTokens() + 1.0 : 1.0;
            double tpotMemoryS = embedding ? 0 : ds.memoryS(batch, q);
            double tpotComputeS = embedding ? 0 : ds.computeS(batch, q);
            double tpotCommS = embedding ? 0 : ds.commS(batch, q);
            double specTokens = spec ? InferenceLatency.specTokensPerStep(step.acceptanceRate(), step.draftTokens())
                    : 1.0;
            double stepTokenS = embedding ? 0
                    : batch == stepKnownAtBatch ? knownStepS : split.stepS(step, batch);
            double tpotMeanS = loop != null ? loop.tpotMeanS() : stepTokenS * slowdown;
            double tpotS = embedding ? 0 : loop != null ? loop.tpotAtPercentileS() : tpotAtP.atStep(stepTokenS);
            double micro = InferenceLatency.decodeMicroBatches(shape.pp(), batch);
            double weightReadStep = ds.weightBytesReadPerGpu(batch, q);
            double kvReadStep = batch / micro * kv.kvBytesPerSequencePerGpu();
            boolean computeBound = !embedding && tpotComputeS > tpotMemoryS;
            double bStar = InferenceLatency.weightBoundBatch(shape.pp() * weights.weightBytesPerGpu(),
                    kv.kvBytesPerSequencePerGpu(), s.efficiency().hbm(), s.efficiency().kvHbm());
            double kvShare = embedding ? 0 : kvReadStep / (weightReadStep + kvReadStep);
            double stepFlops = batch / micro * q * step.flopsPerTokenPerGpu();
            double intensity = embedding ? 0 : Roofline.arithmeticIntensity(stepFlops, weightReadStep + kvReadStep);
            double ridge = Roofline.ridgePoint(weights.peakFlopsPerS(), weights.hbmBytesPerS());
            return new Decode(tpotAtP, residentS0, batch, rule, q, tpotMemoryS, tpotComputeS, tpotCommS, specTokens,
                    stepTokenS, tpotMeanS, tpotS, micro, weightReadStep, kvReadStep, computeBound, bStar, kvShare,
                    stepFlops, intensity, ridge);
        }
    }

    /**
     * A request end to end: E2E = TTFT + TPOT x (G - 1) at the percentile, an agent task of sequential calls
     * (calls x E2E) and the chance that every call of a task stays under the per-call percentile, p^calls.
     */
    public record Requests(double e2eS, double e2eMs, double taskMs, double allCallsUnderPercentileShare) {

        static Requests of(Scenario s, Shape shape, KvMemory kv, PrefillQueue queue, Decode decode) {
            int calls = s.inference().toolCallsPerTask();
            double e2eS = InferenceLatency.e2eS(queue.ttftMs() / 1e3, decode.tpotS(), kv.outputTokens());
            double taskMs = Requirements.taskS(calls, e2eS) * 1e3;
            // p^1 = p: a single call needs no power
            double allCalls = calls > 1 ? Requirements.allCallsUnderPercentile(shape.percentile(), calls)
                    : shape.percentile();
            return new Requests(e2eS, e2eS * 1e3, taskMs, allCalls);
        }
    }

    /**
     * Throughput and capacity: a replica's token rate at the batch (B / TPOT_mean, or for embeddings prompt tokens
     * over the batched prefill), the per-replica and fleet rates (offline, the fleet turns out tokens as fast as it
     * completes requests), the requests a replica completes and the fleet's capacity, the TPOT knee (0 without a
     * TPOT objective), the requests holding KV by Little's law, the usable batch (the knee or maxBatch, never past
     * design.batch), the replicas needed at the mean and at the peak arrival rate, and offline the makespan.
     */
    public record Capacity(double batchTokensPerSPerReplica, double tokensPerSPerReplica, double tokensPerS,
                           double requestsPerSPerReplica, double requestsPerSCapacity, double kneeBatch,
                           double residentS, double concurrency, double usableBatch, double peakRequestsPerS,
                           int replicasNeeded, int peakReplicasNeeded, double fleetDecodeTokensPerS,
                           double makespanS) {

        static Capacity of(Scenario s, Shape shape, KvMemory kv, StepTime step, Prefill prefill, Split split,
                           Decode decode, ClosedLoop.Result loop) {
            InferenceWorkload w = s.inference();
            Slo slo = s.slo();
            boolean embedding = shape.embeddingOnly();
            boolean disagg = shape.disaggregated();
            double lambda = shape.requestsPerS();
            int inService = shape.inService();
            int outputTokens = kv.outputTokens();
            int maxBatch = kv.maxBatch();
            int batch = decode.batch();
            double stepTokenS = decode.stepS();
            double occupancyS = prefill.occupancyS();
            double tokensPerSPerReplica;
            double requestsPerSPerReplica;
            double requestsPerSCapacity;
            if (embedding) {
                tokensPerSPerReplica = kv.prefillTokens() / prefill.batchedPrefillS();
                requestsPerSPerReplica = 1.0 / prefill.batchedPrefillS();
                requestsPerSCapacity = requestsPerSPerReplica * inService;
            } else if (loop != null) {
                // what the benchmark measures: the loop's requests and output tokens over its run; a closed loop's
                // fleet serves what all its clients send (a replica simulates its share, rounded up)
                tokensPerSPerReplica = loop.outputTokensPerS();
                requestsPerSPerReplica = loop.requestsPerS();
                requestsPerSCapacity = w.closedLoop() ? lambda : requestsPerSPerReplica * inService;
            } else {
                tokensPerSPerReplica = Throughput.tokensPerS(batch, decode.tpotMeanS());
                if (disagg) {
                    requestsPerSCapacity = Math.min(split.prefillInstances() / occupancyS,
                            split.decodeInstances() * batch / (outputTokens * stepTokenS));
                    requestsPerSPerReplica = requestsPerSCapacity / inService;
                } else {
                    requestsPerSPerReplica = Requirements.requestsPerSPerReplica(occupancyS, outputTokens,
                            stepTokenS, batch);
                    requestsPerSCapacity = requestsPerSPerReplica * inService;
                }
            }
            double batchTokensPerSPerReplica = tokensPerSPerReplica;
            double tokensPerS;
            if (w.offline() && !embedding) {
                // offline, the fleet turns out as many tokens as it completes requests: colocated, the prefill
                // that shares the GPUs counts (as the makespan does); disaggregated, the slower of the prefill and
                // decode instances sets the pace
                tokensPerSPerReplica = requestsPerSPerReplica * outputTokens;
                tokensPerS = requestsPerSCapacity * outputTokens;
            } else if (w.closedLoop() && loop != null) {
                tokensPerS = lambda * loop.outputTokensPerS() / loop.requestsPerS();
            } else {
                tokensPerS = tokensPerSPerReplica * (embedding ? inService : split.decodeInstances());
            }

            double kneeBatch = 0.0;
            if (slo.hasTpot() && !embedding) {
                kneeBatch = Throughput.kneeBatch(new KneeSearchTpot(decode.tpotAtPercentile(), maxBatch),
                        slo.tpotMs() / 1e3, maxBatch);
            }

            double residentS = embedding ? prefill.ttftServiceS()
                    : decode.residentOutsideDecodeS() + decode.tpotMeanS() * Math.max(0, outputTokens - 1);
            double concurrency = Requirements.concurrency(lambda, residentS);
            // a replica holds at most the knee (TPOT objective) or what memory allows, and never more than a batch
            // the design fixes
            double usableBatch = Math.max(1.0, slo.hasTpot() && kneeBatch >= 1 ? Math.floor(kneeBatch)
                    : Math.max(1, maxBatch));
            if (s.design().batch() > 0) {
                usableBatch = Math.min(usableBatch, s.design().batch());
            }
            double peakLambda = Requirements.peakRequestsPerS(lambda, w.peakToMeanRatio());
            // a replica filled to the usable batch steps at that batch's step time, not at today's batch's
            double usableRequestsPerSPerReplica = 0.0;
            if ((lambda > 0 || peakLambda > 0) && !embedding) {
                double usableStepS = usableBatch == batch ? stepTokenS : step.applyAsDouble(usableBatch);
                usableRequestsPerSPerReplica = disagg ? usableBatch / (outputTokens * usableStepS)
                        : Requirements.requestsPerSPerReplica(occupancyS, outputTokens, usableStepS, usableBatch);
            }
            Sizing sizing = new Sizing(s, shape, usableBatch, usableRequestsPerSPerReplica, occupancyS,
                    requestsPerSPerReplica, tokensPerSPerReplica);
            int replicasNeeded = sizing.replicasFor(lambda, concurrency);
            int peakReplicasNeeded = sizing.replicasFor(peakLambda,
                    concurrency * (lambda > 0 ? peakLambda / lambda : 1));

            double fleetDecode = 0.0;
            double makespanS = 0.0;
            if (w.offline()) {
                fleetDecode = embedding ? 1.0 : split.decodeInstances() * batch / stepTokenS;
                // run step by step, the job takes its requests over the rate the run reached
                makespanS = loop != null ? w.offlineRequests() / requestsPerSCapacity
                        : Throughput.offlineMakespanS(w.offlineRequests(), embedding ? 0 : outputTokens,
                        fleetDecode, prefill.batchedPrefillS(), split.prefillInstances());
            }
            return new Capacity(batchTokensPerSPerReplica, tokensPerSPerReplica, tokensPerS, requestsPerSPerReplica,
                    requestsPerSCapacity, kneeBatch, residentS, concurrency, usableBatch, peakLambda, replicasNeeded,
                    peakReplicasNeeded, fleetDecode, makespanS);
        }

        /** The replicas an arrival rate needs, with a replica filled to the usable batch. */
        private record Sizing(Scenario s, Shape shape, double usableBatch, double usableRequestsPerSPerReplica,
                              double prefillS, double requestsPerSPerReplica, double tokensPerSPerReplica) {

            int replicasFor(double rate, double concurrency) {
                int serving;
                int prefill = 0;
                if (s.inference().closedLoop()) {
                    // a closed loop's rate is what its clients make of the replicas, not a demand on them: it needs
                    // the replicas that hold its clients within the usable batch
                    serving = (int) Math.max(1, Math.ceil(s.inference().concurrency() / usableBatch - 1e-9));
                } else if (rate <= 0) {
                    serving = shape.replicas();
                } else if (shape.embeddingOnly()) {
                    serving = Requirements.replicasNeeded(0, 1, rate, requestsPerSPerReplica);
                } else {
                    serving = Requirements.replicasNeeded(concurrency, usableBatch, rate,
                            usableRequestsPerSPerReplica);
                    if (shape.disaggregated()) {
                        prefill = (int) Math.floor(rate * prefillS) + 1;
                    }
                }
                Slo slo = s.slo();
                if (slo.hasThroughput()) {
                    serving = Math.max(serving,
                            (int) Math.ceil(slo.minThroughputTokensPerS() / tokensPerSPerReplica - 1e-9));
                    if (shape.disaggregated()) {
                        prefill = Math.max(prefill, 1);
                    }
                }
                return serving + prefill;
            }
        }
    }

    /**
     * What the fleet costs: the replicas in service (an autoscaled fleet's time average) x GPUs per replica x
     * USD/GPU-h, the tokens it serves per second (online, at most lambda x tokens per request) and USD per million
     * of them.
     */
    public record Money(boolean autoscaled, double costPerHourUsd, double servedTokensPerS,
                        double costPerMillionTokensUsd) {

        static Money of(Scenario s, Shape shape, KvMemory kv, Capacity capacity) {
            double lambda = shape.requestsPerS();
            boolean autoscaled = s.design().has(Feature.AUTOSCALING) && lambda > 0;
            double billedReplicas = shape.inService();
            double costPerHour = billedReplicas * shape.gpusPerReplica() * s.cluster().gpu().usdPerGpuHour();
            int tokensPerRequest = shape.embeddingOnly() ? kv.prefillTokens() : kv.outputTokens();
            double servedTokensPerS = lambda > 0 ? Math.min(capacity.tokensPerS(), lambda * tokensPerRequest)
                    : capacity.tokensPerS();
            double costPerMtok = servedTokensPerS > 0 ? costPerHour / (servedTokensPerS * 3600) * 1e6 : 0.0;
            return new Money(autoscaled, costPerHour, servedTokensPerS, costPerMtok);
        }
    }

    /**
     * The memory verdict at the batch in use: the KV bytes per GPU, the fixed bytes (weights + draft + workspace),
     * the total per GPU and how far it runs past usable HBM, whether the weights fit and whether the design fits
     * (weights, at least one sequence, the batch within maxBatch), and the longest context the KV budget holds at
     * the batch.
     */
    public record Fit(double kvBytesPerGpu, double fixedBytesPerGpu, double memoryBytesPerGpu, boolean weightsFit,
                      boolean fits, double memoryOverBytes, int maxContextAtBatch) {

        static Fit of(Scenario s, Weights weights, KvMemory kv, Decode decode) {
            int batch = decode.batch();
            double kvBytesPerGpu = batch * kv.kvBytesResidentPerSequencePerGpu();
            double fixedBytes = weights.weightBytesPerGpu() + weights.draftWeightBytesPerGpu()
                    + kv.workspaceBytesPerGpu();
            double memoryBytesPerGpu = fixedBytes + kvBytesPerGpu;
            boolean weightsFit = fixedBytes <= kv.usableHbmBytesPerGpu();
            boolean fits = weightsFit && kv.maxBatch() >= 1 && batch <= kv.maxBatch();
            double memoryOver = Math.max(0.0, memoryBytesPerGpu - kv.usableHbmBytesPerGpu());
            int maxContextAtBatch = ReplicaBudget.maxContext(s.model(), s.design().kvCache(),
                    kv.kvShardDivisor() / (1.0 + weights.draftKvFraction()), kv.kvBudgetBytesPerGpu(), batch);
            return new Fit(kvBytesPerGpu, fixedBytes, memoryBytesPerGpu, weightsFit, fits, memoryOver,
                    maxContextAtBatch);
        }
    }
}
