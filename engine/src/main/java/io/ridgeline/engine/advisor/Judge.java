package io.ridgeline.engine.advisor;

import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.rules.RuleInfo;
import io.ridgeline.engine.rules.SessionTrace;
import io.ridgeline.facts.Binding;
import io.ridgeline.facts.Bottleneck;
import io.ridgeline.facts.Recommendation;
import io.ridgeline.facts.RlFramework;
import io.ridgeline.facts.Veto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.QueryResults;
import org.kie.api.runtime.rule.QueryResultsRow;

/**
 * Fires the rulebase once over a design's facts and reads its conclusions through the engine's queries. One session
 * per call, disposed in finally; a fresh {@link SessionTrace} per session records which rule concluded what.
 */
public final class Judge {

    private final RuleBase rules;

    public Judge(RuleBase rules) {
        this.rules = rules;
    }

    public RuleBase rules() {
        return rules;
    }

    /**
     * @param facts   every fact the rules may match (inputs, the bill, projections)
     * @param now     the current figures by snake_case key, for rendering explanations; null to leave every
     *                explanation empty (a design only explored or probed)
     * @param afterBy the figures after each mechanism, by mechanism name
     */
    public Judgement judge(List<Object> facts, Map<String, Object> now, Map<String, Map<String, Object>> afterBy) {
        KieSession session = rules.newSession();
        try {
            SessionTrace trace = SessionTrace.attach(session);
            facts.forEach(session::insert);
            session.fireAllRules();
            List<BottleneckView> bottlenecks = new ArrayList<>();
            for (Bottleneck b : this.<Bottleneck>query(session, "bottlenecks")) {
                RuleInfo r = ruleOf(trace, b);
                bottlenecks.add(new BottleneckView(b.name(), b.kind(), b.value(), b.limit(), b.unit(), r.id(),
                        render(r.explanation(), now, null), b.regime()));
            }
            bottlenecks.sort(Comparator.comparing(BottleneckView::kind).reversed()
                    .thenComparing(BottleneckView::name).thenComparing(BottleneckView::ruleId));
            List<Binding> bindings = query(session, "binding");
            String binding = bindings.stream().map(Binding::name).sorted().findFirst().orElse(null);
            List<Judgement.Recommended> recs = new ArrayList<>();
            for (Recommendation rec : this.<Recommendation>query(session, "recommendations")) {
                // every rule that recommended it, not only the first (an equal conclusion is one fact)
                for (RuleInfo r : rulesOf(trace, rec)) {
                    recs.add(new Judgement.Recommended(rec.mechanism(), rec.bottleneck(), rec.preference(), r.id(),
                            r.name(), r.lesson(), render(r.explanation(), now, afterBy.get(rec.mechanism()))));
                }
            }
            recs.sort(Comparator.comparingInt(Judgement.Recommended::preference)
                    .thenComparing(Judgement.Recommended::mechanism).thenComparing(Judgement.Recommended::ruleId));
            List<Vetoed> vetoes = new ArrayList<>();
            for (Veto v : this.<Veto>query(session, "vetoes")) {
                // every rule that vetoed it: each reason stays in the trace
                for (RuleInfo r : rulesOf(trace, v)) {
                    vetoes.add(new Vetoed(v.mechanism(), r.id(), r.name(), render(r.explanation(), now,
                            afterBy.get(v.mechanism()))));
                }
            }
            vetoes.sort(Comparator.comparing(Vetoed::mechanism).thenComparing(Vetoed::ruleId));
            List<Judgement.Framework> frameworks = new ArrayList<>();
            for (RlFramework f : this.<RlFramework>query(session, "frameworks")) {
                for (RuleInfo r : rulesOf(trace, f)) {
                    frameworks.add(new Judgement.Framework(f.name(), f.wall(), r.id(), render(r.explanation(), now,
                            null)));
                }
            }
            frameworks.sort(Comparator.comparing(Judgement.Framework::ruleId));
            List<String> fired = trace.firedRules().stream()
                    .map(name -> rules.rule(name).map(RuleInfo::id).filter(id -> !id.isEmpty()).orElse(name))
                    .toList();
            return new Judgement(fired, List.copyOf(bottlenecks), binding, List.copyOf(recs), List.copyOf(vetoes),
                    List.copyOf(frameworks));
        } finally {
            session.dispose();
        }
    }

    private static String render(String explanation, Map<String, Object> now, Map<String, Object> after) {
        return now == null ? "" : ExplanationRenderer.render(explanation, now, after);
    }

    private List<RuleInfo> rulesOf(SessionTrace trace, Object fact) {
        List<RuleInfo> out = new ArrayList<>();
        for (String name : trace.rulesThatJustified(fact)) {
            rules.rule(name).ifPresent(out::add);
        }
        return out.isEmpty() ? List.of(ruleOf(trace, fact)) : out;
    }

    private RuleInfo ruleOf(SessionTrace trace, Object fact) {
        return trace.ruleThatInserted(fact).flatMap(rules::rule)
                .orElse(new RuleInfo("", "(inserted by Java)", "", "", "", ""));
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> query(KieSession session, String name) {
        QueryResults results = session.getQueryResults(name);
        List<T> out = new ArrayList<>();
        for (QueryResultsRow row : results) {
            Object o = row.get(name.equals("bottlenecks") || name.equals("binding") ? "$b"
                    : name.equals("recommendations") ? "$r" : name.equals("frameworks") ? "$f" : "$v");
            out.add((T) o);
        }
        return out;
    }
}
