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
        boolean embeddingOnly) {

    public boolean offline() {
        return offlineRequests > 0;
    }

    public InferenceWorkload withPeakToMeanRatio(double ratio) {
        return new InferenceWorkload(promptTokens, outputTokens, requestsPerS, contextTokens, sharedPrefixTokens,
                historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask, ratio,
                offlineRequests, embeddingOnly);
    }

    public InferenceWorkload withRequestsPerS(double rate) {
        return new InferenceWorkload(promptTokens, outputTokens, rate, contextTokens, sharedPrefixTokens,
                historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio,
                offlineRequests, embeddingOnly);
    }

    public InferenceWorkload withPromptTokens(int p) {
        return new InferenceWorkload(p, outputTokens, requestsPerS, Math.max(contextTokens - promptTokens + p, p),
                Math.min(sharedPrefixTokens, p), historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask,
                peakToMeanRatio, offlineRequests, embeddingOnly);
    }

    public InferenceWorkload withContextTokens(int l) {
        return new InferenceWorkload(promptTokens, outputTokens, requestsPerS, l, sharedPrefixTokens,
                historyTokensPerTurn, turns, retrievedTokens, retrievalMs, toolCallsPerTask, peakToMeanRatio,
                offlineRequests, embeddingOnly);
    }

    /** Share of the prompt that is a prefix common to many requests, in [0, 1]. */
    public double sharedPrefixShare() {
        return promptTokens <= 0 ? 0 : Math.min(1.0, (double) sharedPrefixTokens / promptTokens);
    }
}
