package io.ridgeline.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.rules.RuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/rules.md holds the reference as the generator writes it, so the doc cannot drift from the code. */
class RulesDocTest {

    private static final Path DOC = Path.of("..", "docs", "rules.md");

    @Test
    void theDocsGeneratedReferenceIsTheGeneratorsOutput() throws Exception {
        String doc = Files.readString(DOC);
        String block = RuleReference.block(doc).orElse("");
        assertThat(block).as("docs/rules.md has no generated reference between %s and %s; add the two lines and "
                + "run %s", RuleReference.BEGIN, RuleReference.END, RuleReference.REGENERATE).isNotEmpty();
        assertThat(firstDifference(block, RuleReference.markdown(RuleBase.defaults())))
                .as("docs/rules.md's generated reference differs from what the vocabulary and the fact records give "
                        + "now; regenerate it with %s (from the repository's root)", RuleReference.REGENERATE)
                .isNull();
    }

    /** The first line where the doc's block and the generator's output part, or null where they do not. */
    private static String firstDifference(String doc, String generated) {
        List<String> a = doc.lines().toList();
        List<String> b = generated.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String inDoc = i < a.size() ? a.get(i) : "(the block has ended)";
            String now = i < b.size() ? b.get(i) : "(the reference has ended)";
            if (!inDoc.equals(now)) {
                return "line " + (i + 1) + " of the block: the doc has\n  " + inDoc + "\nthe generator writes\n  "
                        + now;
            }
        }
        return doc.equals(generated) ? null : "the block's line endings differ from the generator's";
    }
}
