package io.ridgeline.engine.arithmetic.training;

/**
 * What the data loader must deliver: the global batch every step. Token ids are stored in 2 B when the vocabulary
 * fits in 65,536 ids, else 4 B.
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
}
