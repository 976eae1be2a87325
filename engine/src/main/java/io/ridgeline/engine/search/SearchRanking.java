package io.ridgeline.engine.search;

import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Objective;
import io.ridgeline.facts.TrainingEstimate;
import io.ridgeline.facts.TrainingGauge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How the searches rank what they price, by the scenario's {@link Objective}, and what they say of each design: the
 * bill's figures an alternative lists, what binds it, and the Pareto front of cost against latency. Only orderings
 * and comparisons of the bills' own figures; no arithmetic of its own.
 *
 * <p>Serving: cost ranks by cost per hour (then fewer GPUs, then the lower worst TTFT); latency by {@code e2e_ms},
 * the request's end-to-end latency at the SLO percentile (then cost per hour, then fewer GPUs); throughput by the
 * fleet's {@code tokens_per_s}, highest first (then cost per hour, then fewer GPUs), among the designs within the
 * budget like every other requirement. Pretraining: cost ranks by the run's {@code cost_usd} (then the days, then
 * fewer GPUs); latency and throughput by the fewest {@code training_days} (then cost, then fewer GPUs).
 */
public final class SearchRanking {

    /** The most points a Pareto front lists; a longer one keeps its ends and points spread evenly between. */
    public static final int MAX_PARETO_POINTS = 40;

    /** The bill keys a serving alternative lists, in order. */
    public static final List<String> SERVING_FIGURES = List.of("cost_per_hour_usd", "ttft_ms", "tpot_ms", "e2e_ms",
            "tokens_per_s", "memory_bytes_per_gpu");

    /** The bill keys a pretraining alternative lists, in order. */
    public static final List<String> TRAINING_FIGURES = List.of("cost_usd", "training_days", "step_time_s", "mfu",
            "memory_bytes_per_gpu");

    private static final Map<String, ToDoubleFunction<InferenceEstimate>> SERVING = Map.of(
            "cost_per_hour_usd", InferenceEstimate::costPerHourUsd,
            "ttft_ms", InferenceEstimate::ttftMs,
            "tpot_ms", InferenceEstimate::tpotMs,
            "e2e_ms", InferenceEstimate::e2eMs,
            "tokens_per_s", InferenceEstimate::tokensPerS,
            "memory_bytes_per_gpu", InferenceEstimate::memoryBytesPerGpu);

    private static final Map<String, ToDoubleFunction<TrainingEstimate>> TRAINING = Map.of(
            "cost_usd", TrainingEstimate::costUsd,
            "training_days", TrainingEstimate::trainingDays,
            "step_time_s", TrainingEstimate::stepTimeS,
            "mfu", TrainingEstimate::mfu,
            "memory_bytes_per_gpu", TrainingEstimate::memoryBytesPerGpu);

    private SearchRanking() {
    }

    /** Serving designs best first by the objective; the design's text breaks what ties on every figure. */
    public static Comparator<DesignSearch.Candidate> serving(Objective objective) {
        Comparator<DesignSearch.Candidate> cost = Comparator.comparingDouble(c -> c.estimate().costPerHourUsd());
        Comparator<DesignSearch.Candidate> gpus = Comparator.comparingInt(c -> c.estimate().totalGpus());
        Comparator<DesignSearch.Candidate> first = switch (objective) {
            case COST -> cost.thenComparing(gpus).thenComparingDouble(c -> Math.max(c.estimate().ttftMs(),
                    c.estimate().peakTtftMs()));
            case LATENCY -> Comparator.<DesignSearch.Candidate>comparingDouble(c -> c.estimate().e2eMs())
                    .thenComparing(cost).thenComparing(gpus);
            case THROUGHPUT -> Comparator.<DesignSearch.Candidate>comparingDouble(c -> -c.estimate().tokensPerS())
                    .thenComparing(cost).thenComparing(gpus);
        };
        return first.thenComparing(c -> c.model() + "|" + c.gpu() + "|" + c.design());
    }

    /** Pretraining layouts best first by the objective. */
    public static Comparator<TrainingSearch.Candidate> training(Objective objective) {
        Comparator<TrainingSearch.Candidate> days = Comparator.comparingDouble(c -> c.estimate().trainingDays());
        Comparator<TrainingSearch.Candidate> cost = Comparator.comparingDouble(c -> c.estimate().costUsd());
        Comparator<TrainingSearch.Candidate> first = objective == Objective.COST ? cost.thenComparing(days)
                : days.thenComparing(cost);
        return first.thenComparingInt(c -> c.estimate().totalGpus());
    }

    /** The serving bill key that measures the objective. */
    public static String servingFigure(Objective objective) {
        return switch (objective) {
            case COST -> "cost_per_hour_usd";
            case LATENCY -> "e2e_ms";
            case THROUGHPUT -> "tokens_per_s";
        };
    }

    /** The pretraining bill key that measures the objective: the run's cost, or its days. */
    public static String trainingFigure(Objective objective) {
        return objective == Objective.COST ? "cost_usd" : "training_days";
    }

    /** Whether a larger value of the objective's figure is better (the fleet's tokens/s). */
    public static boolean higherIsBetter(String figure) {
        return figure.equals("tokens_per_s");
    }

    /** The axes of the Pareto front: the figure key of its cost (x) and of its latency (y). */
    public static Map<String, String> axes(boolean training) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("x", training ? "cost_usd" : "cost_per_hour_usd");
        m.put("y", training ? "training_days" : "e2e_ms");
        return m;
    }

    /** A serving bill's figures an alternative lists, by their own keys and values. */
    public static Map<String, Double> figures(InferenceEstimate e) {
        Map<String, Double> m = new LinkedHashMap<>();
        SERVING_FIGURES.forEach(k -> m.put(k, SERVING.get(k).applyAsDouble(e)));
        return m;
    }

    /** A pretraining bill's figures an alternative lists, by their own keys and values. */
    public static Map<String, Double> figures(TrainingEstimate e) {
        Map<String, Double> m = new LinkedHashMap<>();
        TRAINING_FIGURES.forEach(k -> m.put(k, TRAINING.get(k).applyAsDouble(e)));
        return m;
    }

    /**
     * What binds a serving design: the wall of the first requirement it breaks, else the resource that sets its
     * decode step as the bill finds it ({@code decode_compute_bound}: compute, else hbm_bandwidth); embedding work,
     * which only prefills, is compute bound.
     */
    public static String binding(InferenceEstimate e, boolean embeddingOnly) {
        if (!e.breaches().isEmpty()) {
            return e.breaches().get(0).wall();
        }
        return embeddingOnly || e.decodeComputeBound() ? "compute" : "hbm_bandwidth";
    }

    /**
     * What binds a pretraining layout: the wall of its first over-limit line (memory_capacity, critical_batch,
     * deadline, cost), else communication the compute does not hide when it outlasts the compute (interconnect),
     * else a pipeline bubble over the limit (pipeline_bubble), else compute.
     */
    public static String binding(TrainingEstimate e) {
        if (!e.overLimits().isEmpty()) {
            String wall = TrainingSearch.limit(e.overLimits().get(0));
            return wall.equals("budget") ? "cost" : wall;
        }
        if (e.exposedCommTimeS() > e.computeTimeS()) {
            return "interconnect";
        }
        return e.bubbleFraction() > TrainingGauge.BUBBLE_LIMIT ? "pipeline_bubble" : "compute";
    }

    /**
     * The serving designs that fit in memory and that no other beats or equals on both cost per hour and e2e
     * latency (a latency that grows without bound left out), cheapest first, thinned to
     * {@value #MAX_PARETO_POINTS}.
     */
    public static List<DesignSearch.Candidate> paretoServing(List<DesignSearch.Candidate> designs) {
        List<DesignSearch.Candidate> fitting = new ArrayList<>();
        for (DesignSearch.Candidate c : designs) {
            if (c.estimate().fits() && c.estimate().e2eMs() < InferenceEstimator.UNBOUNDED_MS) {
                fitting.add(c);
            }
        }
        return front(fitting, c -> c.estimate().costPerHourUsd(), c -> c.estimate().e2eMs(),
                serving(Objective.COST));
    }

    /**
     * The points of a list that no other beats or equals on both measures, lower better on each; ascending on the
     * first, thinned to {@value #MAX_PARETO_POINTS}. Of points equal on both, the first by {@code ties} stays.
     */
    public static <T> List<T> front(List<T> points, ToDoubleFunction<T> x, ToDoubleFunction<T> y,
                                    Comparator<T> ties) {
        List<T> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(x).thenComparingDouble(y).thenComparing(ties));
        List<T> out = new ArrayList<>();
        double lowestY = Double.POSITIVE_INFINITY;
        for (T p : sorted) {
            // ascending x: a point stays when its y is below every y at an x no larger than its own
            if (y.applyAsDouble(p) < lowestY) {
                out.add(p);
                lowestY = y.applyAsDouble(p);
            }
        }
        return thin(out);
    }

    /** At most {@value #MAX_PARETO_POINTS} of a front: both ends and points evenly spaced by index between. */
    static <T> List<T> thin(List<T> front) {
        if (front.size() <= MAX_PARETO_POINTS) {
            return List.copyOf(front);
        }
        List<T> out = new ArrayList<>(MAX_PARETO_POINTS);
        int last = front.size() - 1;
        for (int i = 0; i < MAX_PARETO_POINTS; i++) {
            out.add(front.get((int) Math.round((double) i * last / (MAX_PARETO_POINTS - 1))));
        }
        return List.copyOf(out);
    }
}
