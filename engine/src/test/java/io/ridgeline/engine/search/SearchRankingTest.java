package io.ridgeline.engine.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.facts.Objective;
import io.ridgeline.facts.WorkloadKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchRankingTest {

    private record P(String name, double cost, double latency) {
    }

    private static List<String> front(P... points) {
        return SearchRanking.front(List.of(points), P::cost, P::latency, Comparator.comparing(P::name)).stream()
                .map(P::name).toList();
    }

    @Test
    void theFrontKeepsThePointsNoOtherIsAtOrUnderOnBothCheapestFirst() {
        // a (1, 10): cheapest. b (2, 8): faster than a. c (2, 9): same cost as b, slower: beaten by b.
        // d (3, 8): dearer than b, no faster: beaten. e (4, 1): fastest. f (5, 5): beaten by e on both.
        assertThat(front(new P("f", 5, 5), new P("d", 3, 8), new P("a", 1, 10), new P("e", 4, 1),
                new P("c", 2, 9), new P("b", 2, 8))).containsExactly("a", "b", "e");
    }

    @Test
    void ofTwoEqualPointsTheFirstByTheTieBreakStays() {
        // y and x are the same point (3, 3): one stays, x, first by name; z (1, 7) is cheaper and slower
        assertThat(front(new P("y", 3, 3), new P("x", 3, 3), new P("z", 1, 7))).containsExactly("z", "x");
    }

    @Test
    void aLongFrontIsThinnedToItsEndsAndEvenlySpacedPoints() {
        List<Integer> front = new ArrayList<>();
        for (int i = 0; i < 118; i++) {
            front.add(i);
        }
        List<Integer> thin = SearchRanking.thin(front);
        assertThat(thin).hasSize(SearchRanking.MAX_PARETO_POINTS);
        // index i of 40 takes round(i x 117 / 39) = 3 i: 0, 3, 6, ..., 117
        for (int i = 0; i < thin.size(); i++) {
            assertThat(thin.get(i)).isEqualTo(3 * i);
        }
        assertThat(SearchRanking.thin(front.subList(0, 40))).isEqualTo(front.subList(0, 40));
    }

    @Test
    void eachObjectiveHasItsFigureAndAxes() {
        assertThat(SearchRanking.servingFigure(Objective.COST)).isEqualTo("cost_per_hour_usd");
        assertThat(SearchRanking.servingFigure(Objective.LATENCY)).isEqualTo("e2e_ms");
        assertThat(SearchRanking.servingFigure(Objective.THROUGHPUT)).isEqualTo("tokens_per_s");
        assertThat(SearchRanking.higherIsBetter("tokens_per_s")).isTrue();
        assertThat(SearchRanking.higherIsBetter("e2e_ms")).isFalse();
        assertThat(SearchRanking.trainingFigure(Objective.COST)).isEqualTo("cost_usd");
        assertThat(SearchRanking.trainingFigure(Objective.LATENCY)).isEqualTo("training_days");
        assertThat(SearchRanking.trainingFigure(Objective.THROUGHPUT)).isEqualTo("training_days");
        assertThat(SearchRanking.axes(false)).containsExactly(java.util.Map.entry("x", "cost_per_hour_usd"),
                java.util.Map.entry("y", "e2e_ms"));
        assertThat(SearchRanking.axes(true)).containsExactly(java.util.Map.entry("x", "cost_usd"),
                java.util.Map.entry("y", "training_days"));
        assertThat(Objective.defaultFor(WorkloadKind.INFERENCE)).isEqualTo(Objective.COST);
        assertThat(Objective.defaultFor(WorkloadKind.TRAINING)).isEqualTo(Objective.LATENCY);
    }
}
