package io.ridgeline.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownSafetyTest {

    @Test
    void scenarioTextIsInertInMarkdown() {
        assertThat(Reports.inline("<img src=x onerror=alert(1)> & co\nnext"))
                .isEqualTo("&lt;img src=x onerror=alert(1)> &amp; co next");
        assertThat(Reports.inline("![](https://evil/t.png) [fix](https://evil)"))
                .isEqualTo("!\\[\\](https://evil/t.png) \\[fix\\](https://evil)");
    }

    @Test
    void aCodeBlocksFenceOutrunsTheBackticksInItsText() {
        assertThat(Reports.codeBlock("sh", "vllm serve x")).isEqualTo("```sh\nvllm serve x\n```\n");
        assertThat(Reports.codeBlock("sh", "echo '````'\n")).isEqualTo("`````sh\necho '````'\n`````\n");
    }
}
