package io.ridgeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.web.Presets.Preset;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetsTest {

    @Test
    void theDefaultScenarioComesFirstThenTheFolderInNameOrder() {
        Presets p = Presets.fromClasspath(getClass().getClassLoader(), "test-presets");
        assertThat(p.all()).extracting(Preset::name).containsExactly("default", "inference/chat", "pretrain");
        assertThat(p.all()).extracting(Preset::kind).containsExactly("inference", "inference", "training");
    }

    @Test
    void aPresetKeepsItsTextAndDescription() {
        Preset chat = Presets.fromClasspath(getClass().getClassLoader(), "test-presets").find("inference/chat")
                .orElseThrow();
        assertThat(chat.description()).isEqualTo("A small chat service for the preset listing tests.");
        assertThat(chat.text()).startsWith("name: test-chat\n");
    }

    @Test
    void theDefaultPresetIsTheBuiltInScenario() {
        Preset d = Presets.fromClasspath(getClass().getClassLoader(), "no-such-folder").find("default")
                .orElseThrow();
        assertThat(d.text()).contains("name: default-llama-70b-chat");
        assertThat(Presets.fromClasspath(getClass().getClassLoader(), "no-such-folder").all()).hasSize(1);
    }

    @Test
    void presetsAreListedFromAJarAsFromAFolder(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("examples.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("presets/"));
            out.closeEntry();
            out.putNextEntry(new JarEntry("presets/rag/"));
            out.closeEntry();
            write(out, "presets/rag/long-context.yml", "kind: inference\ndescription: RAG\nmodel: llama-3.1-8b\n");
            write(out, "presets/batch.yaml", "model: llama-3.1-8b\n");
            write(out, "presets/notes.md", "# not a scenario\n");
        }
        try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Presets p = Presets.fromClasspath(cl, "presets");
            assertThat(p.all()).extracting(Preset::name).containsExactly("default", "batch", "rag/long-context");
            assertThat(p.find("rag/long-context").orElseThrow().description()).isEqualTo("RAG");
        }
    }

    private static void write(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
