package io.ridgeline.engine.arithmetic.lifecycle;

/**
 * Deploy and rollback of a stateful GPU service, and the cost guardrail (lesson 11). A serving replica is stateful:
 * its in-flight requests hold KV cache, so it drains before it stops, and a new version loads its weights and warms
 * up (CUDA graphs, allocator) before it serves. Units: seconds, bytes, bytes/s, USD.
 */
public final class Deployment {

    /**
     * Warm-up after the weights are loaded, s: engine start, CUDA-graph capture and a first batch. An assumption
     * (vLLM and SGLang capture graphs for a set of batch sizes in tens of seconds); override it in the call.
     */
    public static final double DEFAULT_WARMUP_S = 60.0;

    /** Weight load bandwidth per GPU, bytes/s: from local NVMe or a warm page cache (an assumption, 2 GB/s). */
    public static final double DEFAULT_LOAD_BYTES_PER_S = 2e9;

    private Deployment() {
    }

    /** Time to bring one replica back after a stop, s: weights per GPU / load bandwidth + warm-up (GPUs in parallel). */
    public static double replicaStartS(double weightBytesPerGpu, double loadBytesPerS, double warmupS) {
        positive("load_bytes_per_s", loadBytesPerS);
        nonNegative("weight_bytes_per_gpu", weightBytesPerGpu);
        nonNegative("warmup_s", warmupS);
        return weightBytesPerGpu / loadBytesPerS + warmupS;
    }

    /**
     * Wall time of a rolling deploy, s: the replicas go in waves of {@code surge}; each wave drains (its in-flight
     * requests finish, at most one request's end-to-end latency) and starts: ceil(N / surge) x (drain + start).
     */
    public static double rollingDeployS(int replicas, int surge, double drainS, double replicaStartS) {
        if (replicas < 1 || surge < 1 || surge > replicas) {
            throw new IllegalArgumentException("surge must be in 1.." + replicas + " (the replicas); got " + surge);
        }
        nonNegative("drain_s", drainS);
        return Math.ceil((double) replicas / surge) * (drainS + replicaStartS);
    }

    /**
     * Share of capacity left while a wave is out, without extra replicas: (N - surge) / N. Rolling with extra
     * replicas instead (surge above N) keeps it at 1 at the cost of surge x GPUs for the deploy's duration.
     */
    public static double capacityDuringDeploy(int replicas, int surge) {
        if (replicas < 1 || surge < 0 || surge > replicas) {
            throw new IllegalArgumentException("surge must be in 0.." + replicas + "; got " + surge);
        }
        return (double) (replicas - surge) / replicas;
    }

    /**
     * The cost guardrail: the most replicas an hourly budget buys, floor(budget / (GPUs per replica x USD/GPU-h)).
     */
    public static int replicasTheBudgetBuys(double usdPerHour, int gpusPerReplica, double usdPerGpuHour) {
        positive("usd_per_hour", usdPerHour);
        positive("usd_per_gpu_hour", usdPerGpuHour);
        if (gpusPerReplica < 1) {
            throw new IllegalArgumentException("gpus_per_replica must be >= 1; got " + gpusPerReplica);
        }
        return (int) Math.floor(usdPerHour / (gpusPerReplica * usdPerGpuHour) + 1e-9);
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number > 0; got " + v);
        }
    }

    private static void nonNegative(String field, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0; got " + v);
        }
    }
}
