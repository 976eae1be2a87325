package io.ridgeline.engine.advisor;

import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds, for the final design, the value of each main knob at which the wall changes. The wall at a knob value is
 * what the rulebase names there: the binding requirement, or when nothing binds, the resource walls with their
 * regimes (the HBM time spent on the weights against the KV cache, lesson 3a, is a flip of its own). The search
 * steps geometrically (x2, /2) from the current value to bracket the first change, then bisects the bracket to one
 * unit (a root finding on the step function "wall differs from the current wall").
 */
final class FlipPointFinder<E extends io.ridgeline.facts.Bill> {

    private static final int MAX_DOUBLINGS = 8;
    private static final int BISECTIONS = 24;
    /** A wall as the flip search tells them apart: its name and, where it has two, its regime (else null). */
    private record Wall(String name, String regime) {
    }

    private static final Wall INVALID = new Wall("invalid", null);

    private final DesignLoop<E> loop;

    FlipPointFinder(DesignLoop<E> loop) {
        this.loop = loop;
    }

    /** The flip points of the scenario's design along each knob, upward and downward. */
    List<FlipPoint> find(Scenario s, List<FlipKnob> knobs) {
        List<FlipPoint> out = new ArrayList<>();
        for (FlipKnob k : knobs) {
            Wall wall = wallAt(s, k, k.current());
            if (wall.equals(INVALID)) {
                continue;
            }
            flip(s, k, wall, 2.0).ifPresent(out::add);
            flip(s, k, wall, 0.5).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    private java.util.Optional<FlipPoint> flip(Scenario s, FlipKnob k, Wall wall, double factor) {
        double inside = k.current();
        Double outside = null;
        Wall outsideWall = null;
        for (int i = 0; i < MAX_DOUBLINGS; i++) {
            double x = clamp(k, inside * factor);
            if (x == inside) {
                break;
            }
            Wall w = wallAt(s, k, x);
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
            Wall w = wallAt(s, k, mid);
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
        return java.util.Optional.of(new FlipPoint(k.name(), k.unit(), k.current(), outside, wall.name(),
                outsideWall.name(), k.meaning(), wall.regime(), outsideWall.regime()));
    }

    /** The wall at a knob value; {@code invalid} where the arithmetic refuses the value (a prompt below the shared
     * prefix, say), which ends the search in that direction. */
    private Wall wallAt(Scenario s, FlipKnob k, double x) {
        Judgement j;
        try {
            j = loop.classify(k.set().apply(s, x));
        } catch (IllegalArgumentException refused) {
            return INVALID;
        }
        if (j.binding() != null) {
            return new Wall(j.binding(), null);
        }
        List<BottleneckView> resources = j.bottlenecks().stream().filter(b -> !b.kind().equals("requirement"))
                .sorted(java.util.Comparator.comparing(BottleneckView::name)).toList();
        String names = resources.stream().map(BottleneckView::name).distinct().collect(Collectors.joining("+"));
        String regimes = resources.stream().map(BottleneckView::regime).filter(java.util.Objects::nonNull).distinct()
                .collect(Collectors.joining("+"));
        return new Wall(names.isEmpty() ? "none" : names, regimes.isEmpty() ? null : regimes);
    }

    private static double clamp(FlipKnob k, double x) {
        double v = Math.max(k.min(), Math.min(k.max(), x));
        return k.integer() ? Math.round(v) : v;
    }
}
