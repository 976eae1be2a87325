package io.ridgeline.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void theRuleFilesReadFromAJarAreTheSameAsFromTheirFolder(@TempDir Path dir) throws IOException {
        // the application jar holds the rules; the tests see them in a folder: both must read the same files
        Map<String, String> fromFolder = RuleBase.builtInSources();
        Path jar = dir.resolve("rules.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // folder entries, as the build's jars have them (the class loader finds the root by its folder)
            java.util.Set<String> folders = new java.util.TreeSet<>();
            for (String file : fromFolder.keySet()) {
                String path = RuleBase.DEFAULT_ROOT + "/" + file;
                for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
                    folders.add(path.substring(0, i + 1));
                }
            }
            for (String folder : folders) {
                out.putNextEntry(new JarEntry(folder));
            }
            out.putNextEntry(new JarEntry("io/ridgeline/other/ignored.drl"));
            out.write("package other;\n".getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> e : fromFolder.entrySet()) {
                out.putNextEntry(new JarEntry(RuleBase.DEFAULT_ROOT + "/" + e.getKey()));
                write(out, e.getValue());
            }
            out.putNextEntry(new JarEntry(RuleBase.DEFAULT_ROOT + "/notes.txt"));
            write(out, "not a rule file");
            // the cases beside the rules travel in the jar too, and are neither rules nor part of the digest
            out.putNextEntry(new JarEntry(RuleBase.DEFAULT_ROOT + "/training/memory" + RuleCases.SUFFIX));
            write(out, "cases: {}\n");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Map<String, String> fromJar = RuleBase.classpathSources(loader);
            assertThat(fromJar).isEqualTo(fromFolder);
            assertThat(fromJar.keySet()).containsExactlyElementsOf(fromFolder.keySet());
            assertThat(RuleBase.digest(RuleBase.withEngineQueries(fromJar)))
                    .isEqualTo(RuleBase.digest(RuleBase.withEngineQueries(fromFolder)));
        }
    }

    @Test
    void theCasesBesideTheRulesAreShippedButNotReadAsRules() {
        // the build copies the whole rule folder: each NAME.cases.yaml lies beside its NAME.drl on the classpath
        assertThat(RuleBase.class.getClassLoader().getResource(RuleBase.DEFAULT_ROOT + "/training/memory"
                + RuleCases.SUFFIX)).isNotNull();
        // the rulebase reads the .drl files alone, so the model's digest covers them alone: a case edited or added
        // leaves the build's executable model in use, and a rule edited still makes the DRL compile (above)
        assertThat(RuleBase.builtInSources().keySet()).isNotEmpty().allMatch(f -> f.endsWith(".drl"));
        assertThat(RuleBase.precompiled(RuleBase.builtInSources(), "built-in rulebase")).isPresent();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
