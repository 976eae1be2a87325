package io.ridgeline.tests.training;

import static io.ridgeline.tests.training.Examples.applied;
import static io.ridgeline.tests.training.Examples.appliedRules;
import static io.ridgeline.tests.training.Examples.load;
import static io.ridgeline.tests.training.Examples.walls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.training.TrainingAdvisor;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.search.TrainingSearch;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import org.junit.jupiter.api.Test;

/**
 * The data plane (lesson 08) in the design loop, on the shipped example training-data-plane: a 1B model on 8 H100s,
 * text tokenized by 2 workers a GPU at 20,000 tokens/s each, 900-token documents one to a 4,096-token sequence.
 */
class DataPlaneLoopTest {

    private static final TrainingAdvisor ADVISOR = new TrainingAdvisor(RuleBase.defaults());

    @Test
    void theBillPaysForThePaddingAndReadsOnlyTheRealTokens() {
        Scenario start = TrainingAdvisor.start(load("training-data-plane"));
        TrainingEstimate e = TrainingEstimator.estimate(start);
        // supply: 2 workers x 20,000 tokens/s x 8 GPUs = 320,000 tokens/s, bound by the tokenizer
        assertThat(e.loaderSupplyTokensPerS()).isCloseTo(320_000, within(1e-6));
        assertThat(e.loaderBoundBy()).isEqualTo("tokenizer");
        // padding 1 - 900 / 4096 = 78.03%: a step trains 1,048,576 x 900 / 4096 = 230,400 real tokens, so the run
        // takes 2e10 / 230,400 = 86,805.6 steps; the loader reads only those 230,400, in 0.72 s, within the step
        assertThat(e.paddingFraction()).isCloseTo(0.7802734, within(1e-7));
        assertThat(e.steps()).isCloseTo(86_805.6, within(0.1));
        assertThat(e.loaderStallS()).isZero();
        assertThat(e.loaderTokensPerS()).isCloseTo(230_400 / e.stepTimeS(), within(1e-6));
        // MFU counts the real tokens only: the same step with its positions all real has 1 / 0.2197 of it
        TrainingEstimate packed = TrainingEstimator.estimate(start.withTraining(start.training().withData(
                start.training().data().withPacking(true))));
        assertThat(e.mfu() / (packed.mfu() * packed.stepTimeS() / e.stepTimeS())).isCloseTo(900.0 / 4096,
                within(1e-9));
        // packed, the loader must deliver all 1,048,576 tokens a step: 1,048,576 / 320,000 = 3.2768 s, and the
        // GPUs' own step of 1.850 s waits 1.427 s
        assertThat(packed.stepTimeS()).isCloseTo(3.2768, within(1e-9));
        assertThat(packed.loaderStallS()).isCloseTo(3.2768 - e.stepTimeS(), within(1e-9));
        assertThat(packed.loaderStallShare()).isGreaterThan(0.05);
        assertThat(packed.steps()).isCloseTo(2e10 / 1_048_576, within(1e-6));
    }

    @Test
    void theLoopFillsTheSequencesThenFeedsTheGpusTheyNowWaitFor() {
        Scenario s = load("training-data-plane");
        Advice a = ADVISOR.advise(s);
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        // the padding binds first; packed, the loader must deliver four and a half times the tokens and stalls, so
        // the loader binds next and pre-tokenizing relieves it
        assertThat(walls(a)).startsWith("padding", "data_loader");
        assertThat(applied(a)).startsWith("sequence_packing", "pretokenized_data");
        assertThat(appliedRules(a)).startsWith("TRN-D-22", "TRN-D-20");
        TrainingEstimate end = (TrainingEstimate) a.finalEstimate();
        assertThat(end.loaderStallS()).isZero();
        assertThat(end.paddingFraction()).isZero();
        // the changes are the data loader's, not the layout's: the answer carries the loader it ends with, and its
        // final-design line names it
        assertThat(a.finalData().format()).isEqualTo("token_ids");
        assertThat(a.finalData().packing()).isTrue();
        assertThat(io.ridgeline.engine.report.Reports.advice(a, false))
                .contains("data token_ids (2 loader workers a GPU, packed)");
        // the search bills every layout fed at its best (token ids, packed): the loop's answer is within the 5% the
        // loop does not chase
        double fastest = new TrainingSearch().search(s, 1).best().estimate().trainingDays();
        assertThat(end.trainingDays() / fastest).isBetween(1.0, 1.05);
    }

    @Test
    void aLargeRunSavesItsLoadersPositionBeforeItsDeadlineIsJudged() {
        // 405B on 16,384 H100s fails every 3.1 hours: without the loader's position in the checkpoint its restarts
        // would re-read the run's tokens many times over (restarts x D / 2); the loop checkpoints the position as soon
        // as the design fits, and the wall is gone
        Scenario s = load("training-405b-16k-8k");
        Scenario lossy = s.withTraining(s.training().withData(s.training().data().withResumable(false)));
        Advice a = ADVISOR.advise(lossy);
        assertThat(walls(a)).contains("data_resumption");
        assertThat(walls(a).indexOf("data_resumption")).isEqualTo(walls(a).lastIndexOf("memory_capacity") + 1);
        assertThat(applied(a)).contains("deterministic_resumption");
        assertThat(appliedRules(a)).contains("TRN-D-23");
        TrainingEstimate first = (TrainingEstimate) TrainingEstimator.estimate(TrainingAdvisor.start(lossy));
        // restarts = days x 24 / MTBF; the ratio re-read is half of them
        double mtbf = io.ridgeline.engine.arithmetic.training.Checkpointing.mtbfHours(
                io.ridgeline.engine.arithmetic.training.Checkpointing.DEFAULT_FAILURES_PER_GPU_HOUR, 16384);
        assertThat(first.resumeRereadRatio()).isCloseTo(first.trainingDays() * 24 / mtbf / 2, within(1e-6));
        assertThat(((TrainingEstimate) a.finalEstimate()).resumeRereadRatio()).isZero();
        assertThat(a.finalData().resumable()).isTrue();
    }

    @Test
    void aLoaderBoundByItsStorageIsSetAsideWhenNoChangeTheRulesKnowRelievesIt() {
        // 0.001 GB/s reads 1e6 / 4 = 250,000 tokens/s of text or of 4-byte ids: neither pre-tokenizing nor more
        // workers shortens the stall (TRN-V-23), so the wall is set aside and the loop goes on
        Scenario s = load("training-data-plane");
        Scenario slow = s.withTraining(s.training().withData(new io.ridgeline.facts.DataFeed("text", 2, 14, 20_000,
                4.0, 1e6, 900, true, true)));
        Advice a = ADVISOR.advise(slow);
        assertThat(a.iterations().get(0).binding()).isEqualTo("data_loader");
        assertThat(a.iterations().get(0).vetoed()).extracting(v -> v.ruleId()).contains("TRN-V-23");
        assertThat(applied(a)).doesNotContain("pretokenized_data", "loader_workers");
        assertThat(a.stopReason()).contains("set aside").contains("data_loader");
    }
}
