package io.ridgeline.engine.advisor;

import java.util.List;

/**
 * What the rulebase concluded about one design: the rules that fired, the bottlenecks, the binding wall (null when
 * nothing binds), the recommendations and the vetoes, each with its rule, and for RL the framework a rule names.
 */
public record Judgement(List<String> firedRules, List<BottleneckView> bottlenecks, String binding,
                        List<Recommended> recommendations, List<Vetoed> vetoes, List<Framework> frameworks) {

    /** An RL framework a rule names for the design, the stage that chose it, and the rule's rendered reason. */
    public record Framework(String name, String wall, String ruleId, String explanation) {
    }

    /** A recommendation with the rule that made it and its rendered explanation. */
    public record Recommended(String mechanism, String bottleneck, int preference, String ruleId, String ruleName,
                              String lesson, String explanation) {
    }

    public boolean vetoed(String mechanism) {
        return vetoes.stream().anyMatch(v -> v.mechanism().equals(mechanism));
    }
}
