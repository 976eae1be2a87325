package io.ridgeline.engine.scenario;

import io.ridgeline.engine.scenario.ScenarioSchema.Key;
import io.ridgeline.engine.scenario.ScenarioSchema.Type;
import io.ridgeline.facts.WorkloadKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenario format written out from {@link ScenarioSchema}: the key tables of docs/scenario.md, and a JSON Schema
 * for editors ({@code ./advisor schema}), the web form and the OpenAPI description. Nothing here lists a key: every
 * key, default and range comes from the schema.
 */
public final class ScenarioReference {

    /** The JSON Schema dialects written: draft 2020-12 for editors, OpenAPI 3.0's schema objects for the API. */
    public enum Dialect { JSON_SCHEMA_2020_12, OPENAPI_3_0 }

    /** The marker lines around the generated block of docs/scenario.md. */
    public static final String BEGIN = "<!-- keys generated from the scenario schema (./advisor schema --markdown); "
            + "edit ScenarioSchema, not this block -->";
    public static final String END = "<!-- end of the generated keys -->";

    private ScenarioReference() {
    }

    // ---- Markdown

    /** A table of the docs: its title, the section it lists and the kind whose keys those are. */
    private record Table(String title, String section, WorkloadKind kind) {
    }

    private static final List<Table> TABLES = List.of(
            new Table("Top level", ScenarioSchema.TOP, WorkloadKind.INFERENCE),
            new Table("Hardware (`hardware`)", ScenarioSchema.HARDWARE, WorkloadKind.INFERENCE),
            new Table("Inference workload (`workload`, kind inference)", ScenarioSchema.WORKLOAD,
                    WorkloadKind.INFERENCE),
            new Table("Training workload (`workload`, kind training)", ScenarioSchema.WORKLOAD, WorkloadKind.TRAINING),
            new Table("A stage of `workload.batch_stages` (kind training)", ScenarioSchema.BATCH_STAGE,
                    WorkloadKind.TRAINING),
            new Table("RL workload (`workload`, kind rl)", ScenarioSchema.WORKLOAD, WorkloadKind.RL),
            new Table("Service-level objectives (`slo`)", ScenarioSchema.SLO, WorkloadKind.INFERENCE),
            new Table("Budget (`budget`)", ScenarioSchema.BUDGET, WorkloadKind.INFERENCE),
            new Table("Design (`design`)", ScenarioSchema.DESIGN, WorkloadKind.INFERENCE),
            new Table("Speculative decoding (`design.speculative`)", ScenarioSchema.SPECULATIVE,
                    WorkloadKind.INFERENCE),
            new Table("Efficiency (`efficiency`)", ScenarioSchema.EFFICIENCY, WorkloadKind.INFERENCE),
            new Table("Preferences (`preferences`)", ScenarioSchema.PREFERENCES, WorkloadKind.INFERENCE));

    /** The key tables, one per section (the workload's once per kind), between {@link #BEGIN} and {@link #END}. */
    public static String markdown() {
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
        for (Table t : TABLES) {
            table(md, t.title(), ScenarioSchema.section(t.section(), t.kind()));
        }
        return md.append(END).append('\n').toString();
    }

    private static void table(StringBuilder md, String title, List<Key> keys) {
        md.append("### ").append(title).append("\n\n| key | value | default | meaning |\n|---|---|---|---|\n");
        for (Key k : keys) {
            md.append("| `").append(k.name()).append("` | ").append(cell(valueShown(k))).append(" | ")
                    .append(cell(k.defaultShown())).append(" | ").append(cell(k.meaning())).append(" |\n");
        }
        md.append('\n');
    }

    /** The type and the allowed range or values, as the tables write them. */
    static String valueShown(Key k) {
        String range = k.rangeShown();
        String type = switch (k.type()) {
            case STRING -> "text";
            case INTEGER -> "integer";
            case NUMBER -> "number";
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of";
            case CHOICE_OR_BOOLEAN -> "true, false or one of";
            case LIST -> "list";
            case MAPPING -> "mapping";
            case LIST_OF_MAPPINGS -> "list of mappings";
            case MODEL -> "id, path or mapping";
            case PERCENTILE -> "p50 to p99.99, or 0.5 to 0.9999";
            case ANY -> "any";
        };
        if (k.type() == Type.PERCENTILE || range.isEmpty()) {
            return type;
        }
        return type + " " + range;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    // ---- JSON Schema

    /** The scenario's JSON Schema in {@code dialect}, as ordered maps and lists ready for a JSON writer. */
    public static Map<String, Object> jsonSchema(Dialect dialect) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (dialect == Dialect.JSON_SCHEMA_2020_12) {
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$id", "https://ridgeline.dev/scenario.schema.json");
            root.put("title", "Ridgeline scenario");
        }
        root.put("description", "One question to Ridgeline: a model, a cluster, a workload, the requirements and a "
                + "design (docs/scenario.md). Units are in the key names; GB = 1e9 bytes, GiB = 2^30 bytes.");
        object(root, ScenarioSchema.TOP, WorkloadKind.INFERENCE, dialect);
        return root;
    }

    /** Fills {@code schema} as an object of the section's keys for {@code kind}. */
    private static void object(Map<String, Object> schema, String section, WorkloadKind kind, Dialect dialect) {
        schema.put("type", "object");
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Key k : ScenarioSchema.section(section, kind)) {
            properties.put(k.name(), property(k, kind, dialect));
            if (k.required()) {
                required.add(k.name());
            }
        }
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
    }

    private static Map<String, Object> property(Key k, WorkloadKind kind, Dialect dialect) {
        Map<String, Object> p = new LinkedHashMap<>();
        String childSection = k.path();
        switch (k.type()) {
            case STRING -> p.put("type", "string");
            case INTEGER -> {
                p.put("type", "integer");
                bounds(p, k, dialect);
            }
            case NUMBER -> {
                p.put("type", "number");
                bounds(p, k, dialect);
            }
            case BOOLEAN -> p.put("type", "boolean");
            case CHOICE -> {
                p.put("type", "string");
                p.put("enum", k.values());
            }
            case CHOICE_OR_BOOLEAN -> {
                Map<String, Object> named = new LinkedHashMap<>();
                named.put("type", "string");
                named.put("enum", k.values());
                p.put("anyOf", List.of(named, Map.of("type", "boolean")));
            }
            case LIST -> {
                // a list, or one string of comma-separated entries, as the loader reads them
                Map<String, Object> list = new LinkedHashMap<>();
                list.put("type", "array");
                Map<String, Object> items = new LinkedHashMap<>();
                items.put("type", "string");
                if (!k.values().isEmpty()) {
                    items.put("enum", k.values());
                }
                list.put("items", items);
                p.put("anyOf", List.of(list, Map.of("type", "string")));
            }
            case MAPPING -> {
                if (k.path().equals(ScenarioSchema.WORKLOAD)) {
                    // the workload's keys are the kind's: one schema per kind, titled so that an editor says which
                    List<Object> kinds = new ArrayList<>();
                    for (WorkloadKind each : List.of(WorkloadKind.INFERENCE, WorkloadKind.TRAINING, WorkloadKind.RL)) {
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put("title", "workload of kind " + each.id());
                        object(one, childSection, each, dialect);
                        kinds.add(one);
                    }
                    p.put("anyOf", kinds);
                } else {
                    object(p, childSection, kind, dialect);
                }
            }
            case LIST_OF_MAPPINGS -> {
                p.put("type", "array");
                p.put("maxItems", ScenarioLoader.MAX_BATCH_STAGES);
                Map<String, Object> items = new LinkedHashMap<>();
                object(items, k.path() + "[]", WorkloadKind.TRAINING, dialect);
                p.put("items", items);
            }
            case MODEL -> p.put("anyOf", List.of(Map.of("type", "string"), Map.of("type", "object")));
            case PERCENTILE -> {
                Map<String, Object> named = new LinkedHashMap<>();
                named.put("type", "string");
                named.put("pattern", "^[pP][0-9]+(\\.[0-9]+)?$");
                Map<String, Object> share = new LinkedHashMap<>();
                share.put("type", "number");
                bounds(share, k, dialect);
                p.put("anyOf", List.of(named, share));
            }
            case ANY -> {
                // any value: kept, not read
            }
        }
        String description = k.meaning();
        if (k.defaultText() != null) {
            description += " (default: " + k.defaultText() + ")";
        }
        p.put("description", description);
        if (k.defaultValue() != null && k.defaultText() == null && k.type() != Type.MAPPING) {
            p.put("default", k.defaultValue() instanceof Double d ? integral(d) : k.defaultValue());
        }
        return p;
    }

    private static void bounds(Map<String, Object> p, Key k, Dialect dialect) {
        if (k.minimum() != null) {
            Number min = integral(k.minimum());
            if (k.exclusiveMinimum() && dialect == Dialect.OPENAPI_3_0) {
                p.put("minimum", min);
                p.put("exclusiveMinimum", true);
            } else if (k.exclusiveMinimum()) {
                p.put("exclusiveMinimum", min);
            } else {
                p.put("minimum", min);
            }
        }
        if (k.maximum() != null) {
            p.put("maximum", integral(k.maximum()));
        }
    }

    /** A whole bound written as an integer (1, not 1.0), as a reader expects. */
    private static Number integral(double d) {
        return d == Math.rint(d) && Math.abs(d) < 9e15 ? (Number) (long) d : (Number) d;
    }
}
