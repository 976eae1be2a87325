package io.ridgeline.web;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.rules.RuleBase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An author's rule folder, followed as it changes ({@code serve --dev}): at each request, if any .drl file under the
 * folder was added, removed or modified since the rulebase was compiled, it compiles the folder again and serves the
 * new rulebase from then on. A folder that no longer compiles keeps the last rulebase that did, and the compiler's
 * message, with its file and line, goes to the server's console once per change, as does each reload.
 */
public final class RulesReloader implements Supplier<Ridgeline> {

    private final Path folder;
    private final Function<Path, RuleBase> compile;
    private final Catalogs catalogs;
    private final PrintWriter console;
    private List<String> stamp;
    private Ridgeline current;

    /**
     * @param folder   the author's folder
     * @param compile  how the folder becomes a rulebase (alone, as --rules, or with the built-in one, as --add-rules)
     * @param catalogs the catalogs every rulebase is served with
     * @param console  where reloads and compile errors are said
     */
    public RulesReloader(Path folder, Function<Path, RuleBase> compile, Catalogs catalogs, PrintWriter console) {
        this.folder = Objects.requireNonNull(folder);
        this.compile = Objects.requireNonNull(compile);
        this.catalogs = Objects.requireNonNull(catalogs);
        this.console = Objects.requireNonNull(console);
        this.stamp = stamp(folder);
        this.current = new Ridgeline(catalogs, compile.apply(folder));
    }

    @Override
    public synchronized Ridgeline get() {
        List<String> now = stamp(folder);
        if (!now.equals(stamp)) {
            stamp = now;
            try {
                RuleBase rb = compile.apply(folder);
                current = new Ridgeline(catalogs, rb);
                console.println("ridgeline serve: rules reloaded from " + folder + " (" + rb.rules().size()
                        + " rules)");
            } catch (RuntimeException e) {
                console.println("ridgeline serve: " + folder + " changed and does not compile; still serving the "
                        + "rules it had before: " + e.getMessage());
            }
            console.flush();
        }
        return current;
    }

    /** Every .drl file under the folder with its size and modification time, in name order. */
    static List<String> stamp(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".drl")).sorted().map(p -> {
                try {
                    return p + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    return p + "|gone";
                }
            }).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of("unreadable");
        }
    }
}
