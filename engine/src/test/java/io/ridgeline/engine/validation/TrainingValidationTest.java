package io.ridgeline.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.facts.Scenario;
import org.junit.jupiter.api.Test;

class TrainingValidationTest {

    private static final TrainingValidation VALIDATION = new TrainingValidation(Catalogs.builtIn());
    private static final TrainingValidation.Report REPORT = VALIDATION.validate(TrainingValidation.published());

    @Test
    void everyPublishedRunIsPredictedWithItsSource() {
        assertThat(REPORT.predictions()).hasSize(18);
        assertThat(REPORT.predictions()).allSatisfy(p -> {
            assertThat(p.run().source()).isNotBlank();
            assertThat(p.run().basis()).isNotBlank();
            assertThat(p.stepS()).isPositive();
        });
        assertThat(REPORT.bySource()).containsOnlyKeys("Narayanan et al. 2021 (arXiv 2104.04473)",
                "Korthikanti et al. 2022 (arXiv 2205.05198)");
    }

    @Test
    void stepTimesMeetTheShippedThresholds() {
        // the targets: median |step-time error| <= 8%, max <= 15% over every shipped run (docs/validation.md)
        assertThat(REPORT.overall().medianAbs()).isLessThanOrEqualTo(0.08);
        assertThat(REPORT.overall().maxAbs()).isLessThanOrEqualTo(0.15);
        // the runs the fit did not see (Korthikanti et al.), on their own: median 9.0%, at most 14.1%, all slow
        // but the 22B selective run (docs/calibration.md)
        TrainingValidation.Stats heldOut = REPORT.bySource().get("Korthikanti et al. 2022 (arXiv 2205.05198)");
        assertThat(heldOut.medianAbs()).isLessThanOrEqualTo(0.10);
        assertThat(heldOut.maxAbs()).isLessThanOrEqualTo(0.15);
        // the fitted runs (Narayanan et al. Table 1)
        TrainingValidation.Stats fitted = REPORT.bySource().get("Narayanan et al. 2021 (arXiv 2104.04473)");
        assertThat(fitted.medianAbs()).isLessThanOrEqualTo(0.03);
        assertThat(fitted.maxAbs()).isLessThanOrEqualTo(0.06);
    }

    @Test
    void calculonsStepTimesStandBesideTheKorthikantiRuns() {
        // calculon llm-validation at caa4b11 predicts 1.40 s for the 22B full-recomputation run measured at 1.42 s:
        // 1.40 / 1.42 - 1 = -1.4%; its |errors| over the 8 runs sort to 0.6, 0.8, 1.4, 1.7, 3.6, 4.6, 7.6, 8.9% (
        // median (1.7 + 3.6) / 2 = 2.7%)
        assertThat(REPORT.calculonStepS()).hasSize(8).containsEntry("korthikanti-t5-22b-full", 1.40);
        assertThat(REPORT.calculonStepS().keySet()).allSatisfy(id -> assertThat(id).startsWith("korthikanti-t5-"));
        assertThat(REPORT.calculon().n()).isEqualTo(8);
        assertThat(REPORT.calculon().medianAbs()).isCloseTo(0.027, org.assertj.core.api.Assertions.within(0.002));
        assertThat(REPORT.ridgelineOnCalculonRuns().n()).isEqualTo(8);
        assertThat(REPORT.ridgelineOnCalculonRuns().medianAbs())
                .isEqualTo(REPORT.bySource().get("Korthikanti et al. 2022 (arXiv 2205.05198)").medianAbs());
    }

    @Test
    void aRunIsItsLayoutWithTheKernelsOfItsTime() {
        TrainingValidation.Run run = TrainingValidation.published().stream()
                .filter(r -> r.id().equals("korthikanti-t5-175b-selective+sp")).findFirst().orElseThrow();
        Scenario s = VALIDATION.scenario(run);
        assertThat(s.design().tp()).isEqualTo(8);
        assertThat(s.design().pp()).isEqualTo(8);
        assertThat(s.design().recomputeMode()).isEqualTo("selective");
        assertThat(s.design().sequenceParallel()).isTrue();
        assertThat(s.design().flashAttention()).isFalse();
        assertThat(s.training().globalBatchTokens()).isCloseTo(64 * 2048, within(1e-9));
    }
}
