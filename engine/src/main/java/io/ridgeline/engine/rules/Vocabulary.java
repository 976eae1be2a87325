package io.ridgeline.engine.rules;

import io.ridgeline.engine.advisor.DesignLoop;
import io.ridgeline.engine.advisor.rl.RlRemedies;
import io.ridgeline.engine.advisor.serving.InferenceRemedies;
import io.ridgeline.engine.advisor.training.TrainingRemedies;
import io.ridgeline.engine.arithmetic.rl.RlStages;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names rules and the engine share, each read from its one owner: the mechanisms the three domains' remedies
 * apply (InferenceRemedies, TrainingRemedies, RlRemedies), and the walls the built-in rulebase names when it
 * classifies a bill (every {@code new Bottleneck("...")} and {@code new Binding("...")} of its files), the RL step's
 * stages (RlStages) and the design loop's economy phases.
 */
public final class Vocabulary {

    private static final Pattern INSERTED_WALL = Pattern.compile("new (?:Bottleneck|Binding)\\(\\s*\"([a-z0-9_]+)\"");

    private Vocabulary() {
    }

    /** Every mechanism a remedy applies, in any domain. */
    public static Set<String> mechanisms() {
        Set<String> out = new TreeSet<>();
        out.addAll(InferenceRemedies.MECHANISMS);
        out.addAll(TrainingRemedies.MECHANISMS);
        out.addAll(RlRemedies.MECHANISMS);
        return Collections.unmodifiableSet(out);
    }

    /**
     * The regimes a wall with two sides carries ({@link io.ridgeline.facts.Bottleneck#regime}), owned by the
     * Bottleneck fact.
     */
    public static Set<String> regimes() {
        return Collections.unmodifiableSet(new TreeSet<>(io.ridgeline.facts.Bottleneck.REGIMES));
    }

    /** Every wall the built-in rulebase (when it is on the classpath) and the engine name. */
    public static Set<String> walls() {
        return walls(Map.of());
    }

    /** The built-in walls and those the given rule files insert themselves. */
    static Set<String> walls(Map<String, String> sources) {
        Set<String> out = new TreeSet<>(BuiltIn.WALLS);
        out.addAll(inserted(sources));
        return Collections.unmodifiableSet(out);
    }

    /** The walls the built-in rule files insert, the RL stages and the loop's phases, read once. */
    private static final class BuiltIn {
        static final Set<String> WALLS = builtInWalls();

        private static Set<String> builtInWalls() {
            Set<String> out = new TreeSet<>();
            try {
                out.addAll(inserted(RuleBase.builtInSources()));
            } catch (IllegalStateException e) {
                // the engine alone, without the rules module: only the engine's own names
            }
            out.addAll(RlStages.STAGES);
            out.add(DesignLoop.ECONOMY);
            out.add(DesignLoop.ECONOMY_DETOUR);
            return Collections.unmodifiableSet(out);
        }
    }

    /** The wall names the files insert (new Bottleneck("..."), new Binding("...")). */
    private static Set<String> inserted(Map<String, String> sources) {
        Set<String> out = new TreeSet<>();
        for (String text : sources.values()) {
            Matcher m = INSERTED_WALL.matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** A small scenario of each domain, for the names its explanations may use. */
    private static final java.util.List<String> SAMPLES = java.util.List.of("""
            name: placeholders-inference
            model: llama-3.1-8b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
            workload: {requests_per_s: 1}
            """, """
            name: placeholders-training
            kind: training
            model: llama-3.1-8b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
            workload: {tokens: 1.0e9, seq_len: 4096, global_batch_tokens: 4194304}
            """, """
            name: placeholders-rl
            kind: rl
            model: qwen2.5-7b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 2}
            """);

    /**
     * The names a rule's explanation may fill ({@code {name}} and {@code {after.name}}), from their owners: every
     * key of each domain's bill (its record's fields, as the JSON names them) and of the scenario values the
     * domain's advisor hands the explanations, read off one small scenario of each domain.
     */
    public static Set<String> placeholders(RuleBase rules) {
        io.ridgeline.engine.Ridgeline r = new io.ridgeline.engine.Ridgeline(
                io.ridgeline.engine.catalog.Catalogs.builtIn(), rules);
        io.ridgeline.engine.advisor.serving.InferenceAdvisor inference = new io.ridgeline.engine.advisor.serving.InferenceAdvisor(
                rules, io.ridgeline.engine.catalog.Catalogs.builtIn());
        io.ridgeline.engine.advisor.training.TrainingAdvisor training =
                new io.ridgeline.engine.advisor.training.TrainingAdvisor(rules);
        io.ridgeline.engine.advisor.rl.RlAdvisor rl = new io.ridgeline.engine.advisor.rl.RlAdvisor(rules);
        Set<String> out = new TreeSet<>();
        for (String text : SAMPLES) {
            io.ridgeline.facts.Scenario s = r.parse(text, "placeholders");
            switch (s.kind()) {
                case INFERENCE -> {
                    out.addAll(inference.values(s).keySet());
                    out.addAll(io.ridgeline.engine.json.Json.values(inference.estimate(s)).keySet());
                }
                case TRAINING -> {
                    out.addAll(training.values(s).keySet());
                    out.addAll(io.ridgeline.engine.json.Json.values(training.estimate(s)).keySet());
                }
                case RL -> {
                    out.addAll(rl.values(s).keySet());
                    out.addAll(io.ridgeline.engine.json.Json.values(rl.estimate(s)).keySet());
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
