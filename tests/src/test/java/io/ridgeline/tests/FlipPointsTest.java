package io.ridgeline.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.FlipPoint;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Flip points land where the arithmetic says the wall changes. */
class FlipPointsTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    private static Advice advise(String example) {
        return RIDGELINE.advise(RIDGELINE.load(Path.of("..", "examples", example + ".yaml")));
    }

    private static FlipPoint flip(Advice a, String knob, boolean upward) {
        return a.flipPoints().stream().filter(f -> f.knob().equals(knob))
                .filter(f -> upward == (f.flipsAt() > f.current())).findFirst().orElseThrow();
    }

    @Test
    void theBatchFlipsToMemoryCapacityOneSequencePastTheKvBudget() {
        // the batch job has no latency objective in the way: memory is the next wall up the batch (the RAG
        // assistant, which this case used, now meets its TPOT objective first: at 37 sequences, before 152)
        Advice a = advise("batch-embeddings");
        InferenceEstimate e = (InferenceEstimate) a.finalEstimate();
        FlipPoint f = flip(a, "batch", true);
        // the KV budget holds max_batch sequences; one more does not fit
        assertThat(f.to()).isEqualTo("memory_capacity");
        assertThat(f.flipsAt()).isEqualTo(e.maxBatch() + 1);
    }

    @Test
    void theRunLengthFlipsToTheDeadlineWhereDaysReachIt() {
        Scenario s = RIDGELINE.load(Path.of("..", "examples", "training-70b-512gpu.yaml"));
        Advice a = RIDGELINE.advise(s);
        TrainingEstimate e = (TrainingEstimate) a.finalEstimate();
        FlipPoint f = flip(a, "tokens", true);
        assertThat(f.to()).isEqualTo("deadline");
        // days grow linearly with tokens: D_flip = D x deadline / days
        double expected = s.training().tokens() * s.budget().deadlineDays() / e.trainingDays();
        assertThat(f.flipsAt() / expected).isCloseTo(1.0, within(2e-3));
    }

    @Test
    void rlFlipPointsNameTheStageThatTakesOver() {
        Advice a = advise("rl-grpo-mid");
        assertThat(a.flipPoints()).isNotEmpty();
        assertThat(a.flipPoints()).allSatisfy(f -> assertThat(f.from()).isNotEqualTo(f.to()));
    }
}
