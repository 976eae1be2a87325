package io.ridgeline.tests;

import io.ridgeline.facts.Design;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;

/** An independent check that a final serving design meets every requirement its scenario states. */
final class Requirements {

    private Requirements() {
    }

    static List<String> unmet(Design d, Scenario s, InferenceEstimate e) {
        List<String> unmet = new ArrayList<>();
        if (!e.fits()) {
            unmet.add("does not fit: " + e.overLimits());
        }
        if (s.slo().hasTtft() && e.ttftMs() > s.slo().ttftMs()) {
            unmet.add("ttft " + e.ttftMs() + " > " + s.slo().ttftMs());
        }
        if (s.slo().hasTpot() && e.tpotMs() > s.slo().tpotMs()) {
            unmet.add("tpot " + e.tpotMs() + " > " + s.slo().tpotMs());
        }
        if (s.slo().hasE2e() && e.e2eMs() > s.slo().e2eMs()) {
            unmet.add("e2e " + e.e2eMs() + " > " + s.slo().e2eMs());
        }
        if (s.slo().hasTask() && e.taskMs() > s.slo().taskMs()) {
            unmet.add("task " + e.taskMs() + " > " + s.slo().taskMs());
        }
        if (s.slo().hasThroughput() && e.tokensPerS() < s.slo().minThroughputTokensPerS()) {
            unmet.add("tokens/s " + e.tokensPerS() + " < " + s.slo().minThroughputTokensPerS());
        }
        double rate = s.inference().offline() ? 0 : s.inference().requestsPerS();
        if (rate > 0 && e.requestsPerSCapacity() < rate) {
            unmet.add("capacity " + e.requestsPerSCapacity() + " < " + rate + " requests/s");
        }
        // at the peak, with the replicas in service there
        if (s.slo().hasTtft() && e.peakTtftMs() > s.slo().ttftMs()) {
            unmet.add("peak ttft " + e.peakTtftMs() + " > " + s.slo().ttftMs());
        }
        if (s.slo().hasTpot() && e.peakTpotMs() > s.slo().tpotMs()) {
            unmet.add("peak tpot " + e.peakTpotMs() + " > " + s.slo().tpotMs());
        }
        if (rate > 0 && e.peakRequestsPerS() > rate * s.inference().peakToMeanRatio() * (1 + 1e-9)) {
            unmet.add("peak rate " + e.peakRequestsPerS() + " is not the scenario's");
        }
        if (s.budget().usdPerHour() > 0 && e.costPerHourUsd() > s.budget().usdPerHour()) {
            unmet.add("cost " + e.costPerHourUsd() + " > " + s.budget().usdPerHour());
        }
        if (s.budget().maxGpus() > 0 && e.totalGpus() > s.budget().maxGpus()) {
            unmet.add("gpus " + e.totalGpus() + " > cap " + s.budget().maxGpus());
        }
        if (e.totalGpus() > s.cluster().totalGpus()) {
            unmet.add("gpus " + e.totalGpus() + " > cluster " + s.cluster().totalGpus());
        }
        if (d.replicas() < 1) {
            unmet.add("no replica");
        }
        return unmet;
    }
}
