package io.ridgeline.engine.advisor;

import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.rules.RuleBase;
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
 * The design loop: bill the design, project every remedy, let the rules name the walls and decide, apply the
 * preferred remedy for the binding wall, and repeat until nothing binds (feasible), nothing applicable remains
 * (infeasible, with the reason), or the iteration cap. Same input, same output: the rules' conclusions are sorted
 * before use, and a design already visited is never a candidate again, so the loop cannot cycle.
 *
 * @param <E> the bill's record type
 */
public final class DesignLoop<E> {

    /** The loop's cap on iterations; reaching it is reported as {@code iteration_cap}. */
    public static final int ITERATION_CAP = 16;

    private final Judge judge;
    private final LoopDomain<E> domain;

    public DesignLoop(RuleBase rules, LoopDomain<E> domain) {
        this.judge = new Judge(rules);
        this.domain = domain;
    }

    public RuleBase rules() {
        return judge.rules();
    }

    public LoopDomain<E> domain() {
        return domain;
    }

    public Advice advise(Scenario start) {
        List<Iteration> iterations = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        Scenario s = start;
        String status = Advice.ITERATION_CAP;
        String stopReason = null;
        for (int i = 0; i < ITERATION_CAP; i++) {
            visited.add(key(s));
            E est = domain.estimate(s);
            Map<String, Remedy> byMechanism = new LinkedHashMap<>();
            Map<String, E> projected = new LinkedHashMap<>();
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
            String figure = domain.figureOf(j.binding());
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
        return new Advice(s.name(), s.kind().id(), status, stopReason, List.copyOf(iterations), s.model().id(),
                s.cluster().gpu().id(), s.design(), domain.estimate(s), flipPoints(s));
    }

    /** Where the design's wall changes along each of the domain's knobs (found by bisection on the wall). */
    public List<FlipPoint> flipPoints(Scenario s) {
        return new FlipPointFinder<>(this).find(s, domain.knobs(s));
    }

    /** Judges the design as given, with every remedy's projection. */
    public Judgement judge(Scenario s) {
        E est = domain.estimate(s);
        Map<String, Remedy> byMechanism = new LinkedHashMap<>();
        Map<String, E> projected = new LinkedHashMap<>();
        project(s, est, Set.of(), byMechanism, projected);
        return judgeWith(s, est, byMechanism, projected);
    }

    /** Classifies a design without projections: enough to name its walls (the flip-point search uses it). */
    public Judgement classify(Scenario s) {
        return judgeWith(s, domain.estimate(s), Map.of(), Map.of());
    }

    /**
     * Projects every candidate remedy not yet visited: its design and bill. A remedy whose design the arithmetic
     * refuses (a degree that no longer divides the heads, say) is not a candidate.
     */
    private void project(Scenario s, E est, Set<String> visited, Map<String, Remedy> byMechanism,
                         Map<String, E> projected) {
        for (Remedy r : domain.candidates(s, est)) {
            if (visited.contains(key(r.next()))) {
                continue;
            }
            try {
                projected.put(r.mechanism(), domain.estimate(r.next()));
                byMechanism.put(r.mechanism(), r);
            } catch (IllegalArgumentException refused) {
                // not a valid design: the mechanism is not available here
            }
        }
    }

    private Judgement judgeWith(Scenario s, E est, Map<String, Remedy> byMechanism, Map<String, E> projected) {
        List<Object> facts = new ArrayList<>(domain.facts(s, est));
        Map<String, Map<String, Object>> afterBy = new LinkedHashMap<>();
        byMechanism.forEach((m, r) -> {
            E after = projected.get(m);
            facts.add(domain.projection(r, after));
            Map<String, Object> afterValues = new LinkedHashMap<>(domain.values(r.next()));
            afterValues.putAll(Json.toMap(after));
            afterBy.put(m, afterValues);
        });
        Map<String, Object> now = new LinkedHashMap<>(domain.values(s));
        now.putAll(Json.toMap(est));
        return judge.judge(facts, now, afterBy);
    }

    private Optional<Judgement.Recommended> best(List<Judgement.Recommended> usable, String binding,
                                                 Map<String, E> projected) {
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        int top = usable.get(0).preference();
        String figure = domain.figureOf(binding);
        boolean higherIsBetter = domain.higherIsBetter(binding);
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
            String key = wall.unit().equals("B") ? "x_bytes" : "x";
            String unit = wall.unit().equals("B") ? "" : " " + wall.unit();
            sb.append(" (").append(Values.render(key, wall.value())).append(unit).append(" against a limit of ")
                    .append(Values.render(key, wall.limit())).append(unit).append(")");
        }
        List<Judgement.Recommended> recs = j.recommendations().stream()
                .filter(r -> r.bottleneck().equals(j.binding())).toList();
        if (recs.isEmpty()) {
            sb.append(": no rule recommends a mechanism for it");
        } else {
            List<String> parts = new ArrayList<>();
            for (Judgement.Recommended r : recs) {
                String why = j.vetoes().stream().filter(v -> v.mechanism().equals(r.mechanism()))
                        .map(v -> v.ruleId() + ": " + v.reason()).findFirst()
                        .orElse("already tried or not applicable here");
                parts.add(r.mechanism() + " (" + why + ")");
            }
            sb.append(": ").append(String.join("; ", parts));
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
