package io.ridgeline.facts;

/**
 * Serving traffic. Token counts are per request; rates are per second.
 *
 * @param promptTokens          prompt length P, tokens (includes retrieved context and history)
 * @param outputTokens          generated tokens G per request
 * @param requestsPerS          mean arrival rate, requests/s (0 for an offline batch)
 * @param contextTokens         context L held in the KV cache per sequence at decode (default P + G)
 * @param sharedPrefixTokens    tokens common to many requests (system prompt, repository context)
 * @param historyTokensPerTurn  tokens each conversation turn adds to the history
 * @param turns                 turns per conversation
 * @param retrievedTokens       retrieved-context tokens in the prompt (RAG)
 * @param retrievalMs           time budget spent on retrieval before prefill, ms
 * @param toolCallsPerTask      sequential model calls per agent task (fan-out)
 * @param peakToMeanRatio       diurnal peak over mean arrival rate
 * @param offlineRequests       requests in an offline batch job (0 when online)
 * @param embeddingOnly         true for prefill-only work (embeddings, classification)
 * @param concurrency           clients of a closed loop (each sends its next request when the last one ends), 0 when
 *                              the traffic is an open arrival rate or an offline batch
 * @param distinctPrompts       distinct prompts a closed loop's requests cycle through (a benchmark's dataset of N
 *                              entries, request i sending entry i mod N), 0 when every prompt is new
 * @param benchmarkRequests     requests a closed-loop benchmark measures (--num-prompts, --request-count); 0 (the
 *                              key left out) for ten per client
 * @param warmupRequests        requests a closed-loop benchmark sends first and leaves out of its figures
 * @param distinctPrefixes      distinct shared prefixes in rotation (system prompts, repositories, documents), each
 *                              {@code sharedPrefixTokens} long and requested alike; 1: one prefix, hot on every replica
 */
public record InferenceWorkload(
        int promptTokens,
        int outputTokens,
        double requestsPerS,
        int contextTokens,
        int sharedPrefixTokens,
        int historyTokensPerTurn,
        int turns,
        int retrievedTokens,
        double retrievalMs,
        int toolCallsPerTask,
        double peakToMeanRatio,
        long offlineRequests,
        boolean embeddingOnly,
        int concurrency,
        int distinctPrompts,
        long benchmarkRequests,
        long warmupRequests,
        int distinctPrefixes) {

    public InferenceWorkload {
        distinctPrefixes = Math.max(1, distinctPrefixes);
    }

    /** One shared prefix, hot on every replica. */
    public InferenceWorkload(int promptTokens, int outputTokens, double requestsPerS, int contextTokens,
                             int sharedPrefixTokens, int historyTokensPerTurn, int turns, int retrievedTokens,
                             double retrievalMs, int toolCallsPerTask, double peakToMeanRatio, long offlineRequests,
                             boolean embeddingOnly, int concurrency, int distinctPrompts, long benchmarkRequests,
                             long warmupRequests) {
        this(promptTokens, outputTokens, requestsPerS, contextTokens, sharedPrefixTokens, historyTokensPerTurn, turns,
                retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio, offlineRequests, embeddingOnly,
                concurrency, distinctPrompts, benchmarkRequests, warmupRequests, 1);
    }

    /** The benchmark's own run length: ten requests per client, no warm-up. */
    public InferenceWorkload(int promptTokens, int outputTokens, double requestsPerS, int contextTokens,
                             int sharedPrefixTokens, int historyTokensPerTurn, int turns, int retrievedTokens,
                             double retrievalMs, int toolCallsPerTask, double peakToMeanRatio, long offlineRequests,
                             boolean embeddingOnly, int concurrency, int distinctPrompts) {
        this(promptTokens, outputTokens, requestsPerS, contextTokens, sharedPrefixTokens, historyTokensPerTurn, turns,
                retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio, offlineRequests, embeddingOnly,
                concurrency, distinctPrompts, 0, 0);
    }

    /** Every prompt new (no pool of distinct prompts). */
    public InferenceWorkload(int promptTokens, int outputTokens, double requestsPerS, int contextTokens,
                             int sharedPrefixTokens, int historyTokensPerTurn, int turns, int retrievedTokens,
                             double retrievalMs, int toolCallsPerTask, double peakToMeanRatio, long offlineRequests,
                             boolean embeddingOnly, int concurrency) {
        this(promptTokens, outputTokens, requestsPerS, contextTokens, sharedPrefixTokens, historyTokensPerTurn, turns,
                retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio, offlineRequests, embeddingOnly,
                concurrency, 0);
    }

    /** Open-loop or offline traffic (no closed loop of clients). */
    public InferenceWorkload(int promptTokens, int outputTokens, double requestsPerS, int contextTokens,
                             int sharedPrefixTokens, int historyTokensPerTurn, int turns, int retrievedTokens,
                             double retrievalMs, int toolCallsPerTask, double peakToMeanRatio, long offlineRequests,
                             boolean embeddingOnly) {
        this(promptTokens, outputTokens, requestsPerS, contextTokens, sharedPrefixTokens, historyTokensPerTurn, turns,
                retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio, offlineRequests, embeddingOnly, 0);
    }

    /** True when a closed loop of clients drives the traffic. */
    public boolean closedLoop() {
        return concurrency > 0;
    }

    public InferenceWorkload withConcurrency(int clients) {
        return new InferenceWorkload(promptTokens, outputTokens, requestsPerS, contextTokens, sharedPrefixTokens,
                historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio,
                offlineRequests, embeddingOnly, clients, clients > 0 ? distinctPrompts : 0,
                clients > 0 ? benchmarkRequests : 0, clients > 0 ? warmupRequests : 0, distinctPrefixes);
    }

    /** A closed loop whose requests reuse a pool of distinct prompts. */
    public boolean promptPool() {
        return concurrency > 0 && distinctPrompts > 0;
    }

    public InferenceWorkload withDistinctPrompts(int n) {
        return new InferenceWorkload(promptTokens, outputTokens, requestsPerS, contextTokens, sharedPrefixTokens,
                historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio,
                offlineRequests, embeddingOnly, concurrency, n, benchmarkRequests, warmupRequests, distinctPrefixes);
    }

    /** The requests a closed-loop benchmark measures: as given, else ten per client. */
    public long measuredRequests() {
        return benchmarkRequests > 0 ? benchmarkRequests : 10L * concurrency;
    }

    public boolean offline() {
        return offlineRequests > 0;
    }

    public InferenceWorkload withPeakToMeanRatio(double ratio) {
        return new InferenceWorkload(promptTokens, outputTokens, requestsPerS, contextTokens, sharedPrefixTokens,
                historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask, ratio,
                offlineRequests, embeddingOnly, concurrency, distinctPrompts, benchmarkRequests, warmupRequests,
                distinctPrefixes);
    }

    public InferenceWorkload withRequestsPerS(double rate) {
        return new InferenceWorkload(promptTokens, outputTokens, rate, contextTokens, sharedPrefixTokens,
                historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio,
                offlineRequests, embeddingOnly, concurrency, distinctPrompts, benchmarkRequests, warmupRequests,
                distinctPrefixes);
    }

    public InferenceWorkload withPromptTokens(int p) {
        return new InferenceWorkload(p, outputTokens, requestsPerS, Math.max(contextTokens - promptTokens + p, p),
                Math.min(sharedPrefixTokens, p), historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask,
                peakToMeanRatio, offlineRequests, embeddingOnly, concurrency, distinctPrompts, benchmarkRequests,
                warmupRequests, distinctPrefixes);
    }

    public InferenceWorkload withContextTokens(int l) {
        return new InferenceWorkload(promptTokens, outputTokens, requestsPerS, l, sharedPrefixTokens,
                historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio,
                offlineRequests, embeddingOnly, concurrency, distinctPrompts, benchmarkRequests, warmupRequests,
                distinctPrefixes);
    }

    /** Share of the prompt that is a prefix common to many requests, in [0, 1]. */
    public double sharedPrefixShare() {
        return promptTokens <= 0 ? 0 : Math.min(1.0, (double) sharedPrefixTokens / promptTokens);
    }

    /** The same traffic with another number of sequential model calls per agent task. */
    public InferenceWorkload withToolCallsPerTask(int calls) {
        return new InferenceWorkload(promptTokens, outputTokens, requestsPerS, contextTokens, sharedPrefixTokens,
                historyTokensPerTurn, turns, retrievedTokens, retrievalMs, calls, peakToMeanRatio,
                offlineRequests, embeddingOnly, concurrency, distinctPrompts, benchmarkRequests, warmupRequests,
                distinctPrefixes);
    }

    /** The same traffic with another shared prefix, at most the prompt. */
    public InferenceWorkload withSharedPrefixTokens(int tokens) {
        return new InferenceWorkload(promptTokens, outputTokens, requestsPerS, contextTokens,
                Math.min(tokens, promptTokens), historyTokensPerTurn, turns, retrievedTokens, retrievalMs,
                toolCallsPerTask, peakToMeanRatio, offlineRequests, embeddingOnly, concurrency, distinctPrompts,
                benchmarkRequests, warmupRequests, distinctPrefixes);
    }

    /** The same traffic over another number of distinct shared prefixes. */
    public InferenceWorkload withDistinctPrefixes(int n) {
        return new InferenceWorkload(promptTokens, outputTokens, requestsPerS, contextTokens, sharedPrefixTokens,
                historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio,
                offlineRequests, embeddingOnly, concurrency, distinctPrompts, benchmarkRequests, warmupRequests, n);
    }
}
