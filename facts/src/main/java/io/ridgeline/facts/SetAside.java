package io.ridgeline.facts;

/**
 * An efficiency wall the design loop has set aside: it bound, and no change the rules back relieved it without
 * lengthening the run, so the loop goes on to the run's days instead (the wall stays in the trace and the figures).
 *
 * @param wall the wall's name (pipeline_bubble, interconnect)
 */
public record SetAside(String wall) {
}
