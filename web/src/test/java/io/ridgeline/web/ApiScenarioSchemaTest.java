package io.ridgeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ridgeline.engine.scenario.ScenarioReference;
import io.ridgeline.engine.scenario.ScenarioSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The OpenAPI description's Scenario is the scenario schema the loader reads by, in OpenAPI 3.0's dialect. */
class ApiScenarioSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String openApiResource() throws IOException {
        try (InputStream in = Api.class.getClassLoader().getResourceAsStream(Api.OPENAPI_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static java.util.List<Object> regimesOrNone() {
        java.util.List<Object> values = new java.util.ArrayList<>(io.ridgeline.facts.Bottleneck.REGIMES);
        values.add(null);
        return values;
    }

    @Test
    void theServedDescriptionCarriesTheScenarioSchema() throws IOException {
        JsonNode doc = JSON.readTree(Api.withScenarioSchema(openApiResource()));
        JsonNode scenario = doc.at("/components/schemas/Scenario");
        assertThat(scenario).isEqualTo(JSON.readTree(JSON.writeValueAsString(ScenarioReference.jsonSchema(
                ScenarioReference.Dialect.OPENAPI_3_0))));
        assertThat(scenario.at("/required").toString()).isEqualTo("[\"model\",\"hardware\"]");
        assertThat(scenario.at("/properties/workload/anyOf")).hasSize(3);
        JsonNode promptTokens = scenario.at("/properties/workload/anyOf/0/properties/prompt_tokens");
        assertThat(promptTokens.get("minimum").asInt()).isEqualTo(ScenarioSchema.PROMPT_TOKENS.minimum().intValue());
        assertThat(promptTokens.get("default").asInt()).isEqualTo(1024);
        // OpenAPI 3.0 writes an exclusive minimum as a flag beside the minimum
        JsonNode price = scenario.at("/properties/hardware/properties/usd_per_gpu_hour");
        assertThat(price.get("exclusiveMinimum").asBoolean()).isTrue();
        assertThat(price.get("minimum").asInt()).isZero();
        // the answers' enums are the vocabularies' (a regime may be null)
        assertThat(doc.findValues("from_regime")).isNotEmpty().allSatisfy(p -> assertThat(p.get("enum").toString())
                .isEqualTo(JSON.valueToTree(regimesOrNone()).toString()));
        // the rest of the description is left as written
        assertThat(doc.at("/paths/~1api~1scenario~1schema/get/operationId").asText()).isEqualTo("scenarioSchema");
        assertThat(doc.at("/components/schemas/Error/required")).hasSize(2);
    }
}
