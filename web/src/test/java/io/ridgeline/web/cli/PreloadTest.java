package io.ridgeline.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A cold start loads, while the command line is parsed, only what the named command will load anyway: the built-in
 * catalogs for a command that bills a scenario, and the built-in rulebase only where it is the one that will run.
 */
class PreloadTest {

    @Test
    void adviseAndAuditLoadTheCatalogsAndTheBuiltInRules() {
        assertThat(Sources.preloadsFor(new String[] {"advise"})).containsExactly("catalogs", "rules");
        assertThat(Sources.preloadsFor(new String[] {"audit", "examples/fleet.yaml", "--json"}))
                .containsExactly("catalogs", "rules");
    }

    @Test
    void anAuthorsRuleFolderLeavesTheBuiltInRulesUnloaded() {
        assertThat(Sources.preloadsFor(new String[] {"advise", "f.yaml", "--rules", "my-rules"}))
                .containsExactly("catalogs");
        assertThat(Sources.preloadsFor(new String[] {"advise", "--add-rules=examples/rules"}))
                .containsExactly("catalogs");
    }

    @Test
    void commandsThatFireNoRulesLoadOnlyTheCatalogs() {
        assertThat(Sources.preloadsFor(new String[] {"estimate", "f.yaml"})).containsExactly("catalogs");
        assertThat(Sources.preloadsFor(new String[] {"search", "f.yaml", "--top", "5"})).containsExactly("catalogs");
    }

    @Test
    void otherCommandsAndNoCommandLoadNothing() {
        assertThat(Sources.preloadsFor(new String[] {})).isEmpty();
        assertThat(Sources.preloadsFor(new String[] {"--version"})).isEmpty();
        assertThat(Sources.preloadsFor(new String[] {"serve"})).isEmpty();
        assertThat(Sources.preloadsFor(new String[] {"rules", "list"})).isEmpty();
    }
}
