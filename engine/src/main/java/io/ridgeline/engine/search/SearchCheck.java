package io.ridgeline.engine.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ridgeline.facts.Bill;
import io.ridgeline.facts.Design;
import java.util.List;
import java.util.Map;

/**
 * The advice checked against the search: the design the search found best by the scenario's objective, the advised
 * design's measures over it, the search's ranked alternatives and its Pareto front of cost against latency. The
 * search runs after the loop and never changes its answer; an objective ratio above {@value #FINDING_RATIO} is a
 * finding for rule authors, stated in {@code finding}.
 *
 * @param bestModel      the model the search's best design runs, or null when the search found nothing feasible
 * @param bestGpu        its GPU
 * @param bestDesign     its design
 * @param bestEstimate   its bill
 * @param costRatio      serving: advised cost per hour / the search's best's; pretraining: advised days / the
 *                       search's best's; null when either is not feasible
 * @param finding        what the comparison means, in a sentence that names the objective compared
 * @param objective      what the search ranked by: cost, latency or throughput (the scenario's {@code objective})
 * @param objectiveRatio the advised design's objective figure over the search's best's, oriented so that above 1 is
 *                       worse (for throughput, the best's tokens/s over the advised design's); null when either is
 *                       not feasible
 * @param alternatives   up to {@value #ALTERNATIVES} designs best first by the objective: those that meet every
 *                       requirement, then the rest
 * @param pareto         the designs that fit in memory and no other beats or equals on both cost and latency,
 *                       cheapest first (at most {@value SearchRanking#MAX_PARETO_POINTS})
 * @param paretoAxes     the figure keys of the front's axes: {x: cost, y: latency}
 */
public record SearchCheck(String bestModel, String bestGpu, Design bestDesign, Bill bestEstimate,
                          Double costRatio, String finding, String objective, Double objectiveRatio,
                          List<Alternative> alternatives, List<Alternative> pareto, Map<String, String> paretoAxes) {

    /** Above this ratio the advice is worse than the search's best, and says so. */
    public static final double FINDING_RATIO = 1.05;

    /** The most alternatives the check lists. */
    public static final int ALTERNATIVES = 10;

    public SearchCheck {
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
        pareto = pareto == null ? List.of() : List.copyOf(pareto);
        paretoAxes = paretoAxes == null ? Map.of() : paretoAxes;
    }

    /**
     * One design the search priced, as the check lists it.
     *
     * @param rank              its place by the objective, 1 first (left out on the Pareto front)
     * @param model             the model it runs
     * @param gpu               its GPU
     * @param design            the design
     * @param designText        the design in a line, as the reports write it
     * @param totalGpus         the GPUs it takes
     * @param meetsRequirements whether its bill breaks no requirement
     * @param binding           the wall of the first requirement it breaks, else the resource it is limited by
     * @param overLimits        its bill's over-limit lines
     * @param figures           the bill's own figures, by their keys (serving: cost_per_hour_usd, ttft_ms, tpot_ms,
     *                          e2e_ms, tokens_per_s, memory_bytes_per_gpu; pretraining: cost_usd, training_days,
     *                          step_time_s, mfu, memory_bytes_per_gpu)
     */
    public record Alternative(@JsonInclude(JsonInclude.Include.NON_NULL) Integer rank, String model, String gpu,
                              Design design, String designText, int totalGpus, boolean meetsRequirements,
                              String binding, List<String> overLimits, Map<String, Double> figures) {

        public Alternative {
            overLimits = List.copyOf(overLimits);
            figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
        }
    }
}
