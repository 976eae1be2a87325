package io.ridgeline.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.validation.ServingValidation.Metric;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorBandsTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    @Test
    void theShippedBandsAreTheValidationsOwn() throws Exception {
        // regenerate with ./advisor validate --bands > engine/src/main/resources/validation/error-bands.csv
        String computed = ErrorBands.csv(new ServingValidation(RIDGELINE).validate(ServingValidation.published()));
        String shipped;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ErrorBands.RESOURCE)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(shipped).isEqualTo(computed);
    }

    @Test
    void aBandComesFromItsRegimeElseItsModelClassElseEveryRow() {
        ErrorBands b = ErrorBands.builtIn();
        ErrorBands.Band h200 = b.of(Metric.TPOT, "h200", false, "fp8").orElseThrow();
        assertThat(h200.regime()).isEqualTo("h200 dense fp8");
        assertThat(h200.rows()).isGreaterThanOrEqualTo(ErrorBands.MIN_ROWS);
        // no L40S rows: the dense rows of every GPU
        ErrorBands.Band l40s = b.of(Metric.TPOT, "l40s", false, "bf16").orElseThrow();
        assertThat(l40s.regime()).isEqualTo("dense models on any GPU");
        assertThat(l40s.text()).startsWith("\u00b1").contains("in validation", "rows)");
        // no MoE TTFT on B200: the MoE rows of every GPU
        assertThat(b.of(Metric.TTFT, "b200", true, "fp4").orElseThrow().regime()).isEqualTo("moe models on any GPU");
    }

    @Test
    void aServingBillCarriesItsBandsAndOtherBillsNone() {
        Scenario s = RIDGELINE.load(java.nio.file.Path.of("..", "examples", "rag-assistant.yaml"));
        InferenceEstimate e = (InferenceEstimate) RIDGELINE.estimate(s);
        Map<String, Object> bands = Ridgeline.validationError(s, e);
        assertThat(bands).containsKeys("ttft_ms", "tpot_ms", "tokens_per_s");
        assertThat(Ridgeline.estimateDocument(s, e)).containsKey("validation_error");
        assertThat(Ridgeline.validationLine(s, e)).startsWith("Validation error").contains("TTFT \u00b1", "TPOT \u00b1");
        Scenario training = RIDGELINE.load(java.nio.file.Path.of("..", "examples", "training-7b-8gpu.yaml"));
        io.ridgeline.facts.Bill t = RIDGELINE.estimate(training);
        assertThat(Ridgeline.validationError(training, t)).isEmpty();
        assertThat(Ridgeline.estimateDocument(training, t)).doesNotContainKey("validation_error");
    }
}
