package io.ridgeline.engine.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
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
}
