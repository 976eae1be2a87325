package io.ridgeline.tests.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.search.DesignSearch;
import io.ridgeline.engine.search.SearchCheck;
import io.ridgeline.engine.search.SearchRanking;
import io.ridgeline.engine.search.TrainingSearch;
import io.ridgeline.facts.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The search's ranked alternatives and its Pareto front of cost against latency, as the advice's search check lists
 * them, on shipped examples: ranked by the objective with the designs that meet every requirement first, distinct,
 * the best at rank 1, the figures the bill's own; the front non-dominated and equal to the front found by comparing
 * every priced design with every other.
 */
class SearchAlternativesTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    private static Path file(String name) {
        Path p = Path.of("..", "examples", name + ".yaml");
        return p.toFile().exists() ? p : Path.of("examples", name + ".yaml");
    }

    private static Scenario example(String name) {
        return RIDGELINE.load(file(name));
    }

    private static String text(String name) {
        try {
            String t = java.nio.file.Files.readString(file(name));
            assertThat(t).contains("deadline_days: 30");
            return t;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void servingAlternativesAreRankedByCostDistinctAndTheBestComesFirst() {
        Advice a = RIDGELINE.advise(example("consumer-chatbot"));
        SearchCheck c = a.search();
        assertThat(c.objective()).isEqualTo("cost");
        List<SearchCheck.Alternative> alts = c.alternatives();
        assertThat(alts).hasSizeBetween(2, SearchCheck.ALTERNATIVES);
        for (int i = 0; i < alts.size(); i++) {
            assertThat(alts.get(i).rank()).isEqualTo(i + 1);
            assertThat(alts.get(i).figures()).containsOnlyKeys(SearchRanking.SERVING_FIGURES);
            assertThat(alts.get(i).overLimits().isEmpty()).isEqualTo(alts.get(i).meetsRequirements());
        }
        // the designs that meet every requirement come first, then the rest; each block by cost per hour
        assertMeetingFirstThenByFigure(alts, "cost_per_hour_usd");
        assertDistinct(alts);
        // rank 1 is the search's best, with the best's own bill figures
        SearchCheck.Alternative first = alts.get(0);
        assertThat(first.meetsRequirements()).isTrue();
        assertThat(first.model()).isEqualTo(c.bestModel());
        assertThat(first.gpu()).isEqualTo(c.bestGpu());
        assertThat(first.design()).isEqualTo(c.bestDesign());
        Map<String, Object> best = Json.values(c.bestEstimate());
        for (String key : SearchRanking.SERVING_FIGURES) {
            assertThat(first.figures().get(key)).as(key).isEqualTo(((Number) best.get(key)).doubleValue());
        }
        assertThat(first.binding()).isIn("compute", "hbm_bandwidth");
        assertThat(first.designText()).startsWith("tp " + first.design().tp() + ", pp ");
    }

    @Test
    void servingParetoFrontIsNonDominatedAndIsTheWholeSpacesFront() {
        Scenario s = example("consumer-chatbot");
        SearchCheck c = RIDGELINE.advise(s).search();
        assertThat(c.paretoAxes()).containsEntry("x", "cost_per_hour_usd").containsEntry("y", "e2e_ms");
        List<double[]> front = points(c.pareto(), "cost_per_hour_usd", "e2e_ms");
        assertThat(front).hasSizeBetween(2, SearchRanking.MAX_PARETO_POINTS);
        assertNonDominatedAndCheapestFirst(front);
        c.pareto().forEach(p -> assertThat(p.rank()).isNull());
        // every design the search sized, each compared with every other: the front it leaves is the same
        DesignSearch.Result all = RIDGELINE.search(s, Integer.MAX_VALUE);
        List<double[]> priced = new ArrayList<>();
        for (DesignSearch.Candidate d : concat(all.top(), all.unmet())) {
            if (d.estimate().fits() && d.estimate().e2eMs() < InferenceEstimator.UNBOUNDED_MS) {
                priced.add(new double[] {d.estimate().costPerHourUsd(), d.estimate().e2eMs()});
            }
        }
        assertThat(priced.size()).isGreaterThan(front.size());
        assertSameFront(front, bruteForceFront(priced));
    }

    @Test
    void trainingAlternativesAreTheFastestFirstAndTheFrontOfCostAgainstDaysIsTheWholeOne() {
        // 70B on 64 H100: the fastest layout trains on all 64 GPUs in 8.54 days; half of them take 16.7 days for
        // 2% less (the step's communication shrinks with the data-parallel group): two points of the front
        Scenario s = example("training-70b-64gpu");
        SearchCheck c = RIDGELINE.advise(s).search();
        assertThat(c.objective()).isEqualTo("latency");
        List<SearchCheck.Alternative> alts = c.alternatives();
        assertThat(alts).hasSize(SearchCheck.ALTERNATIVES);
        alts.forEach(x -> assertThat(x.figures()).containsOnlyKeys(SearchRanking.TRAINING_FIGURES));
        assertMeetingFirstThenByFigure(alts, "training_days");
        assertDistinct(alts);
        assertThat(alts.get(0).design()).isEqualTo(c.bestDesign());
        assertThat(alts.get(0).figures().get("training_days"))
                .isEqualTo(((Number) Json.values(c.bestEstimate()).get("training_days")).doubleValue());
        assertThat(c.paretoAxes()).containsEntry("x", "cost_usd").containsEntry("y", "training_days");
        List<double[]> front = points(c.pareto(), "cost_usd", "training_days");
        assertNonDominatedAndCheapestFirst(front);
        // every layout that fits in memory billed (no bound prunes when all are asked for, and without the deadline,
        // which changes no layout's cost or days, none is left unbilled for it), each compared with every other
        Scenario noDeadline = RIDGELINE.parse(text("training-70b-64gpu").replace("deadline_days: 30",
                "deadline_days: 0"), "no-deadline");
        TrainingSearch.Result all = new TrainingSearch().search(noDeadline, Integer.MAX_VALUE);
        List<double[]> priced = new ArrayList<>();
        concat(all.top(), all.unmet()).forEach(d -> priced.add(new double[] {d.estimate().costUsd(),
                d.estimate().trainingDays()}));
        assertThat(all.rejectedBy()).doesNotContainKeys("slower_than_the_best_by_bound", "deadline");
        assertSameFront(front, bruteForceFront(priced));
        assertThat(front).hasSize(2);
        assertThat(c.pareto().get(0).totalGpus()).isEqualTo(32);
        assertThat(c.pareto().get(1).totalGpus()).isEqualTo(64);
    }

    @Test
    void rlAdviceHasNoSearchToCheckAgainst() {
        assertThat(RIDGELINE.advise(example("rl-grpo-mid")).search()).isNull();
    }

    // ---- helpers

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void assertMeetingFirstThenByFigure(List<SearchCheck.Alternative> alts, String figure) {
        boolean seenUnmet = false;
        for (int i = 0; i < alts.size(); i++) {
            SearchCheck.Alternative x = alts.get(i);
            assertThat(seenUnmet && x.meetsRequirements()).as("rank %d meets after one that does not", i + 1)
                    .isFalse();
            seenUnmet |= !x.meetsRequirements();
            if (i > 0 && alts.get(i - 1).meetsRequirements() == x.meetsRequirements()) {
                assertThat(x.figures().get(figure)).as("rank %d's %s", i + 1, figure)
                        .isGreaterThanOrEqualTo(alts.get(i - 1).figures().get(figure));
            }
        }
    }

    private static void assertDistinct(List<SearchCheck.Alternative> alts) {
        Set<String> keys = new HashSet<>();
        alts.forEach(x -> assertThat(keys.add(x.model() + "|" + x.gpu() + "|" + x.design())).as(x.designText())
                .isTrue());
    }

    private static List<double[]> points(List<SearchCheck.Alternative> front, String x, String y) {
        return front.stream().map(p -> new double[] {p.figures().get(x), p.figures().get(y)}).toList();
    }

    /** No point is at or under another on both axes; ascending cost, so descending latency. */
    private static void assertNonDominatedAndCheapestFirst(List<double[]> front) {
        for (int i = 0; i < front.size(); i++) {
            for (int j = 0; j < front.size(); j++) {
                if (i != j) {
                    boolean dominated = front.get(j)[0] <= front.get(i)[0] && front.get(j)[1] <= front.get(i)[1];
                    assertThat(dominated).as("point %d at or under point %d on both", j, i).isFalse();
                }
            }
            if (i > 0) {
                assertThat(front.get(i)[0]).isGreaterThan(front.get(i - 1)[0]);
                assertThat(front.get(i)[1]).isLessThan(front.get(i - 1)[1]);
            }
        }
    }

    /** The points no other is at or under on both axes, one of each equal pair, cheapest first: O(n^2). */
    private static List<double[]> bruteForceFront(List<double[]> points) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            boolean beaten = false;
            for (int j = 0; j < points.size() && !beaten; j++) {
                double[] q = points.get(j);
                boolean atOrUnder = q[0] <= p[0] && q[1] <= p[1];
                boolean strictly = q[0] < p[0] || q[1] < p[1];
                beaten = j != i && atOrUnder && (strictly || j < i);
            }
            if (!beaten) {
                out.add(p);
            }
        }
        out.sort(java.util.Comparator.comparingDouble(p -> p[0]));
        return out;
    }

    /** The listed front is the whole front, or (past the cap) an evenly thinned part of it with both ends. */
    private static void assertSameFront(List<double[]> listed, List<double[]> whole) {
        if (whole.size() <= SearchRanking.MAX_PARETO_POINTS) {
            assertThat(listed).hasSameSizeAs(whole);
        } else {
            assertThat(listed).hasSize(SearchRanking.MAX_PARETO_POINTS);
        }
        Set<String> all = new HashSet<>();
        whole.forEach(p -> all.add(p[0] + "," + p[1]));
        listed.forEach(p -> assertThat(all).as("a point of the whole front").contains(p[0] + "," + p[1]));
        assertThat(listed.get(0)).containsExactly(whole.get(0));
        assertThat(listed.get(listed.size() - 1)).containsExactly(whole.get(whole.size() - 1));
    }
}
