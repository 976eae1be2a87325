package io.ridgeline.engine.arithmetic.training;

/**
 * The data plane of a pretraining job (lesson 08): what the loader must deliver, what it can, and the compute
 * padding wastes.
 *
 * <ul>
 *   <li><b>Demand.</b> The GPUs consume the global batch every step: tokens per step / step seconds.</li>
 *   <li><b>Supply.</b> The loader reads the stored corpus and, when it is text, tokenizes it. Reading delivers
 *       storage B/s / stored B per token (token ids take 2 B when the vocabulary fits in 65,536 ids, else 4 B; text
 *       takes its bytes per token); tokenizing delivers workers x tokens/s per worker for every GPU, at most one
 *       worker per CPU core. The slower of the two is the supply.</li>
 *   <li><b>Stall.</b> The workers prefetch the next batch while the GPUs run this one, so a step waits only for what
 *       the loader takes beyond the GPUs' own step: max(0, tokens per step / supply - GPU step).</li>
 *   <li><b>Padding.</b> Without packing each sequence holds one document and pads the rest: a document of L tokens
 *       takes ceil(L / S) sequences of S, so the share of positions that are real tokens is L / (S ceil(L / S))
 *       (every document taken at the mean length). Packing documents end to end fills every position.</li>
 *   <li><b>Resumption.</b> The fleet fails every MTBF hours, so a run of H hours restarts H / MTBF times. A loader
 *       whose position is saved with the checkpoint goes on where it left off. One without starts its data stream
 *       again: it must skip the tokens already trained, re-reading them, or train them again. Failures come at any
 *       point of the run, so each restart re-reads half the run's tokens on average: restarts x D / 2 in all.</li>
 * </ul>
 */
public final class DataPlane {

    private DataPlane() {
    }

    public static double loaderTokensPerS(double batchTokensPerStep, double stepSeconds) {
        return stepSeconds <= 0 ? 0.0 : batchTokensPerStep / stepSeconds;
    }

    public static int bytesPerToken(int vocabSize) {
        return vocabSize <= 65536 ? 2 : 4;
    }

    public static double loaderBytesPerS(double tokensPerS, int vocabSize) {
        return tokensPerS * bytesPerToken(vocabSize);
    }

    /** Bytes the loader reads per token: the token id's width, or the text's bytes per token. */
    public static double storedBytesPerToken(boolean text, int vocabSize, double textBytesPerToken) {
        return text ? textBytesPerToken : bytesPerToken(vocabSize);
    }

    /** Tokens/s the storage can deliver: read B/s / stored B per token; unbounded (infinite) when not stated (0). */
    public static double readTokensPerS(double storageReadBytesPerS, double storedBytesPerToken) {
        return storageReadBytesPerS <= 0 ? Double.POSITIVE_INFINITY : storageReadBytesPerS / storedBytesPerToken;
    }

    /** Workers that run at once on a GPU's share of the host: at most one per core. */
    public static int runningWorkers(int workersPerGpu, int cpuCoresPerGpu) {
        return Math.min(workersPerGpu, cpuCoresPerGpu);
    }

    /** Tokens/s the job's workers tokenize: running workers per GPU x tokens/s per worker x GPUs. */
    public static double tokenizeTokensPerS(int runningWorkersPerGpu, double tokensPerSPerWorker, int gpus) {
        return (double) runningWorkersPerGpu * tokensPerSPerWorker * gpus;
    }

    /** Tokens/s a loader's storage reads, at the bytes its format stores a token in (infinite when not stated). */
    public static double readTokensPerS(io.ridgeline.facts.DataFeed f, int vocabSize) {
        return readTokensPerS(f.storageReadBytesPerS(), storedBytesPerToken(f.tokenizes(), vocabSize,
                f.textBytesPerToken()));
    }

    /** Tokens/s a loader's workers tokenize over {@code gpus} GPUs (infinite for token ids: nothing to tokenize). */
    public static double tokenizeTokensPerS(io.ridgeline.facts.DataFeed f, int gpus) {
        return f.tokenizes() ? tokenizeTokensPerS(runningWorkers(f.workersPerGpu(), f.cpuCoresPerGpu()),
                f.tokenizerTokensPerSPerWorker(), gpus) : Double.POSITIVE_INFINITY;
    }

    /** What a loader delivers, tokens/s: the slower of its storage's read and its workers' tokenizing. */
    public static double supplyTokensPerS(io.ridgeline.facts.DataFeed f, int vocabSize, int gpus) {
        return Math.min(readTokensPerS(f, vocabSize), tokenizeTokensPerS(f, gpus));
    }

    /** Seconds the loader takes to deliver one step's tokens at its supply (0 when unbounded). */
    public static double loaderSeconds(double tokensPerStep, double supplyTokensPerS) {
        return Double.isInfinite(supplyTokensPerS) ? 0.0 : tokensPerStep / supplyTokensPerS;
    }

    /** Seconds a step waits for data: what the loader takes beyond the GPUs' step (it prefetches during the step). */
    public static double stallSeconds(double loaderSeconds, double gpuStepSeconds) {
        return Math.max(0.0, loaderSeconds - gpuStepSeconds);
    }

    /** Restarts over a run: its hours over the fleet's mean time between failures. */
    public static double expectedRestarts(double runHours, double mtbfHours) {
        return mtbfHours <= 0 ? 0.0 : runHours / mtbfHours;
    }

    /**
     * Tokens a run's restarts re-read (or train again): none with the loader's position in the checkpoint, else
     * restarts x D / 2.
     */
    public static double rereadTokens(double restarts, double runTokens, boolean resumable) {
        return resumable ? 0.0 : restarts * runTokens / 2;
    }

    /**
     * The share of sequence positions that hold real tokens: 1 with packing or without a stated document length,
     * else L / (S ceil(L / S)) for documents of L tokens in sequences of S.
     */
    public static double usefulFraction(double meanDocumentTokens, int seqLen, boolean packing) {
        if (packing || meanDocumentTokens <= 0) {
            return 1.0;
        }
        double sequences = Math.ceil(meanDocumentTokens / seqLen);
        return meanDocumentTokens / (seqLen * sequences);
    }
}
