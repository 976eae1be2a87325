package io.ridgeline.engine.advisor;

import io.ridgeline.facts.Design;
import io.ridgeline.engine.search.SearchCheck;
import java.util.List;

/**
 * The advisor's answer: whether a design meeting every requirement was reached ({@code feasible}), could not be
 * ({@code infeasible}, with the reason), or the loop hit its cap ({@code iteration_cap}); every iteration; the final
 * design and bill; the flip points of the final design; the advice checked against the search; and, for
 * pretraining, the final data loader ({@code final_data}: the data-plane changes keep the layout; absent elsewhere).
 */
public record Advice(String scenario, String kind, String status, String stopReason, List<Iteration> iterations,
                     String finalModel, String finalGpu, Design finalDesign, io.ridgeline.facts.Bill finalEstimate,
                     List<FlipPoint> flipPoints, SearchCheck search,
                     @com.fasterxml.jackson.annotation.JsonInclude(
                             com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                     io.ridgeline.facts.DataFeed finalData) {

    /** Advice without a data loader (serving, RL). */
    public Advice(String scenario, String kind, String status, String stopReason, List<Iteration> iterations,
                  String finalModel, String finalGpu, Design finalDesign, io.ridgeline.facts.Bill finalEstimate,
                  List<FlipPoint> flipPoints, SearchCheck search) {
        this(scenario, kind, status, stopReason, iterations, finalModel, finalGpu, finalDesign, finalEstimate,
                flipPoints, search, null);
    }

    public static final String FEASIBLE = "feasible";
    public static final String INFEASIBLE = "infeasible";
    public static final String ITERATION_CAP = "iteration_cap";

    /** The same advice, checked against the search (serving only; null elsewhere). */
    public Advice withSearch(SearchCheck check) {
        return new Advice(scenario, kind, status, stopReason, iterations, finalModel, finalGpu, finalDesign,
                finalEstimate, flipPoints, check, finalData);
    }
}
