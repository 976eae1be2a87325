package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.facts.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every scenario command shares: where the catalogs and the rules come from, and the output format. */
final class Common {

    /** The scenario used when no file is given: a 70B chat service on one H100 node. */
    static final String DEFAULT_SCENARIO = "default-scenario.yaml";

    @Mixin
    Sources sources;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--markdown", description = "Print Markdown.")
    boolean markdown;

    Ridgeline ridgeline() {
        return sources.ridgeline();
    }

    static Scenario scenario(Ridgeline r, Path file) {
        if (file != null) {
            return r.load(file);
        }
        try (InputStream in = Common.class.getClassLoader().getResourceAsStream(DEFAULT_SCENARIO)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in scenario " + DEFAULT_SCENARIO);
            }
            return r.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
