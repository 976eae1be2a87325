package io.ridgeline.facts;

/**
 * The hard limits a design must live within: GPUs in the cluster and in one node, and the GPU cap and hourly
 * budget when set (0: no limit). Rules compare designs against these without computing.
 */
public record ClusterLimits(int clusterGpus, int gpusPerNode, int maxGpus, double maxUsdPerHour) {
}
