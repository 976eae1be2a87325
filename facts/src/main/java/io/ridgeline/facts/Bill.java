package io.ridgeline.facts;

import java.util.List;

/**
 * What every bill (serving, training, RL) carries besides its own figures: the working and the verdict. The three
 * bills are the only ones: code that takes a bill takes one of them.
 */
public sealed interface Bill permits InferenceEstimate, TrainingEstimate, RlEstimate {

    /** Every main number with its formula and the numbers substituted into it. */
    List<Figure> figures();

    /** What is over a limit, and by how much; empty when nothing is. */
    List<String> overLimits();

    /** Whether the design fits in memory. */
    boolean fits();
}
