package io.ridgeline.facts;

/**
 * The RL framework a rule names for a design (lesson 9d): chosen by the stage that sets its step, its placement,
 * its rollouts' tail and the policy's size.
 *
 * @param name the framework (AReaL, slime, verl, NeMo RL, TRL, OpenRLHF)
 * @param wall the stage that chose it: rollout, learner, reward or weight_sync
 */
public record RlFramework(String name, String wall) {
}
