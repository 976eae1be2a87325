package io.ridgeline.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.Audit;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.report.Reports;
import io.ridgeline.engine.scenario.DesignDocument;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.Scenario;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the web app asks of the engine, as JSON-ready maps and Markdown: the keys of advice, audits and bills are
 * those of the command line's {@code --json} output, with the launch commands and the chart data added.
 */
public final class AdvisorService {

    /** The name a scenario without a {@code name} key gets. */
    public static final String FALLBACK_NAME = "scenario";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final java.util.function.Supplier<Ridgeline> ridgelines;
    private final RulebaseComparison comparison;

    public AdvisorService(Ridgeline ridgeline) {
        this(ridgeline, null);
    }

    /** The service, with a second rulebase to compare its own with (null: none). */
    public AdvisorService(Ridgeline ridgeline, RulebaseComparison comparison) {
        this(constant(Objects.requireNonNull(ridgeline)), comparison);
    }

    /**
     * The service over the Ridgeline {@code ridgelines} gives at each call: the same one, or under
     * {@code serve --dev} the one of the rules as they are now ({@link io.ridgeline.web.RulesReloader}).
     */
    public AdvisorService(java.util.function.Supplier<Ridgeline> ridgelines, RulebaseComparison comparison) {
        this.ridgelines = Objects.requireNonNull(ridgelines);
        this.comparison = comparison;
    }

    private static java.util.function.Supplier<Ridgeline> constant(Ridgeline r) {
        return () -> r;
    }

    public Ridgeline ridgeline() {
        return ridgelines.get();
    }

    /**
     * The scenario in a request body (YAML or JSON). The model must be a catalog id or an inline mapping: a web
     * request never names a file on the server.
     */
    public Scenario scenario(String text) {
        if (text == null || text.isBlank()) {
            throw new InputError("(file)", "is empty: send a scenario as YAML or JSON");
        }
        JsonNode model = document(text).get("model");
        if (model != null && model.isValueNode() && !model.isNull()
                && ridgeline().catalogs().findModel(model.asText().trim()).isEmpty()) {
            throw new InputError("model", "unknown model '" + model.asText() + "': give a catalog id or an inline "
                    + "mapping of config.json keys with an id; known ids: " + String.join(", ",
                    ridgeline().catalogs().models().stream().map(ModelArchitecture::id).toList()));
        }
        return ridgeline().parse(text, FALLBACK_NAME);
    }

    /** The scenario text as a JSON tree, as written (no defaults, no catalog lookups); it must be a mapping. */
    public JsonNode document(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            throw new InputError("(file)", io.ridgeline.engine.scenario.SyntaxErrors.describe(e, text));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InputError("(file)", "is empty: send a scenario as YAML or JSON");
        }
        if (!root.isObject()) {
            throw new InputError("(file)", "must be a mapping of keys (name, kind, model, hardware, workload, ...)");
        }
        return root;
    }

    /** The design loop's answer, with the final design's launch commands and charts. */
    public Map<String, Object> advise(Scenario s) {
        Advice a = ridgeline().advise(s);
        Scenario last = ridgeline().finalScenario(s, a);
        Map<String, Object> m = new LinkedHashMap<>(Json.toMap(a));
        m.put("validation_error", Ridgeline.validationError(a));
        m.put("requirements", Ridgeline.requirements(s));
        m.put("final_design_document", DesignDocument.of(a.finalDesign()));
        m.put("launch_commands", launchCommands(last));
        m.put("charts", Json.toMap(Charts.of(last, a.finalEstimate())));
        return m;
    }

    public String adviseMarkdown(Scenario s) {
        Advice a = ridgeline().advise(s);
        return Reports.advice(a, true) + launchMarkdown(ridgeline().finalScenario(s, a));
    }

    /** The search of the serving design space: best, frontier, the ten cheapest, counts (as `advisor search --json`). */
    public Map<String, Object> search(Scenario s) {
        return Json.toMap(ridgeline().search(s, 10));
    }

    public String searchMarkdown(Scenario s) {
        return Reports.search(s.name(), ridgeline().search(s, 10), true);
    }

    /** The audit of the design as given, with its launch commands and charts. */
    public Map<String, Object> audit(Scenario s) {
        Audit a = ridgeline().audit(s);
        Map<String, Object> m = new LinkedHashMap<>(Json.toMap(a));
        m.put("validation_error", Ridgeline.validationError(s, a.estimate()));
        m.put("requirements", Ridgeline.requirements(s));
        m.put("launch_commands", launchCommands(s));
        m.put("charts", Json.toMap(Charts.of(s, a.estimate())));
        return m;
    }

    public String auditMarkdown(Scenario s) {
        return Reports.audit(ridgeline().audit(s), true) + launchMarkdown(s);
    }

    /** The bill: the scenario's identity, then the bill's keys (as {@code advisor estimate --json}), then charts. */
    public Map<String, Object> estimate(Scenario s) {
        io.ridgeline.facts.Bill e = ridgeline().estimate(s);
        Map<String, Object> m = new LinkedHashMap<>(Ridgeline.estimateDocument(s, e));
        m.put("launch_commands", launchCommands(s));
        m.put("charts", Json.toMap(Charts.of(s, e)));
        return m;
    }

    public String estimateMarkdown(Scenario s) {
        return Reports.estimate(s, ridgeline().estimate(s), true) + launchMarkdown(s);
    }

    /** engine -> launch command, by target (vllm/sglang, megatron/torchtitan, or the RL framework). */
    public Map<String, String> launchCommands(Scenario s) {
        return ridgeline().launchCommands(s);
    }

    private String launchMarkdown(Scenario s) {
        StringBuilder out = new StringBuilder();
        launchCommands(s).forEach((target, command) -> out.append("\n## Launch command (").append(target)
                .append(")\n\n").append(Reports.codeBlock("sh", command)));
        return out.toString();
    }

    /** The GPU catalog, as {@code advisor catalog gpus --json}. */
    public List<Object> gpus() {
        return Json.mapper().convertValue(ridgeline().catalogs().gpus(), new TypeReference<List<Object>>() { });
    }

    /** The model catalog with total and active parameters, as {@code advisor catalog models --json}. */
    public List<Map<String, Object>> models() {
        return ridgeline().modelRows();
    }

    /**
     * Whether the server compares two rulebases, and which: {@code available}, {@code left} (its own) and
     * {@code right} (the compared one; both null when there is none).
     */
    public Map<String, Object> comparisonInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", comparison != null);
        m.put("left", comparison == null ? null : comparison.left());
        m.put("right", comparison == null ? null : comparison.right());
        return m;
    }

    /**
     * The scenario advised under the server's rulebase and under the compared one, and what changed between them,
     * as {@code advisor diff SCENARIO --rules X --rules Y --json}.
     */
    public Map<String, Object> compare(Scenario s) {
        return Json.toMap(diff(s));
    }

    public String compareMarkdown(Scenario s) {
        return "# Rulebase comparison: " + s.name() + "\n\n" + Reports.codeBlock("text", diff(s).text());
    }

    /** Refuses (HTTP 404) a comparison on a server started without a second rulebase. */
    public void requireComparison() {
        if (comparison == null) {
            throw new Api.NotFound("this server compares no second rulebase: start it with ./advisor serve "
                    + "--compare-rules DIR (a rulebase instead of its own) or --compare-add-rules DIR (its own and DIR)");
        }
    }

    private io.ridgeline.engine.report.AdviceDiff diff(Scenario s) {
        requireComparison();
        return io.ridgeline.engine.report.AdviceDiff.of(comparison.left(), ridgeline().advise(s), comparison.right(),
                comparison.compared().advise(s));
    }

    /** The rule catalogue, as {@code advisor rules list --json}. */
    public List<Object> rules() {
        return Json.mapper().convertValue(ridgeline().rules().rules(), new TypeReference<List<Object>>() { });
    }
}
