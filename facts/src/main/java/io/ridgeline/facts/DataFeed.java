package io.ridgeline.facts;

import java.util.List;

/**
 * How a pretraining job's data reaches its GPUs (lesson 08): how the corpus is stored, the loader's worker processes
 * and CPU cores per GPU, how fast one worker tokenizes, the storage's read bandwidth, and how documents fill the
 * sequences. A figure given as 0 is not stated: {@code storageReadBytesPerS} 0 leaves the read unchecked,
 * {@code meanDocumentTokens} 0 lets documents fill their sequences.
 *
 * @param format                      {@code token_ids}: token ids written by an offline tokenization pass (Megatron-LM's
 *                                    indexed dataset); {@code text}: text the loader's workers tokenize as they read
 * @param workersPerGpu               loader worker processes per GPU (Megatron-LM's {@code --num-workers})
 * @param cpuCoresPerGpu              host CPU cores per GPU the workers can run on
 * @param tokenizerTokensPerSPerWorker tokens one worker tokenizes per second (one core)
 * @param textBytesPerToken           bytes of stored text per token, B
 * @param storageReadBytesPerS        the storage's aggregate read bandwidth to the job, B/s (0: not stated)
 * @param meanDocumentTokens          mean document length, tokens (0: not stated)
 * @param packing                     documents packed end to end into every sequence (true), or one document per
 *                                    sequence, the rest padding (false)
 * @param resumable                   the loader's position is saved with every checkpoint (Megatron-LM saves the
 *                                    consumed samples and rebuilds the position from its sample index), so a restart
 *                                    goes on where the checkpoint left off; false: a restart starts the data stream
 *                                    again and must skip, re-reading them, or train again the tokens already trained
 */
public record DataFeed(String format, int workersPerGpu, int cpuCoresPerGpu, double tokenizerTokensPerSPerWorker,
                       double textBytesPerToken, double storageReadBytesPerS, double meanDocumentTokens,
                       boolean packing, boolean resumable) {

    /** The stored formats. */
    public static final List<String> FORMATS = List.of("token_ids", "text");

    /** Megatron-LM's data loader: 2 workers per GPU ({@code --num-workers}), on the token ids of its indexed dataset. */
    public static final int DEFAULT_WORKERS_PER_GPU = 2;

    /** An NVIDIA DGX H100's host: 2 Xeon Platinum 8480C, 112 cores for its 8 GPUs. */
    public static final int DEFAULT_CPU_CORES_PER_GPU = 14;

    /**
     * One worker's tokenizer, tokens/s: a byte-level BPE of 128,000 ids with Llama 3's split, in the Hugging Face
     * tokenizers library, encoding held-out English documents one at a time on one core, the median of 5 passes
     * (tools/calibration/tokenizer_throughput.py; docs/calibration.md).
     */
    public static final double DEFAULT_TOKENIZER_TOKENS_PER_S = 330_000;

    /** UTF-8 bytes of English text per token of that tokenizer, on the held-out text (same measurement). */
    public static final double DEFAULT_TEXT_BYTES_PER_TOKEN = 4.2;

    public DataFeed {
        format = format == null ? "token_ids" : format;
    }

    /**
     * Megatron-LM's defaults: token ids, 2 workers per GPU, packed documents, the position saved with the checkpoint;
     * the storage and documents not stated.
     */
    public static DataFeed defaults() {
        return new DataFeed("token_ids", DEFAULT_WORKERS_PER_GPU, DEFAULT_CPU_CORES_PER_GPU,
                DEFAULT_TOKENIZER_TOKENS_PER_S, DEFAULT_TEXT_BYTES_PER_TOKEN, 0.0, 0.0, true, true);
    }

    /** Whether the loader tokenizes text as it reads. */
    public boolean tokenizes() {
        return format.equals("text");
    }

    public DataFeed withFormat(String f) {
        return new DataFeed(f, workersPerGpu, cpuCoresPerGpu, tokenizerTokensPerSPerWorker, textBytesPerToken,
                storageReadBytesPerS, meanDocumentTokens, packing, resumable);
    }

    public DataFeed withWorkersPerGpu(int w) {
        return new DataFeed(format, w, cpuCoresPerGpu, tokenizerTokensPerSPerWorker, textBytesPerToken,
                storageReadBytesPerS, meanDocumentTokens, packing, resumable);
    }

    public DataFeed withPacking(boolean p) {
        return new DataFeed(format, workersPerGpu, cpuCoresPerGpu, tokenizerTokensPerSPerWorker, textBytesPerToken,
                storageReadBytesPerS, meanDocumentTokens, p, resumable);
    }

    public DataFeed withResumable(boolean r) {
        return new DataFeed(format, workersPerGpu, cpuCoresPerGpu, tokenizerTokensPerSPerWorker, textBytesPerToken,
                storageReadBytesPerS, meanDocumentTokens, packing, r);
    }
}
