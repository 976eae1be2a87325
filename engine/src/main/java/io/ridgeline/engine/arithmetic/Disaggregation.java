package io.ridgeline.engine.arithmetic;

/**
 * Prefill and decode on separate instances: the prompt's KV cache crosses the network once per request, and the
 * fleet splits its instances in the ratio of the GPU-seconds each phase needs.
 */
public final class Disaggregation {

    private Disaggregation() {
    }

    /** KV bytes a request hands from prefill to decode: the whole prompt's cache (P x kv bytes/token). */
    public static double kvTransferBytes(double promptKvBytes) {
        return promptKvBytes;
    }

    /**
     * Transfer time, s: bytes / (senders x link x eta_link) + alpha. Each of the prefill instance's GPUs sends its
     * own shard over its own link, in parallel.
     */
    public static double kvTransferS(double bytes, int senders, double linkBytesPerS, double etaLink,
                                     double alphaS) {
        if (senders < 1) {
            throw new IllegalArgumentException("senders = " + senders + " must be >= 1");
        }
        return bytes / (senders * linkBytesPerS * etaLink) + alphaS;
    }

    /**
     * Prefill to decode GPU-seconds per request: prefill time / (G x decode step / B). Both phases run on
     * instances of the same shape, so the GPU count cancels.
     */
    public static double prefillToDecodeRatio(double prefillS, int outputTokens, double decodeStepS, double batch) {
        double decodeS = outputTokens * decodeStepS / batch;
        if (!(decodeS > 0)) {
            throw new IllegalArgumentException("decode time per request = " + decodeS + " s must be > 0");
        }
        return prefillS / decodeS;
    }

    /** Share of instances that should prefill: r / (1 + r) for a P:D ratio r. */
    public static double prefillShare(double prefillToDecodeRatio) {
        return prefillToDecodeRatio / (1.0 + prefillToDecodeRatio);
    }

    /** Prefill instances for a share of the replicas: round(share x replicas), kept in [1, replicas - 1]. */
    public static int prefillInstances(double share, int replicas) {
        if (replicas < 2) {
            throw new IllegalArgumentException("replicas = " + replicas
                    + " must be >= 2 with disaggregation (one prefill and one decode instance at least)");
        }
        return (int) Math.max(1, Math.min(replicas - 1, Math.round(share * replicas)));
    }
}
