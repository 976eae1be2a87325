package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.text.Numbers.bytes;
import static io.ridgeline.engine.text.Numbers.sig;

import io.ridgeline.engine.estimate.ServingBill.Capacity;
import io.ridgeline.engine.estimate.ServingBill.Decode;
import io.ridgeline.engine.estimate.ServingBill.Fit;
import io.ridgeline.engine.estimate.ServingBill.KvMemory;
import io.ridgeline.engine.estimate.ServingBill.Money;
import io.ridgeline.engine.estimate.ServingBill.PrefillQueue;
import io.ridgeline.engine.estimate.ServingBill.Requests;
import io.ridgeline.engine.estimate.ServingBill.Shape;
import io.ridgeline.engine.estimate.ServingBill.Split;
import io.ridgeline.engine.estimate.ServingBill.Weights;
import io.ridgeline.facts.Breach;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.Slo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The requirement check of a serving bill: the limits its stages break, in a fixed order (context window, prefill
 * saturation, memory, placement, budget, latency objectives, throughput, accepted formats, capacity), then the
 * load walls breached at the peak arrival rate. With text, each breach carries the sentence the user reads; without
 * it, the wall's name.
 */
final class ServingCheck {

    /** The walls checked again at the peak: latency and capacity depend on the load, memory and money do not. */
    private static final Set<String> PEAK_WALLS = Set.of("ttft_slo", "tpot_slo", "e2e_slo", "task_slo",
            "throughput");

    private final Scenario s;
    private final Shape shape;
    private final boolean text;
    /** The breaches found so far, null until the first. */
    private List<Breach> breaches;

    private ServingCheck(Scenario s, Shape shape, boolean text) {
        this.s = s;
        this.shape = shape;
        this.text = text;
    }

    /**
     * The breaches of {@code bill} at its own load, then those of {@code atPeak} (the same design at the peak, or
     * null) on the load walls; sentences when {@code text}, else the walls' names.
     */
    static List<Breach> breaches(ServingBill bill, InferenceEstimate atPeak, boolean text) {
        ServingCheck check = new ServingCheck(bill.scenario(), bill.shape(), text);
        check.contextWindow(bill.kv());
        check.prefillSaturation(bill.queue(), bill.split());
        check.memory(bill.weights(), bill.kv(), bill.decode(), bill.fit());
        check.placementAndBudget(bill.money());
        check.objectives(bill.queue(), bill.decode(), bill.requests(), bill.capacity());
        check.formats();
        check.capacity(bill.capacity());
        if (atPeak != null) {
            check.atPeak(atPeak);
        }
        return check.breaches == null ? List.of() : check.breaches;
    }

    private void contextWindow(KvMemory kv) {
        ModelArchitecture m = s.model();
        int context = kv.contextTokens();
        if (m.maxContext() > 0 && context > m.maxContext()) {
            add("context_window", context, m.maxContext(), "tokens", text ? "context " + context
                    + " tokens exceeds the model's maximum " + m.maxContext() + " by " + (context - m.maxContext())
                    + " tokens" : "context_window");
        }
    }

    private void prefillSaturation(PrefillQueue queue, Split split) {
        if (queue.unstable()) {
            double rho = queue.utilization();
            add("throughput", rho, 1.0, "ratio", text ? "prefill utilisation " + sig(rho)
                    + " >= 1: the prefill queue grows without bound at " + sig(shape.requestsPerS())
                    + " requests/s over " + split.prefillInstances() + " instance(s)" : "throughput");
        }
    }

    private void memory(Weights weights, KvMemory kv, Decode decode, Fit fit) {
        double memoryBytesPerGpu = fit.memoryBytesPerGpu();
        double usable = kv.usableHbmBytesPerGpu();
        int batch = decode.batch();
        int maxBatch = kv.maxBatch();
        if (!fit.weightsFit()) {
            add("memory_capacity", memoryBytesPerGpu, usable, "B", text ? "weights "
                    + bytes(weights.weightBytesPerGpu()) + (shape.speculative() ? " + draft "
                    + bytes(weights.draftWeightBytesPerGpu()) : "") + " + workspace "
                    + bytes(kv.workspaceBytesPerGpu()) + " exceed usable HBM " + bytes(usable) + " per GPU by "
                    + bytes(fit.fixedBytesPerGpu() - usable) : "memory_capacity");
        } else if (maxBatch < 1) {
            add("memory_capacity", memoryBytesPerGpu, usable, "B", text ? "not one sequence of context "
                    + kv.contextTokens() + " fits: KV " + bytes(kv.kvBytesResidentPerSequencePerGpu())
                    + " per sequence per GPU against a KV budget of " + bytes(kv.kvBudgetBytesPerGpu())
                    : "memory_capacity");
        } else if (batch > maxBatch) {
            add("memory_capacity", memoryBytesPerGpu, usable, "B", text ? "batch " + batch + " exceeds max batch "
                    + maxBatch + " at context " + kv.contextTokens() + " by " + (batch - maxBatch) + " sequences: KV "
                    + bytes(fit.kvBytesPerGpu()) + " against a budget of " + bytes(kv.kvBudgetBytesPerGpu())
                    + " per GPU" : "memory_capacity");
        }
    }

    private void placementAndBudget(Money money) {
        Cluster c = s.cluster();
        int gpr = shape.gpusPerReplica();
        int totalGpus = shape.totalGpus();
        double costPerHour = money.costPerHourUsd();
        if (totalGpus > c.totalGpus()) {
            add("placement", totalGpus, c.totalGpus(), "GPUs", text ? "fleet needs " + totalGpus + " GPUs ("
                    + shape.replicas() + " x " + gpr + "), the cluster has " + c.totalGpus() + ": "
                    + (totalGpus - c.totalGpus()) + " over" : "placement");
        }
        if (gpr > c.gpusPerNode() && !s.preferences().allowMultiNode()) {
            add("placement", gpr, c.gpusPerNode(), "GPUs", text ? "a replica spans " + gpr
                    + " GPUs, more than a node's " + c.gpusPerNode() + ", and multi-node replicas are not allowed"
                    : "placement");
        }
        if (s.budget().maxGpus() > 0 && totalGpus > s.budget().maxGpus()) {
            add("cost", totalGpus, s.budget().maxGpus(), "GPUs", text ? "fleet of " + totalGpus
                    + " GPUs exceeds the budget's " + s.budget().maxGpus() + " by "
                    + (totalGpus - s.budget().maxGpus()) : "cost");
        }
        if (s.budget().usdPerHour() > 0 && costPerHour > s.budget().usdPerHour()) {
            add("cost", costPerHour, s.budget().usdPerHour(), "USD/h", text ? "cost " + sig(costPerHour)
                    + " USD/h exceeds the budget " + sig(s.budget().usdPerHour()) + " USD/h by "
                    + sig(costPerHour - s.budget().usdPerHour()) : "cost");
        }
    }

    private void objectives(PrefillQueue queue, Decode decode, Requests requests, Capacity capacity) {
        Slo slo = s.slo();
        String pct = text ? Slo.label(shape.percentile()) : "";
        double ttftMs = queue.ttftMs();
        double tpotMs = decode.tpotS() * 1e3;
        double e2eMs = requests.e2eMs();
        double taskMs = requests.taskMs();
        if (slo.hasTtft() && ttftMs > slo.ttftMs()) {
            add("ttft_slo", ttftMs, slo.ttftMs(), "ms", text ? InferenceEstimator.latencyOver("TTFT", ttftMs, pct,
                    slo.ttftMs()) : "ttft_slo");
        }
        if (slo.hasTpot() && !shape.embeddingOnly() && tpotMs > slo.tpotMs()) {
            add("tpot_slo", tpotMs, slo.tpotMs(), "ms", text ? InferenceEstimator.latencyOver("TPOT", tpotMs, pct,
                    slo.tpotMs()) : "tpot_slo");
        }
        if (slo.hasE2e() && e2eMs > slo.e2eMs()) {
            add("e2e_slo", e2eMs, slo.e2eMs(), "ms", text ? InferenceEstimator.latencyOver("E2E", e2eMs, pct,
                    slo.e2eMs()) : "e2e_slo");
        }
        if (slo.hasTask() && taskMs > slo.taskMs()) {
            add("task_slo", taskMs, slo.taskMs(), "ms", text ? InferenceEstimator.latencyOver("task", taskMs, pct,
                    slo.taskMs()) : "task_slo");
        }
        double tokensPerS = capacity.tokensPerS();
        if (slo.hasThroughput() && tokensPerS < slo.minThroughputTokensPerS()) {
            add("throughput", tokensPerS, slo.minThroughputTokensPerS(), "tokens/s", text ? "throughput "
                    + sig(tokensPerS) + " tokens/s falls short of the required "
                    + sig(slo.minThroughputTokensPerS()) + " by " + sig(slo.minThroughputTokensPerS() - tokensPerS)
                    : "throughput");
        }
    }

    /** The first of the weight and KV-cache formats that preferences.accepted_formats refuses. */
    private void formats() {
        NumericFormat wf = s.design().weights();
        NumericFormat kvf = s.design().kvCache();
        NumericFormat refused = !s.preferences().accepts(wf) ? wf : !s.preferences().accepts(kvf) ? kvf : null;
        if (refused != null) {
            add("preference", 0, 0, "", text ? (refused == wf ? "weights" : "KV cache") + " in " + refused.id()
                    + ", a format preferences.accepted_formats does not accept" : "preference");
        }
    }

    private void capacity(Capacity capacity) {
        double lambda = shape.requestsPerS();
        double capacityRequestsPerS = capacity.requestsPerSCapacity();
        if (lambda > 0 && lambda > capacityRequestsPerS) {
            add("throughput", lambda, capacityRequestsPerS, "requests/s", text ? "arrivals " + sig(lambda)
                    + " requests/s exceed the fleet's capacity " + sig(capacityRequestsPerS) + " by "
                    + sig(lambda - capacityRequestsPerS) : "throughput");
        }
    }

    private void atPeak(InferenceEstimate atPeak) {
        for (Breach b : atPeak.breaches()) {
            if (PEAK_WALLS.contains(b.wall())) {
                add(new Breach(b.wall(), Breach.PEAK, b.value(), b.limit(), b.unit(), text
                        ? "at the peak of " + sig(shape.requestsPerS() * s.inference().peakToMeanRatio())
                        + " requests/s, " + b.text()
                        : b.wall()));
            }
        }
    }

    private void add(String wall, double value, double limit, String unit, String sentence) {
        add(new Breach(wall, Breach.MEAN, value, limit, unit, sentence));
    }

    private void add(Breach b) {
        if (breaches == null) {
            breaches = new ArrayList<>(4);
        }
        breaches.add(b);
    }
}
