package io.ridgeline.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ridgeline.facts.Bottleneck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.runtime.KieSession;

class RuleBaseTest {

    private static final String GOOD = """
            package authors.sample;
            import io.ridgeline.facts.Bottleneck;
            import io.ridgeline.facts.Recommendation;

            rule "a memory wall is relieved by tensor parallelism"
                @id("X-01") @lesson("05") @explanation("tp helps with {memory_bytes_per_gpu}")
            when
                Bottleneck( name == "memory_capacity" )
            then
                insertLogical(new Recommendation("tensor_parallelism", "memory_capacity", 30));
            end
            """;

    @Test
    void aFolderOfRulesCompilesAndItsMetadataIsRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sample.drl"), GOOD);
        RuleBase rb = RuleBase.fromFolder(dir);
        assertThat(rb.rules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("X-01");
            assertThat(r.lesson()).isEqualTo("05");
            assertThat(r.explanation()).isEqualTo("tp helps with {memory_bytes_per_gpu}");
            assertThat(r.file()).isEqualTo("sample.drl");
            assertThat(r.name()).isEqualTo("a memory wall is relieved by tensor parallelism");
        });
    }

    @Test
    void theTraceTellsWhichRuleInsertedAConclusion(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sample.drl"), GOOD);
        RuleBase rb = RuleBase.fromFolder(dir);
        KieSession session = rb.newSession();
        try {
            SessionTrace trace = SessionTrace.attach(session);
            session.insert(new Bottleneck("memory_capacity", Bottleneck.REQUIREMENT, 2, 1, "B"));
            session.fireAllRules();
            assertThat(trace.firedRules()).containsExactly("a memory wall is relieved by tensor parallelism");
            var recs = session.getQueryResults("recommendations");
            assertThat(recs.size()).isEqualTo(1);
            Object rec = recs.iterator().next().get("$r");
            assertThat(trace.ruleThatInserted(rec)).contains("a memory wall is relieved by tensor parallelism");
        } finally {
            session.dispose();
        }
    }

    @Test
    void aRuleThatDoesNotCompileNamesItsFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.drl"), """
                package authors.sample;
                import io.ridgeline.facts.Bottleneck;

                rule "a broken rule"
                    @id("X-02") @lesson("05") @explanation("x")
                when
                    Bottleneck( nosuchfield == 3 )
                then
                end
                """);
        assertThatThrownBy(() -> RuleBase.fromFolder(dir))
                .isInstanceOf(RuleCompilationException.class)
                .hasMessageContaining("broken.drl")
                .hasMessageContaining("nosuchfield")
                .satisfies(e -> assertThat(((RuleCompilationException) e).problems())
                        .anyMatch(p -> p.matches("(?s)ERROR broken\\.drl:7: .*")));
    }

    @Test
    void twoRulesWithTheSameNameAreAnErrorNotASilentReplacement(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.drl"), GOOD);
        Files.writeString(dir.resolve("b.drl"), GOOD.replace("X-01", "X-03"));
        assertThatThrownBy(() -> RuleBase.fromFolder(dir)).isInstanceOf(RuleCompilationException.class);
    }

    @Test
    void anEmptyFolderIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> RuleBase.fromFolder(dir)).hasMessageContaining("no .drl file");
    }

    @Test
    void lintReportsMissingMetadataAndDuplicateIds() {
        RuleBase rb = RuleBase.build(Map.of("a.drl", GOOD, "b.drl", """
                package authors.other;
                import io.ridgeline.facts.Bottleneck;
                rule "a rule without an explanation"
                    @id("X-01")
                when
                    Bottleneck()
                then
                end
                """), "test");
        assertThat(RuleLint.problems(rb))
                .anyMatch(p -> p.contains("reuses id X-01"))
                .anyMatch(p -> p.contains("has no @lesson"))
                .anyMatch(p -> p.contains("has no @explanation"));
    }

    @Test
    void anAuthorsFolderExtendsTheBuiltInRulesAndCannotOverrideOne(@TempDir Path dir) throws Exception {
        Path builtIn = Path.of("..", "rules", "src", "main", "drl");
        Files.writeString(dir.resolve("extra.drl"), GOOD);
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        try (var files = Files.walk(builtIn)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                sources.put(builtIn.relativize(p).toString(), Files.readString(p));
            }
        }
        int builtInRules = RuleBase.build(sources, "built-in").rules().size();
        sources.put("(author) extra.drl", GOOD);
        RuleBase extended = RuleBase.build(sources, "extended");
        assertThat(extended.rules()).hasSize(builtInRules + 1);
        assertThat(extended.ruleById("X-01")).hasValueSatisfying(r -> assertThat(r.file()).contains("extra.drl"));
        // the same rule name as a built-in one is a compile error, not a silent replacement
        String clash = GOOD.replace("a memory wall is relieved by tensor parallelism",
                "a design whose memory per GPU exceeds usable HBM does not fit").replace("authors.sample",
                "io.ridgeline.rules.inference");
        sources.put("(author) clash.drl", clash);
        assertThatThrownBy(() -> RuleBase.build(sources, "clash")).isInstanceOf(RuleCompilationException.class);
    }
}
