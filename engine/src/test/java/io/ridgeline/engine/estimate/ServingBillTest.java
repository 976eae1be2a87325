package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.TestFixtures.design;
import static io.ridgeline.engine.TestFixtures.llama31_70b;
import static io.ridgeline.engine.TestFixtures.llama31_8b;
import static io.ridgeline.engine.TestFixtures.mixtral8x7b;
import static io.ridgeline.engine.TestFixtures.offline;
import static io.ridgeline.engine.TestFixtures.online;
import static io.ridgeline.engine.TestFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.facts.Breach;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.Slo;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The numeric bill is the rendered bill without its text: the two paths through the stages cannot drift. */
class ServingBillTest {

    /** The components that carry text; every other one is a number (or a flag) both paths must agree on. */
    private static final Set<String> TEXT = Set.of("breaches", "overLimits", "figures");

    private static List<Scenario> scenarios() {
        Slo tight = new Slo(0.99, 300, 20, 20_000, 0, 0);
        InferenceWorkload peaked = online(3584, 512, 4).withPeakToMeanRatio(3);
        InferenceWorkload agent = new InferenceWorkload(2000, 200, 2, 0, 0, 0, 0, 0, 50, 5, 1.0, 0, false);
        InferenceWorkload embeddings = new InferenceWorkload(512, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1_000_000, true);
        Design fp8 = design(1, 1, 1).withFormats(NumericFormat.FP8, NumericFormat.BF16, NumericFormat.BF16);
        return List.of(
                scenario(llama31_8b(), offline(3584, 512, 1000), design(1, 1, 1)),
                scenario(llama31_8b(), offline(3584, 512, 1000), design(1, 1, 0), new Slo(0.99, 0, 20, 0, 0, 0)),
                scenario(llama31_8b(), offline(3584, 512, 1000), design(1, 1, 200),
                        new Slo(0.99, 0, 0, 0, 1e6, 0)),
                scenario(llama31_70b(), offline(3584, 512, 1000), design(1, 1, 1)),
                scenario(llama31_70b(), online(3584, 512, 3), design(4, 1, 32), tight),
                scenario(llama31_8b(), online(3584, 512, 5), design(1, 2, 0), tight),
                scenario(llama31_8b(), online(3584, 512, 20), design(1, 1, 0), tight),
                scenario(llama31_8b(), peaked, design(1, 2, 0).with(Feature.AUTOSCALING), tight),
                scenario(llama31_8b(), agent, design(1, 1, 0).with(Feature.CHUNKED_PREFILL),
                        new Slo(0.99, 0, 0, 0, 0, 5_000)),
                scenario(llama31_8b(), offline(3584, 512, 1000), fp8),
                scenario(llama31_8b(), online(3584, 512, 2),
                        design(1, 1, 0).with(Feature.SPECULATIVE_DECODING).withSpeculation(4, 0.7), tight),
                scenario(llama31_8b(), online(3584, 512, 2),
                        design(1, 4, 0).with(Feature.DISAGGREGATION).withPrefillShare(0.25), tight),
                scenario(llama31_8b(), online(3584, 512, 6), design(1, 4, 0).with(Feature.DISAGGREGATION), tight),
                scenario(llama31_8b(), embeddings, design(1, 1, 0)),
                scenario(mixtral8x7b(), online(2048, 512, 20), design(1, 1, 1).withParallelism(1, 1, 1, 8, 1),
                        tight));
    }

    @Test
    void numericBillIsTheRenderedBillWithoutItsText() throws ReflectiveOperationException {
        boolean breachesAtMean = false;
        boolean breachesAtPeak = false;
        for (Scenario s : scenarios()) {
            InferenceEstimate rendered = InferenceEstimator.estimate(s);
            InferenceEstimate numeric = InferenceEstimator.numeric(s);
            assertThat(rendered.figures()).isNotEmpty();
            assertThat(numeric.figures()).isEmpty();
            for (RecordComponent rc : InferenceEstimate.class.getRecordComponents()) {
                if (!TEXT.contains(rc.getName())) {
                    assertThat(rc.getAccessor().invoke(numeric)).as(rc.getName())
                            .isEqualTo(rc.getAccessor().invoke(rendered));
                }
            }
            assertThat(numeric.breaches()).hasSameSizeAs(rendered.breaches());
            for (int i = 0; i < numeric.breaches().size(); i++) {
                Breach n = numeric.breaches().get(i);
                Breach r = rendered.breaches().get(i);
                assertThat(n.text()).isEqualTo(n.wall());
                assertThat(r.text()).isNotEqualTo(r.wall());
                assertThat(new Breach(n.wall(), n.when(), n.value(), n.limit(), n.unit(), r.text())).isEqualTo(r);
                breachesAtMean |= Breach.MEAN.equals(n.when());
                breachesAtPeak |= Breach.PEAK.equals(n.when());
            }
            assertThat(numeric.overLimits()).isEqualTo(numeric.breaches().stream().map(Breach::wall).toList());
        }
        assertThat(breachesAtMean).isTrue();
        assertThat(breachesAtPeak).isTrue();
    }
}
