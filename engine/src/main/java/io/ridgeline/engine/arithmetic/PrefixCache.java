package io.ridgeline.engine.arithmetic;

/**
 * How many shared prefixes a replica's prefix cache keeps resident, and how often a request finds its own (lessons
 * 13, 15, 17). A replica's KV budget is a pool of blocks: the sequences it runs hold theirs, each with its prefix (the
 * bill counts a sequence's KV with its prefix, so at full occupancy every running sequence's slot can hold a prefix of
 * its own), and what the running sequences leave free keeps further prefixes until evicted, least recently used first.
 *
 * <ul>
 *   <li><b>Capacity:</b> C = max batch + floor((KV budget - max batch x KV per sequence) / prefix KV), prefixes a
 *       replica keeps at full occupancy.</li>
 *   <li><b>Prefixes a replica sees:</b> all N of them; routed by prefix (cache-aware routing), its share ceil(N /
 *       replicas).</li>
 *   <li><b>Hit rate:</b> prefixes requested alike and evicted least recently used first hit min(1, C / N_replica)
 *       of the time (the LRU hit ratio under uniform popularity; a skewed popularity hits more).</li>
 *   <li><b>What the bill counts as cached:</b> a figure at the SLO percentile p is a hit's only when at least p of
 *       the requests hit, so the share of the prefix billed as cached is the hit rate where it is at least p (the
 *       mean, slightly above a hit's own prefill), else 0 (the percentile's request misses; the hits' savings are
 *       left out of the means too, so the bill errs slow, never fast).</li>
 * </ul>
 */
public final class PrefixCache {

    private PrefixCache() {
    }

    /** Prefixes a replica's KV budget keeps at full occupancy (all of them when a prefix takes no memory). */
    public static int capacity(int maxBatch, double kvBudgetBytesPerGpu, double kvBytesPerSequencePerGpu,
                               double prefixBytesPerGpu) {
        if (!(prefixBytesPerGpu > 0)) {
            return Integer.MAX_VALUE;
        }
        double free = Math.max(0.0, kvBudgetBytesPerGpu - maxBatch * kvBytesPerSequencePerGpu);
        return (int) Math.min(Integer.MAX_VALUE, maxBatch + Math.floor(free / prefixBytesPerGpu));
    }

    /** Distinct prefixes one replica sees: all, or routed by prefix its share ceil(N / replicas). */
    public static int perReplica(int distinctPrefixes, int replicas, boolean routedByPrefix) {
        return routedByPrefix ? (int) Math.ceil((double) distinctPrefixes / Math.max(1, replicas)) : distinctPrefixes;
    }

    /** LRU hit rate when prefixes are requested alike: min(1, capacity / prefixes the replica sees). */
    public static double hitRate(int capacity, int prefixesPerReplica) {
        return prefixesPerReplica <= 0 ? 1.0 : Math.min(1.0, (double) capacity / prefixesPerReplica);
    }

    /** The share of the prefix the bill counts as cached at the SLO percentile: the hit rate where >= p, else 0. */
    public static double billedShare(double hitRate, double percentile) {
        return hitRate >= percentile ? hitRate : 0.0;
    }
}
