package io.ridgeline.engine.search;

import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.FleetSizing;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.facts.Breach;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Objective;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The serving design space the scenario allows, enumerated: GPU type (hardware.gpu and
 * preferences.alternative_gpus) x model tier (model and preferences.smaller_models) x tp x pp x ep x cp x weight and
 * KV formats the user accepts x speculative decoding x prefix caching x chunked prefill x disaggregation x
 * autoscaling. Each replica shape is sized to the fewest replicas that carry the load ({@link FleetSizing}) and kept
 * when its bill's own requirement check is empty. It is the yardstick the design loop is checked against, never the
 * loop's answer.
 *
 * <p>Pruned, not shrunk: a shape whose weights do not fit one GPU's share is not sized; a shape that cannot cost
 * less than the cheapest feasible design found so far (its GPUs per replica x the fewest replicas it may run x the
 * price) is not sized either, and shapes are visited cheapest first so that this bound bites early; tp stops at the
 * node (it would cross the scale-out network), pp at {@value #MAX_PP} stages, cp is tried for prompts of 4,096 tokens
 * or more, and a replica is wider than a node only when multi-node replicas are allowed.
 */
public final class DesignSearch {

    /** One design the search priced: the model and GPU it runs, its design, and its bill. */
    public record Candidate(String model, String gpu, Design design, InferenceEstimate estimate) {
    }

    /**
     * @param best       the feasible design best by the scenario's objective ({@link SearchRanking#serving}: the
     *                   cheapest by default, ties: fewer GPUs, then lower p99 TTFT), or null
     * @param frontier   Pareto points over cost per hour against p99 TTFT, p99 TPOT and tokens/s, cheapest first
     * @param top        the N feasible designs best by the objective
     * @param evaluated  bills computed
     * @param feasible   replica shapes whose sized design meets every requirement
     * @param rejectedBy for the shapes that do not, the wall that rejected them: {wall: count}
     * @param elapsedMs  wall-clock time of the search
     * @param objective  what the designs are ranked by
     * @param unmet      the N sized designs best by the objective that break a requirement (their bills say which)
     * @param pareto     the sized designs that fit in memory and no other beats or equals on both cost per hour and
     *                   e2e latency at the SLO percentile (a latency that grows without bound left out), cheapest
     *                   first, at most {@value SearchRanking#MAX_PARETO_POINTS} spread along it
     */
    public record Result(Candidate best, List<Candidate> frontier, List<Candidate> top, long evaluated, int feasible,
                         Map<String, Integer> rejectedBy, long elapsedMs, Objective objective, List<Candidate> unmet,
                         List<Candidate> pareto) {
    }

    /** Deepest pipeline the search tries: past 8 stages a serving replica's pipeline latency only grows. */
    public static final int MAX_PP = 8;

    private final Catalogs catalogs;

    public DesignSearch(Catalogs catalogs) {
        this.catalogs = catalogs;
    }

    /** A replica shape: everything but the replica count. */
    private record Shape(Scenario scenario, int gpusPerReplica, double usdPerGpuHour) {
    }

    public Result search(Scenario s, int topN) {
        long t0 = System.nanoTime();
        long[] evaluated = {0};
        Objective objective = s.objective();
        List<Shape> shapes = shapes(s);
        shapes.sort(Comparator.comparingDouble((Shape sh) -> sh.gpusPerReplica() * sh.usdPerGpuHour())
                .thenComparingInt(Shape::gpusPerReplica));
        Map<String, Integer> rejected = new TreeMap<>();
        List<Candidate> feasible = new ArrayList<>();
        List<Candidate> unmet = new ArrayList<>();
        double bestCost = Double.POSITIVE_INFINITY;
        // the cost floor prunes only a search for the one cheapest design: every other answer needs every shape
        boolean prune = topN <= 1 && objective == Objective.COST;
        for (Shape shape : shapes) {
            io.ridgeline.engine.TimeBudget.check();
            Scenario sc = shape.scenario();
            int least = sc.design().has(Feature.DISAGGREGATION) ? 2 : 1;
            double floorCost = Math.max(1, InferenceEstimator.replicasInServiceAtMean(
                    sc.withDesign(sc.design().withReplicas(least)))) * shape.gpusPerReplica() * shape.usdPerGpuHour();
            if (prune && floorCost > bestCost * (1 + 1e-9)) {
                count(rejected, "dominated");
                continue;
            }
            InferenceEstimate one;
            try {
                one = InferenceEstimator.numeric(sc.withDesign(sc.design().withReplicas(least)));
                evaluated[0]++;
            } catch (IllegalArgumentException refused) {
                count(rejected, "invalid");
                continue;
            }
            if (!one.weightsFit() || one.maxBatch() < 1) {
                count(rejected, "memory_capacity");
                continue;
            }
            if (sc.budget().maxGpus() > 0 && least * shape.gpusPerReplica() > sc.budget().maxGpus()) {
                count(rejected, "cost"); // not even the fewest replicas of this shape fit under the GPU cap
                continue;
            }
            OptionalInt n = FleetSizing.fewestReplicas(sc, evaluated);
            if (n.isEmpty()) {
                count(rejected, firstLoadWall(one));
                continue;
            }
            Scenario sized = sc.withDesign(sc.design().withReplicas(n.getAsInt()));
            InferenceEstimate e = InferenceEstimator.numeric(sized);
            evaluated[0]++;
            Candidate c = new Candidate(sized.model().id(), sized.cluster().gpu().id(), sized.design(), e);
            if (!e.meetsRequirements()) {
                count(rejected, e.breaches().get(0).wall());
                unmet.add(c);
                continue;
            }
            feasible.add(c);
            bestCost = Math.min(bestCost, e.costPerHourUsd());
        }
        List<Candidate> fitting = new ArrayList<>(feasible);
        fitting.addAll(unmet);
        sortCheapestFirst(feasible);
        List<Candidate> frontier = frontier(feasible);
        Comparator<Candidate> order = SearchRanking.serving(objective);
        if (objective != Objective.COST) {
            feasible.sort(order);
        }
        unmet.sort(order);
        int n = Math.max(1, topN);
        List<Candidate> top = List.copyOf(feasible.subList(0, Math.min(n, feasible.size())));
        Candidate best = feasible.isEmpty() ? null : feasible.get(0);
        return new Result(best, frontier, top, evaluated[0], feasible.size(),
                java.util.Collections.unmodifiableMap(rejected),
                (System.nanoTime() - t0) / 1_000_000, objective, List.copyOf(unmet.subList(0, Math.min(n,
                unmet.size()))), SearchRanking.paretoServing(fitting));
    }

    /**
     * Cheapest first; then fewer GPUs, then the lower worst TTFT, then by the design's text (written only for the
     * candidates that tie on the rest).
     */
    private static void sortCheapestFirst(List<Candidate> candidates) {
        Comparator<Ranked> order = Comparator
                .comparingDouble((Ranked r) -> r.candidate.estimate().costPerHourUsd())
                .thenComparingInt(r -> r.candidate.estimate().totalGpus())
                .thenComparingDouble(r -> worst(r.candidate.estimate().ttftMs(), r.candidate.estimate().peakTtftMs()))
                .thenComparing(Ranked::key);
        List<Ranked> ranked = new ArrayList<>(candidates.size());
        candidates.forEach(c -> ranked.add(new Ranked(c)));
        ranked.sort(order);
        for (int i = 0; i < ranked.size(); i++) {
            candidates.set(i, ranked.get(i).candidate);
        }
    }

    /** A candidate with its text key, written when a comparison first needs it. */
    private static final class Ranked {
        private final Candidate candidate;
        private String key;

        Ranked(Candidate candidate) {
            this.candidate = candidate;
        }

        String key() {
            if (key == null) {
                key = candidate.model() + "|" + candidate.gpu() + "|" + candidate.design();
            }
            return key;
        }
    }

    private static String firstLoadWall(InferenceEstimate e) {
        for (Breach b : e.breaches()) {
            if (FleetSizing.LOAD_WALLS.contains(b.wall())) {
                return b.wall();
            }
        }
        return "throughput";
    }

    private static void count(Map<String, Integer> m, String wall) {
        m.merge(wall, 1, Integer::sum);
    }

    private static double worst(double mean, double peak) {
        return Math.max(mean, peak);
    }

    /** Every replica shape the scenario allows, its replica count 1. */
    private List<Shape> shapes(Scenario s) {
        List<Shape> out = new ArrayList<>();
        Set<String> gpus = new LinkedHashSet<>();
        gpus.add(s.cluster().gpu().id());
        gpus.addAll(s.preferences().alternativeGpus());
        Set<String> models = new LinkedHashSet<>();
        models.add(s.model().id());
        models.addAll(s.preferences().smallerModels());
        boolean embedding = s.inference().embeddingOnly();
        boolean online = !s.inference().offline() && s.inference().requestsPerS() > 0;
        // a job with no rate and no throughput target to meet keeps the replica count it was given
        boolean fixedJob = !online && !s.slo().hasThroughput();
        for (String gpuId : gpus) {
            Gpu gpu = catalogs.gpu(gpuId);
            Scenario onGpu = gpuId.equals(s.cluster().gpu().id()) ? s
                    : s.withCluster(s.cluster().withGpu(gpu),
                            catalogs.efficiency(gpu, s.design().scheduling().engine()));
            int node = onGpu.cluster().gpusPerNode();
            int cluster = onGpu.cluster().totalGpus();
            for (String modelId : models) {
                ModelArchitecture m = modelId.equals(s.model().id()) ? s.model() : catalogs.model(modelId);
                Scenario base = modelId.equals(s.model().id()) ? onGpu : onGpu.withModel(m);
                for (int tp = 1; tp <= node; tp *= 2) {
                    if (m.attentionHeads() % tp != 0) {
                        continue;
                    }
                    for (int pp = 1; pp <= Math.min(MAX_PP, m.layers()) && tp * pp <= cluster; pp *= 2) {
                        for (int ep : expertDegrees(m, tp)) {
                            for (int cp = 1; cp <= 8; cp *= 2) {
                                Design shape = s.design().withParallelism(tp, pp, 1, ep, cp)
                                        .withReplicas(fixedJob ? s.design().replicas() : 1)
                                        .withBatch(0).withFeatures(Set.of()).withPrefillShare(0.0);
                                int gpr = shape.gpusPerReplica();
                                if (gpr > cluster || (gpr > node && !s.preferences().allowMultiNode())) {
                                    continue;
                                }
                                if (cp > 1 && (embedding || s.inference().promptTokens() < 4096)) {
                                    continue;
                                }
                                for (NumericFormat w : weightFormats(s, gpu)) {
                                    for (NumericFormat kv : kvFormats(s, gpu)) {
                                        NumericFormat act = w == NumericFormat.FP8 ? NumericFormat.FP8
                                                : NumericFormat.BF16;
                                        Design formatted = shape.withFormats(w, act, kv);
                                        for (Set<Feature> f : featureSets(s, embedding, online)) {
                                            Design d = formatted.withFeatures(f);
                                            out.add(new Shape(base.withDesign(d), gpr, gpu.usdPerGpuHour()));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static List<Integer> expertDegrees(ModelArchitecture m, int tp) {
        List<Integer> out = new ArrayList<>();
        out.add(1);
        if (m.isMoe()) {
            for (int ep = Math.max(2, tp * 2); ep <= m.moe().routedExperts() && ep <= 64; ep *= 2) {
                out.add(ep);
            }
        }
        return out;
    }

    private static List<NumericFormat> weightFormats(Scenario s, Gpu gpu) {
        List<NumericFormat> out = new ArrayList<>();
        for (NumericFormat f : new NumericFormat[] {NumericFormat.BF16, NumericFormat.FP8, NumericFormat.INT8,
                NumericFormat.INT4}) {
            if (s.preferences().accepts(f) && (f != NumericFormat.FP8 || gpu.supports(f))) {
                out.add(f);
            }
        }
        return out;
    }

    private static List<NumericFormat> kvFormats(Scenario s, Gpu gpu) {
        List<NumericFormat> out = new ArrayList<>();
        out.add(NumericFormat.BF16);
        if (s.preferences().accepts(NumericFormat.FP8) && gpu.supports(NumericFormat.FP8)) {
            out.add(NumericFormat.FP8);
        }
        return out;
    }

    /** The feature combinations that can change something here. */
    private static List<Set<Feature>> featureSets(Scenario s, boolean embedding, boolean online) {
        List<Feature> options = new ArrayList<>();
        if (!embedding) {
            options.add(Feature.SPECULATIVE_DECODING);
            options.add(Feature.CHUNKED_PREFILL);
        }
        if (s.inference().sharedPrefixTokens() > 0 || s.inference().promptPool()) {
            options.add(Feature.PREFIX_CACHING);
        }
        if (!embedding && !s.inference().closedLoop()) {
            // a closed loop's benchmark runs one engine doing both; disaggregated pools are not modelled for it
            options.add(Feature.DISAGGREGATION);
        }
        if (online && s.inference().peakToMeanRatio() > 1) {
            options.add(Feature.AUTOSCALING);
        }
        List<Set<Feature>> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << options.size(); mask++) {
            EnumSet<Feature> f = EnumSet.noneOf(Feature.class);
            for (int i = 0; i < options.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    f.add(options.get(i));
                }
            }
            out.add(f);
        }
        return out;
    }

    /**
     * The Pareto frontier: feasible designs no other beats or equals on all of cost per hour, p99 TTFT and TPOT
     * (the worse of mean and peak) and tokens/s, with at least one strictly better; cheapest first.
     */
    static List<Candidate> frontier(List<Candidate> sortedByCost) {
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : sortedByCost) {
            boolean dominated = false;
            for (Candidate o : out) {
                if (dominates(o.estimate(), c.estimate())) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                out.removeIf(o -> dominates(c.estimate(), o.estimate()));
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    private static boolean dominates(InferenceEstimate a, InferenceEstimate b) {
        double[] x = {a.costPerHourUsd(), worst(a.ttftMs(), a.peakTtftMs()), worst(a.tpotMs(), a.peakTpotMs()),
                -a.tokensPerS()};
        double[] y = {b.costPerHourUsd(), worst(b.ttftMs(), b.peakTtftMs()), worst(b.tpotMs(), b.peakTpotMs()),
                -b.tokensPerS()};
        boolean strictly = false;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > y[i]) {
                return false;
            }
            if (x[i] < y[i]) {
                strictly = true;
            }
        }
        return strictly;
    }
}
