package io.ridgeline.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The executable model on the classpath is used only for the very sources it was compiled from: a rule file changed,
 * added or removed since the build makes the built-in rulebase compile from its DRL instead (never a stale model).
 */
class PrecompiledIndexTest {

    @Test
    void theModelLoadsForTheSourcesItWasCompiledFrom() {
        assertThat(RuleBase.precompiled(RuleBase.builtInSources(), "built-in rulebase"))
                .hasValueSatisfying(rb -> assertThat(rb.precompiled()).isTrue());
    }

    @Test
    void aChangedFileMakesTheDrlCompile() {
        Map<String, String> changed = new LinkedHashMap<>(RuleBase.builtInSources());
        String file = changed.keySet().iterator().next();
        changed.put(file, changed.get(file) + "\n// an edit after the build\n");
        assertThat(RuleBase.precompiled(changed, "edited")).isEmpty();
        RuleBase compiled = RuleBase.defaultsFrom(changed);
        assertThat(compiled.precompiled()).isFalse();
        assertThat(compiled.rules()).isEqualTo(RuleBase.defaults().rules());
    }

    @Test
    void anAddedOrRemovedFileMakesTheDrlCompile() {
        Map<String, String> added = new LinkedHashMap<>(RuleBase.builtInSources());
        added.put("extra/empty.drl", "package io.ridgeline.rules.extra;\n");
        assertThat(RuleBase.precompiled(added, "added")).isEmpty();
        Map<String, String> removed = new LinkedHashMap<>(RuleBase.builtInSources());
        removed.remove(removed.keySet().iterator().next());
        assertThat(RuleBase.precompiled(removed, "removed")).isEmpty();
    }
}
