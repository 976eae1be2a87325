package io.ridgeline.engine.arithmetic.training;

/**
 * Bytes each GPU sends for the ring collectives (NCCL's bus-bandwidth accounting), and their time.
 * {@code bytes} is the size of the full buffer the collective is about; the result is what one GPU puts on its
 * link, in one direction.
 * <ul>
 *   <li>all-reduce: 2 (n-1)/n x bytes (a reduce-scatter then an all-gather)</li>
 *   <li>all-gather, reduce-scatter: (n-1)/n x bytes</li>
 *   <li>all-to-all: (n-1)/n x bytes (bytes = what this GPU dispatches; 1/n stays local)</li>
 * </ul>
 * Time = wire bytes / (bandwidth x eta_link) + alpha x collectives.
 */
public final class Collectives {

    private Collectives() {
    }

    public static double allReduceBytes(int n, double bytes) {
        return n <= 1 ? 0.0 : 2.0 * (n - 1) / n * bytes;
    }

    public static double allGatherBytes(int n, double bytes) {
        return n <= 1 ? 0.0 : (double) (n - 1) / n * bytes;
    }

    public static double reduceScatterBytes(int n, double bytes) {
        return allGatherBytes(n, bytes);
    }

    public static double allToAllBytes(int n, double bytes) {
        return allGatherBytes(n, bytes);
    }

    /** Seconds to move {@code wireBytes} over {@code link} in {@code collectives} calls at link efficiency eta. */
    public static double seconds(double wireBytes, Links.Link link, double etaLink, double collectives) {
        if (wireBytes <= 0) {
            return 0.0;
        }
        return wireBytes / (link.bytesPerS() * etaLink) + link.alphaS() * collectives;
    }
}
