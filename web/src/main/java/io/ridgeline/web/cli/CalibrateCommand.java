package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.engine.validation.Calibration;
import io.ridgeline.engine.validation.ServingMeasurement;
import io.ridgeline.engine.validation.ServingValidation;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fit the serving efficiency factors to your own measurements (the CSV columns of "
                + "docs/validation.md): per GPU family of the rows, the factors that minimise the mean "
                + "|ln(predicted / measured)|. Prints the error before and after and writes an efficiency file "
                + "for --catalog.")
final class CalibrateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MEASUREMENTS.csv", description = "Your measurements.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the fitted factors here as an efficiency file (efficiency.yaml in a --catalog "
                    + "folder); without it they are printed.")
    Path output;

    @Option(names = "--fit", split = ",", paramLabel = "FACTOR",
            description = "The factors to fit (default all): serving_compute, hbm, kv_hbm, moe_compute, "
                    + "layer_overhead_us, moe_layer_overhead_us, prefill_expert_overhead_us, collective_latency_us, "
                    + "collective_round_us.")
    List<String> fit;

    @Option(names = "--max-evaluations", paramLabel = "N", defaultValue = "400",
            description = "The most loss evaluations per family, 10 to 100000 (default ${DEFAULT-VALUE}).")
    int maxEvaluations;

    @Mixin
    Sources sources;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (maxEvaluations < 10 || maxEvaluations > 100_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-evaluations: " + maxEvaluations + " is out of range; allowed 10 to 100000");
        }
        Set<Calibration.Factor> factors = factors();
        Ridgeline r = sources.ridgeline();
        ServingValidation v = new ServingValidation(r);
        List<ServingMeasurement> rows = ValidateCommand.read(file);
        Map<String, List<ServingMeasurement>> byFamily = new TreeMap<>();
        for (ServingMeasurement m : rows) {
            Gpu g = r.catalogs().findGpu(m.gpu()).orElseThrow(() -> new InputError(m.id() + ": gpu",
                    "unknown gpu '" + m.gpu() + "'"));
            byFamily.computeIfAbsent(g.family(), k -> new ArrayList<>()).add(m);
        }
        var out = spec.commandLine().getOut();
        StringBuilder yaml = new StringBuilder("# Serving efficiency factors fitted by `advisor calibrate` to "
                + file.getFileName() + "\nfamilies:\n");
        for (Map.Entry<String, List<ServingMeasurement>> e : byFamily.entrySet()) {
            List<Scenario> scenarios = e.getValue().stream().map(v::scenario).toList();
            // the family's factors, not a row's: a row runs with its engine's own costs laid over them, and the fit
            // describes one engine for the whole family (every row is predicted with the fitted set)
            EfficiencyFactors start = r.catalogs().efficiency(r.catalogs().gpu(e.getValue().get(0).gpu()));
            Calibration.Fit f = Calibration.fitCapped(e.getValue(), scenarios, start, factors, maxEvaluations,
                    "fitted to " + file.getFileName());
            EfficiencyFactors x = f.factors();
            out.printf(Locale.ROOT, "%s: %d rows, mean |ln(pred/meas)| %.3f before, %.3f after (%d evaluations)%n",
                    e.getKey(), e.getValue().size(), f.lossBefore(), f.lossAfter(), f.evaluations());
            yaml.append("  ").append(e.getKey()).append(":\n")
                    .append(line("compute", x.compute())).append("    compute_source: \"carried from the catalog\"\n")
                    .append(line("hbm", x.hbm())).append("    hbm_source: \"")
                    .append(factors.contains(Calibration.Factor.HBM) ? "fitted to " + file.getFileName()
                            : "carried from the catalog").append("\"\n")
                    .append(line("link", x.link())).append("    link_source: \"carried from the catalog\"\n")
                    .append(line("serving_compute", x.servingCompute()))
                    .append(line("kv_hbm", x.kvHbm()))
                    .append(line("moe_compute", x.moeCompute()))
                    .append(line("layer_overhead_us", x.layerOverheadUs()))
                    .append(line("moe_layer_overhead_us", x.moeLayerOverheadUs()))
                    .append(line("prefill_expert_overhead_us", x.prefillExpertOverheadUs()))
                    .append(line("collective_latency_us", x.collectiveLatencyUs()))
                    .append(line("collective_round_us", x.collectiveRoundUs()))
                    .append("    serving_source: \"fitted by advisor calibrate to ").append(e.getValue().size())
                    .append(" rows of ").append(file.getFileName()).append("\"\n");
        }
        if (output != null) {
            try {
                Files.writeString(output, yaml.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputError("--output", output + " cannot be written (does its folder exist?)");
            }
            out.println("wrote " + output);
        } else {
            out.print(yaml);
        }
        return 0;
    }

    private Set<Calibration.Factor> factors() {
        if (fit == null || fit.isEmpty()) {
            return Calibration.ALL;
        }
        Set<Calibration.Factor> s = EnumSet.noneOf(Calibration.Factor.class);
        for (String name : fit) {
            Calibration.Factor f = null;
            for (Calibration.Factor c : Calibration.Factor.values()) {
                if (c.key().equals(name.trim())) {
                    f = c;
                }
            }
            if (f == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fit: unknown factor '"
                        + name + "'; allowed: serving_compute, hbm, kv_hbm, moe_compute, layer_overhead_us, "
                        + "moe_layer_overhead_us, prefill_expert_overhead_us, collective_latency_us, "
                        + "collective_round_us");
            }
            s.add(f);
        }
        return s;
    }

    private static String line(String key, double v) {
        return String.format(Locale.ROOT, "    %s: %.4g%n", key, v);
    }
}
