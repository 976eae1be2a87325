package io.ridgeline.engine.arithmetic;

/**
 * The roofline: a kernel that does F FLOP and moves Q bytes takes the longer of its compute time and its memory
 * time. Arithmetic intensity I = F / Q (FLOP/byte); the ridge point peak / bandwidth is the intensity at which
 * the two times are equal. Below the ridge a kernel is bandwidth bound, above it compute bound.
 */
public final class Roofline {

    private Roofline() {
    }

    /** Arithmetic intensity, FLOP/byte. */
    public static double arithmeticIntensity(double flops, double bytes) {
        if (!(bytes > 0)) {
            throw new IllegalArgumentException("bytes = " + bytes + " must be > 0");
        }
        return flops / bytes;
    }

    /** Ridge point of a chip, FLOP/byte: peak FLOP/s / bandwidth bytes/s. */
    public static double ridgePoint(double peakFlopsPerS, double bytesPerS) {
        if (!(peakFlopsPerS > 0) || !(bytesPerS > 0)) {
            throw new IllegalArgumentException("peakFlopsPerS and bytesPerS must be > 0, got " + peakFlopsPerS
                    + " and " + bytesPerS);
        }
        return peakFlopsPerS / bytesPerS;
    }

    /** Compute time, s: F / (peak x eta_compute). */
    public static double computeTimeS(double flops, double peakFlopsPerS, double etaCompute) {
        return flops / (peakFlopsPerS * etaCompute);
    }

    /** Memory time, s: Q / (bandwidth x eta_hbm). */
    public static double memoryTimeS(double bytes, double bytesPerS, double etaHbm) {
        return bytes / (bytesPerS * etaHbm);
    }

    /** Roofline time, s: max(F / (peak x eta_compute), Q / (bandwidth x eta_hbm)). */
    public static double timeS(double flops, double bytes, double peakFlopsPerS, double bytesPerS,
                               double etaCompute, double etaHbm) {
        return Math.max(computeTimeS(flops, peakFlopsPerS, etaCompute), memoryTimeS(bytes, bytesPerS, etaHbm));
    }

    /** True when the compute time exceeds the memory time at the achieved fractions of peak. */
    public static boolean isComputeBound(double flops, double bytes, double peakFlopsPerS, double bytesPerS,
                                         double etaCompute, double etaHbm) {
        return computeTimeS(flops, peakFlopsPerS, etaCompute) > memoryTimeS(bytes, bytesPerS, etaHbm);
    }
}
