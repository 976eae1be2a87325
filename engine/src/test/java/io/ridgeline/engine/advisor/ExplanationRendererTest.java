package io.ridgeline.engine.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplanationRendererTest {

    @Test
    void placeholdersTakeTheCurrentAndTheProjectedFiguresInTheirUnits() {
        String text = ExplanationRenderer.render(
                "weights {weight_bytes_per_gpu} -> {after.weight_bytes_per_gpu}; TPOT {tpot_ms} at {slo_percentile}",
                Map.of("weight_bytes_per_gpu", 141_106_413_568.0, "tpot_ms", 52.93, "slo_percentile", 0.99),
                Map.of("weight_bytes_per_gpu", 70_553_206_784.0));
        // 141,106,413,568 B = 141.1 GB (1e9 B, four significant digits); half of it 70.55 GB
        assertThat(text).isEqualTo("weights 141.1 GB -> 70.55 GB; TPOT 52.93 ms at p99");
    }

    @Test
    void aMisspeltPlaceholderStaysVisible() {
        assertThat(ExplanationRenderer.render("{tpot_sm} and {after.ttft_ms}", Map.of(), null))
                .isEqualTo("{tpot_sm?} and {after.ttft_ms?}");
    }

    @Test
    void valuesRenderByTheUnitTheirKeyNames() {
        assertThat(Values.render("kv_bytes_per_token", 131_072)).isEqualTo("131.1 kB");
        assertThat(Values.render("cost_per_hour_usd", 4.98)).isEqualTo("$4.98");
        assertThat(Values.render("cost_usd", 7710.4)).isEqualTo("$7,710");
        assertThat(Values.render("prefill_utilization", 0.226)).isEqualTo("22.6%");
        assertThat(Values.render("requests_per_s_capacity", 2.111)).isEqualTo("2.11 requests/s");
        assertThat(Values.render("tokens_per_s", 74_687.05)).isEqualTo("74,687 tokens/s");
        assertThat(Values.render("ttft_ms", io.ridgeline.engine.estimate.InferenceEstimator.UNBOUNDED_MS))
                .isEqualTo("unbounded");
        assertThat(Values.render("task_ms", 1.0e10)).isEqualTo("10,000,000,000 ms"); // long, but real
        assertThat(Values.render("max_batch", 96)).isEqualTo("96");
        // FLOP per byte and per token carry their own unit, so a template does not repeat it
        assertThat(Values.render("ridge_point_flops_per_byte", 295.4)).isEqualTo("295 FLOP/B");
        assertThat(Values.render("flops_per_token", 2.52398e12)).isEqualTo("2.524 TFLOP/token");
        assertThat(Values.render("prefill_flops_per_request", 1.234e14)).isEqualTo("123.4 TFLOP");
        assertThat(Values.render("total_flops", 3.8e25)).isEqualTo("3.8e25 FLOP");
    }
}
