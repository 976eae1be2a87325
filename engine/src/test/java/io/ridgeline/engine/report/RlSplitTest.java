package io.ridgeline.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.facts.RlEstimate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The final-design line of RL advice names how its GPUs are split between the actors and the learner. */
class RlSplitTest {

    private static RlEstimate bill(String placement, int total, int actor, int learner) {
        return new RlEstimate(total, actor, learner, placement, false, 0, 512, 524_288, 30, 0.1, 1, 10,
                16e9, 0.4, 41.4, "rollout", 50e9, 40e9, 72e9, true, 1, 100, List.of(), List.of());
    }

    @Test
    void disaggregatedAdviceNamesEachSidesGpus() {
        assertThat(Reports.rlSplit(bill("disaggregated", 16, 9, 7))).isEqualTo("; actor 9 GPUs, learner 7 GPUs");
    }

    @Test
    void colocatedAdviceSaysTheGpusAreSharedInTurn() {
        assertThat(Reports.rlSplit(bill("colocated", 16, 16, 16))).isEqualTo("; actor and learner share 16 GPUs in turn");
    }

    @Test
    void otherBillsAddNothing() {
        assertThat(Reports.rlSplit(null)).isEmpty();
        io.ridgeline.engine.Ridgeline r = new io.ridgeline.engine.Ridgeline(
                io.ridgeline.engine.catalog.Catalogs.builtIn(), () -> {
                    throw new IllegalStateException("a bill needs no rules");
                });
        assertThat(Reports.rlSplit(r.estimate(r.load(java.nio.file.Path.of("..", "examples",
                "training-7b-8gpu.yaml"))))).isEmpty();
    }
}
