package io.ridgeline.web.cli;

import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.web.Presets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code advisor example [NAME]}: list the shipped scenarios, or print one to start from. */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "List the shipped example scenarios (the web page's presets, the built-in default first), or "
                + "print one to start from: ./advisor example NAME > my.yaml, then edit and ./advisor advise my.yaml.")
final class ExampleCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "An example's name (without .yaml).")
    String name;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Presets presets = Presets.fromClasspath();
        var out = spec.commandLine().getOut();
        if (name == null) {
            for (Presets.Preset p : presets.all()) {
                out.println(String.format(Locale.ROOT, "%-30s %-9s %s", p.name(), p.kind(), firstSentence(p)));
            }
            out.println("Print one with: ./advisor example NAME");
            return 0;
        }
        String wanted = name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
        Presets.Preset p = presets.find(wanted).orElseThrow(() -> new InputError("NAME", "no example named '"
                + wanted + "'; the examples are: " + presets.all().stream().map(Presets.Preset::name)
                .collect(Collectors.joining(", "))));
        out.print(p.text().endsWith("\n") ? p.text() : p.text() + "\n");
        return 0;
    }

    private static String firstSentence(Presets.Preset p) {
        String d = p.description() == null ? "" : p.description().replaceAll("\\s+", " ").trim();
        if (d.isEmpty()) {
            // a scenario without a description: its first comment line
            d = p.text().lines().filter(l -> l.startsWith("#")).findFirst().map(l -> l.substring(1).trim())
                    .orElse("");
        }
        int stop = d.indexOf(". ");
        String s = stop > 0 ? d.substring(0, stop + 1) : d;
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    /** The names a user can ask for (for tests). */
    static List<String> names() {
        return Presets.fromClasspath().all().stream().map(Presets.Preset::name).toList();
    }
}
