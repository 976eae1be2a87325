package io.ridgeline.facts;

import java.util.List;

/** What every bill (serving, training, RL) carries besides its own figures: the working and the verdict. */
public interface Bill {

    /** Every main number with its formula and the numbers substituted into it. */
    List<Figure> figures();

    /** What is over a limit, and by how much; empty when nothing is. */
    List<String> overLimits();

    /** Whether the design fits in memory. */
    boolean fits();
}
