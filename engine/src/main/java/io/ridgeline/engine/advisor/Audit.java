package io.ridgeline.engine.advisor;

import io.ridgeline.facts.Design;
import java.util.List;

/**
 * The judgement of a design as given, without changing it.
 *
 * @param verdict    {@code meets_requirements} or {@code violates_requirements}
 * @param firedRules ids of every rule that fired, in firing order
 */
public record Audit(String scenario, String verdict, String binding, Design design, Object estimate,
                    List<Finding> findings, List<String> firedRules) {
}
