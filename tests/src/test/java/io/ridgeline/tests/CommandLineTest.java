package io.ridgeline.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.ridgeline.engine.json.Json;
import io.ridgeline.web.cli.AdvisorCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The advisor command line end to end: outputs, the JSON contract, and exit status 2 on bad input. */
class CommandLineTest {

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.mapper().readTree(out);
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdvisorCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static Path scenario(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static final String SMALL = """
            kind: inference
            model: llama-3.1-8b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
            workload: {prompt_tokens: 1000, output_tokens: 200, requests_per_s: 2}
            slo: {ttft_ms: 500, tpot_ms: 30}
            """;

    @Test
    void searchRanksTheCheapestFeasibleDesignsAndRefusesABadTop(@TempDir Path dir) throws Exception {
        Path f = scenario(dir, SMALL);
        Run r = run("search", f.toString(), "--json", "--top", "3");
        assertThat(r.code()).isZero();
        JsonNode j = r.json();
        for (String key : new String[]{"best", "frontier", "top", "evaluated", "feasible", "rejected_by",
                "elapsed_ms"}) {
            assertThat(j.has(key)).as(key).isTrue();
        }
        assertThat(j.get("top").size()).isBetween(1, 3);
        double first = j.get("top").get(0).get("estimate").get("cost_per_hour_usd").asDouble();
        assertThat(j.get("best").get("estimate").get("cost_per_hour_usd").asDouble()).isEqualTo(first);
        Run text = run("search", f.toString(), "--top", "2");
        assertThat(text.out()).contains("rank").contains("USD/h").contains("feasible replica shapes");
        Run bad = run("search", f.toString(), "--top", "0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--top").contains("1 to 1000");
        Run advise = run("advise", f.toString());
        assertThat(advise.out()).contains("Checked against the search:");
        // the search's first alternatives as a table: rank 1 is the search's best, and each row says if it meets
        String table = advise.out().substring(advise.out().indexOf("Alternatives found by search (objective cost"));
        assertThat(table).contains("rank").contains("GPUs").contains("USD/h").contains("TTFT ms")
                .contains("TPOT ms").contains("e2e ms").contains("meets");
        java.util.List<String> rows = table.lines().skip(3).takeWhile(l -> !l.isBlank()).toList();
        assertThat(rows).hasSizeBetween(1, 5);
        assertThat(rows.get(0)).startsWith("1 ").endsWith("yes");
    }

    @Test
    void exampleListsTheShippedScenariosAndPrintsOneThatRunsAsIs(@TempDir Path dir) throws Exception {
        Run list = run("example");
        assertThat(list.code()).isZero();
        assertThat(list.out()).startsWith("default ").contains("training-7b-8gpu", "rl-grpo-mid", "code-assistant")
                .contains("Print one with: ./advisor example NAME");
        Run one = run("example", "training-7b-8gpu");
        assertThat(one.code()).isZero();
        assertThat(one.out()).contains("kind: training").contains("model: llama-2-7b");
        // what it prints is a scenario the advisor takes unchanged
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, one.out());
        assertThat(run("estimate", f.toString()).code()).isZero();
        assertThat(run("example", "default.yaml").out()).contains("model: llama-3.1-70b");
        Run none = run("example", "nope");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("NAME").contains("no example named 'nope'").contains("training-7b-8gpu");
    }

    @Test
    void anUnknownGpuPointsToTheCatalogAndTheShippedTemplateAddsOne(@TempDir Path dir) throws Exception {
        Path f = scenario(dir, "model: llama-3.1-8b\nhardware: {gpu: my-gpu}\n");
        Run unknown = run("estimate", f.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("hardware.gpu").contains("unknown gpu 'my-gpu'").contains("--catalog DIR")
                .contains("docs/catalog.md");
        // the template folder adds the chip: the same scenario runs with it
        String template = Path.of("..", "examples", "catalog").toString();
        Run known = run("estimate", f.toString(), "--catalog", template);
        assertThat(known.code()).isZero();
        assertThat(known.out()).contains("my-gpu");
        assertThat(run("catalog", "models", "--catalog", template).out()).contains("my-model-8b");
    }

    @Test
    void aHuggingFaceConfigIsAWholeScenarioAndLaunchesUnderItsOwnName(@TempDir Path dir) throws Exception {
        // a config in a snapshot folder whose name is a hash: the launch command serves the config's
        // _name_or_path, never the folder's name; hardware and workload are the built-in default's
        String config = Files.readString(Path.of("..", "engine", "src", "test", "resources", "hf-configs",
                "Llama-3.1-8B", "config.json")).replaceFirst("\\{", "{\"_name_or_path\": \"my-org/my-8b\",");
        Path snapshot = Files.createDirectories(dir.resolve("snapshots").resolve("3f2a9c"));
        Path f = Files.writeString(snapshot.resolve("config.json"), config);
        Run r = run("advise", f.toString(), "--emit", "vllm");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("vllm serve my-org/my-8b").doesNotContain("vllm serve 3f2a9c")
                .contains("on h100-sxm");
        // an explicit hf_id wins over _name_or_path
        Files.writeString(f, config.replaceFirst("\\{", "{\"hf_id\": \"my-org/my-8b-instruct\","));
        assertThat(run("advise", f.toString(), "--emit", "vllm").out()).contains("vllm serve my-org/my-8b-instruct");
    }

    @Test
    void estimateJsonCarriesTheInferenceContractKeys(@TempDir Path dir) throws Exception {
        Run r = run("estimate", scenario(dir, SMALL).toString(), "--json");
        assertThat(r.code()).isZero();
        JsonNode j = r.json();
        for (String key : new String[]{"weight_bytes_per_gpu", "kv_bytes_per_token", "max_batch", "ttft_ms",
                "tpot_ms", "tokens_per_s", "cost_per_million_tokens_usd", "fits"}) {
            assertThat(j.has(key)).as(key).isTrue();
        }
        // Llama-3.1-8B in bf16: 8,030,261,248 params x 2 B = 16,060,522,496 B on one GPU
        assertThat(j.get("weight_bytes_per_gpu").asDouble()).isEqualTo(16_060_522_496.0);
        // 2 (K, V) x 32 layers x 8 KV heads x 128 x 2 B = 131,072 B per token
        assertThat(j.get("kv_bytes_per_token").asDouble()).isEqualTo(131_072.0);
        assertThat(j.get("fits").asBoolean()).isTrue();
    }

    @Test
    void estimateJsonCarriesTheTrainingContractKeys(@TempDir Path dir) throws Exception {
        Run r = run("estimate", scenario(dir, """
                kind: training
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
                workload: {tokens: 1e11, seq_len: 4096, global_batch_tokens: 1048576}
                design: {dp: 8, zero_stage: 3}
                """).toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        for (String key : new String[]{"total_flops", "memory_bytes_per_gpu", "step_time_s", "mfu",
                "training_days", "fits"}) {
            assertThat(j.has(key)).as(key).isTrue();
        }
        assertThat(j.get("mfu").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void aDesignThatDoesNotFitIsAnAnswerNotAnError(@TempDir Path dir) throws Exception {
        Run r = run("estimate", scenario(dir, SMALL.replace("llama-3.1-8b", "llama-3.1-70b")).toString(),
                "--json");
        assertThat(r.code()).isZero();
        assertThat(r.json().get("fits").asBoolean()).isFalse();
        assertThat(r.json().get("over_limits").get(0).asText()).contains("exceed usable HBM");
    }

    @Test
    void adviseJsonFollowsTheContract(@TempDir Path dir) throws Exception {
        Run r = run("advise", scenario(dir, SMALL).toString(), "--json", "--emit", "vllm");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("status").asText()).isIn("feasible", "infeasible", "iteration_cap");
        for (String key : new String[]{"stop_reason", "iterations", "final_design", "final_estimate",
                "flip_points", "launch_command"}) {
            assertThat(j.has(key)).as(key).isTrue();
        }
        JsonNode first = j.get("iterations").get(0);
        for (String key : new String[]{"design", "estimate", "bottlenecks", "binding", "applied", "vetoed"}) {
            assertThat(first.has(key)).as(key).isTrue();
        }
        assertThat(j.get("launch_command").asText()).contains("vllm serve meta-llama/Llama-3.1-8B-Instruct");
    }

    @Test
    void defaultsRunWithoutAFile() {
        Run r = run("advise");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Status: feasible").contains("Iteration 0");
    }

    @Test
    void anUnknownGpuIsABadInputNamingTheField(@TempDir Path dir) throws Exception {
        Run r = run("estimate", scenario(dir, SMALL.replace("h100-sxm", "h900")).toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("hardware.gpu").contains("unknown gpu 'h900'").contains("h100-sxm");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aNegativeSizeIsABadInputWithItsRange(@TempDir Path dir) throws Exception {
        Run r = run("estimate", scenario(dir, SMALL.replace("output_tokens: 200", "output_tokens: -5")).toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("workload.output_tokens").contains("between 1 and");
    }

    @Test
    void aTensorParallelDegreeThatDoesNotDivideTheHeadsIsRefused(@TempDir Path dir) throws Exception {
        Run r = run("estimate", scenario(dir, SMALL + "design: {tp: 3}\n").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("design.tp").contains("32 attention heads");
    }

    @Test
    void aTensorParallelDegreeBeyondTheGpusIsRefused(@TempDir Path dir) throws Exception {
        Run r = run("estimate", scenario(dir, SMALL + "design: {tp: 16}\n").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("design.tp").contains("8");
    }

    @Test
    void aMisspeltKeyIsReportedNotIgnored(@TempDir Path dir) throws Exception {
        Run r = run("estimate", scenario(dir, SMALL.replace("requests_per_s", "request_per_s")).toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("workload.request_per_s").contains("unknown key");
    }

    @Test
    void catalogsListTheContractIds() throws Exception {
        Run gpus = run("catalog", "gpus", "--json");
        assertThat(gpus.code()).isZero();
        assertThat(gpus.out()).contains("\"h100-sxm\"", "\"mi325x\"", "\"gb200\"", "\"a100-sxm-40gb\"");
        Run models = run("catalog", "models");
        assertThat(models.code()).isZero();
        assertThat(models.out()).contains("llama-3.1-405b", "deepseek-v3", "gpt-3-175b");
    }

    @Test
    void rulesCheckNamesTheBrokenFileAndExitsTwo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.drl"), """
                package authors.x;
                rule "a rule with a syntax error"
                    @id("X-1") @lesson("05") @explanation("x")
                when
                    Nonexistent( )
                then
                end
                """);
        Run r = run("rules", "check", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.drl");
        Run ok = run("rules", "check");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).startsWith("ok:");
    }

    @Test
    void auditJudgesTheDesignAsGiven() throws Exception {
        Run r = run("audit", Path.of("..", "examples", "fleet.yaml").toString(), "--json");
        assertThat(r.code()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("verdict").asText()).isEqualTo("violates_requirements");
        assertThat(j.get("findings").toString()).contains("memory_capacity").contains("\"severity\":\"error\"");
    }

    @Test
    void theReleaseGateSizesTheEvalSet() throws Exception {
        Run r = run("lifecycle", "gate", "--baseline", "0.80", "--drop", "0.05", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        // two-proportion power analysis, 80% vs 75%, alpha 0.05 two-sided, power 0.8:
        // n = (1.95996 sqrt(2 x 0.775 x 0.225) + 0.84162 sqrt(0.8 x 0.2 + 0.75 x 0.25))^2 / 0.05^2 = 1,093.1 -> 1,094
        assertThat(r.json().get("items_per_model").asLong()).isEqualTo(1094);
        Run bad = run("lifecycle", "gate", "--baseline", "0.8", "--drop", "0.9");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--drop");
    }

    @Test
    void sparesCoverFailuresWithinTheRepairWindow() throws Exception {
        Run r = run("lifecycle", "spares", "--replicas", "10", "--gpus-per-replica", "8",
                "--failures-per-gpu-hour", "1.25e-4", "--repair-hours", "10", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        // p = 1 - exp(-1.25e-4 x 8 x 10) = 1 - exp(-0.01) = 0.00995; with k = 1, P(X > 1), X ~ Bin(11, p) = 0.0049
        // > 1e-3; with k = 2, P(X > 2), X ~ Bin(12, p) = 2.0e-4 <= 1e-3: two spares
        assertThat(r.json().get("replica_failure_probability").asDouble()).isCloseTo(0.00995017, within(1e-8));
        assertThat(r.json().get("spare_replicas").asInt()).isEqualTo(2);
        assertThat(r.json().get("blast_radius_share").asDouble()).isCloseTo(1.0 / 12, within(1e-12));
    }

    @Test
    void deployRollbackAndTheCostGuardrailFollowTheServingBill(@TempDir Path dir) throws Exception {
        Path f = scenario(dir, """
                model: llama-3.1-70b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 4}
                workload: {prompt_tokens: 1500, output_tokens: 300, requests_per_s: 4}
                budget: {usd_per_hour: 15}
                design: {tp: 2, precision: fp8, replicas: 4}
                """);
        Run r = run("lifecycle", "deploy", f.toString(), "--as-given", "--surge", "2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        // fp8 70B on tp 2: 70,553,706,496 B / 2 = 35.28 GB per GPU; at 2 GB/s: 17.64 s, + 60 s warm-up
        assertThat(j.get("replica_start_s").asDouble()).isCloseTo(77.638, within(1e-3));
        // 4 replicas in waves of 2: 2 x (drain + start)
        assertThat(j.get("rolling_deploy_s").asDouble())
                .isCloseTo(2 * (j.get("drain_s").asDouble() + 77.638), within(1e-2));
        assertThat(j.get("capacity_during_deploy").asDouble()).isEqualTo(0.5);
        // $15/h buys floor(15 / (2 x 2.49)) = floor(3.01) = 3 replicas
        assertThat(j.get("guardrail_max_replicas").asInt()).isEqualTo(3);
        Run advised = run("lifecycle", "deploy", f.toString(), "--json");
        assertThat(advised.code()).as(advised.err()).isZero();
        Run bad = run("lifecycle", "deploy", f.toString(), "--as-given", "--surge", "9");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--surge");
    }

    private static java.util.List<String> applied(JsonNode advice) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode it : advice.get("iterations")) {
            if (it.hasNonNull("applied")) {
                out.add(it.get("applied").get("mechanism").asText());
            }
        }
        return out;
    }

    @Test
    void rulesTestRunsTheCasesBesideAnAuthorsRules(@TempDir Path dir) throws Exception {
        // the shipped house policy brings its own cases: HOUSE-01 fires on the consumer chatbot as given
        // (memory_capacity binds) and stays quiet where nothing binds
        Run ok = run("rules", "test", Path.of("..", "examples", "rules").toString(), "--with-builtin");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("ok   house-policy.cases.yaml: HOUSE-01 fires on consumer-chatbot")
                .contains("ok   house-policy.cases.yaml: HOUSE-01 quiet on eight-b-chat")
                .contains("ok: 2 expectations hold for the 1 rules");
        // an author's folder: a rule whose quiet case fires, a rule without cases, a case for no rule, a base that
        // does not exist, and a scenario file beside the cases
        Files.writeString(dir.resolve("policy.drl"), """
                package house;
                import io.ridgeline.facts.Binding;
                import io.ridgeline.facts.InferenceEstimate;
                import io.ridgeline.facts.Veto;

                rule "no fp8 while memory binds"
                    @id("H-10") @lesson("06") @explanation("house")
                when
                    InferenceEstimate()
                    Binding( name == "memory_capacity" )
                then
                    insertLogical(new Veto("fp8"));
                end

                rule "no tensor parallelism while memory binds"
                    @id("H-11") @lesson("06") @explanation("house")
                when
                    InferenceEstimate()
                    Binding( name == "memory_capacity" )
                then
                    insertLogical(new Veto("tensor_parallelism"));
                end
                """);
        Files.writeString(dir.resolve("fleet-copy.yaml"),
                Files.readString(Path.of("..", "examples", "fleet.yaml")));
        Files.writeString(dir.resolve("policy.cases.yaml"), """
                cases:
                  H-10:
                    fires: {base: fleet-copy.yaml}
                    quiet: {base: fleet}
                  H-99:
                    fires: {base: fleet}
                  H-11:
                    fires: {base: no-such-example}
                """);
        Run r = run("rules", "test", dir.toString(), "--with-builtin");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("ok   policy.cases.yaml: H-10 fires on fleet-copy.yaml");
        assertThat(r.err())
                .contains("FAIL policy.cases.yaml: H-10 quiet fired on fleet; the rules that fired: ")
                .contains("FAIL policy.cases.yaml: H-99 no rule of the folder has the id 'H-99'")
                .contains("FAIL policy.cases.yaml: H-11 fires base 'no-such-example' is neither an entry of "
                        + "bases: nor a shipped example")
                .contains("FAIL policy.drl: H-11 quiet no case where it stays quiet")
                .contains("error: 4 of 5 expectations failed")
                .doesNotContain("Exception").doesNotContain("jackson");
    }

    @Test
    void anAuthorsRuleExtendsTheBuiltInRulebaseWithoutJava() throws Exception {
        Path house = Path.of("..", "examples", "rules");
        Run check = run("rules", "check", house.toString(), "--with-builtin");
        assertThat(check.code()).as(check.err()).isZero();
        Run plain = run("advise", Path.of("..", "examples", "agentic-tool-use.yaml").toString(), "--json");
        Run extended = run("advise", Path.of("..", "examples", "agentic-tool-use.yaml").toString(), "--json",
                "--add-rules", house.toString());
        // the built-in path applies speculative decoding for the task objective; the house rule vetoes it, so the
        // extended path reaches its design without it
        assertThat(applied(plain.json())).contains("speculative_decoding");
        assertThat(applied(extended.json())).doesNotContain("speculative_decoding");
        assertThat(extended.json().get("iterations").get(0).get("vetoed").toString()).contains("HOUSE-01");
        Run both = run("advise", "--rules", house.toString(), "--add-rules", house.toString());
        assertThat(both.code()).isEqualTo(2);
    }

    @Test
    void validateReportsEveryPublishedRowAndItsRegimes() throws Exception {
        Run r = run("validate", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("rows")).hasSize(89);
        assertThat(j.get("overall").get("tpot").get("median_abs_error").asDouble()).isLessThan(0.16);
        assertThat(j.get("by").get("gpu").has("h100-sxm")).isTrue();
        assertThat(j.get("by").get("benchmark").has("InferenceX")).isTrue();
        JsonNode row = j.get("rows").get(0);
        assertThat(row.has("measured_tpot_ms") && row.has("predicted_tpot_ms") && row.has("error_tpot")).isTrue();
        Run md = run("validate", "--markdown");
        assertThat(md.out()).startsWith("# Validation").contains("## By engine", "## Every row");
        Run bands = run("validate", "--bands");
        assertThat(bands.out()).contains("metric,gpu,model_class,weights,rows,median_abs_error");
    }

    @Test
    void diffSaysWhatChangedBetweenTwoScenariosOrTwoRulebases(@TempDir Path dir) throws Exception {
        String a = Path.of("..", "examples", "training-70b-64gpu.yaml").toString();
        String b = Path.of("..", "examples", "training-70b-512gpu.yaml").toString();
        // two scenarios, one rulebase: 8 more nodes and a deadline
        Run two = run("diff", a, b);
        assertThat(two.code()).as(two.err()).isZero();
        assertThat(two.out()).contains("Final design:").contains("dp: 2 -> 32")
                .contains("only " + b + ": deadline").contains("Remedies applied:").contains("fp8 (TRN-D-01)")
                .containsPattern("training_days: [0-9.]+ days -> [0-9.]+ days");
        Run json = run("diff", a, b, "--json");
        assertThat(json.json().get("design").get("dp").get(0).asInt()).isEqualTo(2);
        assertThat(json.json().get("design").get("dp").get(1).asInt()).isEqualTo(32);
        assertThat(json.json().get("figures").has("training_days")).isTrue();
        // one scenario, two rulebases: a copy of the built-in rules with the recomputation trade's rule moved past
        // the catch-all, so the catch-all justifies the same change
        Path rules = dir.resolve("rules");
        Path src = Path.of("..", "rules", "src", "main", "drl");
        try (var walk = Files.walk(src)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path to = rules.resolve(src.relativize(p).toString());
                Files.createDirectories(to.getParent());
                String text = Files.readString(p);
                Files.writeString(to, text.replace("new Recommendation(\"recompute_to_stages\", $b, 29)",
                        "new Recommendation(\"recompute_to_stages\", $b, 35)"));
            }
        }
        Run rulebases = run("diff", Path.of("..", "examples", "training-405b-2048gpu.yaml").toString(), "--rules",
                rules.toString());
        assertThat(rulebases.code()).as(rulebases.err()).isZero();
        assertThat(rulebases.out()).contains("built-in rules -> " + rules).contains("recompute_to_stages (TRN-D-14)")
                .contains("recompute_to_stages (TRN-D-08)");
        // the same scenario under the same rules: nothing to say
        Run same = run("diff", a, a);
        assertThat(same.out()).contains("No difference");
        // one file needs --rules, two files take at most one
        Run bare = run("diff", a);
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err()).contains("--rules");
        Run tooMany = run("diff", a, b, "--rules", rules.toString(), "--rules", rules.toString());
        assertThat(tooMany.code()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--rules");
    }

    @Test
    void calibrateFitsAUsersMeasurementsAndWritesACatalogFile(@TempDir Path dir) throws Exception {
        // three published closed loops on one H200 node, "measured" 30% slower than predicted everywhere: the fit
        // must lower the error, and its file must load as a catalog
        Path csv = dir.resolve("mine.csv");
        Files.writeString(csv, """
                row_id,model,gpu,backend,kind,tp,weights,activations,kv_cache,concurrency,isl,osl,meas_ttft_ms,meas_tpot_ms
                a,llama-3.1-70b,h200,vllm,agg,8,fp8,fp8,fp8,4,7373,922,390,9.3
                b,llama-3.1-70b,h200,vllm,agg,4,fp8,fp8,fp8,8,922,7373,110,11.7
                c,llama-3.1-70b,h200,vllm,agg,2,fp8,fp8,fp8,8,922,7373,186,18.1
                """);
        Path out = dir.resolve("cat");
        Files.createDirectories(out);
        Run r = run("calibrate", csv.toString(), "-o", out.resolve("efficiency.yaml").toString(),
                "--fit", "serving_compute,layer_overhead_us", "--max-evaluations", "60");
        assertThat(r.code()).as(r.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+) before, ([0-9.]+) after")
                .matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(m.group(2))).isLessThan(Double.parseDouble(m.group(1)));
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, "model: llama-3.1-70b\nhardware: {gpu: h200, gpus_per_node: 8}\n"
                + "workload: {concurrency: 8, prompt_tokens: 922, output_tokens: 922}\ndesign: {tp: 4, precision: fp8}\n");
        Run e = run("estimate", scenario.toString(), "--json", "--catalog", out.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.json().get("efficiency").get("source").asText()).contains("mine.csv");
        // rows of an engine with costs of its own start from the family's factors, and the terms not fitted are
        // the family's in the file (the fitted set predicts every row alike), not the first row's engine's
        Path trt = dir.resolve("trt.csv");
        Files.writeString(trt, Files.readString(csv).replace(",vllm,", ",trtllm,"));
        Run t = run("calibrate", trt.toString(), "--fit", "serving_compute", "--max-evaluations", "20");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("layer_overhead_us: 27.40", "moe_layer_overhead_us: 63.30")
                .doesNotContain("layer_overhead_us: 11.00", "moe_layer_overhead_us: 110.0");
        Run bad = run("calibrate", csv.toString(), "--fit", "speed");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--fit", "serving_compute");
    }
}
