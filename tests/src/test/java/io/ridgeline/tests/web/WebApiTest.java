package io.ridgeline.tests.web;

import static io.ridgeline.tests.web.ServedWebApp.JSON;
import static io.ridgeline.tests.web.ServedWebApp.app;
import static io.ridgeline.tests.web.ServedWebApp.authority;
import static io.ridgeline.tests.web.ServedWebApp.comparingApp;
import static io.ridgeline.tests.web.ServedWebApp.getWithHostHeader;
import static io.ridgeline.tests.web.ServedWebApp.header;
import static io.ridgeline.tests.web.ServedWebApp.json;
import static io.ridgeline.tests.web.ServedWebApp.post;
import static io.ridgeline.tests.web.ServedWebApp.postYaml;
import static io.ridgeline.tests.web.ServedWebApp.serve;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import io.ridgeline.web.Presets;
import io.ridgeline.web.cli.AdvisorCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every endpoint of the JSON API over HTTP, good input and bad, each test against its own server on 127.0.0.1 and a
 * free port.
 */
class WebApiTest {

    /** The command line's --json output for the given arguments. */
    private static JsonNode cli(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdvisorCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("exit status; stderr: %s", err).isZero();
        return JSON.readTree(out.toString());
    }

    private static JsonNode withoutWebKeys(JsonNode answer) {
        ObjectNode copy = answer.deepCopy();
        copy.remove("launch_commands");
        copy.remove("charts");
        return copy;
    }

    // ---- two rulebases (serve --compare-rules / --compare-add-rules)

    @Test
    void aServerWithoutASecondRulebaseSaysSoAndHowToStartOne() {
        serve(app(), (server, client) -> {
            JsonNode info = json(client.get("/api/compare"));
            assertThat(info.get("available").asBoolean()).isFalse();
            assertThat(info.get("left").isNull()).isTrue();
            Response r = postYaml(client, "/api/compare", Scenarios.defaultScenario());
            assertThat(r.code()).isEqualTo(404);
            assertThat(json(r).get("error").asText()).contains("--compare-rules DIR")
                    .contains("--compare-add-rules DIR");
        });
    }

    @Test
    void aServerComparingRulebasesAnswersWhatChangedAsTheDiffDoes() {
        Path house = Path.of("..", "examples", "rules");
        serve(comparingApp(house), (server, client) -> {
            JsonNode info = json(client.get("/api/compare"));
            assertThat(info.get("available").asBoolean()).isTrue();
            assertThat(info.get("left").asText()).isEqualTo("built-in rules");
            assertThat(info.get("right").asText()).isEqualTo("built-in rules + " + house);
            String yaml = Files.readString(Path.of("..", "examples", "rag-assistant.yaml"));
            Response r = post(client, "/api/compare", "application/yaml", yaml);
            assertThat(r.code()).isEqualTo(200);
            JsonNode diff = json(r);
            // the same answer as the diff computed in this process
            io.ridgeline.engine.Ridgeline own = io.ridgeline.engine.Ridgeline.defaults();
            io.ridgeline.engine.Ridgeline withHouse = new io.ridgeline.engine.Ridgeline(own.catalogs(),
                    own.rules().withFolder(house));
            io.ridgeline.facts.Scenario s = own.parse(yaml, "scenario");
            JsonNode expected = JSON.readTree(io.ridgeline.engine.json.Json.write(
                    io.ridgeline.engine.report.AdviceDiff.of("built-in rules", own.advise(s),
                            "built-in rules + " + house, withHouse.advise(s))));
            assertThat(diff).isEqualTo(expected);
            // the house rule fires on the compared side only, and its veto shows there
            assertThat(diff.get("fired").get("right").toString()).contains("HOUSE-01");
            assertThat(diff.get("vetoes").get("right").toString()).contains("speculative_decoding by HOUSE-01");
            // Markdown for a review
            Response md = post(client, "/api/compare?format=markdown", "application/yaml", yaml);
            assertThat(md.code()).isEqualTo(200);
            assertThat(md.body().string()).startsWith("# Rulebase comparison: ").contains("HOUSE-01");
            // bad input names its field, as everywhere
            Response bad = post(client, "/api/compare", "application/yaml",
                    Scenarios.defaultScenario().replace("tp: 1", "tp: 3"));
            assertThat(bad.code()).isEqualTo(400);
            assertThat(json(bad).get("field").asText()).isEqualTo("design.tp");
        });
    }

    // ---- advise, audit, estimate

    @Test
    void adviseAnswersTheCommandLinesJsonPlusLaunchCommandsAndCharts(@TempDir Path dir) {
        serve(app(), (server, client) -> {
            Path file = dir.resolve("default.yaml");
            Files.writeString(file, Scenarios.defaultScenario());
            Response r = postYaml(client, "/api/advise", Scenarios.defaultScenario());
            assertThat(r.code()).isEqualTo(200);
            assertThat(header(r, "Content-Type")).startsWith("application/json");
            JsonNode a = json(r);
            assertThat(withoutWebKeys(a)).isEqualTo(cli("advise", "--json", file.toString()));
            assertThat(a.get("status").asText()).isEqualTo("feasible");
            assertThat(a.get("validation_error").get("tpot_ms").get("median_abs_error").asDouble()).isBetween(0.0, 1.0);
            assertThat(a.get("iterations").size()).isGreaterThan(1);
            JsonNode applied = a.get("iterations").get(0).get("applied");
            assertThat(applied.get("rule_id").asText()).isNotBlank();
            assertThat(applied.get("rule_name").asText()).isNotBlank();
            assertThat(applied.get("lesson").asText()).isNotBlank();
            assertThat(a.get("launch_commands").get("vllm").asText()).contains("vllm serve");
            assertThat(a.get("launch_commands").get("sglang").asText()).contains("sglang.launch_server");
            JsonNode charts = a.get("charts");
            assertThat(charts.get("frontier").get("points").size()).isGreaterThan(2);
            assertThat(charts.get("frontier").get("slo_tpot_ms").asDouble()).isEqualTo(50.0);
            assertThat(charts.get("memory").get("bars").get(0).get("total_bytes").asDouble())
                    .isEqualTo(a.get("final_estimate").get("memory_bytes_per_gpu").asDouble());
            assertThat(charts.get("roofline").get("points").size()).isEqualTo(2);
            assertThat(charts.get("communication").isNull()).isTrue();
        });
    }

    @Test
    void searchRanksTheFeasibleDesignsAndAdviceIsCheckedAgainstIt() {
        serve(app(), (server, client) -> {
            JsonNode r = json(postYaml(client, "/api/search", Scenarios.defaultScenario()));
            assertThat(r.get("evaluated").asLong()).isPositive();
            assertThat(r.get("best").get("estimate").get("over_limits")).isEmpty();
            assertThat(r.get("top").size()).isBetween(1, 10);
            assertThat(r.get("frontier").size()).isPositive();
            JsonNode a = json(postYaml(client, "/api/advise", Scenarios.defaultScenario()));
            assertThat(a.get("search").get("finding").asText()).isNotBlank();
            assertThat(a.get("search").get("cost_ratio").asDouble()).isPositive();
        });
    }

    @Test
    void adviceCarriesTheSearchsRankedAlternativesAndItsParetoFront() {
        serve(app(), (server, client) -> {
            JsonNode search = json(postYaml(client, "/api/advise", Scenarios.defaultScenario())).get("search");
            // the keys that were there stay
            for (String key : new String[]{"best_model", "best_gpu", "best_design", "best_estimate", "cost_ratio",
                    "finding"}) {
                assertThat(search.has(key)).as(key).isTrue();
            }
            assertThat(search.get("objective").asText()).isEqualTo("cost");
            assertThat(search.get("objective_ratio").asDouble()).isEqualTo(search.get("cost_ratio").asDouble());
            assertThat(search.get("finding").asText()).startsWith("objective cost: ");
            JsonNode alternatives = search.get("alternatives");
            assertThat(alternatives.size()).isBetween(1, 10);
            JsonNode first = alternatives.get(0);
            assertThat(first.get("rank").asInt()).isEqualTo(1);
            assertThat(first.get("design")).isEqualTo(search.get("best_design"));
            assertEntry(first, new String[]{"cost_per_hour_usd", "ttft_ms", "tpot_ms", "e2e_ms", "tokens_per_s",
                    "memory_bytes_per_gpu"});
            assertThat(first.get("figures").get("cost_per_hour_usd").asDouble())
                    .isEqualTo(search.get("best_estimate").get("cost_per_hour_usd").asDouble());
            assertThat(first.get("meets_requirements").asBoolean()).isTrue();
            JsonNode pareto = search.get("pareto");
            assertThat(pareto.size()).isBetween(1, 40);
            for (JsonNode p : pareto) {
                assertThat(p.has("rank")).isFalse();
                assertEntry(p, new String[]{"cost_per_hour_usd", "e2e_ms"});
            }
            assertThat(search.get("pareto_axes").get("x").asText()).isEqualTo("cost_per_hour_usd");
            assertThat(search.get("pareto_axes").get("y").asText()).isEqualTo("e2e_ms");
            JsonNode training = json(postYaml(client, "/api/advise", Scenarios.TRAINING)).get("search");
            assertThat(training.get("objective").asText()).isEqualTo("latency");
            assertThat(training.get("pareto_axes").get("x").asText()).isEqualTo("cost_usd");
            assertThat(training.get("pareto_axes").get("y").asText()).isEqualTo("training_days");
            assertEntry(training.get("alternatives").get(0), new String[]{"cost_usd", "training_days", "step_time_s",
                    "mfu", "memory_bytes_per_gpu"});
            assertThat(training.get("pareto").size()).isPositive();
            // the objective a scenario names is the one the search ranks by, and the finding names it
            JsonNode latency = json(postYaml(client, "/api/advise",
                    Scenarios.defaultScenario() + "objective: latency\n")).get("search");
            assertThat(latency.get("objective").asText()).isEqualTo("latency");
            assertThat(latency.get("finding").asText()).startsWith("objective latency: ");
            assertThat(latency.get("alternatives").get(0).get("figures").get("e2e_ms").asDouble())
                    .isEqualTo(latency.get("best_estimate").get("e2e_ms").asDouble());
            // RL post-training has no search: no search object at all
            assertThat(json(postYaml(client, "/api/advise", Scenarios.RL)).get("search").isNull()).isTrue();
        });
    }

    private static void assertEntry(JsonNode entry, String[] figures) {
        for (String key : new String[]{"model", "gpu", "design", "design_text", "total_gpus", "meets_requirements",
                "binding", "over_limits", "figures"}) {
            assertThat(entry.has(key)).as(key).isTrue();
        }
        assertThat(entry.get("design").has("tp")).isTrue();
        assertThat(entry.get("design_text").asText()).startsWith("tp ");
        assertThat(entry.get("binding").asText()).isNotBlank();
        for (String f : figures) {
            assertThat(entry.get("figures").get(f).isNumber()).as(f).isTrue();
        }
    }

    @Test
    void searchRefusesATrainingScenarioNamingTheKind() {
        serve(app(), (server, client) -> {
            Response r = postYaml(client, "/api/search", """
                    kind: training
                    model: llama-3.1-8b
                    hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
                    """);
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.body().string()).contains("kind").contains("inference").doesNotContain("Exception");
        });
    }

    @Test
    void theLaunchCommandIsTheFinalDesigns() {
        serve(app(), (server, client) -> {
            JsonNode a = json(postYaml(client, "/api/advise", Scenarios.defaultScenario()));
            int tp = a.get("final_design").get("tp").asInt();
            assertThat(a.get("launch_commands").get("vllm").asText()).contains("--tensor-parallel-size " + tp);
        });
    }

    @Test
    void aJsonBodyGivesTheSameAdviceAsYaml() {
        serve(app(), (server, client) -> {
            String asJson = JSON.writeValueAsString(new YAMLMapper().readTree(Scenarios.defaultScenario()));
            JsonNode fromJson = json(post(client, "/api/advise", "application/json", asJson));
            JsonNode fromYaml = json(post(client, "/api/advise", "application/yaml; charset=utf-8",
                    Scenarios.defaultScenario()));
            assertThat(fromJson).isEqualTo(fromYaml);
        });
    }

    @Test
    void auditAnswersTheCommandLinesJsonPlusLaunchCommandsAndCharts(@TempDir Path dir) {
        serve(app(), (server, client) -> {
            Path file = dir.resolve("default.yaml");
            Files.writeString(file, Scenarios.defaultScenario());
            Response r = postYaml(client, "/api/audit", Scenarios.defaultScenario());
            assertThat(r.code()).isEqualTo(200);
            JsonNode a = json(r);
            assertThat(withoutWebKeys(a)).isEqualTo(cli("audit", "--json", file.toString()));
            // the default design is 70B in bf16 on one H100: 141 GB of weights against 72 GB usable
            assertThat(a.get("verdict").asText()).isEqualTo("violates_requirements");
            assertThat(a.get("binding").asText()).isEqualTo("memory_capacity");
            assertThat(a.get("charts").get("memory").get("bars").get(0).get("over_bytes").asDouble()).isPositive();
        });
    }

    @Test
    void estimateAnswersTheCommandLinesJsonPlusLaunchCommandsAndCharts(@TempDir Path dir) {
        serve(app(), (server, client) -> {
            Path file = dir.resolve("default.yaml");
            Files.writeString(file, Scenarios.defaultScenario());
            JsonNode e = json(postYaml(client, "/api/estimate", Scenarios.defaultScenario()));
            assertThat(withoutWebKeys(e)).isEqualTo(cli("estimate", "--json", file.toString()));
            assertThat(e.get("kind").asText()).isEqualTo("inference");
            assertThat(e.get("weight_bytes_per_gpu").asDouble()).isEqualTo(141_107_412_992.0);
            assertThat(e.get("validation_error").get("ttft_ms").get("regime").asText()).isNotBlank();
        });
    }

    @Test
    void adviceCarriesTheRequirementsAndItsFinalDesignAsAScenarioDesign() {
        serve(app(), (server, client) -> {
            JsonNode a = json(postYaml(client, "/api/advise", Scenarios.defaultScenario()));
            // the default's objectives: TTFT 1,000 ms and TPOT 50 ms at p99
            JsonNode req = a.get("requirements");
            assertThat(req.get("percentile").asDouble()).isEqualTo(0.99);
            assertThat(req.get("ttft_ms").asDouble()).isEqualTo(1000.0);
            assertThat(req.get("tpot_ms").asDouble()).isEqualTo(50.0);
            assertThat(req.has("e2e_ms")).as("an objective not set is left out").isFalse();
            // the final design, put back into the scenario, is audited as the same design with the same bill
            ObjectNode scenario = (ObjectNode) new YAMLMapper().readTree(Scenarios.defaultScenario());
            scenario.set("design", a.get("final_design_document"));
            JsonNode audit = json(post(client, "/api/audit", "application/json", JSON.writeValueAsString(scenario)));
            assertThat(audit.get("design")).isEqualTo(a.get("final_design"));
            assertThat(audit.get("estimate").get("tpot_ms")).isEqualTo(a.get("final_estimate").get("tpot_ms"));
            assertThat(audit.get("verdict").asText()).isEqualTo("meets_requirements");
        });
    }

    @Test
    void anRlBillChartsItsStages() {
        serve(app(), (server, client) -> {
            JsonNode e = json(postYaml(client, "/api/estimate", Scenarios.RL));
            JsonNode stages = e.get("charts").get("stages");
            assertThat(stages.get("stages")).extracting(n -> n.get("name").asText())
                    .containsExactly("rollout", "reward", "learner", "weight sync");
            assertThat(stages.get("stages").get(0).get("seconds").asDouble())
                    .isEqualTo(e.get("rollout_time_s").asDouble());
            assertThat(stages.get("stages").get(2).get("seconds").asDouble())
                    .isEqualTo(e.get("learner_time_s").asDouble());
            assertThat(stages.get("binding").asText()).isEqualTo(e.get("binding_stage").asText());
            assertThat(stages.get("step_time_s").asDouble()).isEqualTo(e.get("step_time_s").asDouble());
            assertThat(stages.get("actor_gpus").asInt() + stages.get("learner_gpus").asInt())
                    .isGreaterThanOrEqualTo(e.get("total_gpus").asInt() / 2);
        });
    }

    @Test
    void aTrainingEstimateChartsCommunicationByAxis(@TempDir Path dir) {
        serve(app(), (server, client) -> {
            Path file = dir.resolve("pretrain.yaml");
            Files.writeString(file, Scenarios.TRAINING);
            JsonNode e = json(postYaml(client, "/api/estimate", Scenarios.TRAINING));
            assertThat(withoutWebKeys(e)).isEqualTo(cli("estimate", "--json", file.toString()));
            JsonNode parts = e.get("charts").get("communication").get("parts");
            assertThat(parts.get(0).get("name").asText()).isEqualTo("compute");
            assertThat(parts.get(0).get("seconds").asDouble()).isEqualTo(e.get("compute_time_s").asDouble());
            assertThat(parts.get(1).get("seconds").asDouble()).isEqualTo(e.get("dp_comm_time_s").asDouble());
            assertThat(parts.get(2).get("seconds").asDouble()).isEqualTo(e.get("tp_comm_time_s").asDouble());
            assertThat(e.get("charts").get("frontier").isNull()).isTrue();
            assertThat(e.get("launch_commands").get("megatron").asText()).contains("--tensor-model-parallel-size 2");
            assertThat(e.get("launch_commands").get("torchtitan").asText()).contains("tensor_parallel_degree");
        });
    }

    @Test
    void anRlEstimateChartsActorAndLearnerMemory() {
        serve(app(), (server, client) -> {
            JsonNode e = json(postYaml(client, "/api/estimate", Scenarios.RL));
            assertThat(e.get("kind").asText()).isEqualTo("rl");
            assertThat(e.get("charts").get("memory").get("bars").size()).isEqualTo(2);
        });
    }

    @ParameterizedTest
    @CsvSource({"advise, '# Advice: default-llama-70b-chat'", "audit, '# Audit: default-llama-70b-chat'",
            "estimate, '# Estimate: default-llama-70b-chat'"})
    void markdownIsTheReportWithTheLaunchCommands(String action, String heading) {
        serve(app(), (server, client) -> {
            Response r = postYaml(client, "/api/" + action + "?format=markdown", Scenarios.defaultScenario());
            assertThat(r.code()).isEqualTo(200);
            assertThat(header(r, "Content-Type")).startsWith("text/markdown");
            assertThat(r.body().string()).startsWith(heading).contains("## Launch command (vllm)");
        });
    }

    @Test
    void concurrentRequestsGetTheSameAnswer() {
        serve(app(), (server, client) -> {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<Response>> futures = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    futures.add(pool.submit(() -> postYaml(client, "/api/advise", Scenarios.defaultScenario())));
                }
                String first = null;
                for (Future<Response> f : futures) {
                    Response r = f.get();
                    assertThat(r.code()).isEqualTo(200);
                    first = first == null ? r.body().string() : first;
                    assertThat(r.body().string()).isEqualTo(first);
                }
            } finally {
                pool.shutdownNow();
            }
        });
    }

    // ---- bad input

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            tp that does not divide the heads | design.tp | model: llama-3.1-70b\\nhardware: {gpu: h100-sxm}\\ndesign: {tp: 3}
            unknown gpu | hardware.gpu | model: llama-3.1-8b\\nhardware: {gpu: abacus}
            unknown model | model | model: llama-9\\nhardware: {gpu: h100-sxm}
            a model as a server path | model | model: /etc/hostname\\nhardware: {gpu: h100-sxm}
            negative prompt | workload.prompt_tokens | model: llama-3.1-8b\\nhardware: {gpu: h100-sxm}\\nworkload: {prompt_tokens: -5}
            misspelt key | design.tpp | model: llama-3.1-8b\\nhardware: {gpu: h100-sxm}\\ndesign: {tpp: 2}
            unknown objective | objective | model: llama-3.1-8b\\nhardware: {gpu: h100-sxm}\\nobjective: fastest
            no hardware | hardware | model: llama-3.1-8b
            not YAML | (file) | model: [unclosed
            a list | (file) | - a\\n- b
            """)
    void badInputIs400WithTheField(String what, String field, String body) {
        serve(app(), (server, client) -> {
            for (String action : List.of("advise", "audit", "estimate")) {
                Response r = postYaml(client, "/api/" + action, body.replace("\\n", "\n"));
                assertThat(r.code()).as(what + " on " + action).isEqualTo(400);
                assertThat(header(r, "Content-Type")).startsWith("application/json");
                JsonNode e = json(r);
                assertThat(e.get("field").asText()).as(what).isEqualTo(field);
                assertThat(e.get("error").asText()).as(what).startsWith(field);
            }
        });
    }

    @Test
    void anEmptyBodyIs400() {
        serve(app(), (server, client) -> {
            JsonNode e = json(postYaml(client, "/api/advise", ""));
            assertThat(e.get("field").asText()).isEqualTo("(file)");
            assertThat(e.get("error").asText()).contains("empty");
        });
    }

    @Test
    void trainingAndRlScenariosAreAdvisedAndAuditedWithTheirLaunchArguments() {
        serve(app(), (server, client) -> {
            Response r = postYaml(client, "/api/advise", Scenarios.TRAINING);
            assertThat(r.code()).isEqualTo(200);
            JsonNode advice = json(r);
            assertThat(advice.get("status").asText()).isIn("feasible", "infeasible", "iteration_cap");
            for (String key : new String[]{"tp", "pp", "dp", "ep", "cp", "zero_stage", "micro_batch", "recompute"}) {
                assertThat(advice.get("final_design").has(key)).as(key).isTrue();
            }
            assertThat(advice.get("launch_commands").get("megatron").asText()).contains("pretrain_gpt.py");
            Response audit = postYaml(client, "/api/audit", Scenarios.RL);
            assertThat(audit.code()).isEqualTo(200);
            assertThat(json(audit).get("verdict").asText()).isIn("meets_requirements", "violates_requirements");
        });
    }

    @Test
    void anUnknownFormatIs400OnTheFormatField() {
        serve(app(), (server, client) -> {
            Response r = postYaml(client, "/api/estimate?format=xml", Scenarios.defaultScenario());
            assertThat(r.code()).isEqualTo(400);
            assertThat(json(r).get("field").asText()).isEqualTo("format");
        });
    }

    @Test
    void aFormBodyIs415() {
        serve(app(), (server, client) -> {
            Response r = post(client, "/api/advise", "application/x-www-form-urlencoded", "model=x");
            assertThat(r.code()).isEqualTo(415);
            assertThat(json(r).get("error").asText()).contains("application/yaml");
        });
    }

    @Test
    void aBodyOverTheLimitIs413InJson() {
        serve(app(), (server, client) -> {
            Response r = post(client, "/api/estimate", "application/yaml", "#".repeat(1_000_001));
            assertThat(r.code()).isEqualTo(413);
            assertThat(json(r).get("error").asText()).contains("1000000 bytes");
        });
    }

    @Test
    void aBodyAPageOfAnySiteCouldSendUnaskedIs415() {
        serve(app(), (server, client) -> {
            // text/plain, a form and no type at all are the bodies a cross-site page may POST without a preflight
            for (String type : new String[] {"text/plain", "text/plain; charset=utf-8", null}) {
                Response r = post(client, "/api/estimate", type, Scenarios.defaultScenario());
                assertThat(r.code()).as("Content-Type %s", type).isEqualTo(415);
                assertThat(json(r).get("error").asText()).as("Content-Type %s", type).contains("application/yaml");
            }
        });
    }

    // ---- other sites driving the server through the user's browser

    @Test
    void aPostFromAPageOfAnotherSiteIs403() {
        serve(app(), (server, client) -> {
            Response crossSite = postFromPage(client, "/api/estimate",
                    request -> request.header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site"));
            assertThat(crossSite.code()).isEqualTo(403);
            assertThat(json(crossSite).get("error").asText()).contains("another site");
            // an Origin alone (an older browser) that is not this server, and the opaque origin of a sandboxed page
            for (String origin : new String[] {"http://evil.example", "http://127.0.0.1:1", "null",
                    "https://" + authority(server)}) {
                Response r = postFromPage(client, "/api/estimate", request -> request.header("Origin", origin));
                assertThat(r.code()).as("Origin %s", origin).isEqualTo(403);
                assertThat(json(r).get("error").asText()).as("Origin %s", origin).contains("another origin");
            }
            // a page of the same host on another port is same-site but not same-origin
            assertThat(postFromPage(client, "/api/estimate", request -> request.header("Sec-Fetch-Site", "same-site"))
                    .code()).isEqualTo(403);
        });
    }

    @Test
    void thePagesOwnRequestsAndClientsThatAreNotBrowsersAreServed() {
        serve(app(), (server, client) -> {
            Response own = postFromPage(client, "/api/estimate",
                    request -> request.header("Origin", client.getOrigin()).header("Sec-Fetch-Site", "same-origin"));
            assertThat(own.code()).isEqualTo(200);
            assertThat(postYaml(client, "/api/estimate", Scenarios.defaultScenario()).code()).isEqualTo(200);
            // a catalog GET from anywhere is harmless and served
            assertThat(client.get("/api/catalog/gpus", request -> request.header("Sec-Fetch-Site", "cross-site"))
                    .code()).isEqualTo(200);
        });
    }

    @Test
    void aRequestSentToANameThatIsNotLoopbackIs403() {
        serve(app(), (server, client) -> {
            // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 sends Host: evil.example
            for (String path : new String[] {"/", "/api/catalog/gpus"}) {
                ServedWebApp.HostHeaderResponse r = getWithHostHeader(server, path, "evil.example:" + server.port());
                assertThat(r.statusCode()).as(path).isEqualTo(403);
                assertThat(r.body()).as(path).contains("loopback names only");
            }
            for (String host : new String[] {"localhost:" + server.port(), "127.0.0.1:" + server.port(),
                    "[::1]:" + server.port()}) {
                assertThat(getWithHostHeader(server, "/api/catalog/gpus", host).statusCode()).as(host).isEqualTo(200);
            }
        });
    }

    /** A YAML POST of the default scenario with the headers a browser adds for the page that sends it. */
    private static Response postFromPage(HttpClient client, String path, Consumer<Request.Builder> pageHeaders) {
        return client.request(path, request -> {
            request.header("Content-Type", "application/yaml")
                    .post(HttpRequest.BodyPublishers.ofString(Scenarios.defaultScenario()));
            pageHeaders.accept(request);
        });
    }

    @Test
    void anUnknownPageIsAnHtml404ThatLinksBackAndEchoesNoMarkup() {
        serve(app(), (server, client) -> {
            Response r = client.get("/no/such/page%3Cimg%20src=x%3E");
            assertThat(r.code()).isEqualTo(404);
            assertThat(header(r, "Content-Type")).startsWith("text/html");
            assertThat(r.body().string()).contains("Not found").contains("href=\"/\"").doesNotContain("<img")
                    .doesNotContainIgnoringCase("jetty");
        });
    }

    @Test
    void getOnAPostEndpointIs405AndAnUnknownPathIs404InJson() {
        serve(app(), (server, client) -> {
            Response r = client.get("/api/advise");
            assertThat(r.code()).isEqualTo(405);
            assertThat(json(r).get("error").asText()).contains("GET is not allowed");
            Response missing = client.get("/api/nothing");
            assertThat(missing.code()).isEqualTo(404);
            assertThat(json(missing).get("error").asText()).contains("/api/nothing");
        });
    }

    // ---- the markup probe through the API

    @Test
    void markupInAModelIdComesBackAsTheSameCharactersInJson() {
        serve(app(), (server, client) -> {
            Response r = postYaml(client, "/api/advise", Scenarios.MARKUP_MODEL);
            assertThat(r.code()).isEqualTo(200);
            assertThat(header(r, "Content-Type")).startsWith("application/json");
            assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
            JsonNode a = json(r);
            assertThat(a.get("final_model").asText()).isEqualTo(Scenarios.MARKUP_ID);
            assertThat(a.get("iterations").get(0).get("model").asText()).isEqualTo(Scenarios.MARKUP_ID);
            // JSON needs no escaping of < and >: the raw body holds the id as it was sent, not HTML entities
            assertThat(r.body().string()).contains("\"final_model\":\"<img src=x onerror=alert(1)>\"")
                    .doesNotContain("&lt;");
        });
    }

    @Test
    void markupInTheScenarioIsInertInTheMarkdownReports() {
        serve(app(), (server, client) -> {
            String named = Scenarios.MARKUP_MODEL.replace("name: markup-probe", "name: \"<script>alert(1)</script>\"");
            for (String action : new String[] {"advise", "audit", "estimate"}) {
                Response r = postYaml(client, "/api/" + action + "?format=markdown", named);
                assertThat(r.code()).as(action).isEqualTo(200);
                // the name and the model id come back as text a Markdown renderer shows, not as tags it runs; in the
                // launch commands' code blocks, which a renderer shows as they are, the id is one quoted shell word
                String prose = r.body().string().replaceAll("(?s)```sh\n.*?```\n", "");
                assertThat(prose).as(action).doesNotContain("<img").doesNotContain("<script")
                        .contains("&lt;script>alert(1)&lt;/script>");
                assertThat(r.body().string()).as(action).contains("vllm serve '<img src=x onerror=alert(1)>'");
            }
        });
    }

    // ---- scenario document, catalogs, rules, presets, OpenAPI

    @Test
    void theScenarioDocumentIsTheTextAsJson() {
        serve(app(), (server, client) -> {
            Response r = postYaml(client, "/api/scenario/document",
                    "model: llama-3.1-8b\nhardware:\n  gpu: h100-sxm\n");
            assertThat(r.code()).isEqualTo(200);
            JsonNode doc = json(r).get("document");
            assertThat(doc.get("model").asText()).isEqualTo("llama-3.1-8b");
            assertThat(doc.get("hardware").get("gpu").asText()).isEqualTo("h100-sxm");
            assertThat(doc.size()).isEqualTo(2);
            assertThat(json(postYaml(client, "/api/scenario/document", "a: [")).get("field").asText())
                    .isEqualTo("(file)");
        });
    }

    @Test
    void catalogsAndRulesAreTheCommandLines() {
        serve(app(), (server, client) -> {
            assertThat(json(client.get("/api/catalog/gpus"))).isEqualTo(cli("catalog", "gpus", "--json"));
            assertThat(json(client.get("/api/catalog/models"))).isEqualTo(cli("catalog", "models", "--json"));
            JsonNode rules = json(client.get("/api/rules"));
            assertThat(rules).isEqualTo(cli("rules", "list", "--json"));
            assertThat(rules.size()).isGreaterThan(10);
            for (JsonNode rule : rules) {
                assertThat(rule.get("id").asText()).isNotBlank();
                assertThat(rule.get("name").asText()).isNotBlank();
                assertThat(rule.get("file").asText()).endsWith(".drl");
            }
        });
    }

    @Test
    void thePresetsStartWithTheDefaultScenario() {
        serve(app(), (server, client) -> {
            JsonNode presets = json(client.get("/api/presets"));
            assertThat(presets.get(0).get("name").asText()).isEqualTo("default");
            JsonNode p = json(client.get("/api/presets/default"));
            assertThat(p.get("text").asText()).isEqualTo(Scenarios.defaultScenario());
            assertThat(p.get("document").get("model").asText()).isEqualTo("llama-3.1-70b");
            Response missing = client.get("/api/presets/no-such-preset");
            assertThat(missing.code()).isEqualTo(404);
            assertThat(json(missing).get("error").asText()).contains("no-such-preset");
        });
    }

    @Test
    void aPresetInASubfolderIsServedUnderItsPath() {
        Presets presets = Presets.of(Map.of("inference/chat", Scenarios.MARKUP_MODEL));
        serve(app(presets), (server, client) -> {
            JsonNode list = json(client.get("/api/presets"));
            assertThat(list.get(0).get("name").asText()).isEqualTo("inference/chat");
            JsonNode p = json(client.get("/api/presets/inference/chat"));
            assertThat(p.get("text").asText()).isEqualTo(Scenarios.MARKUP_MODEL);
            assertThat(p.get("document").get("model").get("id").asText()).isEqualTo(Scenarios.MARKUP_ID);
        });
    }

    @Test
    void everyPresetIsAScenarioTheWebAppCanEstimate() {
        serve(app(), (server, client) -> {
            for (JsonNode summary : json(client.get("/api/presets"))) {
                String name = summary.get("name").asText();
                JsonNode p = json(client.get("/api/presets/" + name));
                Response r = postYaml(client, "/api/estimate", p.get("text").asText());
                assertThat(r.code()).as("preset %s: %s", name, r.body().string()).isEqualTo(200);
                assertThat(json(r).get("kind").asText()).isEqualTo(summary.get("kind").asText());
            }
        });
    }

    @Test
    void theOpenApiDescriptionNamesEveryEndpoint() {
        serve(app(), (server, client) -> {
            Response r = client.get("/api/openapi.json");
            assertThat(r.code()).isEqualTo(200);
            JsonNode api = json(r);
            assertThat(api.get("openapi").asText()).startsWith("3.");
            assertThat(api.get("paths").fieldNames()).toIterable().containsExactlyInAnyOrder("/api/advise",
                    "/api/audit", "/api/estimate", "/api/search", "/api/compare", "/api/scenario/document",
                    "/api/scenario/schema", "/api/catalog/gpus", "/api/catalog/models", "/api/rules", "/api/presets", "/api/presets/{name}",
                    "/api/openapi.json");
            for (String post : List.of("/api/advise", "/api/audit", "/api/estimate", "/api/search", "/api/compare")) {
                assertThat(api.get("paths").get(post).get("post").get("responses").has("400")).isTrue();
            }
        });
    }

    @Test
    void theScenarioSchemaIsServedAsTheCommandLinePrintsIt() {
        serve(app(), (server, client) -> {
            Response r = client.get("/api/scenario/schema");
            assertThat(r.code()).isEqualTo(200);
            JsonNode schema = json(r);
            assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            assertThat(schema).isEqualTo(mapper.readTree(mapper.writeValueAsString(
                    io.ridgeline.engine.scenario.ScenarioReference.jsonSchema(
                            io.ridgeline.engine.scenario.ScenarioReference.Dialect.JSON_SCHEMA_2020_12))));
            assertThat(schema.at("/properties/design/properties/zero_stage/maximum").asInt()).isEqualTo(3);
        });
    }

    // ---- pages and assets

    @Test
    void thePagesAndChartJsAreServedLocallyWithAContentSecurityPolicy() {
        serve(app(), (server, client) -> {
            Response index = client.get("/");
            assertThat(index.code()).isEqualTo(200);
            assertThat(index.body().string()).contains("/webjars/chart.js/4.5.1/dist/chart.umd.min.js")
                    .doesNotContain("https://").doesNotContain("http://");
            assertThat(header(index, "Content-Security-Policy"))
                    .contains("script-src 'self'").contains("default-src 'self'");
            Response chart = client.get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js");
            assertThat(chart.code()).isEqualTo(200);
            assertThat(chart.body().string()).contains("Chart");
            for (String asset : List.of("/rules.html", "/css/style.css", "/js/app.js", "/js/util.js", "/js/yaml.js",
                    "/js/charts.js", "/js/render.js", "/js/rules.js")) {
                assertThat(client.get(asset).code()).as(asset).isEqualTo(200);
            }
        });
    }

    @Test
    void theRulesPathRedirectsToTheCatalogue() {
        serve(app(), (server, client) -> {
            Response r = client.get("/rules");
            assertThat(r.code()).isEqualTo(302);
            assertThat(header(r, "Location")).isEqualTo("/rules.html");
        });
    }

    @Test
    void utf8TextSurvivesTheRoundTrip() {
        serve(app(), (server, client) -> {
            String yaml = Scenarios.defaultScenario().replace("name: default-llama-70b-chat", "name: \"chat ünïcødé ✓\"");
            JsonNode a = json(post(client, "/api/estimate", "application/yaml", yaml));
            assertThat(a.get("scenario").asText()).isEqualTo("chat ünïcødé ✓");
            assertThat(yaml.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(yaml.length());
        });
    }
}
