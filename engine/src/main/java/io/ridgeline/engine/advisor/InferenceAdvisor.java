package io.ridgeline.engine.advisor;

import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.ClusterLimits;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Projection;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The design loop for serving: estimate the bill, project every mechanism, let the rules name the walls and decide,
 * apply the preferred remedy for the binding wall, and repeat until nothing binds, nothing applicable remains, or
 * the iteration cap. Same input, same output: every list the rules produce is sorted before use.
 */
public final class InferenceAdvisor {

    /** The loop's cap on iterations; reaching it is reported as {@code iteration_cap}. */
    public static final int ITERATION_CAP = 16;

    private static final Map<String, String> BINDING_FIGURES = Map.of(
            "memory_capacity", "memory_over_bytes",
            "ttft_slo", "ttft_ms",
            "tpot_slo", "tpot_ms",
            "e2e_slo", "e2e_ms",
            "task_slo", "task_ms",
            "throughput", "requests_per_s_capacity",
            "cost", "cost_per_hour_usd");

    private final Judge judge;
    private final InferenceRemedies remedies;

    public InferenceAdvisor(RuleBase rules, Catalogs catalogs) {
        this.judge = new Judge(rules);
        this.remedies = new InferenceRemedies(catalogs);
    }

    public io.ridgeline.engine.rules.RuleBase rules() {
        return judge.rules();
    }

    public Advice advise(Scenario start) {
        List<Iteration> iterations = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        Scenario s = start;
        String status = Advice.ITERATION_CAP;
        String stopReason = null;
        for (int i = 0; i < ITERATION_CAP; i++) {
            visited.add(key(s));
            InferenceEstimate est = InferenceEstimator.estimate(s);
            Map<String, Remedy> byMechanism = new LinkedHashMap<>();
            Map<String, InferenceEstimate> projected = new LinkedHashMap<>();
            project(s, est, visited, byMechanism, projected);
            Judgement j = judgeWith(s, est, byMechanism, projected);
            Map<String, Object> figures = estimateView(est);
            if (j.binding() == null) {
                iterations.add(iteration(i, s, figures, j, null, List.of()));
                status = Advice.FEASIBLE;
                stopReason = "no requirement wall remains after " + i + " change" + (i == 1 ? "" : "s")
                        + resourceNote(j);
                break;
            }
            List<Judgement.Recommended> usable = j.recommendations().stream()
                    .filter(r -> r.bottleneck().equals(j.binding()))
                    .filter(r -> byMechanism.containsKey(r.mechanism()) && !j.vetoed(r.mechanism()))
                    .toList();
            Optional<Judgement.Recommended> pick = best(usable, j.binding(), projected);
            if (pick.isEmpty()) {
                iterations.add(iteration(i, s, figures, j, null, List.of()));
                status = Advice.INFEASIBLE;
                stopReason = infeasibleReason(j);
                break;
            }
            Judgement.Recommended chosen = pick.get();
            Remedy remedy = byMechanism.get(chosen.mechanism());
            String figure = BINDING_FIGURES.getOrDefault(j.binding(), "");
            Map<String, Object> after = Json.toMap(projected.get(chosen.mechanism()));
            Applied applied = new Applied(chosen.mechanism(), chosen.ruleId(), chosen.ruleName(), chosen.lesson(),
                    chosen.explanation(), remedy.change(), figure, number(figures.get(figure)),
                    number(after.get(figure)));
            List<Considered> others = usable.stream().filter(r -> r != chosen)
                    .map(r -> new Considered(r.mechanism(), r.ruleId(), r.preference(), r.explanation())).toList();
            iterations.add(iteration(i, s, figures, j, applied, others));
            s = remedy.next();
        }
        if (stopReason == null) {
            stopReason = "stopped at the iteration cap of " + ITERATION_CAP + " with "
                    + iterations.get(iterations.size() - 1).binding() + " still binding";
        }
        InferenceEstimate finalEstimate = InferenceEstimator.estimate(s);
        List<FlipPoint> flips = new FlipPointFinder(this).find(s);
        return new Advice(s.name(), s.kind().id(), status, stopReason, List.copyOf(iterations), s.model().id(),
                s.cluster().gpu().id(), s.design(), finalEstimate, flips);
    }

    /** Judges the design as given, without projections of other designs beyond the mechanisms' what-ifs. */
    public Judgement judge(Scenario s) {
        InferenceEstimate est = InferenceEstimator.estimate(s);
        Map<String, Remedy> byMechanism = new LinkedHashMap<>();
        Map<String, InferenceEstimate> projected = new LinkedHashMap<>();
        project(s, est, Set.of(), byMechanism, projected);
        return judgeWith(s, est, byMechanism, projected);
    }

    /**
     * Projects every candidate remedy not yet visited: its design and bill. A remedy whose design the arithmetic
     * refuses (a degree that no longer divides the heads, say) is not a candidate.
     */
    private void project(Scenario s, InferenceEstimate est, Set<String> visited, Map<String, Remedy> byMechanism,
                         Map<String, InferenceEstimate> projected) {
        for (Remedy r : remedies.candidates(s, est)) {
            if (visited.contains(key(r.next()))) {
                continue;
            }
            try {
                projected.put(r.mechanism(), InferenceEstimator.estimate(r.next()));
                byMechanism.put(r.mechanism(), r);
            } catch (IllegalArgumentException refused) {
                // not a valid design: the mechanism is not available here
            }
        }
    }

    /** Classifies a design without projections: enough to name its walls (used by the flip-point search). */
    Judgement classify(Scenario s) {
        return judgeWith(s, InferenceEstimator.estimate(s), Map.of(), Map.of());
    }

    private Judgement judgeWith(Scenario s, InferenceEstimate est, Map<String, Remedy> byMechanism,
                                Map<String, InferenceEstimate> projected) {
        List<Object> facts = new ArrayList<>(inputFacts(s));
        facts.add(est);
        Map<String, Map<String, Object>> afterBy = new LinkedHashMap<>();
        byMechanism.forEach((m, r) -> {
            InferenceEstimate after = projected.get(m);
            facts.add(new Projection(m, r.next().design(), after, r.change()));
            Map<String, Object> afterValues = new LinkedHashMap<>(scenarioValues(r.next()));
            afterValues.putAll(Json.toMap(after));
            afterBy.put(m, afterValues);
        });
        Map<String, Object> now = new LinkedHashMap<>(scenarioValues(s));
        now.putAll(Json.toMap(est));
        return judge.judge(facts, now, afterBy);
    }

    static List<Object> inputFacts(Scenario s) {
        List<Object> facts = new ArrayList<>();
        facts.add(s.model());
        facts.add(s.cluster());
        facts.add(s.cluster().gpu());
        facts.add(s.inference());
        facts.add(s.slo());
        facts.add(s.budget());
        facts.add(s.design());
        facts.add(s.preferences());
        facts.add(s.efficiency());
        facts.add(new ClusterLimits(s.cluster().totalGpus(), s.cluster().gpusPerNode(), s.budget().maxGpus(),
                s.budget().usdPerHour()));
        return facts;
    }

    /** Scenario values a rule's explanation may name, by snake_case key. */
    static Map<String, Object> scenarioValues(Scenario s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("model", s.model().id());
        v.put("gpu", s.cluster().gpu().id());
        v.put("gpus_per_node", s.cluster().gpusPerNode());
        v.put("cluster_gpus", s.cluster().totalGpus());
        v.put("hbm_bytes", s.cluster().gpu().hbmBytes());
        v.put("slo_percentile", s.slo().percentile());
        v.put("slo_ttft_ms", s.slo().ttftMs());
        v.put("slo_tpot_ms", s.slo().tpotMs());
        v.put("slo_e2e_ms", s.slo().e2eMs());
        v.put("slo_task_ms", s.slo().taskMs());
        v.put("slo_min_throughput_tokens_per_s", s.slo().minThroughputTokensPerS());
        v.put("budget_usd", s.budget().usdPerHour());
        v.put("max_gpus", s.budget().maxGpus());
        if (s.inference() != null) {
            v.put("requests_per_s", s.inference().requestsPerS());
            v.put("prompt_tokens", s.inference().promptTokens());
            v.put("output_tokens", s.inference().outputTokens());
            v.put("shared_prefix_tokens", s.inference().sharedPrefixTokens());
            v.put("peak_to_mean_ratio", s.inference().peakToMeanRatio());
            v.put("tool_calls_per_task", s.inference().toolCallsPerTask());
        }
        Design d = s.design();
        v.put("tp", d.tp());
        v.put("pp", d.pp());
        v.put("ep", d.ep());
        v.put("cp", d.cp());
        v.put("weights_format", d.weights().id());
        v.put("kv_format", d.kvCache().id());
        v.put("spec_draft_tokens", d.specDraftTokens());
        v.put("spec_acceptance_rate", d.specAcceptanceRate());
        return v;
    }

    private static Optional<Judgement.Recommended> best(List<Judgement.Recommended> usable, String binding,
                                                        Map<String, InferenceEstimate> projected) {
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        int top = usable.get(0).preference();
        String figure = BINDING_FIGURES.getOrDefault(binding, "");
        boolean higherIsBetter = binding.equals("throughput");
        ToDoubleFunction<Judgement.Recommended> relief = r -> {
            double v = number(Json.toMap(projected.get(r.mechanism())).get(figure));
            return higherIsBetter ? -v : v;
        };
        return usable.stream().filter(r -> r.preference() == top)
                .min((a, b) -> {
                    int c = Double.compare(relief.applyAsDouble(a), relief.applyAsDouble(b));
                    return c != 0 ? c : a.mechanism().compareTo(b.mechanism());
                });
    }

    private static String infeasibleReason(Judgement j) {
        BottleneckView wall = j.bottlenecks().stream().filter(b -> b.name().equals(j.binding())).findFirst()
                .orElse(null);
        StringBuilder sb = new StringBuilder("nothing relieves ").append(j.binding());
        if (wall != null) {
            sb.append(" (").append(Values.render(wall.unit().equals("B") ? "x_bytes" : "x", wall.value()))
                    .append(" against a limit of ")
                    .append(Values.render(wall.unit().equals("B") ? "x_bytes" : "x", wall.limit()))
                    .append(wall.unit().equals("B") ? "" : " " + wall.unit()).append(")");
        }
        List<Judgement.Recommended> recs = j.recommendations().stream()
                .filter(r -> r.bottleneck().equals(j.binding())).toList();
        if (recs.isEmpty()) {
            sb.append(": no rule recommends a mechanism for it");
        } else {
            sb.append(": ");
            List<String> parts = new ArrayList<>();
            for (Judgement.Recommended r : recs) {
                String why = j.vetoes().stream().filter(v -> v.mechanism().equals(r.mechanism()))
                        .map(v -> v.ruleId() + ": " + v.reason()).findFirst()
                        .orElse("already tried or unavailable");
                parts.add(r.mechanism() + " vetoed (" + why + ")");
            }
            sb.append(String.join("; ", parts));
        }
        return sb.toString();
    }

    private static String resourceNote(Judgement j) {
        List<String> walls = j.bottlenecks().stream().filter(b -> !b.kind().equals("requirement"))
                .map(BottleneckView::name).distinct().toList();
        return walls.isEmpty() ? "" : "; the figures are set by " + String.join(", ", walls);
    }

    private static Iteration iteration(int i, Scenario s, Map<String, Object> figures, Judgement j, Applied applied,
                                       List<Considered> others) {
        return new Iteration(i, s.model().id(), s.cluster().gpu().id(), s.design(), figures, j.bottlenecks(),
                j.binding(), applied, others, j.vetoes(), j.firedRules());
    }

    static Map<String, Object> estimateView(Object estimate) {
        Map<String, Object> m = Json.toMap(estimate);
        m.remove("figures");
        return m;
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static String key(Scenario s) {
        return (s.model().id() + "|" + s.cluster().gpu().id() + "|" + s.design()).toLowerCase(Locale.ROOT);
    }
}
