package io.ridgeline.web.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeTokenTest {

    private static ServeCommand parsed(String... args) {
        ServeCommand c = new ServeCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void theTokenComesFromTheCommandLineAFileOrTheEnvironment(@TempDir Path dir) throws Exception {
        String secret = "0123456789abcdef0123";
        assertThat(parsed().resolvedToken(Map.of())).isNull();
        assertThat(parsed("--token", secret).resolvedToken(Map.of())).isEqualTo(secret);
        // a file keeps it out of the process list: its first line, trimmed
        Path f = Files.writeString(dir.resolve("token"), secret + "\n# a comment line\n");
        assertThat(parsed("--token-file", f.toString()).resolvedToken(Map.of())).isEqualTo(secret);
        assertThat(parsed().resolvedToken(Map.of("RIDGELINE_TOKEN", " " + secret + " "))).isEqualTo(secret);
        // two sources at once are refused, naming them
        assertThatThrownBy(() -> parsed("--token", secret).resolvedToken(Map.of("RIDGELINE_TOKEN", secret)))
                .hasMessageContaining("--token, --token-file and RIDGELINE_TOKEN: give one of them");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> parsed("--token-file", empty.toString()).resolvedToken(Map.of()))
                .hasMessageContaining("--token-file").hasMessageContaining("is empty");
        assertThatThrownBy(() -> parsed("--token-file", dir.resolve("missing").toString()).resolvedToken(Map.of()))
                .hasMessageContaining("--token-file: cannot read");
    }
}
