package io.ridgeline.engine.advisor;

import io.ridgeline.facts.Scenario;

/**
 * A mechanism applied to a scenario: the scenario it leads to and a one-line description of the change.
 *
 * @param mechanism snake_case mechanism name (a public contract: see docs/mechanisms.md)
 */
public record Remedy(String mechanism, Scenario next, String change) {
}
