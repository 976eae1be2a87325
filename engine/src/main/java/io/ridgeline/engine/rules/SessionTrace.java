package io.ridgeline.engine.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;

/**
 * Listens to one session: the rules that fired, in order, which rule inserted each conclusion, and every rule that
 * justified one. A conclusion inserted logically is value-equal to the same conclusion from another rule, so the
 * engine keeps one fact with several justifications and reports only the first insertion; the trace reads each
 * firing's logical dependencies (the engine's truth-maintenance match) so that no reason is lost. A fresh one per
 * session; it records and does nothing else.
 */
public final class SessionTrace {

    private final List<String> fired = new ArrayList<>();
    private final Map<Object, String> insertedBy = new IdentityHashMap<>();
    private final Map<Object, List<String>> justifiedBy = new java.util.HashMap<>();

    private SessionTrace() {
    }

    /** Attaches a new trace to the session. */
    public static SessionTrace attach(KieSession session) {
        SessionTrace trace = new SessionTrace();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                String rule = event.getMatch().getRule().getName();
                trace.fired.add(rule);
                if (event.getMatch() instanceof org.drools.tms.agenda.TruthMaintenanceSystemInternalMatch<?> tms
                        && tms.getLogicalDependencies() != null) {
                    for (org.drools.tms.LogicalDependency<?> d = tms.getLogicalDependencies().getFirst(); d != null;
                         d = d.getNext()) {
                        List<String> rules = trace.justifiedBy.computeIfAbsent(d.getObject(), k -> new ArrayList<>());
                        if (!rules.contains(rule)) {
                            rules.add(rule);
                        }
                    }
                }
            }
        });
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getRule() != null) {
                    trace.insertedBy.put(event.getObject(), event.getRule().getName());
                }
            }
        });
        return trace;
    }

    /** Names of the rules that fired, in firing order. */
    public List<String> firedRules() {
        return Collections.unmodifiableList(fired);
    }

    /**
     * The names of every rule whose firing justified a conclusion equal to this one, in firing order; the inserting
     * rule alone when no firing recorded a justification.
     */
    public List<String> rulesThatJustified(Object fact) {
        List<String> rules = justifiedBy.get(fact);
        if (rules != null && !rules.isEmpty()) {
            return Collections.unmodifiableList(rules);
        }
        return ruleThatInserted(fact).map(List::of).orElse(List.of());
    }

    /** The name of the rule that inserted this object, if a rule did. */
    public Optional<String> ruleThatInserted(Object fact) {
        return Optional.ofNullable(insertedBy.get(fact));
    }
}
