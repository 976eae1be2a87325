package io.ridgeline.web;

import io.javalin.http.Context;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.engine.scenario.ScenarioReference;
import io.ridgeline.engine.scenario.ScenarioSchema;
import io.ridgeline.facts.Scenario;
import io.ridgeline.web.Presets.Preset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The JSON API's handlers: each reads its input, calls the service and writes the answer. */
final class Api {

    static final String OPENAPI_RESOURCE = "openapi.json";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** The scenario's JSON Schema, written once. */
    private static final String SCENARIO_SCHEMA = scenarioSchemaText();

    private static String scenarioSchemaText() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ScenarioReference.jsonSchema(
                    ScenarioReference.Dialect.JSON_SCHEMA_2020_12));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private final AdvisorService service;
    private final Presets presets;
    private final String openApi;

    Api(AdvisorService service, Presets presets) {
        this.service = service;
        this.presets = presets;
        this.openApi = withScenarioSchema(resource(OPENAPI_RESOURCE));
    }

    /** The OpenAPI description with its Scenario schema written from the scenario schema the loader reads by. */
    static String withScenarioSchema(String openApiText) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree(openApiText);
            com.fasterxml.jackson.databind.node.ObjectNode schemas = (com.fasterxml.jackson.databind.node.ObjectNode)
                    doc.path("components").path("schemas");
            schemas.set("Scenario", JSON.valueToTree(ScenarioReference.jsonSchema(
                    ScenarioReference.Dialect.OPENAPI_3_0)));
            fillEnums(doc, VOCABULARY_ENUMS);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The answers' properties whose values a vocabulary owns, by name: wherever the description gives one of them an
     * enum, the enum is the owner's (a regime may be null: a wall with one side has none).
     */
    private static final Map<String, java.util.List<Object>> VOCABULARY_ENUMS = Map.of(
            "regime", regimesOrNone(), "from_regime", regimesOrNone(), "to_regime", regimesOrNone(),
            "pipeline_schedule", java.util.List.copyOf(ScenarioSchema.PIPELINE_SCHEDULE.values()),
            "objective", java.util.List.copyOf(ScenarioSchema.OBJECTIVE.values()),
            "kind", java.util.List.copyOf(ScenarioSchema.KIND.values()));

    private static java.util.List<Object> regimesOrNone() {
        java.util.List<Object> values = new java.util.ArrayList<>(io.ridgeline.facts.Bottleneck.REGIMES);
        values.add(null);
        return values;
    }

    private static void fillEnums(com.fasterxml.jackson.databind.JsonNode node,
                                  Map<String, java.util.List<Object>> enums) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            com.fasterxml.jackson.databind.JsonNode properties = object.get("properties");
            if (properties != null) {
                enums.forEach((name, values) -> {
                    if (properties.get(name) instanceof com.fasterxml.jackson.databind.node.ObjectNode p
                            && p.has("enum")) {
                        p.set("enum", JSON.valueToTree(values));
                    }
                });
            }
        }
        node.forEach(child -> fillEnums(child, enums));
    }

    void scenarioSchema(Context ctx) {
        ctx.contentType("application/json").result(SCENARIO_SCHEMA);
    }

    void advise(Context ctx) {
        respond(ctx, service::advise, service::adviseMarkdown);
    }

    void audit(Context ctx) {
        respond(ctx, service::audit, service::auditMarkdown);
    }

    void estimate(Context ctx) {
        respond(ctx, service::estimate, service::estimateMarkdown);
    }

    void search(Context ctx) {
        respond(ctx, service::search, service::searchMarkdown);
    }

    /** The scenario under the server's rulebase and the compared one, and what changed (serve --compare-rules). */
    void compare(Context ctx) {
        service.requireComparison();
        respond(ctx, service::compare, service::compareMarkdown);
    }

    /** Whether the server compares a second rulebase, and the two sides' names. */
    void comparisonInfo(Context ctx) {
        ctx.json(service.comparisonInfo());
    }

    /** The scenario text as written, as a JSON document (for the form's fields). */
    void document(Context ctx) {
        ctx.json(Map.of("document", service.document(ScenarioBody.text(ctx))));
    }

    void gpus(Context ctx) {
        ctx.json(service.gpus());
    }

    void models(Context ctx) {
        ctx.json(service.models());
    }

    void rules(Context ctx) {
        ctx.json(service.rules());
    }

    void presets(Context ctx) {
        ctx.json(presets.all().stream().map(p -> summary(p, false)).toList());
    }

    void preset(Context ctx) {
        String name = ctx.pathParam("name");
        Preset p = presets.find(name).orElseThrow(() -> new NotFound("no preset '" + name + "'"));
        Map<String, Object> m = summary(p, true);
        m.put("document", service.document(p.text()));
        ctx.json(m);
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    private void respond(Context ctx, Function<Scenario, Map<String, Object>> json,
                         Function<Scenario, String> markdown) {
        boolean md = ScenarioBody.markdown(ctx);
        Scenario s = service.scenario(ScenarioBody.text(ctx));
        if (md) {
            ctx.contentType(ScenarioBody.MARKDOWN).result(markdown.apply(s));
        } else {
            ctx.json(json.apply(s));
        }
    }

    private static Map<String, Object> summary(Preset p, boolean withText) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("kind", p.kind());
        m.put("description", p.description());
        if (withText) {
            m.put("text", p.text());
        }
        return m;
    }

    /** The error body: the message and the dotted path of the field at fault (null when none is known). */
    static Map<String, Object> error(String message, String field) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("field", field);
        return m;
    }

    static Map<String, Object> error(InputError e) {
        Map<String, Object> m = error(e.getMessage(), e.field());
        m.put("detail", e.detail());
        return m;
    }

    /** A name the API does not know (HTTP 404). */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Api.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
