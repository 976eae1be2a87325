package io.ridgeline.engine.catalog;

import io.ridgeline.facts.EfficiencyFactors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the {@code families} of {@code efficiency.yaml} into one {@link EfficiencyFactors} per GPU family.
 * A family either states compute, hbm and link with a source each, or names another family with
 * {@code same_as} (a family that states its own factors; no chains) and says in {@code note} why its own measurement is missing.
 */
final class EfficiencyEntries {

    private static final Set<String> MEASURED_KEYS = Set.of("compute", "compute_source", "hbm", "hbm_source", "link",
            "link_source", "serving_compute", "kv_hbm", "moe_compute", "layer_overhead_us", "moe_layer_overhead_us", "prefill_expert_overhead_us",
            "collective_latency_us", "collective_round_us", "engines", "serving_source", "activation_passes",
            "training_source", "fp8_compute", "fp8_compute_source", "weight_stream_exposed");
    private static final Set<String> ENGINE_KEYS = Set.of("layer_overhead_us", "moe_layer_overhead_us", "collective_round_us",
            "source");

    /**
     * A serving engine's own fixed costs on a family, laid over the family's ({@link EfficiencyFactors#withEngine});
     * NaN where the engine has none of its own.
     */
    record EngineCosts(double layerOverheadUs, double moeLayerOverheadUs, double collectiveRoundUs, String source) {
        EfficiencyFactors over(EfficiencyFactors family, String engine) {
            List<String> stated = new ArrayList<>();
            if (!Double.isNaN(layerOverheadUs)) {
                stated.add("layer_overhead_us " + layerOverheadUs);
            }
            if (!Double.isNaN(moeLayerOverheadUs)) {
                stated.add("moe_layer_overhead_us " + moeLayerOverheadUs);
            }
            if (!Double.isNaN(collectiveRoundUs)) {
                stated.add("collective_round_us " + collectiveRoundUs);
            }
            return family.withEngine(layerOverheadUs, moeLayerOverheadUs, collectiveRoundUs, "engine " + engine
                    + (stated.isEmpty() ? "" : ": " + String.join(", ", stated)) + ": " + source);
        }
    }
    private static final Set<String> CARRIED_KEYS = Set.of("same_as", "note");

    private EfficiencyEntries() {
    }

    /** @param families family name -> its fields, each already named for messages */
    static Map<String, EfficiencyFactors> parse(Map<String, Fields> families) {
        Map<String, EfficiencyFactors> out = new TreeMap<>();
        for (Map.Entry<String, Fields> f : families.entrySet()) {
            if (!f.getValue().has("same_as")) {
                out.put(f.getKey(), measured(f.getValue()));
            }
        }
        for (Map.Entry<String, Fields> f : families.entrySet()) {
            Fields e = f.getValue();
            if (e.has("same_as")) {
                e.rejectUnknown(CARRIED_KEYS);
                String base = e.text("same_as");
                EfficiencyFactors from = out.get(base);
                if (from == null) {
                    throw e.fail("same_as", "must name a family that states its own factors, one of "
                            + String.join(", ", measuredNames(families)) + ", got '" + base + "'");
                }
                String note = e.text("note");
                out.put(f.getKey(), new EfficiencyFactors(from.compute(), from.hbm(), from.link(),
                        from.servingCompute(), from.kvHbm(), from.moeCompute(), from.layerOverheadUs(),
                        from.moeLayerOverheadUs(), from.prefillExpertOverheadUs(), from.collectiveLatencyUs(),
                        note + " (from " + base + ") - " + from.source(), from.activationPasses(),
                        from.collectiveRoundUs(), from.fp8Compute(), from.weightStreamExposed()));
            }
        }
        return out;
    }

    private static EfficiencyFactors measured(Fields e) {
        e.rejectUnknown(MEASURED_KEYS);
        double compute = e.positive("compute", 1, "(a fraction of peak)");
        double hbm = e.positive("hbm", 1, "(a fraction of peak)");
        double link = e.positive("link", 1, "(a fraction of peak)");
        double fp8Compute = e.number("fp8_compute", 0.01, 1, compute, "(a fraction of the fp8 peak)");
        // the serving engine's terms: absent, the roofline alone (KV at the weight stream's share, experts at the
        // dense share, no fixed cost per layer, the default collective latency)
        double servingCompute = e.number("serving_compute", 0.01, 1, compute, "(a fraction of peak)");
        double kvHbm = e.number("kv_hbm", 0.01, 1, hbm, "(a fraction of peak)");
        double moeCompute = e.number("moe_compute", 0.01, 1, compute, "(a fraction of peak)");
        double layerUs = e.number("layer_overhead_us", 0, 1000, 0, "microseconds");
        double moeLayerUs = e.number("moe_layer_overhead_us", 0, 1000, 0, "microseconds");
        double expertUs = e.number("prefill_expert_overhead_us", 0, 1000, 0, "microseconds");
        double alphaUs = e.number("collective_latency_us", 0.1, 1000,
                EfficiencyFactors.DEFAULT_COLLECTIVE_LATENCY_US, "microseconds");
        double roundUs = e.number("collective_round_us", 0, 1000, 0, "microseconds");
        String source = "compute " + compute + ": " + e.text("compute_source")
                + "; hbm " + hbm + ": " + e.text("hbm_source")
                + "; link " + link + ": " + e.text("link_source")
                + e.optionalText("fp8_compute_source").map(t -> "; fp8_compute " + fp8Compute + ": " + t).orElse("")
                + e.optionalText("serving_source").map(t -> "; serving_compute " + servingCompute + ", kv_hbm " + kvHbm + ", moe_compute " + moeCompute
                + ", layer_overhead_us " + layerUs + ", moe_layer_overhead_us " + moeLayerUs
                + ", prefill_expert_overhead_us " + expertUs
                + ", collective_latency_us " + alphaUs + ", collective_round_us " + roundUs + ": " + t).orElse("");
        double passes = e.number("activation_passes", 0, 100, 0, "(passes over the activations)");
        double weightStream = e.number("weight_stream_exposed", 0, 1, 0, "(a share of the weight stream)");
        String withTraining = source + e.optionalText("training_source")
                .map(t -> "; activation_passes " + passes + ", weight_stream_exposed " + weightStream + ": " + t)
                .orElse("");
        return new EfficiencyFactors(compute, hbm, link, servingCompute, kvHbm, moeCompute, layerUs, moeLayerUs,
                expertUs, alphaUs, withTraining, passes, roundUs, fp8Compute, weightStream);
    }

    /**
     * The engines' own fixed costs per family: a family's {@code engines} mapping (engine id -> layer_overhead_us,
     * moe_layer_overhead_us, collective_round_us, each optional, and a source), a {@code same_as} family's those of the family it names.
     */
    static Map<String, Map<String, EngineCosts>> engines(Map<String, Fields> families) {
        Map<String, Map<String, EngineCosts>> out = new TreeMap<>();
        for (Map.Entry<String, Fields> f : families.entrySet()) {
            if (!f.getValue().has("same_as")) {
                out.put(f.getKey(), engineCosts(f.getValue()));
            }
        }
        for (Map.Entry<String, Fields> f : families.entrySet()) {
            if (f.getValue().has("same_as")) {
                out.put(f.getKey(), out.getOrDefault(f.getValue().text("same_as"), Map.of()));
            }
        }
        return out;
    }

    private static Map<String, EngineCosts> engineCosts(Fields family) {
        Map<String, EngineCosts> out = new TreeMap<>();
        family.object("engines").ifPresent(engines -> {
            for (String id : engines.keys()) {
                if (!io.ridgeline.facts.EngineScheduling.ENGINES.contains(id)) {
                    throw engines.fail(id, "is not an engine; allowed: "
                            + String.join(", ", io.ridgeline.facts.EngineScheduling.ENGINES));
                }
                Fields e = engines.object(id).orElseThrow(() -> engines.fail(id, "must map layer_overhead_us, "
                        + "moe_layer_overhead_us, collective_round_us and source to values"));
                e.rejectUnknown(ENGINE_KEYS);
                out.put(id, new EngineCosts(
                        e.has("layer_overhead_us") ? e.number("layer_overhead_us", 0, 1000, 0, "microseconds")
                                : Double.NaN,
                        e.has("moe_layer_overhead_us")
                                ? e.number("moe_layer_overhead_us", 0, 1000, 0, "microseconds") : Double.NaN,
                        e.has("collective_round_us") ? e.number("collective_round_us", 0, 1000, 0, "microseconds")
                                : Double.NaN,
                        e.text("source")));
            }
        });
        return out;
    }

    private static Set<String> measuredNames(Map<String, Fields> families) {
        Set<String> names = new TreeSet<>();
        families.forEach((name, f) -> {
            if (!f.has("same_as")) {
                names.add(name);
            }
        });
        return names;
    }
}
