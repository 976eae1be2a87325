package io.ridgeline.engine.rules;

import io.ridgeline.engine.advisor.DesignLoop;
import io.ridgeline.engine.advisor.DomainAdvisor;
import io.ridgeline.engine.advisor.Remedy;
import io.ridgeline.engine.advisor.rl.RlRemedies;
import io.ridgeline.engine.advisor.serving.InferenceRemedies;
import io.ridgeline.engine.advisor.training.TrainingRemedies;
import io.ridgeline.engine.arithmetic.rl.RlStages;
import io.ridgeline.engine.json.Json;
import io.ridgeline.facts.Bill;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.SetAside;
import io.ridgeline.facts.WorkloadKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names rules and the engine share, each read from its one owner: the mechanisms the three domains' remedies
 * apply (InferenceRemedies, TrainingRemedies, RlRemedies), and the walls the built-in rulebase names when it
 * classifies a bill (every {@code new Bottleneck("...")} and {@code new Binding("...")} of its files), the RL step's
 * stages (RlStages) and the design loop's economy phases; the facts each domain's session holds and the names its
 * explanations may fill, read off one small scenario of each domain; and the unit a name's last words state.
 */
public final class Vocabulary {

    private static final Pattern INSERTED_WALL = Pattern.compile("new (?:Bottleneck|Binding)\\(\\s*\"([a-z0-9_]+)\"");

    private Vocabulary() {
    }

    /** Every mechanism a remedy applies, in any domain. */
    public static Set<String> mechanisms() {
        Set<String> out = new TreeSet<>();
        for (WorkloadKind kind : WorkloadKind.values()) {
            out.addAll(mechanisms(kind));
        }
        return Collections.unmodifiableSet(out);
    }

    /** The mechanisms one domain's remedies apply, in the order the remedies try them. */
    public static List<String> mechanisms(WorkloadKind kind) {
        return switch (kind) {
            case INFERENCE -> InferenceRemedies.MECHANISMS;
            case TRAINING -> TrainingRemedies.MECHANISMS;
            case RL -> RlRemedies.MECHANISMS;
        };
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

    /** The walls the engine names itself, each with what names it: the RL step's stages, the loop's economy phases. */
    public static Map<String, String> engineWalls() {
        Map<String, String> out = new LinkedHashMap<>();
        RlStages.STAGES.forEach(stage -> out.put(stage, "a stage of the RL step"));
        out.put(DesignLoop.ECONOMY, "the design loop's economy phase");
        out.put(DesignLoop.ECONOMY_DETOUR, "the design loop's economy phase (a detour)");
        return Collections.unmodifiableMap(out);
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
            out.addAll(engineWalls().keySet());
            return Collections.unmodifiableSet(out);
        }
    }

    /** The wall names the files insert (new Bottleneck("..."), new Binding("...")). */
    private static Set<String> inserted(Map<String, String> sources) {
        return insertedBy(sources).keySet();
    }

    /** Each wall name the files insert, with the files that insert it. */
    static Map<String, SortedSet<String>> insertedBy(Map<String, String> sources) {
        Map<String, SortedSet<String>> out = new TreeMap<>();
        for (Map.Entry<String, String> file : sources.entrySet()) {
            Matcher m = INSERTED_WALL.matcher(file.getValue());
            while (m.find()) {
                out.computeIfAbsent(m.group(1), w -> new TreeSet<>()).add(file.getKey());
            }
        }
        return out;
    }

    /**
     * A small scenario of each domain, for the facts its session holds and the names its explanations may use. The
     * serving one's SLO is out of reach, so that its bill carries breaches (facts of their own).
     */
    private static final List<String> SAMPLES = List.of("""
            name: placeholders-inference
            model: llama-3.1-8b
            hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
            workload: {requests_per_s: 1}
            slo: {tpot_ms: 1}
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
     * What one domain's session holds, read off a small scenario of it.
     *
     * @param facts        the types of the facts the rules may match, in the order the domain inserts them: its
     *                     inputs, its bill, a remedy's projection, and what the loop adds (walls set aside)
     * @param placeholders the names its explanations may fill: the bill's keys and the scenario values its advisor
     *                     hands the explanations
     */
    public record Session(WorkloadKind kind, List<Class<?>> facts, Set<String> placeholders) {
        public Session {
            facts = List.copyOf(facts);
            placeholders = Collections.unmodifiableSet(new TreeSet<>(placeholders));
        }
    }

    /** Each domain's session, in the order of {@link WorkloadKind}. */
    public static Map<WorkloadKind, Session> sessions(RuleBase rules) {
        io.ridgeline.engine.Ridgeline r = new io.ridgeline.engine.Ridgeline(
                io.ridgeline.engine.catalog.Catalogs.builtIn(), rules);
        Map<WorkloadKind, Session> out = new EnumMap<>(WorkloadKind.class);
        for (String text : SAMPLES) {
            Scenario s = r.parse(text, "placeholders");
            out.put(s.kind(), switch (s.kind()) {
                case INFERENCE -> session(s, new io.ridgeline.engine.advisor.serving.InferenceAdvisor(
                        rules, io.ridgeline.engine.catalog.Catalogs.builtIn()));
                case TRAINING -> session(s, new io.ridgeline.engine.advisor.training.TrainingAdvisor(rules));
                case RL -> session(s, new io.ridgeline.engine.advisor.rl.RlAdvisor(rules));
            });
        }
        return Collections.unmodifiableMap(out);
    }

    private static <E extends Bill> Session session(Scenario s, DomainAdvisor<E> advisor) {
        E estimate = advisor.estimate(s);
        Set<Class<?>> facts = new LinkedHashSet<>();
        for (Object fact : advisor.facts(s, estimate)) {
            facts.add(fact instanceof Enum<?> e ? e.getDeclaringClass() : fact.getClass());
        }
        for (Remedy remedy : advisor.candidates(s, estimate)) {
            try {
                facts.add(advisor.projection(remedy, advisor.projected(remedy.next())).getClass());
                break;
            } catch (IllegalArgumentException refused) {
                // not a valid design here: the next remedy's projection has the same type
            }
        }
        if (!advisor.efficiencyWalls().isEmpty()) {
            facts.add(SetAside.class);   // the loop inserts one for each efficiency wall it sets aside
        }
        Set<String> names = new TreeSet<>(advisor.values(s).keySet());
        names.addAll(Json.values(estimate).keySet());
        return new Session(s.kind(), new ArrayList<>(facts), names);
    }

    /**
     * The names a rule's explanation may fill ({@code {name}} and {@code {after.name}}), from their owners: every
     * key of each domain's bill (its record's fields, as the JSON names them) and of the scenario values the
     * domain's advisor hands the explanations, read off one small scenario of each domain.
     */
    public static Set<String> placeholders(RuleBase rules) {
        Set<String> out = new TreeSet<>();
        sessions(rules).values().forEach(session -> out.addAll(session.placeholders()));
        return Collections.unmodifiableSet(out);
    }

    /**
     * The unit a name's last words state, first match from the top: a snake_case key ({@code tpot_ms}) or a record
     * component ({@code tpotMs}, read as {@code tpot_ms}). More specific endings come before the ones they end with.
     */
    private static final List<Map.Entry<String, String>> UNIT_ENDINGS = List.of(
            Map.entry("bytes_per_s", "B/s"),
            Map.entry("flops_per_s", "FLOP/s"),
            Map.entry("tokens_per_s", "tokens/s"),
            Map.entry("requests_per_s", "requests/s"),
            Map.entry("per_s", "/s"),
            Map.entry("bytes_per_token", "B/token"),
            Map.entry("flops_per_token", "FLOP/token"),
            Map.entry("flops_per_byte", "FLOP/B"),
            Map.entry("arithmetic_intensity", "FLOP/B"),
            Map.entry("usd_per_gpu_hour", "USD/GPU-h"),
            Map.entry("per_gpu_hour", "/GPU-h"),
            Map.entry("usd_per_hour", "USD/h"),
            Map.entry("per_hour_usd", "USD/h"),
            Map.entry("usd", "USD"),
            Map.entry("bytes", "B"),
            Map.entry("flops", "FLOP"),
            Map.entry("params_b", "billion params"),
            Map.entry("params", "params"),
            Map.entry("ms", "ms"),
            Map.entry("us", "\u00b5s"),
            Map.entry("s", "s"),
            Map.entry("min", "min"),
            Map.entry("hours", "h"),
            Map.entry("days", "days"),
            Map.entry("watts", "W"),
            Map.entry("tokens", "tokens"),
            Map.entry("seq_len", "tokens"),
            Map.entry("max_context", "tokens"),
            Map.entry("batch", "sequences"),
            Map.entry("share", "fraction"),
            Map.entry("fraction", "fraction"),
            Map.entry("utilization", "fraction"),
            Map.entry("mfu", "fraction"),
            Map.entry("percentile", "fraction"),
            Map.entry("ratio", "ratio"));

    /** Last words that say what a figure is counted per, not what it is measured in: weight_bytes_per_gpu is in B. */
    private static final List<String> PER_WHAT = List.of("per_gpu", "per_replica", "per_node", "per_request",
            "per_step", "per_turn", "per_task", "per_prompt", "per_micro_batch", "per_sequence", "total", "capacity",
            "at_batch");

    /** Names whose words do not state their unit: the serving budget is per hour. */
    private static final Map<String, String> UNIT_OF_NAME = Map.of("budget_usd", "USD/h");

    /**
     * The unit a name states ({@code tpot_ms} or {@code tpotMs}: ms; {@code weight_bytes_per_gpu}: B), or "" for a
     * name that states none (a count, a flag, a name). A fraction runs from 0 to 1; B are bytes.
     */
    public static String unitOf(String name) {
        String key = name.indexOf('_') >= 0 || name.equals(name.toLowerCase(java.util.Locale.ROOT))
                ? name : Json.snake(name);
        String exact = UNIT_OF_NAME.get(key);
        if (exact != null) {
            return exact;
        }
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String per : PER_WHAT) {
                if (key.endsWith("_" + per)) {
                    key = key.substring(0, key.length() - per.length() - 1);
                    stripped = true;
                }
            }
        }
        for (Map.Entry<String, String> ending : UNIT_ENDINGS) {
            if (key.equals(ending.getKey()) || key.endsWith("_" + ending.getKey())) {
                return ending.getValue();
            }
        }
        return "";
    }
}
