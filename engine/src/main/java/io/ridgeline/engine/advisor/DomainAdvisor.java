package io.ridgeline.engine.advisor;

import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Scenario;

/**
 * An advisor for one kind of workload: its {@link LoopDomain} and the {@link DesignLoop} that runs it.
 *
 * @param <E> the bill's record type
 */
public abstract class DomainAdvisor<E extends io.ridgeline.facts.Bill> implements LoopDomain<E> {

    private final DesignLoop<E> loop;

    protected DomainAdvisor(RuleBase rules) {
        this.loop = new DesignLoop<>(rules, this);
    }

    public RuleBase rules() {
        return loop.rules();
    }

    /** Runs the design loop from {@link #startOf(Scenario)}. */
    public Advice advise(Scenario s) {
        return loop.advise(startOf(s));
    }

    /** Judges the scenario's design as given, with every remedy's projection. */
    public Judgement judge(Scenario s) {
        return loop.judge(s);
    }

    /** The design the loop starts from: the scenario's own unless the domain says otherwise. */
    protected Scenario startOf(Scenario s) {
        return s;
    }
}
