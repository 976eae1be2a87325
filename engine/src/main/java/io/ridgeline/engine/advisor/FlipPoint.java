package io.ridgeline.engine.advisor;

/**
 * Where the final design's binding wall would change if one knob moved: at {@code flipsAt} (in the knob's unit) the
 * wall goes from {@code from} to {@code to}. Where a wall has two regimes (HBM bandwidth spent on the weights or on
 * the KV cache), {@code fromRegime} and {@code toRegime} say which, and a flip may be from one regime of a wall to
 * the other; null where the wall has one.
 */
public record FlipPoint(String knob, String unit, double current, double flipsAt, String from, String to,
                        String meaning, String fromRegime, String toRegime) {

    /** The wall before the flip, with its regime in brackets when it has one. */
    public String fromNamed() {
        return fromRegime == null ? from : from + " (" + fromRegime + ")";
    }

    /** The wall after the flip, with its regime in brackets when it has one. */
    public String toNamed() {
        return toRegime == null ? to : to + " (" + toRegime + ")";
    }
}
