package io.ridgeline.engine.advisor;

import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Finds, for the final design, the value of each main knob at which the wall changes. The wall at a knob value is
 * what the rulebase names there: the binding requirement, or when nothing binds, the resource walls. The search
 * steps geometrically (x2, /2) from the current value to bracket the first change, then bisects the bracket to one
 * unit (a root finding on the step function "wall differs from the current wall").
 */
final class FlipPointFinder {

    private static final int MAX_DOUBLINGS = 8;
    private static final int BISECTIONS = 24;
    private static final String INVALID = "invalid";

    private final DesignLoop<InferenceEstimate> loop;

    FlipPointFinder(DesignLoop<InferenceEstimate> loop) {
        this.loop = loop;
    }

    private record Knob(String name, String unit, double current, double min, double max, boolean integer,
                        BiFunction<Scenario, Double, Scenario> set, String meaning) {
    }

    List<FlipPoint> find(Scenario s) {
        if (s.inference() == null) {
            return List.of();
        }
        InferenceEstimate est = InferenceEstimator.estimate(s);
        List<Knob> knobs = new ArrayList<>();
        knobs.add(new Knob("batch", "sequences", Math.max(1, est.batch()), 1, 1 << 16, true,
                (sc, x) -> sc.withDesign(sc.design().withBatch((int) Math.round(x))),
                "concurrent sequences per replica"));
        knobs.add(new Knob("context_tokens", "tokens", Math.max(1, est.contextTokens()), 1, 1 << 22, true,
                (sc, x) -> sc.withInference(sc.inference().withContextTokens((int) Math.round(x))),
                "tokens held in the KV cache per sequence at decode"));
        knobs.add(new Knob("prompt_tokens", "tokens", Math.max(1, s.inference().promptTokens()), 1, 1 << 22, true,
                (sc, x) -> sc.withInference(sc.inference().withPromptTokens((int) Math.round(x))),
                "prompt length"));
        if (s.inference().requestsPerS() > 0) {
            knobs.add(new Knob("requests_per_s", "requests/s", s.inference().requestsPerS(), 1e-3, 1e7, false,
                    (sc, x) -> sc.withInference(sc.inference().withRequestsPerS(x)), "mean arrival rate"));
        }
        List<FlipPoint> out = new ArrayList<>();
        for (Knob k : knobs) {
            Scenario base = k.name().equals("batch") ? s.withDesign(s.design().withBatch((int) k.current())) : s;
            String wall = wallAt(base, k, k.current());
            flip(base, k, wall, 2.0).ifPresent(out::add);
            flip(base, k, wall, 0.5).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    private java.util.Optional<FlipPoint> flip(Scenario s, Knob k, String wall, double factor) {
        double inside = k.current();
        Double outside = null;
        String outsideWall = null;
        for (int i = 0; i < MAX_DOUBLINGS; i++) {
            double x = clamp(k, inside * factor);
            if (x == inside) {
                break;
            }
            String w = wallAt(s, k, x);
            if (w.equals(INVALID)) {
                break;
            }
            if (!w.equals(wall)) {
                outside = x;
                outsideWall = w;
                break;
            }
            inside = x;
        }
        if (outside == null) {
            return java.util.Optional.empty();
        }
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = k.integer() ? Math.floor((inside + outside) / 2) : (inside + outside) / 2;
            if (k.integer() && (mid == inside || mid == outside)) {
                break;
            }
            String w = wallAt(s, k, mid);
            if (w.equals(wall) || w.equals(INVALID)) {
                inside = mid;
            } else {
                outside = mid;
                outsideWall = w;
            }
            if (!k.integer() && Math.abs(outside - inside) <= 1e-3 * Math.abs(inside)) {
                break;
            }
        }
        return java.util.Optional.of(new FlipPoint(k.name(), k.unit(), k.current(), outside, wall, outsideWall,
                k.meaning()));
    }

    /** The wall at a knob value; {@code invalid} where the arithmetic refuses the value (a prompt below the shared
     * prefix, say), which ends the search in that direction. */
    private String wallAt(Scenario s, Knob k, double x) {
        Judgement j;
        try {
            j = loop.classify(k.set().apply(s, x));
        } catch (IllegalArgumentException refused) {
            return INVALID;
        }
        if (j.binding() != null) {
            return j.binding();
        }
        String resources = j.bottlenecks().stream().filter(b -> !b.kind().equals("requirement"))
                .map(BottleneckView::name).distinct().sorted().collect(Collectors.joining("+"));
        return resources.isEmpty() ? "none" : resources;
    }

    private static double clamp(Knob k, double x) {
        double v = Math.max(k.min(), Math.min(k.max(), x));
        return k.integer() ? Math.round(v) : v;
    }
}
