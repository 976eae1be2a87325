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

    @Test
    void devFollowsAnAuthorsFolderAndNeedsOne() {
        String[] none = run("serve", "--port", "0", "--dev");
        assertThat(none[0]).isEqualTo("2");
        assertThat(none[2]).contains("--dev follows an author's rule folder: give it with --rules DIR or "
                + "--add-rules DIR");
        String[] compared = run("serve", "--port", "0", "--dev", "--add-rules", "../examples/rules",
                "--compare-rules", "../examples/rules");
        assertThat(compared[0]).isEqualTo("2");
        assertThat(compared[2]).contains("--dev and --compare-rules or --compare-add-rules: give one of them");
        assertThat(run("serve", "--help")[1]).contains("--dev");
    }
}
