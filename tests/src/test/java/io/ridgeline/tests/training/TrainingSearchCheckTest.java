package io.ridgeline.tests.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.search.SearchCheck;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import org.junit.jupiter.api.Test;

/** The pretraining loop's answer beside the training search's fastest layout, in days. */
class TrainingSearchCheckTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    @Test
    void everyShippedPretrainingExampleIsCheckedAgainstTheSearch() {
        for (String name : new String[]{"training-7b-8gpu", "training-70b-64gpu", "training-70b-512gpu",
                "training-405b-2048gpu", "training-405b-16k-8k", "training-405b-16k-128k", "capstone-pretrain"}) {
            Scenario s = Examples.load(name);
            Advice a = RIDGELINE.advise(s);
            // every GPU of the cluster it was given trains (feasible or not)
            Design d = a.finalDesign();
            assertThat(d.tp() * d.pp() * d.cp() * d.dp()).as(name).isEqualTo(s.cluster().totalGpus());
            SearchCheck c = a.search();
            assertThat(c).as(name).isNotNull();
            if (c.bestEstimate() == null) {
                // nothing in the space meets the deadline, and the loop says so too
                assertThat(a.status()).as(name).isNotEqualTo(Advice.FEASIBLE);
                assertThat(c.finding()).as(name).contains("no feasible layout either");
                continue;
            }
            assertThat(c.bestEstimate()).as(name).isInstanceOf(TrainingEstimate.class);
            assertThat(c.bestEstimate().overLimits()).as(name).isEmpty();
            double advised = ((TrainingEstimate) a.finalEstimate()).trainingDays();
            double best = ((TrainingEstimate) c.bestEstimate()).trainingDays();
            assertThat(c.costRatio()).as(name).isEqualTo(advised / best);
            if (c.costRatio() > SearchCheck.FINDING_RATIO) {
                assertThat(c.finding()).as(name).contains("a finding for rule authors");
            }
            // the rules' trades (TRN-D-13, -14) bring every shipped dense example within 6% of the search's fastest
            // (1.28-1.40x before them); measured 1.02-1.05x
            assertThat(c.costRatio()).as(name).isLessThan(1.06);
        }
    }
}
