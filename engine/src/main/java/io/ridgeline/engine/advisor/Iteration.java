package io.ridgeline.engine.advisor;

import io.ridgeline.facts.Design;
import java.util.List;
import java.util.Map;

/**
 * One turn of the design loop: the design judged, its key figures, the walls found and the binding one, the remedy
 * applied (null on the last turn), the alternatives recommended but not chosen, and those vetoed.
 */
public record Iteration(int index, String model, String gpu, Design design, Map<String, Object> estimate,
                        List<BottleneckView> bottlenecks, String binding, Applied applied,
                        List<Considered> alsoRecommended, List<Vetoed> vetoed, List<String> firedRules) {
}
