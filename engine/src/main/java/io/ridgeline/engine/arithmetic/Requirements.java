package io.ridgeline.engine.arithmetic;

/**
 * From requirements to capacity. Little's Law: requests in flight = arrival rate x time in system. A fleet needs
 * enough replicas to hold the concurrency in their batches and to serve the arrival rate.
 */
public final class Requirements {

    private Requirements() {
    }

    /** Requests in flight, Little's Law: lambda (requests/s) x E2E (s). */
    public static double concurrency(double requestsPerS, double e2eS) {
        return requestsPerS * e2eS;
    }

    /**
     * Requests/s one colocated replica completes at batch B: 1 / (t_prefill + G x step / B). Each request holds the
     * GPU alone for its prefill and shares it with B - 1 others for its G decode steps.
     */
    public static double requestsPerSPerReplica(double prefillS, int outputTokens, double stepS, double batch) {
        if (!(batch > 0)) {
            throw new IllegalArgumentException("batch = " + batch + " must be > 0");
        }
        return 1.0 / (prefillS + outputTokens * stepS / batch);
    }

    /**
     * Replicas needed: the larger of ceil(concurrency / usable batch) and ceil(lambda / requests/s per replica).
     */
    public static int replicasNeeded(double concurrency, double usableBatch, double requestsPerS,
                                     double requestsPerSPerReplica) {
        if (requestsPerS <= 0 && concurrency <= 0) {
            return 0;
        }
        if (!(usableBatch > 0) || !(requestsPerSPerReplica > 0)) {
            throw new IllegalArgumentException("usableBatch = " + usableBatch + " and requestsPerSPerReplica = "
                    + requestsPerSPerReplica + " must be > 0");
        }
        double byBatch = Math.ceil(concurrency / usableBatch - 1e-9);
        double byRate = Math.ceil(requestsPerS / requestsPerSPerReplica - 1e-9);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(byBatch, byRate));
    }

    /** Peak arrival rate: lambda x peak-to-mean ratio (a ratio of 0 means unset and counts as 1). */
    public static double peakRequestsPerS(double requestsPerS, double peakToMeanRatio) {
        return requestsPerS * (peakToMeanRatio > 0 ? peakToMeanRatio : 1.0);
    }

    /** Agent task latency, s: sequential calls x E2E per call (at least one call). */
    public static double taskS(int toolCallsPerTask, double e2eS) {
        return Math.max(1, toolCallsPerTask) * e2eS;
    }

    /**
     * Probability that all n sequential calls stay under the per-call percentile p: p^n (0.99^20 = 0.818, so
     * one task in five meets at least one p99 call).
     */
    public static double allCallsUnderPercentile(double percentile, int calls) {
        return Math.pow(percentile, Math.max(1, calls));
    }
}
