package io.ridgeline.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.report.Reports;
import org.junit.jupiter.api.Test;

/** A start whose prefill queue grows without bound: the trace writes its latencies as null, its text "unbounded". */
class UnboundedLatencyTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    @Test
    void theAdvicesTraceWritesTheUnboundedStartAsNullAndSaysUnbounded() throws Exception {
        Advice a = RIDGELINE.advise(RIDGELINE.parse("""
                kind: inference
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 1, nodes: 4}
                workload: {prompt_tokens: 3584, output_tokens: 512, requests_per_s: 20}
                slo: {ttft_ms: 1000}
                """, "saturated"));
        JsonNode advice = Json.mapper().readTree(Json.write(a));
        JsonNode first = advice.get("iterations").get(0);
        assertThat(first.get("estimate").get("ttft_ms").isNull()).isTrue();
        // no number anywhere near the sentinel: breaches, walls, figures, before and after included
        java.util.List<String> huge = new java.util.ArrayList<>();
        walk(advice, "", huge);
        assertThat(huge).isEmpty();
        assertThat(Reports.advice(a, false)).contains("unbounded").doesNotContain("e+30").doesNotContainIgnoringCase("E30");
    }

    private static void walk(JsonNode node, String path, java.util.List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), path + "." + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "." + i, out);
            }
        } else if (node.isNumber() && Math.abs(node.doubleValue()) >= 1e20) {
            out.add(path + " = " + node.asText());
        }
    }
}
