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
 * Listens to one session: the rules that fired, in order, and which rule inserted each conclusion. A fresh one per
 * session; it records and does nothing else.
 */
public final class SessionTrace {

    private final List<String> fired = new ArrayList<>();
    private final Map<Object, String> insertedBy = new IdentityHashMap<>();

    private SessionTrace() {
    }

    /** Attaches a new trace to the session. */
    public static SessionTrace attach(KieSession session) {
        SessionTrace trace = new SessionTrace();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                trace.fired.add(event.getMatch().getRule().getName());
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

    /** The name of the rule that inserted this object, if a rule did. */
    public Optional<String> ruleThatInserted(Object fact) {
        return Optional.ofNullable(insertedBy.get(fact));
    }
}
