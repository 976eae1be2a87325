package io.ridgeline.engine.arithmetic.training;

import io.ridgeline.facts.Cluster;

/**
 * The link a collective runs over, and its bandwidth convention.
 *
 * <p>Bandwidths are per GPU per direction, bytes/s, as the {@link Cluster} carries them (H100 SXM: NVLink 450e9,
 * which NVIDIA quotes as 900 GB/s bidirectional; a 400 Gb/s NIC per GPU: 50e9). A group inside one node uses
 * scale-up; a group that spans nodes is charged the scale-out bandwidth of one GPU's NIC, the slowest link it
 * crosses. A group with k members in every node can stripe its traffic over k NICs (NCCL's multi-rail rings), so
 * for such groups this convention is an upper bound on time.
 *
 * <p>Latency per collective (alpha), an assumption of the order of NCCL's small-message latency: 10 us inside a
 * node, 25 us across nodes.
 */
public final class Links {

    /** Per-collective latency inside a node, s. */
    public static final double ALPHA_SCALE_UP_S = 10e-6;
    /** Per-collective latency across nodes, s. */
    public static final double ALPHA_SCALE_OUT_S = 25e-6;

    private Links() {
    }

    /** A link: its name ("scale-up" or "scale-out"), bandwidth per GPU per direction (bytes/s), alpha (s). */
    public record Link(String name, double bytesPerS, double alphaS) {
    }

    /** The link a group of {@code spanGpus} consecutive ranks uses. */
    public static Link forSpan(Cluster cluster, int spanGpus) {
        boolean inNode = spanGpus <= cluster.gpusPerNode() && cluster.scaleUpBytesPerS() > 0;
        return inNode ? scaleUp(cluster) : scaleOut(cluster);
    }

    public static Link scaleUp(Cluster cluster) {
        if (cluster.scaleUpBytesPerS() <= 0) {
            return scaleOut(cluster);
        }
        return new Link("scale-up", cluster.scaleUpBytesPerS(), ALPHA_SCALE_UP_S);
    }

    public static Link scaleOut(Cluster cluster) {
        return new Link("scale-out", cluster.scaleOutBytesPerS(), ALPHA_SCALE_OUT_S);
    }
}
