package io.ridgeline.engine.arithmetic.training;

/**
 * A guard for the numbers the training and RL bills put in their records (text is written by
 * {@link io.ridgeline.engine.text.Numbers}).
 */
public final class Quantities {

    private Quantities() {
    }

    /** Replaces NaN and infinities by 0, so that a record never carries a value JSON cannot hold. */
    public static double finite(double x) {
        return Double.isFinite(x) ? x : 0.0;
    }
}
