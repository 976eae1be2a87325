package io.ridgeline.engine.arithmetic.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The data plane's formulas (lesson 08), each against a number worked by hand. */
class DataPlaneTest {

    @Test
    void theStorageDeliversItsReadOverTheBytesATokenIsStoredIn() {
        // 1 GB/s of 4-byte token ids: 1e9 / 4 = 250,000,000 tokens/s; of 2-byte ids twice that
        assertThat(DataPlane.readTokensPerS(1e9, DataPlane.storedBytesPerToken(false, 128256, 4.0)))
                .isCloseTo(2.5e8, within(1e-3));
        assertThat(DataPlane.readTokensPerS(1e9, DataPlane.storedBytesPerToken(false, 32000, 4.0)))
                .isCloseTo(5e8, within(1e-3));
        // text at 4.2 B a token, whatever the vocabulary: 1e9 / 4.2 = 238,095,238 tokens/s
        assertThat(DataPlane.readTokensPerS(1e9, DataPlane.storedBytesPerToken(true, 32000, 4.2)))
                .isCloseTo(238_095_238.1, within(0.1));
        // a storage not stated bounds nothing
        assertThat(DataPlane.readTokensPerS(0, 4)).isInfinite();
    }

    @Test
    void theWorkersTokenizeAtMostOneACore() {
        // 2 workers on 14 cores: both run; 16 workers on 14 cores: 14 run
        assertThat(DataPlane.runningWorkers(2, 14)).isEqualTo(2);
        assertThat(DataPlane.runningWorkers(16, 14)).isEqualTo(14);
        // 2 workers x 20,000 tokens/s x 8 GPUs = 320,000 tokens/s
        assertThat(DataPlane.tokenizeTokensPerS(2, 20_000, 8)).isCloseTo(320_000, within(1e-9));
    }

    @Test
    void aStepWaitsOnlyForWhatTheLoaderTakesBeyondTheGpusStep() {
        // 1,048,576 tokens at 320,000 tokens/s = 3.2768 s against a 1.85 s GPU step: 3.2768 - 1.85 = 1.4268 s
        double loaderS = DataPlane.loaderSeconds(1_048_576, 320_000);
        assertThat(loaderS).isCloseTo(3.2768, within(1e-12));
        assertThat(DataPlane.stallSeconds(loaderS, 1.85)).isCloseTo(1.4268, within(1e-12));
        // a loader faster than the step is hidden by its prefetch; an unbounded one takes no time
        assertThat(DataPlane.stallSeconds(1.0, 2.0)).isZero();
        assertThat(DataPlane.loaderSeconds(1_048_576, Double.POSITIVE_INFINITY)).isZero();
    }

    @Test
    void aLoaderWithoutItsPositionReReadsHalfTheRunAtEveryRestart() {
        // 16,384 GPUs at the Llama 3 paper's 419 / (54 d x 24 h x 16,384) = 1.9734e-5 failures a GPU-hour fail every
        // 1 / (1.9734e-5 x 16,384) = 3.093 h: a 30-day run (720 h) restarts 720 / 3.093 = 232.8 times
        double mtbf = Checkpointing.mtbfHours(Checkpointing.DEFAULT_FAILURES_PER_GPU_HOUR, 16384);
        assertThat(mtbf).isCloseTo(3.093, within(1e-3));
        double restarts = DataPlane.expectedRestarts(720, mtbf);
        assertThat(restarts).isCloseTo(232.8, within(0.1));
        // each restart re-reads half of 15T tokens on average: 232.8 x 1.5e13 / 2 = 1.746e15 tokens, 116 x the run's
        assertThat(DataPlane.rereadTokens(restarts, 1.5e13, false)).isCloseTo(1.746e15, within(1e12));
        // with the position in the checkpoint, none
        assertThat(DataPlane.rereadTokens(restarts, 1.5e13, true)).isZero();
    }

    @Test
    void unpackedDocumentsLeaveTheRestOfTheirSequencesAsPadding() {
        // 900-token documents in 4,096-token sequences: 900 / 4096 = 21.97% real, 78.03% padding
        assertThat(DataPlane.usefulFraction(900, 4096, false)).isCloseTo(0.2197266, within(1e-7));
        // 5,000-token documents take two sequences each: 5000 / (4096 x 2) = 61.04% real
        assertThat(DataPlane.usefulFraction(5000, 4096, false)).isCloseTo(0.6103516, within(1e-7));
        // a document exactly a sequence long pads nothing
        assertThat(DataPlane.usefulFraction(4096, 4096, false)).isEqualTo(1.0);
        // packing fills every position; no stated length: documents fill their sequences
        assertThat(DataPlane.usefulFraction(900, 4096, true)).isEqualTo(1.0);
        assertThat(DataPlane.usefulFraction(0, 4096, false)).isEqualTo(1.0);
    }
}
