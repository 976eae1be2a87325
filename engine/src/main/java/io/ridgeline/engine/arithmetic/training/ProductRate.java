package io.ridgeline.engine.arithmetic.training;

/**
 * How fast a training step's matrix products run on one GPU, FLOP/s, from the tokens each product multiplies.
 *
 * <p>A product of M tokens by a K x N weight does 2 M K N FLOP and streams the K N weights from HBM once; at the
 * sizes a training step runs, the two do not overlap (the measured ramp below), so
 * <pre>
 *   t = 2 M K N / (peak x eta_c) + w K N / HBM,   eta(M) = eta_c / (1 + w x peak x eta_c / (2 M x HBM))
 * </pre>
 * with w the bytes of a weight element (2 bf16, 1 fp8) and eta_c the share of the peak large products reach. K and
 * N cancel: tensor parallelism, which shrinks them, costs nothing here; what shrinks M does: context parallelism
 * (s / cp tokens a GPU), a small micro-batch, and experts that each see a fraction of the tokens.
 *
 * <p>Checked on the measured X[M, 4096] @ W[4096, 14336] products (calibration/h100-sxm.md, h200.md): bf16 on H100
 * at M = 512, 1024, 2048 predicts 518, 610, 669 TFLOP/s against 508, 615, 706 measured; on H200 571, 645, 690
 * against 549, 638, 745; fp8 on H200 at M = 1024 and 4096 1,214 and 1,338 against 1,118 and 1,330.
 *
 * <p>A step's products fall in classes, each at its own M and format ({@link #stepRate}): the dense products
 * (attention projections, dense and shared-expert MLPs) at M = b s / cp, the routed experts at the tokens each
 * expert receives, M = b s / (cp tp) x k x ep / E (its expert-parallel group's tokens, k copies each, over E
 * experts), the output head at b s / cp, and the attention core, which streams no weights, at eta_c.
 */
public final class ProductRate {

    private ProductRate() {
    }

    /** eta(M) = eta_c / (1 + w x peak x eta_c / (2 M x HBM)): the share of the peak a product of M tokens reaches. */
    public static double efficiency(double tokens, double weightBytes, double peakFlopsPerS, double etaCompute,
                                    double hbmBytesPerS) {
        return efficiency(tokens, weightBytes, peakFlopsPerS, etaCompute, hbmBytesPerS, 1.0);
    }

    /**
     * As above with a share x of the weight stream exposed (the family's {@code weight_stream_exposed}):
     * eta_c / (1 + x w peak eta_c / (2 M HBM)); x = 0 leaves eta_c.
     */
    public static double efficiency(double tokens, double weightBytes, double peakFlopsPerS, double etaCompute,
                                    double hbmBytesPerS, double exposedShare) {
        return etaCompute / (1.0 + exposedShare * weightBytes * peakFlopsPerS * etaCompute
                / (2.0 * tokens * hbmBytesPerS));
    }

    /** One class of a step's products: FLOP per token, tokens per product, the format's peak, eta_c, weight bytes. */
    public record ProductClass(String name, double flopsPerToken, double tokens, double peakFlopsPerS,
                               double etaCompute, double weightBytes) {
    }

    /**
     * The rate one GPU sustains over all of a step's products: F / sum_i F_i / (peak_i x eta_i(M_i)), the classes'
     * times added (a class with no weights, weight bytes 0, runs at its eta_c).
     */
    public static double stepRate(Iterable<ProductClass> classes, double hbmBytesPerS) {
        return stepRate(classes, hbmBytesPerS, 1.0);
    }

    /** As above with a share of each weight stream exposed. */
    public static double stepRate(Iterable<ProductClass> classes, double hbmBytesPerS, double exposedShare) {
        double flops = 0.0;
        double seconds = 0.0;
        for (ProductClass c : classes) {
            if (c.flopsPerToken() <= 0) {
                continue;
            }
            double eta = c.weightBytes() <= 0 ? c.etaCompute()
                    : efficiency(c.tokens(), c.weightBytes(), c.peakFlopsPerS(), c.etaCompute(), hbmBytesPerS,
                    exposedShare);
            flops += c.flopsPerToken();
            seconds += c.flopsPerToken() / (c.peakFlopsPerS() * eta);
        }
        return flops / seconds;
    }
}
