package io.ridgeline.engine.report;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.Iteration;
import io.ridgeline.engine.json.Json;
import io.ridgeline.facts.Figure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two advices, for a reviewer: two scenarios under one rulebase, or one scenario under two
 * rulebases. Each part lists only what differs: the status, the final design's fields, the walls met and the
 * binding one each turn, the remedies applied in order, the vetoes, the rules that fired, and the final figures
 * that moved by more than {@value #FIGURE_TOLERANCE} of their value.
 *
 * @param left          what the first side is (a file, or a rules folder)
 * @param right         what the second side is
 * @param status        both statuses, when they differ; empty otherwise
 * @param design        final-design fields that differ: name -> [left, right]
 * @param walls         walls met on one side only: "left" and "right" -> names
 * @param binding       the binding wall of each turn, both sides, when the sequences differ; empty otherwise
 * @param applied       the remedies applied in order ("mechanism (rule)"), both sides, when they differ
 * @param vetoes        "mechanism by rule" vetoed on one side only: "left" and "right" -> entries
 * @param fired         rules that fired on one side only: "left" and "right" -> ids
 * @param figures       final figures that moved: key -> [left, right, right / left]
 */
public record AdviceDiff(String left, String right, List<String> status, Map<String, List<Object>> design,
                         Map<String, List<String>> walls, Map<String, List<String>> binding,
                         Map<String, List<String>> applied, Map<String, List<String>> vetoes,
                         Map<String, List<String>> fired, Map<String, List<Object>> figures) {

    /** Relative change below which a figure counts as unchanged. */
    public static final double FIGURE_TOLERANCE = 0.001;

    public static AdviceDiff of(String left, Advice a, String right, Advice b) {
        List<String> status = Objects.equals(a.status(), b.status()) ? List.of() : List.of(a.status(), b.status());
        Map<String, List<Object>> design = new LinkedHashMap<>();
        Map<String, Object> da = designOf(a);
        Map<String, Object> db = designOf(b);
        Set<String> keys = new LinkedHashSet<>(da.keySet());
        keys.addAll(db.keySet());
        for (String k : keys) {
            if (!Objects.equals(da.get(k), db.get(k))) {
                design.put(k, listOf(da.get(k), db.get(k)));
            }
        }
        return new AdviceDiff(left, right, status, design,
                oneSided(walls(a), walls(b)), bothWhenDifferent(bindings(a), bindings(b)),
                bothWhenDifferent(applied(a), applied(b)), oneSided(vetoes(a), vetoes(b)),
                oneSided(fired(a), fired(b)), figures(a, b));
    }

    /** True when the two advices differ in nothing this diff compares. */
    public boolean same() {
        return status.isEmpty() && design.isEmpty() && walls.isEmpty() && binding.isEmpty() && applied.isEmpty()
                && vetoes.isEmpty() && fired.isEmpty() && figures.isEmpty();
    }

    /** The diff as text, one section a part that differs. */
    public String text() {
        StringBuilder b = new StringBuilder("Diff: ").append(left).append(" -> ").append(right).append('\n');
        if (same()) {
            return b.append("No difference in status, design, walls, remedies, vetoes, fired rules or figures.\n")
                    .toString();
        }
        if (!status.isEmpty()) {
            b.append("Status: ").append(status.get(0)).append(" -> ").append(status.get(1)).append('\n');
        }
        if (!design.isEmpty()) {
            b.append("Final design:\n");
            design.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v.get(0)).append(" -> ")
                    .append(v.get(1)).append('\n'));
        }
        sides(b, "Walls met on one side only", walls);
        if (!binding.isEmpty()) {
            b.append("Binding wall each turn:\n  ").append(left).append(": ")
                    .append(String.join(", ", binding.get("left"))).append("\n  ").append(right).append(": ")
                    .append(String.join(", ", binding.get("right"))).append('\n');
        }
        if (!applied.isEmpty()) {
            b.append("Remedies applied:\n  ").append(left).append(": ")
                    .append(String.join(", ", applied.get("left"))).append("\n  ").append(right).append(": ")
                    .append(String.join(", ", applied.get("right"))).append('\n');
        }
        sides(b, "Vetoes on one side only", vetoes);
        sides(b, "Rules fired on one side only", fired);
        if (!figures.isEmpty()) {
            b.append("Final figures that moved (more than ").append(Math.round(FIGURE_TOLERANCE * 1000) / 10.0)
                    .append("%):\n");
            figures.forEach((k, v) -> b.append("  ").append(k).append(": ")
                    .append(io.ridgeline.engine.advisor.Values.render(k, v.get(0))).append(" -> ")
                    .append(io.ridgeline.engine.advisor.Values.render(k, v.get(1)))
                    .append(String.format(Locale.ROOT, " (x%.3g)", (Double) v.get(2))).append('\n'));
        }
        return b.toString();
    }

    private void sides(StringBuilder b, String title, Map<String, List<String>> m) {
        if (m.isEmpty()) {
            return;
        }
        b.append(title).append(":\n");
        if (!m.get("left").isEmpty()) {
            b.append("  only ").append(left).append(": ").append(String.join(", ", m.get("left"))).append('\n');
        }
        if (!m.get("right").isEmpty()) {
            b.append("  only ").append(right).append(": ").append(String.join(", ", m.get("right"))).append('\n');
        }
    }

    private static Map<String, Object> designOf(Advice a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", a.finalModel());
        m.put("gpu", a.finalGpu());
        if (a.finalDesign() != null) {
            m.putAll(Json.toMap(a.finalDesign()));
        }
        return m;
    }

    private static List<Object> listOf(Object x, Object y) {
        List<Object> l = new ArrayList<>(2);
        l.add(x);
        l.add(y);
        return l;
    }

    private static List<String> walls(Advice a) {
        Set<String> s = new LinkedHashSet<>();
        for (Iteration it : a.iterations()) {
            it.bottlenecks().forEach(w -> s.add(w.name()));
        }
        return new ArrayList<>(s);
    }

    private static List<String> bindings(Advice a) {
        List<String> l = new ArrayList<>();
        for (Iteration it : a.iterations()) {
            l.add(it.binding() == null ? "none" : it.binding());
        }
        return l;
    }

    private static List<String> applied(Advice a) {
        List<String> l = new ArrayList<>();
        for (Iteration it : a.iterations()) {
            if (it.applied() != null) {
                l.add(it.applied().mechanism() + " (" + it.applied().ruleId() + ")");
            }
        }
        return l;
    }

    private static List<String> vetoes(Advice a) {
        Set<String> s = new LinkedHashSet<>();
        for (Iteration it : a.iterations()) {
            it.vetoed().forEach(v -> s.add(v.mechanism() + " by " + v.ruleId()));
        }
        return new ArrayList<>(s);
    }

    private static List<String> fired(Advice a) {
        Set<String> s = new LinkedHashSet<>();
        for (Iteration it : a.iterations()) {
            s.addAll(it.firedRules());
        }
        return new ArrayList<>(s);
    }

    /** Entries of each side that the other lacks; empty when neither has any. */
    private static Map<String, List<String>> oneSided(List<String> a, List<String> b) {
        List<String> onlyA = a.stream().filter(x -> !b.contains(x)).toList();
        List<String> onlyB = b.stream().filter(x -> !a.contains(x)).toList();
        if (onlyA.isEmpty() && onlyB.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("left", onlyA);
        m.put("right", onlyB);
        return m;
    }

    private static Map<String, List<String>> bothWhenDifferent(List<String> a, List<String> b) {
        if (a.equals(b)) {
            return Map.of();
        }
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("left", a);
        m.put("right", b);
        return m;
    }

    private static Map<String, List<Object>> figures(Advice a, Advice b) {
        Map<String, Double> fa = new LinkedHashMap<>();
        for (Figure f : a.finalEstimate().figures()) {
            fa.put(f.key(), f.value());
        }
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (Figure f : b.finalEstimate().figures()) {
            Double x = fa.get(f.key());
            double y = f.value();
            if (x == null || !Double.isFinite(x) || !Double.isFinite(y)) {
                continue;
            }
            double scale = Math.max(Math.abs(x), Math.abs(y));
            if (scale > 0 && Math.abs(y - x) / scale > FIGURE_TOLERANCE) {
                List<Object> v = new ArrayList<>(3);
                v.add(x);
                v.add(y);
                v.add(x == 0 ? Double.NaN : y / x);
                out.put(f.key(), v);
            }
        }
        return out;
    }
}
