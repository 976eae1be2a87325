package io.ridgeline.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.Iteration;
import io.ridgeline.engine.advisor.Vetoed;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace keeps every reason a conclusion has, not only the first rule's. */
class TraceReasonsTest {

    @Test
    void theRagAssistantsTraceShowsBothReasonsSpeculationDoesNotRelieveTtft() {
        Ridgeline r = Ridgeline.defaults();
        Advice a = r.advise(r.load(Path.of("..", "examples", "rag-assistant.yaml")));
        Iteration ttft = a.iterations().stream().filter(it -> "ttft_slo".equals(it.binding())).findFirst()
                .orElseThrow();
        List<String> reasons = ttft.vetoed().stream().filter(v -> v.mechanism().equals("speculative_decoding"))
                .map(Vetoed::ruleId).toList();
        // INF-Q-10 (speculation does nothing for the first token) and INF-V-05 (it leaves TTFT where it is) both
        // veto it; the second used to be lost behind the first
        assertThat(reasons).contains("INF-Q-10", "INF-V-05");
    }
}
