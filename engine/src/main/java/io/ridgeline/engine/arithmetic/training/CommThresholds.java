package io.ridgeline.engine.arithmetic.training;

/**
 * When a collective hides (the inequality t_comm &lt;= t_compute of the phase it overlaps), and the tensor-parallel
 * tax.
 *
 * <p><b>DP hide threshold.</b> Per GPU, the DP traffic of a step is fixed by the model (about 2 x 2N/(tp pp) bytes),
 * while the compute it hides behind grows with the tokens each GPU processes. With the compute it overlaps costing
 * {@code windowSecondsPerToken} per token per GPU, the traffic hides once tokens/GPU &gt;= t_DP /
 * windowSecondsPerToken. The window is what the traffic overlaps: under gradient accumulation the reduction of
 * ZeRO 0/1 overlaps only the last micro-batch's backward, so the threshold is in tokens per GPU per micro-batch
 * (per step when there is one micro-batch). For a dense model under plain DP, overlapping the backward (4N FLOP per
 * token):
 * T* = (n-1)/n x peak x eta_compute / (tp x pp x BW x eta_link); for H100 across nodes (989e12 FLOP/s, 50e9 B/s,
 * eta 0.75 and 0.80) that is 18.5K tokens per GPU, 13.2K if the whole 6N step could hide it without the eta
 * factors.
 *
 * <p><b>TP tax</b> = t_TP / t_compute. Per layer per token each GPU sends 4 x 2(tp-1)/tp x 2h bytes and computes
 * F_layer / tp FLOP, so tax = 16 (tp-1) h x peak x eta_c / (F_layer x BW x eta_l): 0.34 for a Llama-70B layer
 * at s = 8192 and tp = 8 on NVLink (450e9 B/s per direction, eta 0.75/0.80) and 3.1 across nodes at 50e9 B/s. The rule of thumb
 * tax = peak / (3 x BW x h) gives 4.5% with 900e9 B/s (NVLink quoted bidirectionally) and 80% with 50e9 B/s at
 * h = 8192; it counts 8h bytes per token per layer against 24h^2 FLOP per GPU, leaving out the ring's 2(tp-1)/tp
 * factor and the 1/tp split of the compute. The in-node/across-nodes ratio is the ratio of the two bandwidths:
 * 9x with 450e9 B/s per direction against 50e9 (the explicit bill), 18x with NVLink's bidirectional 900e9 (the
 * lesson's rule of thumb).
 */
public final class CommThresholds {

    private CommThresholds() {
    }

    /** Tokens per GPU at which {@code commSeconds} of traffic equals the compute it overlaps. */
    public static double hideTokensPerGpu(double commSeconds, double windowSecondsPerToken) {
        if (commSeconds <= 0 || windowSecondsPerToken <= 0) {
            return 0.0;
        }
        return commSeconds / windowSecondsPerToken;
    }

    /** DP hide threshold for a dense model in closed form (see the class note), tokens per GPU. */
    public static double dpHideTokensPerGpuDense(int dpRanks, int modelParallel, double peakFlopsPerS,
                                                 double etaCompute, double linkBytesPerS, double etaLink) {
        if (dpRanks <= 1) {
            return 0.0;
        }
        return (double) (dpRanks - 1) / dpRanks * peakFlopsPerS * etaCompute
                / (modelParallel * linkBytesPerS * etaLink);
    }

    /** The TP tax from the explicit bill: 16 (tp-1) h peak eta_c / (F_layer BW eta_l). */
    public static double tpTax(int tp, int hidden, double flopsPerTokenPerLayer, double peakFlopsPerS,
                               double etaCompute, double linkBytesPerS, double etaLink) {
        if (tp <= 1) {
            return 0.0;
        }
        return 16.0 * (tp - 1) * hidden * peakFlopsPerS * etaCompute
                / (flopsPerTokenPerLayer * linkBytesPerS * etaLink);
    }

    /** The rule of thumb peak / (3 x BW x h). */
    public static double tpTaxRuleOfThumb(double peakFlopsPerS, double linkBytesPerS, int hidden) {
        return peakFlopsPerS / (3.0 * linkBytesPerS * hidden);
    }
}
