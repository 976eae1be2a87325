package io.ridgeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.rules.RuleBase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --dev: the rules follow the author's folder as it changes, and a folder that stops compiling is survived. */
class RulesReloaderTest {

    private static final String SCENARIO = """
            kind: inference
            model: llama-3.1-8b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
            workload: {prompt_tokens: 1000, output_tokens: 200, requests_per_s: 2}
            """;

    private static String rule(String id) {
        return """
                package house;
                import io.ridgeline.facts.InferenceEstimate;

                rule "a house note %s"
                    @id("%s") @lesson("06") @explanation("house")
                when
                    InferenceEstimate()
                then
                end
                """.formatted(id, id);
    }

    private static void write(Path file, String text, long mtimeMs) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtimeMs));
    }

    private static java.util.List<String> fired(Ridgeline r) {
        return r.audit(r.parse(SCENARIO, "dev")).firedRules();
    }

    @Test
    void anEditedFolderIsServedAsItIsNowAndABrokenOneKeepsTheLastRules(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("house.drl");
        write(file, rule("DEV-01"), 1_000_000);
        StringWriter console = new StringWriter();
        RulesReloader reloader = new RulesReloader(dir, RuleBase::fromFolder, Catalogs.builtIn(),
                new PrintWriter(console, true));
        Ridgeline first = reloader.get();
        assertThat(fired(first)).containsExactly("DEV-01");
        // nothing changed: the same rulebase, not compiled again
        assertThat(reloader.get()).isSameAs(first);

        write(file, rule("DEV-02"), 2_000_000);
        Ridgeline second = reloader.get();
        assertThat(second).isNotSameAs(first);
        assertThat(fired(second)).containsExactly("DEV-02");
        assertThat(console.toString()).contains("rules reloaded from " + dir + " (1 rules)");

        // a file that no longer compiles: the last rules that did are still served, and the console says why
        write(file, rule("DEV-03").replace("then", "thne"), 3_000_000);
        assertThat(reloader.get()).isSameAs(second);
        assertThat(console.toString()).contains(dir + " changed and does not compile; still serving the rules it "
                + "had before").contains("house.drl");

        // a second file added beside it is a change too
        write(file, rule("DEV-03"), 4_000_000);
        write(dir.resolve("more.drl"), rule("DEV-04").replace("package house;", "package house.more;"), 4_000_000);
        assertThat(fired(reloader.get())).containsExactlyInAnyOrder("DEV-03", "DEV-04");
    }
}
