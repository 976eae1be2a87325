package io.ridgeline.engine.validation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RlPublishedTest {

    @Test
    void everyShippedRowNamesItsSourceAndItsStagesFitInsideItsStep() {
        List<RlPublished> rows = RlPublished.shipped();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(6);
        for (RlPublished r : rows) {
            assertThat(r.source()).as(r.id()).matches("[\\w-]+/[\\w-]+@[0-9a-f]{12}:\\S+ line \\d+");
            double stages = r.rolloutS().orElse(0) + r.oldLogprobS().orElse(0) + r.referenceS().orElse(0)
                    + r.updateS().orElse(0);
            assertThat(stages).as(r.id()).isLessThanOrEqualTo(r.stepS());
            assertThat(r.placement()).isIn("colocated", "disaggregated");
            assertThat(r.mode()).isIn("sync", "async");
        }
    }

    @Test
    void theSevenBillionColocatedRunSplitsAsVerlPublishedIt() {
        // verl fully_async.md line 357: step 790.10 s, gen 357.41, old_log_prob 107.71, update_actor 269.80:
        // 357.41 / 790.10 = 45.2%, 107.71 / 790.10 = 13.6%, 269.80 / 790.10 = 34.1%
        RlPublished r = RlPublished.shipped().stream().filter(x -> x.id().equals("verl-7b-colo-32")).findFirst()
                .orElseThrow();
        assertThat(RlPublished.share(r.rolloutS(), r.stepS()).getAsDouble()).isCloseTo(0.45236, within(1e-5));
        assertThat(r.split()).isEqualTo("rollout 45%, old log-probs 14%, update 34% of a 790 s step");
        assertThat(r.referenceS()).isEmpty();
    }

    @Test
    void comparisonsMatchPlacementAndModeAndTakeOneRowPerModel() {
        assertThat(RlPublished.like("colocated", false)).extracting(RlPublished::model)
                .containsExactly("Qwen2.5-Math-7B", "Qwen3-30B-A3B-Base", "DeepSeek-V3 671B");
        assertThat(RlPublished.like("disaggregated", true)).extracting(RlPublished::id)
                .containsExactly("verl-30b-a3b-async-96-32");
        assertThat(RlPublished.like("disaggregated", false)).isEmpty();
    }
}
