package io.ridgeline.facts;

/**
 * Achieved shares of the spec sheet and the serving engine's fixed costs, per GPU family (docs/calibration.md says
 * which measurement each one comes from).
 *
 * @param compute              share of dense tensor peak reached by large matrix products (prefill, training), (0, 1]
 * @param hbm                  share of HBM bandwidth reached by the weight stream of a decode step, (0, 1]
 * @param link                 share of per-direction link bandwidth reached by collectives, (0, 1]
 * @param servingCompute       share of the compute format's dense peak a serving engine's whole forward pass reaches
 *                             (prefill, and decode past the ridge): the matrix products with the attention kernels,
 *                             quantisation, norms and activations between them, (0, 1]
 * @param kvHbm                share of HBM bandwidth reached by the attention kernels' KV-cache reads in decode
 *                             (paged blocks, many short rows), (0, 1]
 * @param moeCompute           share of dense tensor peak reached by the routed experts' grouped matrix products
 *                             (many small expert GEMMs), (0, 1]
 * @param layerOverheadUs      fixed time each transformer layer adds to one forward pass, microseconds: the kernels
 *                             that are neither weight streams nor large products (norms, rotary embedding, attention
 *                             set-up, residual adds, sampling spread over the layers) and the gaps between them; >= 0
 * @param moeLayerOverheadUs   further fixed time of each MoE layer per forward pass, microseconds: routing, token
 *                             permutation and the grouped-GEMM launch; >= 0
 * @param prefillExpertOverheadUs fixed time of each routed expert a prefill pass runs on a GPU, per MoE layer,
 *                             microseconds: prefill runs eagerly, without the CUDA graphs that hide the launch cost of
 *                             a decode step's many small expert products; >= 0
 * @param collectiveLatencyUs  start-up latency of one collective inside a scale-up domain (alpha), microseconds; a
 *                             collective across nodes costs three times as much; > 0
 * @param source               which measurement each factor comes from
 * @param activationPasses     training: how many times a step moves each layer's forward activations through HBM
 *                             outside the matrix products (written and read by the norms, softmax, dropout, GeLU
 *                             and residuals of the forward and backward passes), >= 0; 0 leaves that time out
 * @param collectiveRoundUs    latency a collective adds for each doubling of its ranks past two, microseconds: a
 *                             collective's rounds of synchronisation grow with log2 of its ranks (recursive doubling,
 *                             trees, the barriers of a one-shot all-reduce), so a collective over n ranks starts in
 *                             alpha + this x (log2 n - 1); >= 0
 * @param fp8Compute           share of the dense fp8 peak reached by large fp8 matrix products (scaled, e4m3), (0, 1];
 *                             the families without an fp8 measurement carry {@code compute}
 * @param weightStreamExposed  training: the share of a matrix product's weight stream from HBM its compute does not
 *                             hide, [0, 1]: a product of M tokens then runs at compute / (1 + this x w x peak x
 *                             compute / (2 M x HBM)) for w-byte weights (1 on Hopper, where products of 512-4,096
 *                             tokens were measured; 0 where nothing measured it)
 */
public record EfficiencyFactors(double compute, double hbm, double link, double servingCompute, double kvHbm, double moeCompute,
                                double layerOverheadUs, double moeLayerOverheadUs, double prefillExpertOverheadUs,
                                double collectiveLatencyUs, String source, double activationPasses,
                                double collectiveRoundUs, double fp8Compute, double weightStreamExposed) {

    /** Products whose weight stream the compute hides. */
    public EfficiencyFactors(double compute, double hbm, double link, double servingCompute, double kvHbm,
                             double moeCompute, double layerOverheadUs, double moeLayerOverheadUs,
                             double prefillExpertOverheadUs, double collectiveLatencyUs, String source,
                             double activationPasses, double collectiveRoundUs, double fp8Compute) {
        this(compute, hbm, link, servingCompute, kvHbm, moeCompute, layerOverheadUs, moeLayerOverheadUs,
                prefillExpertOverheadUs, collectiveLatencyUs, source, activationPasses, collectiveRoundUs, fp8Compute,
                0.0);
    }

    /** Large fp8 products at the bf16 products' share of their own peak. */
    public EfficiencyFactors(double compute, double hbm, double link, double servingCompute, double kvHbm,
                             double moeCompute, double layerOverheadUs, double moeLayerOverheadUs,
                             double prefillExpertOverheadUs, double collectiveLatencyUs, String source,
                             double activationPasses, double collectiveRoundUs) {
        this(compute, hbm, link, servingCompute, kvHbm, moeCompute, layerOverheadUs, moeLayerOverheadUs,
                prefillExpertOverheadUs, collectiveLatencyUs, source, activationPasses, collectiveRoundUs, compute);
    }

    /** The share of its format's dense peak a large matrix product in {@code format} reaches. */
    public double computeFor(NumericFormat format) {
        return format == NumericFormat.FP8 ? fp8Compute : compute;
    }

    /** Collectives whose latency does not grow with their ranks. */
    public EfficiencyFactors(double compute, double hbm, double link, double servingCompute, double kvHbm,
                             double moeCompute, double layerOverheadUs, double moeLayerOverheadUs,
                             double prefillExpertOverheadUs, double collectiveLatencyUs, String source,
                             double activationPasses) {
        this(compute, hbm, link, servingCompute, kvHbm, moeCompute, layerOverheadUs, moeLayerOverheadUs,
                prefillExpertOverheadUs, collectiveLatencyUs, source, activationPasses, 0.0);
    }

    /** Without the training step's activation traffic. */
    public EfficiencyFactors(double compute, double hbm, double link, double servingCompute, double kvHbm,
                             double moeCompute, double layerOverheadUs, double moeLayerOverheadUs,
                             double prefillExpertOverheadUs, double collectiveLatencyUs, String source) {
        this(compute, hbm, link, servingCompute, kvHbm, moeCompute, layerOverheadUs, moeLayerOverheadUs,
                prefillExpertOverheadUs, collectiveLatencyUs, source, 0.0);
    }

    /** These factors with the training step's activation passes. */
    public EfficiencyFactors withActivationPasses(double passes) {
        return new EfficiencyFactors(compute, hbm, link, servingCompute, kvHbm, moeCompute, layerOverheadUs,
                moeLayerOverheadUs, prefillExpertOverheadUs, collectiveLatencyUs, source, passes, collectiveRoundUs,
                fp8Compute, weightStreamExposed);
    }

    /**
     * These factors with a serving engine's own fixed costs laid over them (NaN keeps the family's): its cost per
     * layer and per doubling of a collective's ranks, and where they come from.
     */
    public EfficiencyFactors withEngine(double engineLayerOverheadUs, double engineCollectiveRoundUs, String note) {
        return withEngine(engineLayerOverheadUs, Double.NaN, engineCollectiveRoundUs, note);
    }

    /**
     * As above with the engine's own fixed cost per MoE layer of a decode step as well (NaN keeps the family's):
     * its routing, quantisation and grouped-GEMM launches.
     */
    public EfficiencyFactors withEngine(double engineLayerOverheadUs, double engineMoeLayerOverheadUs,
                                        double engineCollectiveRoundUs, String note) {
        return new EfficiencyFactors(compute, hbm, link, servingCompute, kvHbm, moeCompute,
                Double.isNaN(engineLayerOverheadUs) ? layerOverheadUs : engineLayerOverheadUs,
                Double.isNaN(engineMoeLayerOverheadUs) ? moeLayerOverheadUs : engineMoeLayerOverheadUs,
                prefillExpertOverheadUs, collectiveLatencyUs, source + "; " + note, activationPasses,
                Double.isNaN(engineCollectiveRoundUs) ? collectiveRoundUs : engineCollectiveRoundUs, fp8Compute,
                weightStreamExposed);
    }

    /** log2(ranks) - 1, at least 0: the doublings of a collective's ranks past two. */
    public static double roundsPastTwo(int ranks) {
        return ranks <= 2 ? 0.0 : Math.log(ranks) / Math.log(2) - 1.0;
    }

    /** The serving terms without a fixed cost per prefill expert. */
    public EfficiencyFactors(double compute, double hbm, double link, double servingCompute, double kvHbm,
                             double moeCompute, double layerOverheadUs, double moeLayerOverheadUs,
                             double collectiveLatencyUs, String source) {
        this(compute, hbm, link, servingCompute, kvHbm, moeCompute, layerOverheadUs, moeLayerOverheadUs, 0.0,
                collectiveLatencyUs, source);
    }

    /** Collective latency inside a scale-up domain when none is measured, microseconds. */
    public static final double DEFAULT_COLLECTIVE_LATENCY_US = 10.0;

    /**
     * Shares of the spec sheet alone: a serving forward pass and the experts at the matrix products' share, KV reads
     * at the weight stream's share, no fixed costs per layer and the default collective latency (the roofline
     * without an engine).
     */
    public EfficiencyFactors(double compute, double hbm, double link, String source) {
        this(compute, hbm, link, compute, hbm, compute, 0.0, 0.0, DEFAULT_COLLECTIVE_LATENCY_US, source);
    }

    /** Collective latency across nodes (scale-out), s: three in-node latencies. */
    public double crossNodeLatencyS() {
        return 3.0 * collectiveLatencyUs * 1e-6;
    }

    /** Collective latency inside a scale-up domain, s. */
    public double inNodeLatencyS() {
        return collectiveLatencyUs * 1e-6;
    }
}
