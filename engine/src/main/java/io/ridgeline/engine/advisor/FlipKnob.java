package io.ridgeline.engine.advisor;

import io.ridgeline.facts.Scenario;
import java.util.function.BiFunction;

/**
 * One knob the flip-point search turns: its current value, its range, whether it is a whole number, and how a value
 * is set into a scenario.
 */
public record FlipKnob(String name, String unit, double current, double min, double max, boolean integer,
                       BiFunction<Scenario, Double, Scenario> set, String meaning) {
}
