package io.ridgeline.facts;

import java.util.Objects;

/**
 * GPUs grouped into nodes: a scale-up domain of {@code gpusPerNode} GPUs joined by NVLink-class links, and
 * {@code nodes} such domains joined by the scale-out network. Link bandwidths are per GPU per direction, bytes/s,
 * and default to the GPU's catalog values.
 */
public record Cluster(Gpu gpu, int gpusPerNode, int nodes, double scaleUpBytesPerS, double scaleOutBytesPerS) {

    public Cluster {
        Objects.requireNonNull(gpu, "gpu");
    }

    public static Cluster of(Gpu gpu, int gpusPerNode, int nodes) {
        return new Cluster(gpu, gpusPerNode, nodes, gpu.scaleUpBytesPerS(), gpu.scaleOutBytesPerS());
    }

    public int totalGpus() {
        return gpusPerNode * nodes;
    }

    public Cluster withGpu(Gpu other) {
        return new Cluster(other, Math.min(gpusPerNode, other.maxGpusPerNode()), nodes,
                other.scaleUpBytesPerS(), other.scaleOutBytesPerS());
    }

    public Cluster withNodes(int n) {
        return new Cluster(gpu, gpusPerNode, n, scaleUpBytesPerS, scaleOutBytesPerS);
    }
}
