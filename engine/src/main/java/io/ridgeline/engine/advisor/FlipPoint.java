package io.ridgeline.engine.advisor;

/**
 * Where the final design's binding wall would change if one knob moved: at {@code flipsAt} (in the knob's unit) the
 * wall goes from {@code from} to {@code to}.
 */
public record FlipPoint(String knob, String unit, double current, double flipsAt, String from, String to,
                        String meaning) {
}
