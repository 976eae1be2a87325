package io.ridgeline.engine.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Objective;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSearchTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    private static Scenario scenario(String budget) {
        return RIDGELINE.parse("""
                kind: training
                model: llama-2-7b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 2}
                workload: {tokens: 1.0e11, seq_len: 4096, global_batch_tokens: 4194304}
                %s
                """.formatted(budget), "search");
    }

    @Test
    void theBoundPrunesNothingTheExhaustiveSearchWouldPick() {
        Scenario s = scenario("");
        TrainingSearch.Result pruned = new TrainingSearch().search(s, 3);
        // every layout billed, the fastest feasible found by hand
        TrainingEstimate fastest = null;
        Design fastestDesign = null;
        for (Design d : TrainingSearch.layouts(s)) {
            Scenario sc = s.withDesign(d);
            if (!TrainingEstimator.fitsInMemory(sc)) {
                continue;
            }
            TrainingEstimate e = TrainingEstimator.estimate(sc);
            // the bound never passes the bill
            assertThat(TrainingEstimator.lowerBoundDays(sc)).isLessThanOrEqualTo(e.trainingDays() * (1 + 1e-12));
            if (e.overLimits().isEmpty() && (fastest == null || e.trainingDays() < fastest.trainingDays())) {
                fastest = e;
                fastestDesign = d;
            }
        }
        assertThat(fastest).isNotNull();
        assertThat(pruned.best().estimate().trainingDays()).isEqualTo(fastest.trainingDays());
        assertThat(pruned.top()).hasSize(3);
        assertThat(pruned.top()).isSortedAccordingTo(
                java.util.Comparator.comparingDouble(c -> c.estimate().trainingDays()));
        assertThat(pruned.evaluated()).isLessThan(TrainingSearch.layouts(s).size());
        assertThat(pruned.rejectedBy()).containsKey("slower_than_the_best_by_bound");
        assertThat(fastestDesign.tp() * fastestDesign.pp() * fastestDesign.cp() * fastestDesign.dp())
                .isLessThanOrEqualTo(16);
    }

    @Test
    void aDeadlineNoLayoutMeetsLeavesTheSearchEmptyHanded() {
        TrainingSearch.Result r = new TrainingSearch().search(scenario("budget: {deadline_days: 0.01}"), 3);
        assertThat(r.best()).isNull();
        assertThat(r.rejectedBy()).containsKey("deadline");
    }

    @Test
    void theFrontPassBillsOnlyWhatItNeedsAndFindsTheFrontOfEveryLayoutThatFits() {
        Scenario s = scenario("");
        TrainingSearch.Result r = new TrainingSearch().search(s, 3, true);
        // by hand: every layout that fits billed, and the ones no other is at or under on both cost and days
        List<double[]> billed = new ArrayList<>();
        for (Design d : TrainingSearch.layouts(s)) {
            Scenario sc = s.withDesign(d);
            if (TrainingEstimator.fitsInMemory(sc)) {
                TrainingEstimate e = TrainingEstimator.estimate(sc);
                billed.add(new double[] {e.costUsd(), e.trainingDays()});
            }
        }
        List<double[]> front = new ArrayList<>();
        for (double[] p : billed) {
            boolean beaten = billed.stream().anyMatch(q -> q != p && q[0] <= p[0] && q[1] <= p[1]
                    && (q[0] < p[0] || q[1] < p[1]));
            if (!beaten && front.stream().noneMatch(q -> q[0] == p[0] && q[1] == p[1])) {
                front.add(p);
            }
        }
        front.sort(Comparator.comparingDouble(p -> p[0]));
        assertThat(r.pareto()).hasSize(front.size());
        for (int i = 0; i < front.size(); i++) {
            assertThat(r.pareto().get(i).estimate().costUsd()).isEqualTo(front.get(i)[0]);
            assertThat(r.pareto().get(i).estimate().trainingDays()).isEqualTo(front.get(i)[1]);
        }
        // the cost's bound (GPUs x the days' bound x the price) lets it skip most of the layouts
        assertThat(r.evaluated()).isLessThan(billed.size() / 2);
        assertThat(new TrainingSearch().search(s, 3).pareto()).isEmpty();
    }

    @Test
    void underTheCostObjectiveTheBestIsTheCheapestLayoutAndItsBoundPrunesNothingThatWouldWin() {
        Scenario s = scenario("").withObjective(Objective.COST);
        TrainingSearch.Result r = new TrainingSearch().search(s, 3);
        double cheapest = Double.POSITIVE_INFINITY;
        for (Design d : TrainingSearch.layouts(s)) {
            Scenario sc = s.withDesign(d);
            if (TrainingEstimator.fitsInMemory(sc)) {
                TrainingEstimate e = TrainingEstimator.estimate(sc);
                // the cost's bound never passes the bill
                assertThat(costBound(sc)).isLessThanOrEqualTo(e.costUsd() * (1 + 1e-12));
                if (e.overLimits().isEmpty()) {
                    cheapest = Math.min(cheapest, e.costUsd());
                }
            }
        }
        assertThat(r.objective()).isEqualTo(Objective.COST);
        assertThat(r.best().estimate().costUsd()).isEqualTo(cheapest);
        assertThat(r.top()).isSortedAccordingTo(Comparator.comparingDouble(c -> c.estimate().costUsd()));
        assertThat(r.rejectedBy()).containsKey("dearer_than_the_best_by_bound");
    }

    /** The bound of a layout's cost as the search takes it: its GPUs x the days' bound x 24 h x the price. */
    private static double costBound(Scenario sc) {
        return TrainingSearch.gpus(sc.design()) * TrainingEstimator.lowerBoundDays(sc) * 24.0
                * sc.cluster().gpu().usdPerGpuHour();
    }
}
