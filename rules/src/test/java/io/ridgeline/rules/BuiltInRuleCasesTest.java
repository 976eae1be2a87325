package io.ridgeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Judgement;
import io.ridgeline.engine.advisor.rl.RlAdvisor;
import io.ridgeline.engine.advisor.serving.InferenceAdvisor;
import io.ridgeline.engine.advisor.training.TrainingAdvisor;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.rules.RuleCases;
import io.ridgeline.engine.rules.RuleInfo;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.facts.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The built-in rules' cases, a {@code NAME.cases.yaml} beside each {@code NAME.drl}, run through {@link RuleCases}
 * as {@code ./advisor rules test} runs an author's folder: every rule of the three domains fires on its fires case
 * and stays quiet on its quiet case, each design judged as given (the judgement {@code audit} reports). One dynamic
 * test per expectation, grouped by cases file; a rule without both cases fails under its .drl file.
 */
class BuiltInRuleCasesTest {

    /** The folder of the built-in rules, as a rule author runs {@code ./advisor rules test} on it. */
    static final Path RULES = Path.of("src", "main", "drl", RuleBase.DEFAULT_ROOT);
    private static final Path EXAMPLES = Path.of("..", "examples");

    private static final RuleBase RULEBASE = RuleBase.defaults();
    private static final Ridgeline RIDGELINE = new Ridgeline(Catalogs.builtIn(), RULEBASE);
    private static final InferenceAdvisor SERVING = new InferenceAdvisor(RULEBASE, Catalogs.builtIn());
    private static final TrainingAdvisor TRAINING = new TrainingAdvisor(RULEBASE);
    private static final RlAdvisor RL = new RlAdvisor(RULEBASE);

    /** Explanations left with a placeholder no figure filled, by the scenario that rendered them. */
    private static final Map<String, String> UNFILLED = Collections.synchronizedMap(new TreeMap<>());
    private static List<RuleCases.Outcome> outcomes;

    /** Every built-in rule's id, with its file relative to the rule folder. */
    static Map<String, String> ruleIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        RULEBASE.rules().forEach(r -> ids.put(r.id(), r.file()));
        return ids;
    }

    /** The outcomes of every case under the rule folder, judged once for all the tests here. */
    static synchronized List<RuleCases.Outcome> outcomes() {
        if (outcomes == null) {
            outcomes = RuleCases.run(RULES, ruleIds(), BuiltInRuleCasesTest::example, BuiltInRuleCasesTest::fired);
        }
        return outcomes;
    }

    private static Optional<String> example(String name) {
        Path file = EXAMPLES.resolve(name + ".yaml");
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The rules that fire on a case's scenario, as audit judges it; unfilled placeholders are noted on the way. */
    private static List<String> fired(String text) {
        Scenario s;
        try {
            s = RIDGELINE.parse(text, "case");
        } catch (InputError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Judgement j = switch (s.kind()) {
            case INFERENCE -> SERVING.judge(s);
            case TRAINING -> TRAINING.judge(s);
            case RL -> RL.judge(s);
        };
        List<String> texts = new ArrayList<>();
        j.bottlenecks().forEach(b -> texts.add(b.ruleId() + ": " + b.explanation()));
        j.recommendations().forEach(r -> texts.add(r.ruleId() + ": " + r.explanation()));
        j.vetoes().forEach(v -> texts.add(v.ruleId() + ": " + v.reason()));
        j.frameworks().forEach(f -> texts.add(f.ruleId() + ": " + f.explanation()));
        texts.stream().filter(t -> t.contains("?}")).forEach(t -> UNFILLED.put(t, s.name()));
        return j.firedRules();
    }

    @TestFactory
    Stream<DynamicContainer> everyRuleFiresInItsCaseAndStaysQuietInTheOther() {
        Map<String, List<RuleCases.Outcome>> byFile = new TreeMap<>();
        outcomes().forEach(o -> byFile.computeIfAbsent(o.file(), f -> new ArrayList<>()).add(o));
        return byFile.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey(),
                e.getValue().stream().map(o -> DynamicTest.dynamicTest(
                        (o.ruleId() + " " + o.expectation()).strip(),
                        () -> assertThat(o.passed()).as("%s: %s %s %s", o.file(), o.ruleId(), o.expectation(),
                                o.detail()).isTrue()))));
    }

    @Test
    void everyBuiltInRuleHasBothCasesInTheCasesFileBesideItsDrl() {
        List<RuleInfo> rules = RULEBASE.rules();
        assertThat(rules).hasSizeGreaterThan(200);
        Map<String, Set<String>> held = new TreeMap<>();
        for (RuleCases.Outcome o : outcomes()) {
            if (o.passed()) {
                held.computeIfAbsent(o.ruleId(), id -> new TreeSet<>()).add(o.expectation() + " in " + o.file());
            }
        }
        for (RuleInfo r : rules) {
            String beside = r.file().replaceFirst("\\.drl$", RuleCases.SUFFIX);
            assertThat(held.get(r.id())).as("the cases of %s (%s)", r.id(), r.file())
                    .containsExactlyInAnyOrder("fires in " + beside, "quiet in " + beside);
        }
    }

    @Test
    void everyCasesFileSitsBesideARuleFileOfItsName() {
        List<Path> files = RuleCases.files(RULES);
        assertThat(files).isNotEmpty();
        for (Path cases : files) {
            String name = cases.getFileName().toString();
            Path drl = cases.resolveSibling(name.substring(0, name.length() - RuleCases.SUFFIX.length()) + ".drl");
            assertThat(drl).as("the rule file beside %s", cases).isRegularFile();
        }
    }

    @Test
    void noExplanationLeavesAPlaceholderUnfilled() {
        outcomes();
        assertThat(UNFILLED).isEmpty();
    }
}
