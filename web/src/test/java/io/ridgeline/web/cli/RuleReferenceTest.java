package io.ridgeline.web.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.rules.RuleLint;
import io.ridgeline.engine.rules.RuleReference;
import io.ridgeline.engine.rules.Vocabulary;
import io.ridgeline.facts.Bill;
import io.ridgeline.facts.Bottleneck;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.WorkloadKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The author's reference: generated from the vocabulary and the fact records, and complete against them. */
class RuleReferenceTest {

    private static String reference;
    private static Map<WorkloadKind, Vocabulary.Session> sessions;

    @BeforeAll
    static void generate() {
        reference = RuleReference.markdown(RuleBase.defaults());
        sessions = Vocabulary.sessions(RuleBase.defaults());
    }

    /** The lines of the reference's section under the heading, up to the next heading of any level. */
    private static List<String> section(String heading) {
        List<String> lines = reference.lines().toList();
        int start = lines.indexOf(heading);
        assertThat(start).as(heading).isNotNegative();
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            out.add(line);
        }
        return out;
    }

    @Test
    void everyMechanismWallAndRegimeHasItsRow() {
        List<String> mechanisms = section("### Mechanisms");
        for (String m : Vocabulary.mechanisms()) {
            assertThat(mechanisms).as(m).anyMatch(line -> line.startsWith("| `" + m + "` |"));
        }
        assertThat(mechanisms).contains("| `fp8` | yes | yes | yes |", "| `speculative_decoding` | yes |  |  |");
        List<String> walls = section("### Walls");
        for (String w : Vocabulary.walls()) {
            assertThat(walls).as(w).anyMatch(line -> line.startsWith("| `" + w + "` |"));
        }
        assertThat(walls).contains("| `rollout` | a stage of the RL step |")
                .anyMatch(line -> line.startsWith("| `tpot_slo` | `inference/classify.drl`"));
        assertThat(section("### Regimes")).contains(
                "| `weight_bound` | `Bottleneck.WEIGHT_BOUND` | `hbm_bandwidth` |",
                "| `prefill` | `Bottleneck.PREFILL` | `compute` |");
        assertThat(Bottleneck.REGIMES).allMatch(r -> section("### Regimes").stream()
                .anyMatch(line -> line.startsWith("| `" + r + "` |")));
    }

    @Test
    void aFactsFieldsCarryTheirUnits() {
        List<String> bill = section("#### `InferenceEstimate`");
        assertThat(bill).contains("| `tpotMs` | `double` | ms |", "| `weightBytesPerGpu` | `double` | B |",
                "| `tokensPerSPerReplica` | `double` | tokens/s |", "| `costPerHourUsd` | `double` | USD/h |",
                "| `kvTrafficShare` | `double` | fraction |", "| `replicas` | `int` |  |",
                "| `fits` | `boolean` |  |", "| `tpotCommShare()` | `double` | fraction |",
                "| `breaches(String)` | `boolean` |  |");
        assertThat(section("#### `TrainingEstimate`")).contains("| `stepTimeS` | `double` | s |",
                "| `trainingDays` | `double` | days |");
        assertThat(section("#### `Gpu`")).contains("| `peakFlopsPerS` | `Map<NumericFormat, Double>` | FLOP/s |");
        assertThat(section("#### `Breach`")).contains("| `measuredIn(String...)` | `boolean` |  |");
        assertThat(section("#### `TrainingWorkload.BatchStage`")).contains(
                "| `globalBatchTokens` | `double` | tokens |");
        assertThat(section("#### `RlGauge`")).anyMatch(line -> line.contains("`RlGauge.LONG_TAIL_SHARE` = `0.3` "
                + "(fraction)"));
        assertThat(section("#### Enumerations")).contains("| `Objective` | `COST`, `LATENCY`, `THROUGHPUT` |");
    }

    @Test
    void everySessionFactAndConclusionIsListedWithItsFields() {
        List<String> table = section("### Facts each domain's session holds");
        assertThat(table).contains("| `InferenceEstimate` | guard |  |  |", "| `Breach` | yes |  |  |",
                "| `SetAside` |  | yes |  |", "| `ModelArchitecture` | yes | yes | yes |");
        for (Vocabulary.Session s : sessions.values()) {
            for (Class<?> fact : s.facts()) {
                assertThat(table).as(fact.getSimpleName())
                        .anyMatch(line -> line.startsWith("| `" + fact.getSimpleName() + "` |"));
                if (fact.isRecord()) {
                    assertThat(reference).contains("#### `" + fact.getSimpleName() + "`");
                }
            }
        }
        assertThat(section("### Conclusions")).contains(
                "| `Recommendation` | `recommendations` | `new Recommendation(mechanism, bottleneck, preference)` |",
                "| `Bottleneck` | `bottlenecks` | `new Bottleneck(name, kind, value, limit, unit)`, "
                        + "`new Bottleneck(name, kind, value, limit, unit, regime)` |");
    }

    @Test
    void eachGuardIsHeldByItsDomainsSessionAlone() {
        RuleLint.DOMAIN_GUARDS.forEach((kind, guards) -> {
            for (Class<?> guard : guards) {
                sessions.forEach((other, session) -> assertThat(session.facts().contains(guard))
                        .as(guard.getSimpleName() + " in the " + other + " session").isEqualTo(other == kind));
            }
        });
        List<String> guards = section("### Guards");
        assertThat(guards).anyMatch(line -> line.startsWith("- serving: `InferenceEstimate()`, `Projection()`"));
        assertThat(String.join("\n", guards)).contains("`IsWeightBandwidthBound()`", "`IsLongTail()`",
                "`IsDpExposed()`", "`Binding( name == \"...\" )`");
    }

    @Test
    void thePlaceholdersAreEveryNameWithAnExampleRendered() {
        List<String> placeholders = section("### Explanation placeholders");
        for (String name : Vocabulary.placeholders(RuleBase.defaults())) {
            assertThat(placeholders).as(name).anyMatch(line -> line.startsWith("| `{" + name + "}` |"));
        }
        assertThat(placeholders).contains("| `{tpot_ms}` | ms | yes |  |  |",
                "| `{step_time_s}` | s |  | yes | yes |",
                "    TPOT goes from 48.20 ms to 31.70 ms against 40.00 ms; weights take 8.03 GB per GPU.");
        assertThat(String.join("\n", placeholders)).contains("`{tpot_sm?}`");
    }

    @Test
    void thePreferenceScaleListsTheBuiltInRecommendationsInOrder() {
        List<String> scale = section("### Preference scale");
        assertThat(scale).anyMatch(line -> line.startsWith("| 10 |") && line.contains("`speculative_decoding` (")
                && line.contains("INF-D-01"));
        List<Integer> preferences = scale.stream().filter(line -> line.matches("\\| \\d+ \\|.*"))
                .map(line -> Integer.parseInt(line.split(" ")[1])).toList();
        assertThat(preferences).isSorted().doesNotHaveDuplicates().hasSizeGreaterThan(10);
    }

    @Test
    void everyTableRowHasItsHeadersCells() {
        int columns = 0;
        for (String line : reference.lines().toList()) {
            if (!line.startsWith("|")) {
                columns = 0;
                continue;
            }
            int cells = line.split(" \\| ", -1).length;
            if (columns == 0) {
                columns = cells;
            }
            assertThat(cells).as(line).isEqualTo(columns);
        }
    }

    @Test
    void unitsAreTheNamesLastWords() {
        assertThat(Vocabulary.unitOf("tpot_ms")).isEqualTo("ms");
        assertThat(Vocabulary.unitOf("tpotMs")).isEqualTo("ms");
        assertThat(Vocabulary.unitOf("kv_bytes_per_token_per_gpu")).isEqualTo("B/token");
        assertThat(Vocabulary.unitOf("tokensPerSPerReplica")).isEqualTo("tokens/s");
        assertThat(Vocabulary.unitOf("requests_per_s_capacity")).isEqualTo("requests/s");
        assertThat(Vocabulary.unitOf("layerOverheadUs")).isEqualTo("\u00b5s");
        assertThat(Vocabulary.unitOf("budget_usd")).isEqualTo("USD/h");
        assertThat(Vocabulary.unitOf("layers")).isEmpty();
        assertThat(Vocabulary.unitOf("async")).isEmpty();
    }

    /**
     * Where a bill states a unit itself (its figures, each with the unit it is in), the names agree with it: a
     * figure whose key is a field of its bill has the unit the field's name states. A share may be called a ratio,
     * and a name may say what the figure is per: kv_bytes_per_token is a figure in B, per token.
     */
    @Test
    void theNamesUnitsAgreeWithTheBillsFigures() throws Exception {
        Ridgeline ridgeline = new Ridgeline(Catalogs.builtIn(), RuleBase.defaults());
        Set<String> measured = Set.of("B", "B/s", "FLOP", "FLOP/s", "FLOP/token", "FLOP/B", "tokens", "tokens/s",
                "requests/s", "ms", "s", "min", "h", "days", "USD", "USD/h", "params", "fraction", "ratio");
        int checked = 0;
        List<String> disagreements = new ArrayList<>();
        for (String example : List.of("consumer-chatbot.yaml", "training-7b-8gpu.yaml", "rl-grpo-mid.yaml")) {
            Path file = Path.of("..", "examples", example);
            Bill bill = ridgeline.estimate(ridgeline.parse(Files.readString(file), example));
            Set<String> fields = Json.values(bill).keySet();
            for (Figure f : bill.figures()) {
                if (!fields.contains(f.key()) || !measured.contains(f.unit())) {
                    continue;
                }
                String unit = Vocabulary.unitOf(f.key());
                String stated = f.unit().equals("ratio") && unit.equals("fraction") ? "fraction" : f.unit();
                if (!unit.equals(stated) && !unit.startsWith(stated + "/")) {
                    disagreements.add(example + ": " + f.key() + " is in " + f.unit() + ", its name says " + unit);
                }
                checked++;
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void theBlockIsFoundAndReplacedBetweenItsMarkers() {
        String doc = "# Title\n\nprose\n\n" + RuleReference.BEGIN + "\nold\n" + RuleReference.END + "\n\nafter\n";
        assertThat(RuleReference.block(doc)).contains(RuleReference.BEGIN + "\nold\n" + RuleReference.END + "\n");
        String replaced = RuleReference.replaceBlock(doc, RuleReference.BEGIN + "\nnew\n" + RuleReference.END + "\n");
        assertThat(replaced).isEqualTo("# Title\n\nprose\n\n" + RuleReference.BEGIN + "\nnew\n" + RuleReference.END
                + "\n\nafter\n");
        assertThatThrownBy(() -> RuleReference.replaceBlock("# no block\n", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RuleReference.BEGIN);
    }

    @Test
    void theCommandPrintsTheReferenceAndRewritesAFilesBlock(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(AdvisorCli.execute(new String[] {"rules", "reference"}, new PrintWriter(out), new PrintWriter(err)))
                .isZero();
        assertThat(out.toString()).isEqualTo(reference);

        Path doc = dir.resolve("rules.md");
        Files.writeString(doc, "# Rules\n\n" + RuleReference.BEGIN + "\nstale\n" + RuleReference.END + "\n");
        String[] into = {"rules", "reference", "--into", doc.toString()};
        assertThat(AdvisorCli.execute(into, new PrintWriter(new StringWriter()), new PrintWriter(err))).isZero();
        assertThat(Files.readString(doc)).isEqualTo("# Rules\n\n" + reference);
        StringWriter again = new StringWriter();
        assertThat(AdvisorCli.execute(into, new PrintWriter(again), new PrintWriter(err))).isZero();
        assertThat(again.toString()).contains("up to date");

        Path bare = dir.resolve("bare.md");
        Files.writeString(bare, "# no block\n");
        StringWriter refused = new StringWriter();
        assertThat(AdvisorCli.execute(new String[] {"rules", "reference", "--into", bare.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(refused))).isEqualTo(AdvisorCli.EXIT_BAD_INPUT);
        assertThat(refused.toString()).contains("no generated block");
    }
}
