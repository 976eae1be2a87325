package io.ridgeline.engine.search;

import io.ridgeline.facts.Design;
import io.ridgeline.facts.Bill;

/**
 * The advice checked against the search: the cheapest feasible design the search found and the advised design's
 * cost over it. The search runs after the loop and never changes its answer; a ratio above
 * {@value #FINDING_RATIO} is a finding for rule authors, stated in {@code finding}.
 *
 * @param bestModel    the model the search's best design runs, or null when the search found nothing feasible
 * @param bestGpu      its GPU
 * @param bestDesign   its design
 * @param bestEstimate its bill
 * @param costRatio    serving: advised cost per hour / the search's best; pretraining: advised days / the search's
 *                     fewest; null when either is not feasible
 * @param finding      what the comparison means, in a sentence
 */
public record SearchCheck(String bestModel, String bestGpu, Design bestDesign, Bill bestEstimate,
                          Double costRatio, String finding) {

    /** Above this ratio the advice is worse than the search's best, and says so. */
    public static final double FINDING_RATIO = 1.05;
}
