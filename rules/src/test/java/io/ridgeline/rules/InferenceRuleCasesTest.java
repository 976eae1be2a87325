package io.ridgeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Audit;
import io.ridgeline.engine.rules.RuleInfo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every inference rule fires in one scenario and stays quiet in another (rule-cases file beside this test). */
class InferenceRuleCasesTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();
    private static final ScenarioCases CASES = new ScenarioCases("inference-rule-cases.yaml");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = CASES.cases().fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(Arguments.of(e.getKey(), "fires", e.getValue().get("fires")));
            out.add(Arguments.of(e.getKey(), "quiet", e.getValue().get("quiet")));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void ruleFiresInItsCaseAndNotInTheOther(String ruleId, String expectation, JsonNode spec) {
        Audit audit = RIDGELINE.audit(RIDGELINE.parse(CASES.scenario(spec), ruleId + "-" + expectation));
        if (expectation.equals("fires")) {
            assertThat(audit.firedRules()).as("rules fired for %s", spec).contains(ruleId);
        } else {
            assertThat(audit.firedRules()).as("rules fired for %s", spec).doesNotContain(ruleId);
        }
    }

    @Test
    void everyInferenceRuleHasBothCases() {
        List<String> ids = RIDGELINE.rules().rules().stream().map(RuleInfo::id)
                .filter(id -> id.startsWith("INF-")).toList();
        assertThat(ids).isNotEmpty();
        for (String id : ids) {
            JsonNode c = CASES.cases().get(id);
            assertThat(c).as("cases for %s", id).isNotNull();
            assertThat(c.has("fires") && c.has("quiet")).as("both cases for %s", id).isTrue();
        }
    }
}
