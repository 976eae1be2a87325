package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every scenario command shares: where the catalogs and the rules come from, and the output format. */
final class Common {

    /** The scenario used when no file is given: a 70B chat service on one H100 node. */
    static final String DEFAULT_SCENARIO = "default-scenario.yaml";

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "A folder of gpus.yaml / models.yaml / efficiency.yaml merged over the built-in catalogs.")
    Path catalog;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "A folder of .drl files to use instead of the built-in rulebase (compiled at start).")
    Path rules;

    @Option(names = "--add-rules", paramLabel = "DIR",
            description = "A folder of .drl files compiled together with the built-in rulebase (extends it).")
    Path addRules;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--markdown", description = "Print Markdown.")
    boolean markdown;

    Ridgeline ridgeline() {
        Catalogs catalogs = catalog == null ? Catalogs.builtIn() : Catalogs.builtIn().mergedWith(catalog);
        Path folder = rules;
        Path extra = addRules;
        if (folder != null && extra != null) {
            throw new IllegalArgumentException("--rules replaces the built-in rulebase and --add-rules extends it: "
                    + "give one of them");
        }
        return new Ridgeline(catalogs, () -> folder != null ? RuleBase.fromFolder(folder)
                : extra != null ? RuleBase.builtInWith(extra) : RuleBase.defaults());
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
