package io.ridgeline.engine.advisor;

import io.ridgeline.facts.Design;
import java.util.List;

/**
 * The judgement of a design as given, without changing it.
 *
 * @param kind       the scenario's kind (inference, training, rl), as advise and estimate name it
 * @param verdict    {@code meets_requirements} or {@code violates_requirements}
 * @param firedRules ids of every rule that fired, in firing order
 */
public record Audit(String scenario, String kind, String verdict, String binding, Design design,
                    io.ridgeline.facts.Bill estimate,
                    List<Finding> findings, List<String> firedRules) {
}
