package io.ridgeline.engine.advisor;

import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The design loop: bill the design, project every remedy, let the rules name the walls and decide, apply what they
 * recommend for the binding wall, and repeat until nothing binds and the bill's own requirement check is empty
 * (feasible), nothing applicable remains (infeasible, with the reason), or the iteration cap. A domain with a cost
 * (serving) explores the rules' remedies as a beam and continues into an economy phase ({@link #advise}); the others
 * take one design at a time. Same input, same output: the rules' conclusions are sorted before use, ties are broken
 * by name, and a design already visited is never a candidate again, so the loop cannot cycle.
 *
 * @param <E> the bill's record type
 */
public final class DesignLoop<E extends io.ridgeline.facts.Bill> {

    /** The loop's cap on iterations; reaching it is reported as {@code iteration_cap}. */
    public static final int ITERATION_CAP = 24;

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

    /**
     * The loop: for a domain with a cost, {@link #explore} (a beam over the rules' remedies, then their economy
     * steps); otherwise {@link #greedy}. A design is called feasible only when its bill's own requirement check is
     * empty.
     */
    public Advice advise(Scenario start) {
        return Double.isNaN(domain.costOf(domain.projected(start))) ? greedy(start) : explore(start);
    }

    /** Designs the loop keeps open at each depth of its exploration (a domain with a cost). */
    public static final int BEAM_WIDTH = 16;
    /** Open designs per depth that may share the same projected shortfall and cost. */
    public static final int SAME_BILL_SLOTS = 2;
    /** Depths without a better feasible design (by the objective) after which the exploration stops. */
    public static final int PATIENCE = 4;

    /** One design the exploration reached: its bill, its judgement, and the remedy that led to it. */
    private final class Node {
        final Scenario s;
        final E est;
        final Judgement j;
        final Map<String, Remedy> byMechanism = new LinkedHashMap<>();
        final Map<String, E> projected = new LinkedHashMap<>();
        final String wall;
        final List<Judgement.Recommended> usable;
        final Node parent;
        final Judgement.Recommended via;
        final int depth;

        Node(Scenario s, Node parent, Judgement.Recommended via, Set<DesignKey> visited) {
            this.s = s;
            this.parent = parent;
            this.via = via;
            this.depth = parent == null ? 0 : parent.depth + 1;
            this.est = domain.projected(s);
            project(s, est, visited, byMechanism, projected);
            this.j = judgeWith(s, est, byMechanism, projected, false);
            this.wall = j.binding() != null ? j.binding() : domain.meetsRequirements(est) ? ECONOMY : null;
            this.usable = usable(j);
        }

        /**
         * The remedies the rules recommend for the wall and no rule vetoes; in the economy phase (the rules say
         * which steps are worth taking: cheaper, the same cost, a step that opens a cheaper format) only those that
         * still meet every requirement.
         */
        List<Judgement.Recommended> usable(Judgement judgement) {
            if (wall == null) {
                return List.of();
            }
            List<Judgement.Recommended> recs = usableFor(judgement, wall, byMechanism);
            if (!wall.equals(ECONOMY)) {
                return recs;
            }
            // economy steps keep every requirement met, except a detour (for economy_detour) that the rules
            // recommend because a remedy may restore what it breaks for less
            List<Judgement.Recommended> out = new ArrayList<>(recs.stream()
                    .filter(r -> domain.meetsRequirements(projected.get(r.mechanism()))).toList());
            usableFor(judgement, ECONOMY_DETOUR, byMechanism).stream()
                    .filter(r -> out.stream().noneMatch(o -> o.mechanism().equals(r.mechanism())))
                    .forEach(out::add);
            return out;
        }

        /** The same judgement with every explanation rendered, for the trace. */
        Judgement rendered() {
            return judgeWith(s, est, byMechanism, projected, true);
        }

        boolean feasible() {
            return j.binding() == null && domain.meetsRequirements(est);
        }
    }

    /**
     * A remedy from an open design, ranked by the bill it projects before it is explored. Its design's text key, the
     * last tie-break, is written only when a comparison reaches it.
     */
    private static final class Step<N> {
        private final N from;
        private final Judgement.Recommended rec;
        private final Remedy remedy;
        private final double shortfall;
        private final double objective;
        private final double cost;
        private final double slack;
        private String key;

        Step(N from, Judgement.Recommended rec, Remedy remedy, double shortfall, double objective, double cost,
             double slack) {
            this.from = from;
            this.rec = rec;
            this.remedy = remedy;
            this.shortfall = shortfall;
            this.objective = objective;
            this.cost = cost;
            this.slack = slack;
        }

        N from() {
            return from;
        }

        Judgement.Recommended rec() {
            return rec;
        }

        Remedy remedy() {
            return remedy;
        }

        double shortfall() {
            return shortfall;
        }

        double objective() {
            return objective;
        }

        double cost() {
            return cost;
        }

        double slack() {
            return slack;
        }

        String key() {
            if (key == null) {
                key = DesignLoop.key(remedy.next());
            }
            return key;
        }

        DesignKey design() {
            return DesignKey.of(remedy.next());
        }
    }

    /**
     * A design as the loop tells designs apart: model, GPU, the design record (equal fields, same design) and a
     * pretraining run's data loader (its changes keep the layout).
     */
    private record DesignKey(String model, String gpu, io.ridgeline.facts.Design design,
                             io.ridgeline.facts.DataFeed data) {
        static DesignKey of(Scenario s) {
            return new DesignKey(s.model().id(), s.cluster().gpu().id(), s.design(),
                    s.training() == null ? null : s.training().data());
        }
    }

    /** The projected bill a step is grouped by when the beam keeps only a few steps with the same one. */
    private record BillKey(double shortfall, double objective, double cost) {
    }

    /**
     * The loop for a domain with a cost: a beam over the rules' remedies. From every open design it takes each
     * recommended, unvetoed remedy for the binding wall (or, once every requirement is met, for {@code economy}:
     * a design that meets every requirement for no more), ranks the designs they project by how far they still
     * fall short ({@link LoopDomain#shortfall}), then by the scenario's objective ({@link LoopDomain#objectiveOf}:
     * the cost by default), then by cost, then by the room left under the SLOs ({@link LoopDomain#slack}), and
     * keeps the best {@value #BEAM_WIDTH} open. It stops when nothing remains to try, after {@value #PATIENCE}
     * depths without a better feasible design, or at the cap. The answer is the feasible design reached that is
     * best by the objective (then the cheaper), and the trace is the path of rule-chosen remedies that leads to it;
     * with none, the design that came closest, with the reason nothing relieves it.
     */
    private Advice explore(Scenario start) {
        Set<DesignKey> visited = new HashSet<>();
        visited.add(DesignKey.of(start));
        Node root = new Node(start, null, null, visited);
        List<Node> open = List.of(root);
        Node best = root.feasible() ? root : null;
        Node closest = root;
        int lastGain = 0;
        boolean capped = false;
        for (int depth = 1; ; depth++) {
            io.ridgeline.engine.TimeBudget.check();
            List<Step<Node>> steps = new ArrayList<>();
            for (Node n : open) {
                for (Judgement.Recommended r : n.usable) {
                    Remedy remedy = n.byMechanism.get(r.mechanism());
                    E after = n.projected.get(r.mechanism());
                    steps.add(new Step<>(n, r, remedy, domain.shortfall(after),
                            domain.objectiveOf(remedy.next(), after), domain.costOf(after),
                            domain.slack(remedy.next(), after)));
                }
            }
            steps.sort(Comparator.comparingDouble((Step<Node> st) -> st.shortfall())
                    .thenComparingDouble(Step::objective).thenComparingDouble(Step::cost)
                    .thenComparingDouble(st -> -st.slack())
                    .thenComparingInt(st -> st.rec().preference()).thenComparing(Step::key));
            if (steps.isEmpty()) {
                break;
            }
            if (depth >= ITERATION_CAP) {
                capped = true;
                break;
            }
            List<Node> next = new ArrayList<>();
            Map<BillKey, Integer> perBill = new HashMap<>();
            // detours (cheaper designs that break a requirement, from a feasible one) get slots of their own, so that
            // the feasible steps, which rank first, do not crowd them out
            List<Step<Node>> ordered = new ArrayList<>();
            steps.stream().filter(st -> isDetour(st)).sorted(Comparator.comparingDouble((Step<Node> st) -> st.cost())
                    .thenComparingDouble(Step::shortfall).thenComparing(Step::key)).limit(DETOUR_SLOTS)
                    .forEach(ordered::add);
            steps.stream().filter(st -> !ordered.contains(st)).forEach(ordered::add);
            for (Step<Node> st : ordered) {
                if (next.size() == BEAM_WIDTH + DETOUR_SLOTS) {
                    break;
                }
                // designs that project the same shortfall and cost are mostly the same design with a feature that
                // changes nothing that counts: keep two of each, so the beam also holds steps that differ
                BillKey bill = new BillKey(st.shortfall(), st.objective(), st.cost());
                DesignKey design = st.design();
                if (perBill.getOrDefault(bill, 0) >= SAME_BILL_SLOTS || visited.contains(design)) {
                    continue;
                }
                perBill.merge(bill, 1, Integer::sum);
                visited.add(design);
                Node child = new Node(st.remedy().next(), st.from(), st.rec(), visited);
                next.add(child);
                if (child.feasible() && (best == null || better(child, best))) {
                    best = child;
                    lastGain = depth;
                }
                if (closer(child, closest)) {
                    closest = child;
                }
            }
            if (next.isEmpty() || (best != null && depth - lastGain >= PATIENCE)) {
                break;
            }
            open = next;
        }
        Node end = best != null ? best : closest;
        List<Node> path = new ArrayList<>();
        for (Node n = end; n != null; n = n.parent) {
            path.add(0, n);
        }
        List<Iteration> iterations = new ArrayList<>();
        int economySteps = 0;
        Judgement endJudgement = null;
        for (int i = 0; i < path.size(); i++) {
            Node n = path.get(i);
            Judgement j = n.rendered();
            // the trace shows the bill with its sentences; the exploration ran on the numbers alone
            E bill = domain.estimate(n.s);
            Map<String, Object> figures = estimateView(bill);
            if (i == path.size() - 1) {
                iterations.add(iteration(i, n.s, figures, j, null, List.of()));
                endJudgement = j;
                break;
            }
            List<Judgement.Recommended> usable = n.usable(j);
            String taken = path.get(i + 1).via.mechanism();
            Judgement.Recommended chosen = usable.stream().filter(r -> r.mechanism().equals(taken)).findFirst()
                    .orElse(path.get(i + 1).via);
            if (ECONOMY.equals(n.wall)) {
                economySteps++;
            }
            Remedy remedy = n.byMechanism.get(chosen.mechanism());
            String figure = ECONOMY.equals(n.wall) ? domain.economyFigure(n.s) : domain.figureOf(n.wall);
            Map<String, Object> after = Json.values(n.projected.get(chosen.mechanism()));
            Applied applied = new Applied(chosen.mechanism(), chosen.ruleId(), chosen.ruleName(), chosen.lesson(),
                    chosen.explanation(), remedy.change(), figure, number(Json.values(bill).get(figure)),
                    number(after.get(figure)));
            List<Considered> others = usable.stream().filter(r -> !r.mechanism().equals(chosen.mechanism()))
                    .map(r -> new Considered(r.mechanism(), r.ruleId(), r.preference(), r.explanation())).toList();
            iterations.add(iteration(i, n.s, figures, j, n.wall, applied, others));
        }
        int changes = path.size() - 1;
        String status;
        String stopReason;
        if (best != null) {
            status = Advice.FEASIBLE;
            stopReason = "no requirement wall remains after " + changes + " change" + (changes == 1 ? "" : "s")
                    + (economySteps > 0 ? " (" + economySteps + " of them " + domain.economyPurpose(end.s) + ")"
                    : "")
                    + resourceNote(endJudgement);
        } else if (capped) {
            status = Advice.ITERATION_CAP;
            stopReason = "stopped at the iteration cap of " + ITERATION_CAP + " with " + end.j.binding()
                    + " still binding";
        } else if (end.j.binding() == null) {
            status = Advice.INFEASIBLE;
            stopReason = "the bill is over a limit that no rule names as a wall: "
                    + String.join("; ", ((io.ridgeline.facts.Bill) domain.estimate(end.s)).overLimits());
        } else {
            status = Advice.INFEASIBLE;
            stopReason = infeasibleReason(endJudgement);
        }
        Scenario s = end.s;
        return new Advice(s.name(), s.kind().id(), status, stopReason, List.copyOf(iterations), s.model().id(),
                s.cluster().gpu().id(), s.design(), domain.estimate(s), flipPoints(s), null,
                s.training() == null ? null : s.training().data());
    }

    /**
     * Whether a design comes closer to meeting every requirement than another (less shortfall, then better by the
     * objective, then cheaper).
     */
    private boolean closer(Node a, Node b) {
        double sa = domain.shortfall(a.est);
        double sb = domain.shortfall(b.est);
        return sa < sb || (sa == sb && better(a, b));
    }

    /** Whether a design is better than another by the scenario's objective, then cheaper. */
    private boolean better(Node a, Node b) {
        double oa = domain.objectiveOf(a.s, a.est);
        double ob = domain.objectiveOf(b.s, b.est);
        return oa < ob || (oa == ob && domain.costOf(a.est) < domain.costOf(b.est));
    }

    /** The loop for a domain without a cost: one design at a time, the lowest-preference remedy that relieves. */
    private Advice greedy(Scenario start) {
        List<Iteration> iterations = new ArrayList<>();
        Set<DesignKey> visited = new HashSet<>();
        Scenario s = start;
        String status = Advice.ITERATION_CAP;
        String stopReason = null;
        // efficiency walls nothing relieved without lengthening the run, set aside for the rest of the run
        List<Object> setAside = new ArrayList<>();
        for (int i = 0; i < ITERATION_CAP; i++) {
            io.ridgeline.engine.TimeBudget.check();
            visited.add(DesignKey.of(s));
            E est = domain.estimate(s);
            Map<String, Remedy> byMechanism = new LinkedHashMap<>();
            Map<String, E> projected = new LinkedHashMap<>();
            project(s, est, visited, byMechanism, projected);
            Judgement j = judgeWith(s, est, byMechanism, projected, true, setAside);
            Map<String, Object> figures = estimateView(est);
            if (j.binding() == null) {
                iterations.add(iteration(i, s, figures, j, null, List.of()));
                if (domain.meetsRequirements(est)) {
                    status = Advice.FEASIBLE;
                    stopReason = "no requirement wall remains after " + changes(iterations) + " change"
                            + (changes(iterations) == 1 ? "" : "s") + setAsideNote(setAside) + resourceNote(j);
                } else {
                    status = Advice.INFEASIBLE;
                    stopReason = "the bill is over a limit that no rule names as a wall: "
                            + String.join("; ", ((io.ridgeline.facts.Bill) est).overLimits());
                }
                break;
            }
            List<Judgement.Recommended> usable = usableFor(j, j.binding(), byMechanism);
            Optional<Judgement.Recommended> pick = best(usable, j.binding(), projected);
            boolean atObjective = j.binding().equals(domain.objectiveWall(s)) && domain.meetsRequirements(est);
            if (pick.isEmpty() && domain.efficiencyWalls().contains(j.binding()) && domain.meetsRequirements(est)) {
                // nothing relieves this efficiency wall without lengthening the run: set it aside, judge again
                iterations.add(iteration(i, s, figures, j, null, List.of()));
                setAside.add(new io.ridgeline.facts.SetAside(j.binding()));
                continue;
            }
            if (pick.isEmpty()) {
                iterations.add(iteration(i, s, figures, j, null, List.of()));
                if (atObjective) {
                    // every requirement holds, and no change the rules back lowers the objective enough to take
                    status = Advice.FEASIBLE;
                    stopReason = "no requirement wall remains after " + changes(iterations) + " change"
                            + (changes(iterations) == 1 ? "" : "s") + ", and " + domain.objectiveStop(s)
                            + setAsideNote(setAside) + resourceNote(j);
                } else {
                    status = Advice.INFEASIBLE;
                    stopReason = infeasibleReason(j);
                }
                break;
            }
            Judgement.Recommended chosen = pick.get();
            Remedy remedy = byMechanism.get(chosen.mechanism());
            String figure = domain.figureOf(j.binding());
            Map<String, Object> after = Json.values(projected.get(chosen.mechanism()));
            Applied applied = new Applied(chosen.mechanism(), chosen.ruleId(), chosen.ruleName(), chosen.lesson(),
                    chosen.explanation(), remedy.change(), figure, number(Json.values(est).get(figure)),
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
                s.cluster().gpu().id(), s.design(), domain.estimate(s), flipPoints(s), null,
                s.training() == null ? null : s.training().data());
    }

    /** Open slots kept for detours: cheaper designs, one step from a feasible one, that break a requirement. */
    public static final int DETOUR_SLOTS = 2;

    /** The recommendations' wall for a detour of the economy phase. */
    public static final String ECONOMY_DETOUR = "economy_detour";

    private boolean isDetour(Step<Node> st) {
        return ECONOMY.equals(st.from().wall) && st.rec().bottleneck().equals(ECONOMY_DETOUR);
    }

    /** The pseudo-wall of the economy phase: recommendations for a cheaper design that meets every requirement. */
    public static final String ECONOMY = "economy";

    private static List<Judgement.Recommended> usableFor(Judgement j, String wall, Map<String, Remedy> byMechanism) {
        return j.recommendations().stream()
                .filter(r -> r.bottleneck().equals(wall))
                .filter(r -> byMechanism.containsKey(r.mechanism()) && !j.vetoed(r.mechanism()))
                .toList();
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
        return judgeWith(s, domain.projected(s), Map.of(), Map.of(), false);
    }

    /**
     * Projects every candidate remedy not yet visited: its design and bill. A remedy whose design the arithmetic
     * refuses (a degree that no longer divides the heads, say) is not a candidate.
     */
    private void project(Scenario s, E est, Set<DesignKey> visited, Map<String, Remedy> byMechanism,
                         Map<String, E> projected) {
        for (Remedy r : domain.candidates(s, est)) {
            if (visited.contains(DesignKey.of(r.next()))) {
                continue;
            }
            try {
                projected.put(r.mechanism(), domain.projected(r.next()));
                byMechanism.put(r.mechanism(), r);
            } catch (IllegalArgumentException refused) {
                // not a valid design: the mechanism is not available here
            }
        }
    }

    private Judgement judgeWith(Scenario s, E est, Map<String, Remedy> byMechanism, Map<String, E> projected) {
        return judgeWith(s, est, byMechanism, projected, true);
    }

    /**
     * Fires the rules over the design and its projections. Without {@code render} the conclusions come without
     * their explanations (empty), which is all a design that is only explored, or a flip-point probe, needs.
     */
    private Judgement judgeWith(Scenario s, E est, Map<String, Remedy> byMechanism, Map<String, E> projected,
                                boolean render) {
        return judgeWith(s, est, byMechanism, projected, render, List.of());
    }

    /** As above with further facts (the walls the loop has set aside). */
    private Judgement judgeWith(Scenario s, E est, Map<String, Remedy> byMechanism, Map<String, E> projected,
                                boolean render, List<Object> extra) {
        List<Object> facts = new ArrayList<>(domain.facts(s, est));
        facts.addAll(extra);
        Map<String, Map<String, Object>> afterBy = new LinkedHashMap<>();
        byMechanism.forEach((m, r) -> {
            E after = projected.get(m);
            facts.add(domain.projection(r, after));
            if (render) {
                Map<String, Object> afterValues = new LinkedHashMap<>(domain.values(r.next()));
                afterValues.putAll(Json.values(after));
                afterBy.put(m, afterValues);
            }
        });
        if (!render) {
            return judge.judge(facts, null, afterBy);
        }
        Map<String, Object> now = new LinkedHashMap<>(domain.values(s));
        now.putAll(Json.values(est));
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
            double v = number(Json.values(projected.get(r.mechanism())).get(figure));
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

    /** The changes the trace applied. */
    private static int changes(List<Iteration> iterations) {
        return (int) iterations.stream().filter(it -> it.applied() != null).count();
    }

    private static String setAsideNote(List<Object> setAside) {
        return setAside.isEmpty() ? "" : "; set aside, as nothing relieved them without lengthening the run: "
                + String.join(", ", setAside.stream().map(o -> ((io.ridgeline.facts.SetAside) o).wall()).toList());
    }

    private static String resourceNote(Judgement j) {
        List<String> walls = j.bottlenecks().stream().filter(b -> !b.kind().equals("requirement"))
                .map(BottleneckView::name).distinct().toList();
        return walls.isEmpty() ? "" : "; the figures are set by " + String.join(", ", walls);
    }

    private static Iteration iteration(int i, Scenario s, Map<String, Object> figures, Judgement j, Applied applied,
                                       List<Considered> others) {
        return iteration(i, s, figures, j, j.binding(), applied, others);
    }

    private static Iteration iteration(int i, Scenario s, Map<String, Object> figures, Judgement j, String binding,
                                       Applied applied, List<Considered> others) {
        return new Iteration(i, s.model().id(), s.cluster().gpu().id(), s.design(), figures, j.bottlenecks(),
                binding, applied, others, j.vetoes(), j.firedRules());
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
