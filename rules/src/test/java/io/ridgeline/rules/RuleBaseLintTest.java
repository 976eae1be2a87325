package io.ridgeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.ExplanationRenderer;
import io.ridgeline.engine.advisor.serving.InferenceAdvisor;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.rules.RuleInfo;
import io.ridgeline.engine.rules.RuleLint;
import io.ridgeline.facts.Scenario;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in rulebase compiles cleanly, every rule explains itself, and every explanation renders. */
class RuleBaseLintTest {

    @Test
    void theBuiltInRulebaseHasNoLintProblems() {
        RuleBase rb = RuleBase.defaults();
        assertThat(rb.rules()).hasSizeGreaterThan(50);
        assertThat(RuleLint.problems(rb)).isEmpty();
    }

    @Test
    void theRuleFolderCompilesFromSourceAsAnAuthorWouldLoadIt() {
        RuleBase fromFolder = RuleBase.fromFolder(Path.of("src", "main", "drl"));
        assertThat(fromFolder.rules()).hasSameSizeAs(RuleBase.defaults().rules());
    }

    @Test
    void everyRuleHasASentenceNameAndALesson() {
        for (RuleInfo r : RuleBase.defaults().rules()) {
            assertThat(r.name()).as(r.id()).contains(" ").doesNotContain("_");
            assertThat(r.lesson()).as(r.id()).matches("\\d{2}[a-d]?|\\d[a-d]");
            assertThat(r.file()).as(r.id()).endsWith(".drl");
        }
    }

    @Test
    void everyPretrainingAndRlRuleHasAnIdOfItsDomainAndAnExplanation() {
        RuleBase.defaults().rules().stream().filter(r -> r.packageName().startsWith("io.ridgeline.rules.training")
                        || r.packageName().startsWith("io.ridgeline.rules.rl"))
                .forEach(r -> {
                    assertThat(r.id()).as(r.name()).matches("(TRN|RL)-[A-Z]-\\d\\dB?");
                    assertThat(r.explanation()).as(r.name()).isNotBlank();
                });
    }

    @Test
    void everyLessonARuleCitesHasARowInTheLessonTable() throws Exception {
        String table = java.nio.file.Files.readString(Path.of("..", "docs", "lessons.md"));
        java.util.Set<String> rows = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\| (\\w+) \\|").matcher(table);
        while (m.find()) {
            rows.add(m.group(1));
        }
        java.util.Set<String> cited = new java.util.TreeSet<>();
        RuleBase.defaults().rules().forEach(r -> cited.add(r.lesson()));
        assertThat(rows).containsAll(cited);
    }

    @Test
    void everyInferenceExplanationNamesOnlyFiguresThatExist() {
        Ridgeline r = Ridgeline.defaults();
        Scenario s = r.load(Path.of("..", "examples", "fleet.yaml"));
        Map<String, Object> values = new LinkedHashMap<>(InferenceAdvisor.commonValues(s));
        values.putAll(new InferenceAdvisor(r.rules(), r.catalogs()).values(s));
        values.putAll(Json.values(r.estimate(s)));
        for (RuleInfo rule : r.rules().rules()) {
            if (!rule.id().startsWith("INF-")) {
                continue;
            }
            String text = ExplanationRenderer.render(rule.explanation(), values, values);
            assertThat(text).as("%s renders %s", rule.id(), rule.explanation()).doesNotContain("?}");
        }
    }
}
