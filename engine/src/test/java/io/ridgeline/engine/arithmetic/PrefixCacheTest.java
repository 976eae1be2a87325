package io.ridgeline.engine.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The prefix cache's residency (lessons 13, 15, 17), each formula against a number worked by hand. */
class PrefixCacheTest {

    @Test
    void aReplicaKeepsAPrefixInEveryRunningSlotAndWhatTheFreeBudgetHolds() {
        // 10 sequences of 0.9 GB in a 10 GB budget leave 1 GB: two more 0.5 GB prefixes, 12 in all
        assertThat(PrefixCache.capacity(10, 10e9, 0.9e9, 0.5e9)).isEqualTo(12);
        // a full budget keeps one prefix a running sequence
        assertThat(PrefixCache.capacity(10, 9e9, 0.9e9, 0.5e9)).isEqualTo(10);
    }

    @Test
    void routingByPrefixGivesEachReplicaItsShare() {
        // 2,000 repositories over 24 replicas: ceil(2000 / 24) = 84 a replica; unrouted, every replica sees 2,000
        assertThat(PrefixCache.perReplica(2000, 24, true)).isEqualTo(84);
        assertThat(PrefixCache.perReplica(2000, 24, false)).isEqualTo(2000);
        assertThat(PrefixCache.perReplica(2000, 7, true)).isEqualTo(286);
    }

    @Test
    void prefixesRequestedAlikeHitAsOftenAsTheCacheHoldsThem() {
        // 70 kept of 2,000: 70 / 2000 = 3.5%; 90 kept of 84: all hit
        assertThat(PrefixCache.hitRate(70, 2000)).isCloseTo(0.035, within(1e-12));
        assertThat(PrefixCache.hitRate(90, 84)).isEqualTo(1.0);
    }

    @Test
    void theBillCountsThePrefixCachedOnlyWhereThePercentilesRequestHits() {
        // at p99 a 3.5% hit rate leaves the 99th-percentile request a miss: nothing billed as cached
        assertThat(PrefixCache.billedShare(0.035, 0.99)).isZero();
        // 99.5% of requests hit: the mean's share, 99.5% of the prefix
        assertThat(PrefixCache.billedShare(0.995, 0.99)).isEqualTo(0.995);
    }
}
