package io.ridgeline.tests.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.web.cli.AdvisorCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ServeCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdvisorCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void serveIsACommandWithHostAndPortDefaultingToLoopback7070() {
        String[] r = run("serve", "--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("--host").contains("127.0.0.1").contains("--port").contains("7070");
        assertThat(run("--help")[1]).contains("serve");
    }

    @Test
    void aPortOutOfRangeIsBadInput() {
        String[] r = run("serve", "--port", "70000");
        assertThat(r[0]).isEqualTo(String.valueOf(AdvisorCli.EXIT_BAD_INPUT));
        assertThat(r[2]).contains("--port").contains("0 .. 65535");
    }

    @Test
    void compareRulesAndCompareAddRulesAreOneOrTheOther() {
        String[] r = run("serve", "--port", "0", "--compare-rules", "../examples/rules", "--compare-add-rules",
                "../examples/rules");
        assertThat(r[0]).isEqualTo(String.valueOf(AdvisorCli.EXIT_BAD_INPUT));
        assertThat(r[2]).contains("--compare-rules").contains("--compare-add-rules").contains("give one of them");
        assertThat(run("serve", "--help")[1]).contains("--compare-rules").contains("--compare-add-rules");
    }

    @Test
    void aCompareFolderThatIsNotThereIsBadInputNamingTheOption() {
        String[] r = run("serve", "--port", "0", "--compare-add-rules", "no-such-folder");
        assertThat(r[0]).isEqualTo(String.valueOf(AdvisorCli.EXIT_BAD_INPUT));
        assertThat(r[2]).contains("--compare-add-rules: 'no-such-folder' is not a folder of .drl files");
    }
}
