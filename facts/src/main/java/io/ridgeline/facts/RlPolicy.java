package io.ridgeline.facts;

/**
 * The policy and cluster sizes the RL framework choice reads (lesson 9d), computed in Java so that the rules only
 * compare: a policy of {@value #LARGE_PARAMS} parameters or more needs Megatron-style model parallelism in its
 * learner; a single-node run of a policy under {@value #SMALL_PARAMS} parameters needs nothing beyond one trainer
 * with its generator colocated.
 *
 * @param params     the policy's parameters
 * @param large      {@code params >= LARGE_PARAMS}
 * @param oneNodeSmall the cluster is one node and {@code params < SMALL_PARAMS}
 */
public record RlPolicy(double params, boolean large, boolean oneNodeSmall) {

    /** From this many parameters a learner needs tensor, pipeline and context parallelism: 70e9. */
    public static final double LARGE_PARAMS = 70e9;
    /** Below this many parameters a single-node colocated run needs nothing beyond one trainer: 15e9. */
    public static final double SMALL_PARAMS = 15e9;

    /** The policy of {@code params} parameters on a cluster of one node or more. */
    public static RlPolicy of(double params, boolean singleNode) {
        return new RlPolicy(params, params >= LARGE_PARAMS, singleNode && params < SMALL_PARAMS);
    }
}
