package io.ridgeline.engine.advisor;

import io.ridgeline.facts.Design;
import java.util.List;

/**
 * The advisor's answer: whether a design meeting every requirement was reached ({@code feasible}), could not be
 * ({@code infeasible}, with the reason), or the loop hit its cap ({@code iteration_cap}); every iteration; the final
 * design and bill; and the flip points of the final design.
 */
public record Advice(String scenario, String kind, String status, String stopReason, List<Iteration> iterations,
                     String finalModel, String finalGpu, Design finalDesign, Object finalEstimate,
                     List<FlipPoint> flipPoints) {

    public static final String FEASIBLE = "feasible";
    public static final String INFEASIBLE = "infeasible";
    public static final String ITERATION_CAP = "iteration_cap";
}
