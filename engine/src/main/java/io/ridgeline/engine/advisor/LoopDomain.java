package io.ridgeline.engine.advisor;

import io.ridgeline.facts.Scenario;
import java.util.List;
import java.util.Map;

/**
 * What the design loop needs to know about one kind of workload: how to bill a design, which remedies exist, which
 * facts the rules see, and which figure measures each requirement wall. The loop itself ({@link DesignLoop}) is the
 * same for serving, training and RL.
 *
 * @param <E> the bill's record type
 */
public interface LoopDomain<E extends io.ridgeline.facts.Bill> {

    /** The bill of the scenario's design (pure arithmetic). */
    E estimate(Scenario s);

    /** The bill of a remedy's design, for the rules to judge: the same numbers, the working may be left out. */
    default E projected(Scenario s) {
        return estimate(s);
    }

    /** The bill's own requirement check: whether it is over no limit at all. */
    default boolean meetsRequirements(E estimate) {
        return ((io.ridgeline.facts.Bill) estimate).overLimits().isEmpty();
    }

    /** What the economy phase lowers (USD/h for serving), or NaN for a domain without one. */
    default double costOf(E estimate) {
        return Double.NaN;
    }

    /**
     * What the exploration ranks designs by after their shortfall, and what its answer is best at among the designs
     * that meet every requirement, lower better: the measure of the scenario's objective ({@code objective}). By
     * default the cost ({@link #costOf}); a domain with latency and throughput figures measures those too.
     */
    default double objectiveOf(Scenario s, E estimate) {
        return costOf(estimate);
    }

    /** The bill's key the economy phase moves under the scenario's objective (its figure in the trace). */
    default String economyFigure(Scenario s) {
        return figureOf(DesignLoop.ECONOMY);
    }

    /** What the economy phase's steps were for, for the stop reason ("to cut cost"). */
    default String economyPurpose(Scenario s) {
        return "to cut cost";
    }

    /**
     * How far a bill falls short of its requirements, 0 when it meets them all; the exploration ranks the designs it
     * has not judged yet by it. Lower is closer.
     */
    default double shortfall(E estimate) {
        return meetsRequirements(estimate) ? 0 : 1;
    }

    /**
     * How much room a bill leaves under its objectives (higher is more); among designs that fall short equally and
     * cost the same, the exploration keeps the roomier ones, from which more cheap steps remain.
     */
    default double slack(Scenario s, E estimate) {
        return 0;
    }

    /** Every remedy that changes something here; the rules judge whether it pays. */
    List<Remedy> candidates(Scenario s, E estimate);

    /** The facts the rules match for this design, the bill included. */
    List<Object> facts(Scenario s, E estimate);

    /** The fact that carries a remedy's projected bill to the rules. */
    Object projection(Remedy remedy, E after);

    /** Scenario values an explanation may name (snake_case keys), besides the bill's own. */
    Map<String, Object> values(Scenario s);

    /** The bill's snake_case key that measures a requirement wall, or "" when none does. */
    String figureOf(String bottleneck);

    /** Whether a larger value of the wall's figure is better (throughput) rather than worse. */
    /**
     * The wall the rules bind once every requirement holds, when the domain has an objective to keep lowering (null
     * for none): a design at it meets its requirements, and when no rule-backed change relieves it the loop stops
     * feasible. It may depend on the scenario's objective.
     */
    default String objectiveWall(Scenario s) {
        return null;
    }

    /**
     * Walls the loop may set aside when nothing relieves them without lengthening the run (efficiency walls: their
     * cost is already in the objective's figure); none by default.
     */
    default java.util.Set<String> efficiencyWalls() {
        return java.util.Set.of();
    }

    /** Why the loop stopped at its objective wall: what no rule-backed change achieves any more. */
    default String objectiveStop(Scenario s) {
        return "no change the rules back lowers the objective further";
    }

    default boolean higherIsBetter(String bottleneck) {
        return false;
    }

    /** The main knobs of the final design, for the flip points; empty when the domain has none. */
    default List<FlipKnob> knobs(Scenario s) {
        return List.of();
    }
}
