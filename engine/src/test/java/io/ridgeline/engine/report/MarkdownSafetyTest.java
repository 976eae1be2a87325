package io.ridgeline.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownSafetyTest {

    @Test
    void aPlainValueIsOneShellWordAsItIsAndAnythingElseIsQuoted() {
        assertThat(LaunchCommands.shellWord("meta-llama/Llama-3.1-8B-Instruct"))
                .isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(LaunchCommands.shellWord("x; rm -rf ~")).isEqualTo("'x; rm -rf ~'");
        assertThat(LaunchCommands.shellWord("$(id)")).isEqualTo("'$(id)'");
        // a quote inside: close, an escaped quote, reopen
        assertThat(LaunchCommands.shellWord("it's")).isEqualTo("'it'\\''s'");
        assertThat(LaunchCommands.shellWord("")).isEqualTo("''");
    }

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

    @Test
    void aNoteOnAnArgumentGoesAboveTheCommandNotInsideIt() {
        String cmd = LaunchCommands.joined(java.util.List.of("vllm serve m",
                "--quantization compressed-tensors   # an int8 weight-only (W8A16) checkpoint", "--tensor-parallel-size 2"));
        assertThat(cmd).isEqualTo("# an int8 weight-only (W8A16) checkpoint\nvllm serve m \\\n  --quantization "
                + "compressed-tensors \\\n  --tensor-parallel-size 2");
        // every line but the last ends in the continuation, and no line of the command holds a comment
        for (String line : cmd.substring(cmd.indexOf('\n') + 1).split("\n")) {
            assertThat(line).doesNotContain("#");
        }
    }
}
