package io.ridgeline.engine.arithmetic;

import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;

/**
 * The memory equation of one serving replica, per GPU: usable HBM = weights + workspace + KV cache.
 *
 * <ul>
 *   <li>Usable HBM is {@value #USABLE_HBM_FRACTION} of capacity: the rest is kept for the CUDA context, the
 *       runtime, CUDA graphs and allocator fragmentation (vLLM's default {@code gpu_memory_utilization} is 0.9).</li>
 *   <li>Workspace is the activation memory of the largest prefill chunk: per token four hidden-size vectors
 *       (residual, normed input, attention output, MLP output) plus the gate and up projections of the MLP
 *       (2 x intermediate / tp), all at {@value #ACTIVATION_BYTES} bytes. Attention scores are not materialised
 *       (flash attention), and logits are computed only for the last position of each prompt. With chunked prefill
 *       the chunk is {@value #PREFILL_CHUNK_TOKENS} tokens, a common scheduler token budget; without it a whole
 *       prompt is one chunk (at least {@value #PREFILL_CHUNK_TOKENS} tokens, since short prompts are batched
 *       together up to that budget).</li>
 *   <li>The KV budget is what is left; it sets the largest batch at a context and the longest context at a batch.</li>
 * </ul>
 */
public final class ReplicaBudget {

    /** Share of HBM the serving engine may use. */
    public static final double USABLE_HBM_FRACTION = 0.90;
    /** Prefill chunk under chunked prefill, tokens. */
    public static final int PREFILL_CHUNK_TOKENS = 2048;
    /** Bytes per activation element (bf16). */
    public static final double ACTIVATION_BYTES = 2.0;

    private ReplicaBudget() {
    }

    /** Usable HBM per GPU, bytes: 0.90 x capacity. */
    public static double usableHbmBytes(double hbmBytes) {
        return USABLE_HBM_FRACTION * hbmBytes;
    }

    /** Tokens in the largest prefill chunk: 2048 with chunked prefill, else max(prompt, 2048). */
    public static int largestPrefillChunkTokens(int promptTokens, boolean chunkedPrefill) {
        return chunkedPrefill ? PREFILL_CHUNK_TOKENS : Math.max(promptTokens, PREFILL_CHUNK_TOKENS);
    }

    /**
     * Intermediate width of one token's MLP: the dense intermediate size, or for an MoE model the larger of that and
     * top-k x expert intermediate.
     */
    public static double mlpWidthPerToken(ModelArchitecture m) {
        if (m.moe() == null) {
            return m.intermediateSize();
        }
        return Math.max(m.intermediateSize(),
                (double) m.moe().expertsPerToken() * m.moe().expertIntermediate());
    }

    /**
     * Workspace per GPU, bytes: chunk / cp x (4 x hidden + 2 x intermediate / tp) x 2 B. Context parallelism gives
     * each rank 1/cp of the chunk's tokens.
     */
    public static double workspaceBytesPerGpu(ModelArchitecture m, int chunkTokens, int tp, int cp) {
        double perToken = 4.0 * m.hiddenSize() + 2.0 * mlpWidthPerToken(m) / tp;
        return Math.ceil((double) chunkTokens / cp) * perToken * ACTIVATION_BYTES;
    }

    /** KV budget per GPU, bytes: max(0, usable - weights - workspace). */
    public static double kvBudgetBytes(double usableBytes, double weightBytesPerGpu, double workspaceBytesPerGpu) {
        return Math.max(0.0, usableBytes - weightBytesPerGpu - workspaceBytesPerGpu);
    }

    /** Largest batch: floor(KV budget / KV bytes per sequence per GPU). */
    public static int maxBatch(double kvBudgetBytes, double kvBytesPerSequencePerGpu) {
        if (!(kvBytesPerSequencePerGpu > 0)) {
            throw new IllegalArgumentException("kvBytesPerSequencePerGpu = " + kvBytesPerSequencePerGpu
                    + " must be > 0");
        }
        double b = Math.floor(kvBudgetBytes / kvBytesPerSequencePerGpu);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, b));
    }

    /**
     * Longest context, tokens, at which {@code batch} sequences fit the KV budget: the context whose per-GPU KV
     * bytes equal budget / batch ({@link Memory#contextForKvBytes} on the per-sequence bytes times the shard
     * divisor), capped at the model's maximum context when it states one.
     */
    public static int maxContext(ModelArchitecture m, NumericFormat kvFormat,
                                 double kvShardDivisor, double kvBudgetBytes, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch = " + batch + " must be >= 1");
        }
        double perSequenceWholeModel = kvBudgetBytes / batch * kvShardDivisor;
        double l = Math.floor(Memory.contextForKvBytes(m, kvFormat, perSequenceWholeModel));
        if (m.maxContext() > 0) {
            l = Math.min(l, m.maxContext());
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, l));
    }
}
