package io.ridgeline.engine.arithmetic;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * A closed-loop serving benchmark on one replica, step by step: {@code clients} clients each send a request, wait for
 * its last token and send the next one at once ({@code --max-concurrency C --request-rate inf}, as {@code vllm bench
 * serve}, genai-perf and aiperf run it), {@value #ROUNDS} requests per client from a cold start (every client sends
 * its first request at time 0). The engine batches continuously: each step decodes one token of every running
 * sequence and prefills waiting prompts within a budget of {@value #STEP_TOKEN_BUDGET} tokens per step (vLLM's
 * max-num-batched-tokens, TensorRT-LLM's max_num_tokens and SGLang's chunked-prefill size all default to it), for
 * each attention group of a replica whose attention runs data parallel (each group schedules its own step).
 *
 * <ul>
 *   <li>Mixed steps (chunked prefill: vLLM, TensorRT-LLM's in-flight batching): prefill chunks ride in the decode
 *       step, within the budget less the decode tokens.</li>
 *   <li>Separate steps (SGLang's default): while prompts wait and a slot is free, the engine runs a prefill step of
 *       up to the budget and decoding pauses.</li>
 * </ul>
 * At most {@code maxRunning} sequences hold KV at once (memory, or the engine's batch cap); a prompt beyond waits.
 * Prompt and output lengths spread evenly over +-{@value #LENGTH_SPREAD} of their means, as a benchmark's random
 * dataset draws them, so that the clients drift apart over the rounds as they do on a real engine. Every number
 * comes from the {@link StepCost}; the run is deterministic.
 */
public final class ClosedLoop {

    /** Requests each client sends (the benchmarks send ten times the concurrency). */
    public static final int ROUNDS = 10;
    /** Tokens one engine step processes at most, decode and prefill together. */
    public static final int STEP_TOKEN_BUDGET = 8192;
    /** The most requests one run simulates. */
    public static final int MAX_REQUESTS = 50_000;
    /** The most steps a run is stepped through; a longer one is costed at its steady state. */
    public static final double MAX_STEPS = 2_000_000;
    /** Tokens per block of the prefix cache: only whole blocks are found again (vLLM's default block size). */
    public static final int CACHE_BLOCK_TOKENS = 16;
    /** Relative spread of the prompt and output lengths around their means. */
    public static final double LENGTH_SPREAD = 0.1;

    private ClosedLoop() {
    }

    /** The time of one engine step, s. */
    public interface StepCost {
        /**
         * @param decodeSequences sequences that decode one token in this step
         * @param decodeContext   the KV tokens those sequences read, all together
         * @param prefillTokens   prompt tokens prefilled in this step
         * @param prefillShare    those tokens as a share of a whole prompt's prefill FLOP, summed over the prompts
         * @param prompts         the prompts those tokens belong to (they can run on different GPUs at once)
         */
        double stepS(int decodeSequences, double decodeContext, int prefillTokens, double prefillShare, int prompts);
    }

    /**
     * What the benchmark reports: means and percentiles of TTFT and TPOT over every request, the requests and output
     * tokens per second over the run, the mean decode batch (over decode steps), the steps taken and the run's
     * duration (for a steady state: the steps and the duration of one cycle of the batch, and steadyState true).
     */
    public record Result(double ttftMeanS, double tpotMeanS, double ttftAtPercentileS, double tpotAtPercentileS,
                         double requestsPerS, double outputTokensPerS, double meanDecodeBatch, long steps,
                         double makespanS, boolean steadyState) {

        /** Output tokens/s as the benchmark derives it from the means: C x G / (TTFT + (G - 1) x TPOT). */
        public double derivedTokensPerS(int clients, int outputTokens) {
            double cycle = ttftMeanS + Math.max(0, outputTokens - 1) * tpotMeanS;
            return cycle > 0 ? clients * (double) outputTokens / cycle : 0.0;
        }
    }

    private static final class Request {
        final int index;
        final double arrivalS;
        final int entry;
        final int promptTokens;
        final int outputTokens;
        int prefilled;
        long readyStep;
        double firstTokenS;
        long finishStep;

        Request(int index, double arrivalS, int entry, int promptTokens, int outputTokens) {
            this.index = index;
            this.arrivalS = arrivalS;
            this.entry = entry;
            this.promptTokens = promptTokens;
            this.outputTokens = outputTokens;
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param clients      concurrent clients, >= 1
     * @param promptTokens mean prompt tokens to prefill, >= 1
     * @param outputTokens mean output tokens, >= 1
     * @param maxRunning   sequences that may hold KV at once, >= 1
     * @param mixed        prefill chunks ride in decode steps (else separate prefill steps)
     * @param percentile   the percentile to report, in (0, 1)
     * @param cost         the step time
     */
    public static Result run(int clients, int promptTokens, int outputTokens, int maxRunning, boolean mixed,
                             double percentile, StepCost cost) {
        return run(clients, (long) clients * ROUNDS, promptTokens, outputTokens, maxRunning, mixed, percentile, cost,
                STEP_TOKEN_BUDGET);
    }

    /**
     * Runs {@code requests} requests in all (at least one per client; at most {@value #MAX_REQUESTS}: a longer run
     * repeats the same steady state), the clients sending them as above.
     */
    public static Result run(int clients, long requests, int promptTokens, int outputTokens, int maxRunning,
                             boolean mixed, double percentile, StepCost cost) {
        return run(clients, requests, promptTokens, outputTokens, maxRunning, mixed, percentile, cost,
                STEP_TOKEN_BUDGET);
    }

    /**
     * As above with a step budget of {@code stepTokens} for the whole replica: an engine whose attention runs data
     * parallel schedules each group's step on its own, so a replica of g groups steps g budgets at once.
     */
    public static Result run(int clients, long requests, int promptTokens, int outputTokens, int maxRunning,
                             boolean mixed, double percentile, StepCost cost, int stepTokens) {
        return run(clients, requests, promptTokens, outputTokens, maxRunning, mixed, percentile, cost, stepTokens, 0);
    }

    /**
     * As above, the requests cycling through a cached pool of {@code cachedPool} distinct prompts (0: every prompt
     * new): request i sends entry i mod N, whose length is the i-th length of the pool. An entry whose prefill has
     * finished once stays in the prefix cache, and a later request for it prefills only the tokens past the last
     * whole block of {@value #CACHE_BLOCK_TOKENS} (at least its last token, whose logits the first output needs);
     * its step cost counts those tokens as their share of the prompt. The caller decides whether the pool stays
     * cached (it fits beside the running batch, and the engine caches prefixes).
     */
    public static Result run(int clients, long requests, int promptTokens, int outputTokens, int maxRunning,
                             boolean mixed, double percentile, StepCost cost, int stepTokens, int cachedPool) {
        return run(clients, requests, promptTokens, outputTokens, maxRunning, mixed, percentile, cost, stepTokens,
                cachedPool, 0);
    }

    /**
     * As above, the first {@code warmup} requests sent (a harness's warm-up, as aiperf's --warmup-request-count)
     * run but are left out of what the benchmark reports: its TTFT and TPOT cover the {@code requests} after them,
     * and its rates the time from the first of those being sent to the end.
     */
    public static Result run(int clients, long requests, int promptTokens, int outputTokens, int maxRunning,
                             boolean mixed, double percentile, StepCost cost, int stepTokens, int cachedPool,
                             int warmup) {
        return run(clients, requests, promptTokens, outputTokens, maxRunning, percentile, cost,
                Scheduling.chunked(mixed, stepTokens), cachedPool, warmup);
    }

    /**
     * How an engine fills its steps with prompt tokens.
     *
     * @param mixed       prompt tokens ride in decode steps (else a step that prefills pauses decoding)
     * @param chunked     a prompt may be split over several steps (else a step takes whole prompts while they fit its
     *                    budget, as TensorRT-LLM does without chunked prefill; a prompt longer than the whole budget
     *                    is still split)
     * @param stepTokens  the step's token budget for the whole replica, >= 1
     * @param holdPrompts while decoding goes on, new prompts are held back until this many wait (TensorRT-LLM's
     *                    attention-DP balancing: one for each attention group); 0: no such threshold
     * @param holdTokens  ... or until this many prompt tokens wait (TensorRT-LLM's batch_wait_max_tokens_ratio x
     *                    max_num_tokens); 0: no such threshold
     * @param holdSteps   the most steps the first held prompt waits before its prefill runs anyway (0: no holding)
     * @param tokensPerDecode the budget a decoding sequence takes in a step: 1, or k + 1 when speculative decoding
     *                    verifies k drafted tokens
     */
    public record Scheduling(boolean mixed, boolean chunked, int stepTokens, int holdPrompts, int holdTokens,
                             int holdSteps, int tokensPerDecode) {

        public Scheduling {
            if (stepTokens < 1 || holdPrompts < 0 || holdTokens < 0 || holdSteps < 0 || tokensPerDecode < 1) {
                throw new IllegalArgumentException("the step budget and the tokens per decode must be >= 1, the "
                        + "holding >= 0");
            }
        }

        /** Chunked prompts (mixed into decode steps, or in steps of their own), no holding. */
        public static Scheduling chunked(boolean mixed, int stepTokens) {
            return new Scheduling(mixed, true, stepTokens, 0, 0, 0, 1);
        }

        /** True when prompts that have not started are held back at this step. */
        boolean holds(int waitingPrompts, long waitingTokens, long stepsWaited) {
            return holdSteps > 0 && stepsWaited < holdSteps
                    && (waitingPrompts < holdPrompts || waitingTokens < holdTokens);
        }
    }

    /** As above, the engine scheduling its steps as {@code scheduling} says. */
    public static Result run(int clients, long requests, int promptTokens, int outputTokens, int maxRunning,
                             double percentile, StepCost cost, Scheduling scheduling, int cachedPool, int warmup) {
        boolean mixed = scheduling.mixed();
        int stepTokens = scheduling.stepTokens();
        if (clients < 1 || promptTokens < 1 || outputTokens < 1 || maxRunning < 1 || cachedPool < 0 || warmup < 0) {
            throw new IllegalArgumentException("clients, tokens and maxRunning must be >= 1, the pool and the "
                    + "warm-up >= 0");
        }
        boolean[] cached = cachedPool > 0 ? new boolean[cachedPool] : null;
        int measured = (int) Math.max(clients, Math.min(requests, MAX_REQUESTS));
        // warm-up and measured requests together stay within the cap (the warm-up gives way)
        int skip = Math.max(0, Math.min(warmup, MAX_REQUESTS - measured));
        int total = skip + measured;
        double[] ttft = new double[total];
        double[] tpot = new double[total];
        double measuredFromS = skip == 0 ? 0.0 : Double.NaN;
        int done = 0;
        int issued = 0;
        ArrayDeque<Request> waiting = new ArrayDeque<>();
        ArrayDeque<Request> prefilling = new ArrayDeque<>();
        PriorityQueue<Request> decoding = new PriorityQueue<>((a, b) -> Long.compare(a.finishStep, b.finishStep));
        for (int i = 0; i < Math.min(clients, total); i++) {
            waiting.add(next(issued++, 0.0, promptTokens, outputTokens, cachedPool));
        }
        if (issued > skip) {
            measuredFromS = 0.0;
        }
        double t = 0.0;
        long decodeSteps = 0;
        long steps = 0;
        double decodeContext = 0.0;
        double batchSum = 0.0;
        while (done < total) {
            if ((steps & 4095) == 0) {
                // a server's request budget: a long run stops here rather than holding its turn
                io.ridgeline.engine.TimeBudget.check();
            }
            // admit waiting prompts while a slot is free; a cached pool entry skips its cached blocks
            while (!waiting.isEmpty() && prefilling.size() + decoding.size() < maxRunning) {
                Request r = waiting.poll();
                if (cached != null && cached[r.entry]) {
                    r.prefilled = r.promptTokens - uncachedTail(r.promptTokens);
                }
                r.readyStep = steps;
                prefilling.add(r);
            }
            int d = decoding.size();
            // holding: new prompts wait while decoding goes on until enough of them (or of their tokens) wait, or the
            // first has waited its steps; a prompt already part-way through its prefill goes on
            boolean held = false;
            if (scheduling.holdSteps() > 0 && d > 0 && !prefilling.isEmpty() && prefilling.peek().prefilled == 0) {
                long waitingTokens = 0;
                for (Request r : prefilling) {
                    waitingTokens += r.promptTokens - r.prefilled;
                }
                held = scheduling.holds(prefilling.size(), waitingTokens, steps - prefilling.peek().readyStep);
            }
            // separate steps: a waiting prompt pauses decoding; mixed: both in one step
            boolean prefillThisStep = !prefilling.isEmpty() && !held;
            boolean decodeThisStep = d > 0 && (mixed || !prefillThisStep);
            int budget = stepTokens - (decodeThisStep ? d * scheduling.tokensPerDecode() : 0);
            int prefillTokens = 0;
            double share = 0.0;
            int finishedPrefills = 0;
            int prompts = 0;
            if (prefillThisStep) {
                for (Request r : prefilling) {
                    if (budget <= 0) {
                        break;
                    }
                    int remaining = r.promptTokens - r.prefilled;
                    if (!scheduling.chunked() && remaining > budget && prompts > 0) {
                        // whole prompts only: this one waits for the next step
                        break;
                    }
                    prompts++;
                    int take = Math.min(budget, remaining);
                    r.prefilled += take;
                    budget -= take;
                    prefillTokens += take;
                    share += (double) take / r.promptTokens;
                    if (r.prefilled == r.promptTokens) {
                        finishedPrefills++;
                    }
                }
            }
            int dStep = decodeThisStep ? d : 0;
            double stepS = cost.stepS(dStep, dStep > 0 ? decodeContext : 0.0, prefillTokens, share, prompts);
            t += stepS;
            steps++;
            if (dStep > 0) {
                decodeSteps++;
                batchSum += dStep;
                decodeContext += dStep;
                while (!decoding.isEmpty() && decoding.peek().finishStep <= decodeSteps) {
                    Request r = decoding.poll();
                    decodeContext -= r.promptTokens + r.outputTokens;
                    ttft[r.index] = r.firstTokenS - r.arrivalS;
                    tpot[r.index] = (t - r.firstTokenS) / (r.outputTokens - 1);
                    done++;
                    if (issued < total) {
                        if (issued == skip && Double.isNaN(measuredFromS)) {
                            measuredFromS = t;
                        }
                        waiting.add(next(issued++, t, promptTokens, outputTokens, cachedPool));
                    }
                }
            }
            // prompts finish their prefill in the order they were admitted
            for (int i = 0; i < finishedPrefills; i++) {
                Request r = prefilling.poll();
                r.firstTokenS = t;
                if (cached != null) {
                    cached[r.entry] = true;
                }
                if (r.outputTokens <= 1) {
                    ttft[r.index] = t - r.arrivalS;
                    tpot[r.index] = 0.0;
                    done++;
                    if (issued < total) {
                        if (issued == skip && Double.isNaN(measuredFromS)) {
                            measuredFromS = t;
                        }
                        waiting.add(next(issued++, t, promptTokens, outputTokens, cachedPool));
                    }
                } else {
                    // the first token comes from the prefill; G - 1 decode steps follow
                    r.finishStep = decodeSteps + r.outputTokens - 1;
                    decodeContext += r.promptTokens + 1;
                    decoding.add(r);
                }
            }
            if (prefillTokens == 0 && dStep == 0) {
                throw new IllegalStateException("the closed loop made no progress");
            }
        }
        double makespan = t - (Double.isNaN(measuredFromS) ? 0.0 : measuredFromS);
        ttft = Arrays.copyOfRange(ttft, skip, total);
        tpot = Arrays.copyOfRange(tpot, skip, total);
        double ttftMean = mean(ttft, measured);
        double tpotMean = mean(tpot, measured);
        Arrays.sort(ttft);
        Arrays.sort(tpot);
        long outputs = 0;
        for (int i = skip; i < total; i++) {
            outputs += length(outputTokens, i, 1);
        }
        return new Result(ttftMean, tpotMean, quantile(ttft, percentile), quantile(tpot, percentile),
                measured / makespan, outputs / makespan, decodeSteps > 0 ? batchSum / decodeSteps : 0.0, steps,
                makespan, false);
    }

    /**
     * A long run's steady state, without stepping through it: {@code running} sequences in flight, each one prompt
     * of P tokens to prefill and G output tokens, so a decode step of B sequences also has B x P / G prompt tokens
     * to prefill for the run to keep its batch.
     * <ul>
     *   <li>Mixed: when B + B x P / G fits the step's token budget K, every step decodes B tokens and prefills
     *       B x P / G; beyond, a full step holds d = K G / (P + G) decoding sequences and K P / (P + G) prompt
     *       tokens, TPOT is one step, and the B - d others wait for their prefill ((B - d) P / n steps).</li>
     *   <li>Separate: a cycle is G decode steps of B plus B x P / K prefill steps of K tokens.</li>
     * </ul>
     * The KV each decode step reads is the mean context P + G / 2 per sequence. TPOT is the cycle's time over G and
     * TTFT a prompt's share of the cycle's prefill steps; the rates are B x G tokens over the cycle.
     */
    public static Result steadyState(int running, int promptTokens, int outputTokens, boolean mixed,
                                     StepCost cost) {
        return steadyState(running, promptTokens, outputTokens, mixed, cost, STEP_TOKEN_BUDGET);
    }

    /** As above with a step budget of {@code stepTokens} for the whole replica (see {@link #run}). */
    public static Result steadyState(int running, int promptTokens, int outputTokens, boolean mixed,
                                     StepCost cost, int stepTokens) {
        return steadyState(running, promptTokens, outputTokens, mixed, cost, stepTokens, 1.0);
    }

    /**
     * As above when each request prefills only {@code prefilledShare} of its P prompt tokens on average (the rest
     * served from the prefix cache), in (0, 1]: the prefill per step and per prompt shrinks by it, the KV each
     * sequence reads does not.
     */
    public static Result steadyState(int running, int promptTokens, int outputTokens, boolean mixed,
                                     StepCost cost, int stepTokens, double prefilledShare) {
        if (running < 1 || promptTokens < 1 || outputTokens < 1 || !(prefilledShare > 0 && prefilledShare <= 1)) {
            throw new IllegalArgumentException("running and tokens must be >= 1, the prefilled share in (0, 1]");
        }
        double b = running;
        double g = outputTokens;
        double meanContext = promptTokens + g / 2.0;
        double p = Math.max(1.0, promptTokens * prefilledShare);
        double promptShare = p / promptTokens;
        double cycleS;
        double decodeBatch;
        double ttftS;
        long steps;
        double prefillPerStep = b * p / g;
        if (mixed && b + prefillPerStep <= stepTokens) {
            int n = (int) Math.round(prefillPerStep);
            double stepS = cost.stepS(running, b * meanContext, n, b / g * promptShare, prompts(n, p));
            cycleS = g * stepS;
            decodeBatch = b;
            ttftS = Math.max(1.0, p / Math.max(1.0, prefillPerStep)) * stepS;
            steps = (long) Math.ceil(g);
        } else if (mixed && b < stepTokens) {
            // the budget binds: a full step holds decode and prefill tokens in the ratio G : P that keeps the batch,
            // d = K G / (P + G) decoding and n = K P / (P + G) prefilling; the other B - d sequences wait for their
            // prefill, (B - d) / (n / P) steps by Little's law
            double d = stepTokens * g / (p + g);
            double nTokens = stepTokens * p / (p + g);
            int dSeqs = (int) Math.max(1, Math.round(d));
            int n = (int) Math.max(1, Math.round(nTokens));
            double stepS = cost.stepS(dSeqs, dSeqs * meanContext, n, n / p * promptShare, prompts(n, p));
            decodeBatch = d;
            // a sequence's G tokens take G steps; the cycle of the B sequences is B G / d steps
            cycleS = b * g / d * stepS;
            ttftS = Math.max(1.0, (b - d) * p / n) * stepS;
            steps = (long) Math.ceil(b * g / d);
            double tpot = stepS;
            double rate = d / stepS / g;
            return new Result(ttftS, tpot, ttftS, tpot, rate, rate * g, decodeBatch, steps, cycleS, true);
        } else {
            double prefillSteps = b * p / stepTokens;
            double prefillStepS = cost.stepS(0, 0.0, stepTokens, stepTokens / p * promptShare,
                    prompts(stepTokens, p));
            double decodeStepS = cost.stepS(running, b * meanContext, 0, 0.0, 0);
            cycleS = g * decodeStepS + prefillSteps * prefillStepS;
            decodeBatch = b;
            ttftS = Math.max(1.0, p / stepTokens) * prefillStepS;
            steps = (long) Math.ceil(g + prefillSteps);
        }
        double tpotS = cycleS / g;
        double requestsPerS = b / cycleS;
        return new Result(ttftS, tpotS, ttftS, tpotS, requestsPerS, requestsPerS * g, decodeBatch, steps, cycleS,
                true);
    }

    /** The prompts a steady step's n prompt tokens come from: whole prompts, or chunks of at most one budget. */
    private static int prompts(double n, double promptTokens) {
        return (int) Math.max(1, Math.ceil(n / Math.min(promptTokens, STEP_TOKEN_BUDGET)));
    }

    private static Request next(int index, double arrivalS, int promptTokens, int outputTokens, int pool) {
        int entry = pool > 0 ? index % pool : index;
        return new Request(index, arrivalS, entry, length(promptTokens, entry, 0), length(outputTokens, index, 1));
    }

    /**
     * The prompt tokens a cached prompt still prefills: those past its last whole block of
     * {@value #CACHE_BLOCK_TOKENS}, and at least one (a prompt of whole blocks recomputes its last token).
     */
    public static int uncachedTail(int promptTokens) {
        int tail = promptTokens % CACHE_BLOCK_TOKENS;
        return Math.min(promptTokens, tail == 0 ? 1 : tail);
    }

    /** The i-th request's length: the mean x (1 + spread x u), u evenly spread over [-1, 1] (golden-ratio steps). */
    static int length(int mean, int index, int stream) {
        double phase = (index + 1) * 0.6180339887498949 + stream * 0.5;
        double u = 2.0 * (phase - Math.floor(phase)) - 1.0;
        return Math.max(1, (int) Math.round(mean * (1.0 + LENGTH_SPREAD * u)));
    }

    private static double mean(double[] v, int n) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            sum += v[i];
        }
        return sum / n;
    }

    private static double quantile(double[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
