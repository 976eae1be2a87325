package io.ridgeline.engine.estimate;

import io.ridgeline.facts.Breach;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The fewest replicas of a serving design that carry its load: every latency objective and the capacity met at the
 * mean and at the peak, within the cluster. The load walls fall as replicas are added (each replica takes a smaller
 * share of the arrivals, or of a closed loop's clients), so the fewest is found by bisection between 1 (2 when
 * disaggregated) and the replicas the
 * cluster (and the budget's GPU cap) can hold. Memory, placement, budget and preferences do not depend on the
 * replica count's load share and
 * are left to the bill's own check.
 */
public final class FleetSizing {

    /** Replica counts a cached prompt pool's fleet is counted through one by one before bisection takes over. */
    public static final int COUNTED_REPLICAS = 8;

    /** The walls whose figures depend on the load per replica. */
    public static final Set<String> LOAD_WALLS = Set.of("ttft_slo", "tpot_slo", "e2e_slo", "task_slo", "throughput");

    private FleetSizing() {
    }

    /**
     * The fewest replicas carrying the load, or empty when the design does not fit in memory or not even the whole
     * cluster carries it. A design with neither an arrival rate nor a throughput target (an offline job without one)
     * keeps the replicas it was given.
     */
    public static OptionalInt fewestReplicas(Scenario s) {
        return fewestReplicas(s, new long[1]);
    }

    /** As {@link #fewestReplicas(Scenario)}, adding the bills it computes to {@code evaluated[0]}. */
    public static OptionalInt fewestReplicas(Scenario s, long[] evaluated) {
        // a closed loop's clients split over the replicas as arrivals do
        boolean noArrivals = !s.inference().closedLoop()
                && (s.inference().offline() || s.inference().requestsPerS() <= 0);
        int least = s.design().has(Feature.DISAGGREGATION) ? 2 : 1;
        if (noArrivals && !s.slo().hasThroughput()) {
            // a job with no rate to meet keeps the replicas it was given (two at least when disaggregated)
            return OptionalInt.of(Math.max(least, s.design().replicas()));
        }
        int perReplica = Math.max(1, s.design().gpusPerReplica());
        int gpus = s.cluster().totalGpus();
        if (s.budget().maxGpus() > 0) {
            gpus = Math.min(gpus, s.budget().maxGpus()); // the cap is as hard a limit as the cluster
        }
        int most = gpus / perReplica;
        if (most < least) {
            return OptionalInt.empty();
        }
        if (s.inference().promptPool() && s.design().has(Feature.PREFIX_CACHING)) {
            // a cached prompt pool hits less on each replica as the clients spread (every replica caches the
            // pool for itself), so the load walls need not fall with more replicas: count up to the fewest among
            // the first few, where the pool's hits change most; past them, bisect as below
            int counted = Math.min(most, least + COUNTED_REPLICAS - 1);
            for (int r = least; r <= counted; r++) {
                InferenceEstimate e = at(s, r, evaluated);
                if (!e.fits()) {
                    return OptionalInt.empty();
                }
                if (carriesLoad(e)) {
                    return OptionalInt.of(r);
                }
            }
            if (counted == most) {
                return OptionalInt.empty();
            }
            least = counted + 1;
        }
        InferenceEstimate atMost = at(s, most, evaluated);
        if (!atMost.fits() || !carriesLoad(atMost)) {
            return OptionalInt.empty();
        }
        int lo = least - 1;
        int hi = most;
        // a first guess from the bill's own sizing narrows the bisection
        int guess = Math.max(least, Math.min(most, atMost.peakReplicasNeeded()));
        if (guess < most) {
            if (carriesLoad(at(s, guess, evaluated))) {
                hi = guess;
            } else {
                lo = guess;
            }
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (carriesLoad(at(s, mid, evaluated))) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return OptionalInt.of(hi);
    }

    /** Whether no load wall is breached, at the mean or at the peak. */
    public static boolean carriesLoad(InferenceEstimate e) {
        for (Breach b : e.breaches()) {
            if (LOAD_WALLS.contains(b.wall())) {
                return false;
            }
        }
        return true;
    }

    private static InferenceEstimate at(Scenario s, int replicas, long[] evaluated) {
        evaluated[0]++;
        return InferenceEstimator.numeric(s.withDesign(s.design().withReplicas(replicas)));
    }
}
