package io.ridgeline.engine.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.engine.report.Reports;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import org.junit.jupiter.api.Test;

class UnboundedLatencyJsonTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    /** 20 requests/s of 3,584-token prompts on one H100: 82 ms of prefill each, utilisation 1.64. */
    private static final String SATURATED = """
            kind: inference
            model: llama-3.1-8b
            hardware: {gpu: h100-sxm, gpus_per_node: 1}
            workload: {prompt_tokens: 3584, output_tokens: 512, requests_per_s: 20}
            slo: {ttft_ms: 1000}
            """;

    @Test
    void aLongRealLatencyIsWrittenAsItIs() throws Exception {
        // 100,000 output tokens x 10,000 tool calls: a task of about 1e10 ms with no queueing at all
        Scenario s = RIDGELINE.parse("""
                kind: inference
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 1}
                workload: {prompt_tokens: 1000, output_tokens: 100000, requests_per_s: 0.001, tool_calls_per_task: 10000}
                """, "long");
        InferenceEstimate e = (InferenceEstimate) RIDGELINE.estimate(s);
        assertThat(e.taskMs()).isGreaterThan(1e9);
        JsonNode json = Json.mapper().readTree(Json.write(e));
        assertThat(json.get("task_ms").asDouble()).isEqualTo(e.taskMs());
    }

    @Test
    void anUnboundedLatencyIsNullInJsonAndUnboundedInText() throws Exception {
        Scenario s = RIDGELINE.parse(SATURATED, "saturated");
        InferenceEstimate e = (InferenceEstimate) RIDGELINE.estimate(s);
        assertThat(e.ttftQueueMs()).isEqualTo(InferenceEstimator.UNBOUNDED_MS); // the engine keeps its sentinel
        JsonNode json = Json.mapper().readTree(Json.write(e));
        for (String key : new String[] {"ttft_queue_ms", "ttft_ms", "e2e_ms", "task_ms", "peak_ttft_ms"}) {
            assertThat(json.get(key).isNull()).as(key).isTrue();
        }
        assertThat(json.get("ttft_service_ms").asDouble()).isPositive();
        assertThat(json.get("tpot_ms").isNumber()).isTrue();
        for (JsonNode f : json.get("figures")) {
            if (f.get("key").asText().equals("ttft_queue_ms")) {
                assertThat(f.get("value").isNull()).isTrue();
            }
        }
        assertThat(json.get("over_limits").toString()).contains("grows without bound");
        // the same through the document the command line and the web app write
        JsonNode document = Json.mapper().readTree(Json.write(Ridgeline.estimateDocument(s, e)));
        assertThat(document.get("ttft_ms").isNull()).isTrue();
        String text = Reports.estimate(s, e, false);
        assertThat(text).contains("unbounded").doesNotContain("e+30").doesNotContainIgnoringCase("E30");
        for (JsonNode b : json.get("breaches")) {
            if (b.get("unit").asText().equals("ms") && b.get("wall").asText().equals("ttft_slo")) {
                assertThat(b.get("value").isNull()).isTrue();
                assertThat(b.get("limit").asDouble()).isEqualTo(1000);
            }
        }
    }
}
