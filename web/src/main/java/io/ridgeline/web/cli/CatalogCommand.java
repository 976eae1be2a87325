package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.json.Json;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "List the GPU or model catalog (built-in, merged with --catalog DIR).")
final class CatalogCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WHICH", description = "gpus or models")
    String which;

    @Mixin
    Common common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Ridgeline r = common.ridgeline();
        var out = spec.commandLine().getOut();
        switch (which) {
            case "gpus" -> {
                List<Gpu> gpus = r.catalogs().gpus();
                if (common.json) {
                    out.println(Json.write(gpus));
                } else {
                    out.println(String.format(Locale.ROOT, "%-15s %10s %10s %8s %9s %11s %11s %6s %8s",
                            "id", "bf16 TF/s", "fp8 TF/s", "HBM GB", "HBM TB/s", "up GB/s/dir",
                            "out GB/s", "TDP W", "$/GPU-h"));
                    for (Gpu g : gpus) {
                        out.println(String.format(Locale.ROOT, "%-15s %10.0f %10s %8.0f %9.2f %11.0f %11.1f %6.0f %8.2f",
                                g.id(), g.peakFor(NumericFormat.BF16).orElse(0.0) / 1e12,
                                g.peakFor(NumericFormat.FP8).map(v -> String.format(Locale.ROOT, "%.0f", v / 1e12))
                                        .orElse("-"),
                                g.hbmBytes() / 1e9, g.hbmBytesPerS() / 1e12, g.scaleUpBytesPerS() / 1e9,
                                g.scaleOutBytesPerS() / 1e9, g.tdpWatts(), g.usdPerGpuHour()));
                    }
                    out.println("Prices are assumptions (see each GPU's price_note); override them with "
                            + "hardware.usd_per_gpu_hour.");
                }
            }
            case "models" -> {
                if (common.json) {
                    out.println(Json.write(r.modelRows()));
                } else {
                    out.println(String.format(Locale.ROOT, "%-16s %9s %9s %6s %7s %8s %5s %9s",
                            "id", "total B", "active B", "layers", "hidden", "heads/kv", "attn", "context"));
                    for (ModelArchitecture m : r.catalogs().models()) {
                        out.println(String.format(Locale.ROOT, "%-16s %9.2f %9.2f %6d %7d %8s %5s %9d", m.id(),
                                ParamCounter.totalParams(m) / 1e9, ParamCounter.activeParams(m) / 1e9, m.layers(),
                                m.hiddenSize(), m.attentionHeads() + "/" + m.kvHeads(), m.attention(),
                                m.maxContext()));
                    }
                }
            }
            default -> throw new IllegalArgumentException("catalog: unknown list '" + which
                    + "'; allowed: gpus, models");
        }
        return 0;
    }
}
