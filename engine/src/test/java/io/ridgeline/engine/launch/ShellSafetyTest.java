package io.ridgeline.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A launch command's text is safe to paste into a shell: values are shell words, and notes sit above it. */
class ShellSafetyTest {

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
