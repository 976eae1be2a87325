package io.ridgeline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ridgeline.engine.arithmetic.Memory;
import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.arithmetic.Throughput.FrontierPoint;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.engine.estimate.RlEstimator;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.engine.scenario.ScenarioLoader;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import io.ridgeline.web.Charts.MemoryBar;
import io.ridgeline.web.Charts.OperatingPoint;
import io.ridgeline.web.Charts.Part;
import io.ridgeline.web.Charts.RooflineChart;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {

    private static final ScenarioLoader LOADER = new ScenarioLoader(Catalogs.builtIn());

    private static Scenario scenario(String yaml) {
        return LOADER.parse(yaml, "test", null);
    }

    private static Scenario llama70b(int tp, String precision) {
        return scenario("""
                model: llama-3.1-70b
                hardware: {gpu: h100-sxm, gpus_per_node: 8}
                workload: {prompt_tokens: 2000, output_tokens: 300, requests_per_s: 2}
                slo: {ttft_ms: 1000, tpot_ms: 50}
                design: {tp: %d, precision: %s}
                """.formatted(tp, precision));
    }

    @Test
    void prefillIntensityOfLlama70bIsItsPromptFlopsOverTheWeightsEachGpuReads() {
        // F = 2 x 70,553,706,496 x 2000 + causal attention 80 layers x 2000^2 / 2 pairs x 4 x 64 heads x 128
        //   = 282,214,825,984,000 + 5,242,880,000,000 = 287,457,705,984,000 FLOP
        // tp 2, bf16: FLOP per GPU = F / 2 = 143,728,852,992,000; weights per GPU = 70,553,706,496 x 2 B / 2
        //   = 70,553,706,496 B; intensity = 143,728,852,992,000 / 70,553,706,496 = 2037.155 FLOP/B
        Scenario s = llama70b(2, "bf16");
        InferenceEstimate e = InferenceEstimator.estimate(s);
        assertThat(e.prefillFlopsPerRequest()).isEqualTo(287_457_705_984_000.0);
        Charts.Prefill p = Charts.prefill(s, e);
        assertThat(p.flopsPerGpu()).isEqualTo(143_728_852_992_000.0);
        assertThat(p.bytesPerGpu()).isEqualTo(70_553_706_496.0);
        assertThat(p.intensity()).isCloseTo(2037.155, within(0.001));
    }

    @Test
    void prefillOfLlama70bIsComputeBoundAndDecodeAtSmallBatchIsMemoryBound() {
        // H100 SXM bf16: peak 989e12 FLOP/s, HBM 3.35e12 B/s, ridge 989e12 / 3.35e12 = 295.22 FLOP/B
        Scenario s = llama70b(2, "bf16");
        InferenceEstimate e = InferenceEstimator.estimate(s);
        RooflineChart r = Charts.roofline(s, e);
        assertThat(r.computeFormat()).isEqualTo("bf16");
        assertThat(r.peakFlopsPerS()).isEqualTo(989e12);
        assertThat(r.hbmBytesPerS()).isEqualTo(3.35e12);
        assertThat(r.ridgeFlopPerByte()).isCloseTo(295.22, within(0.01));
        OperatingPoint decode = r.points().get(0);
        OperatingPoint prefill = r.points().get(1);
        assertThat(decode.name()).isEqualTo("decode, batch " + e.batch());
        assertThat(decode.intensityFlopPerByte()).isEqualTo(e.decodeArithmeticIntensity()).isLessThan(295.22);
        // below the ridge the bound is intensity x bandwidth
        assertThat(decode.attainableFlopsPerS()).isCloseTo(e.decodeArithmeticIntensity() * 3.35e12, within(1.0));
        // 2037 FLOP/B is above the ridge: the bound is the peak
        assertThat(prefill.attainableFlopsPerS()).isEqualTo(989e12);
        assertThat(prefill.formula()).contains("2037 FLOP/B");
    }

    @Test
    void fp8WeightsMoveTheRooflineToTheFp8Peak() {
        // fp8 weights and activations compute in fp8: peak 1979e12 FLOP/s, ridge 1979e12 / 3.35e12 = 590.75 FLOP/B
        Scenario s = llama70b(2, "fp8");
        RooflineChart r = Charts.roofline(s, InferenceEstimator.estimate(s));
        assertThat(r.computeFormat()).isEqualTo("fp8");
        assertThat(r.peakFlopsPerS()).isEqualTo(1979e12);
        assertThat(r.ridgeFlopPerByte()).isCloseTo(590.75, within(0.01));
    }

    @Test
    void mixtralPrefillWithoutExpertParallelismReadsEveryExpertSoItsIntensityIsFlopsOverAllWeights() {
        // tp 2, ep 1: groups = max(1, 1 / 2) = 1, so FLOP per GPU = F / 2. 1024 prompt tokens top-2 of 8 touch
        // 1 - (6/8)^1024 = 1 - 1.6e-128 of the experts; dense and expert weights are both split by 2:
        // bytes per GPU = W_total / 2, so intensity = F / W_total.
        Scenario s = scenario("""
                model: mixtral-8x7b
                hardware: {gpu: h100-sxm, gpus_per_node: 8}
                workload: {prompt_tokens: 1024, output_tokens: 256, requests_per_s: 1}
                design: {tp: 2}
                """);
        InferenceEstimate e = InferenceEstimator.estimate(s);
        Charts.Prefill p = Charts.prefill(s, e);
        assertThat(p.intensity()).isCloseTo(e.prefillFlopsPerRequest() / e.weightBytesTotal(),
                within(1e-9 * p.intensity()));
    }

    @Test
    void mixtralPrefillWithExpertParallelismSpreadsOnlyTheExpertFlopsOverTheAttentionGroups() {
        // tp 1, ep 8: groups = 8. Expert MLP params per expert per layer: 3 x 4096 x 14336 = 176,160,768;
        // routed expert FLOP per token = 2 x 32 layers x top-2 x 176,160,768 = 22,548,578,304.
        // At P = 1024: F_experts = 23,089,744,183,296 FLOP.
        // Expert weights: 32 x 8 x 176,160,768 x 2 B = 90,194,313,216 B, per GPU / max(tp, ep) = 8 -> 11,274,289,152 B.
        // Dense weights: (total - expert params) x 2 B on every GPU (tp 1).
        // FLOP per GPU = (F - F_experts) / 1 + F_experts / 8; bytes = W_dense + 11,274,289,152 x (1 - 0.75^1024).
        Scenario s = scenario("""
                model: mixtral-8x7b
                hardware: {gpu: h100-sxm, gpus_per_node: 8}
                workload: {prompt_tokens: 1024, output_tokens: 256, requests_per_s: 1}
                design: {tp: 1, ep: 8}
                """);
        InferenceEstimate e = InferenceEstimator.estimate(s);
        double expertFlops = 23_089_744_183_296.0;
        double expertParams = 32.0 * 8 * 176_160_768;
        assertThat(Memory.routedExpertParams(s.model())).isEqualTo(expertParams);
        double denseBytes = (ParamCounter.totalParams(s.model()) - expertParams) * 2;
        double touched = 1 - Math.pow(0.75, 1024);
        Charts.Prefill p = Charts.prefill(s, e);
        assertThat(p.flopsPerGpu()).isCloseTo(e.prefillFlopsPerRequest() - expertFlops + expertFlops / 8,
                within(1.0));
        assertThat(p.bytesPerGpu()).isCloseTo(denseBytes + 11_274_289_152.0 * touched, within(1.0));
    }

    @Test
    void inferenceMemoryBarAddsUpToTheBillAndLeavesTheRestOfUsableHbmFree() {
        // Llama-3.1-8B bf16, tp 1: weights 8,030,261,248 x 2 B = 16,060,522,496 B; usable 0.9 x 80e9 = 72e9 B
        Scenario s = scenario("""
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm}
                workload: {prompt_tokens: 1024, output_tokens: 256, requests_per_s: 1}
                design: {batch: 16}
                """);
        InferenceEstimate e = InferenceEstimator.estimate(s);
        Charts.MemoryChart m = Charts.memory(s, e);
        assertThat(m.hbmBytes()).isEqualTo(80e9);
        assertThat(m.usableBytes()).isEqualTo(72e9);
        MemoryBar bar = m.bars().get(0);
        assertThat(bar.parts()).extracting(Part::name).containsExactly("weights", "KV cache", "workspace");
        assertThat(bar.parts().get(0).bytes()).isEqualTo(16_060_522_496.0);
        assertThat(bar.parts().stream().mapToDouble(Part::bytes).sum()).isCloseTo(e.memoryBytesPerGpu(), within(1.0));
        assertThat(bar.freeBytes()).isCloseTo(72e9 - e.memoryBytesPerGpu(), within(1.0));
        assertThat(bar.overBytes()).isZero();
    }

    @Test
    void aModelThatDoesNotFitShowsTheOverflowAndNoFreeMemory() {
        // Llama-3.1-70B bf16 on one H100: weights 141,107,412,992 B > 72e9 usable
        Scenario s = llama70b(1, "bf16");
        InferenceEstimate e = InferenceEstimator.estimate(s);
        MemoryBar bar = Charts.memory(s, e).bars().get(0);
        assertThat(bar.parts().get(0).bytes()).isEqualTo(141_107_412_992.0);
        assertThat(bar.freeBytes()).isZero();
        assertThat(bar.overBytes()).isCloseTo(e.memoryBytesPerGpu() - 72e9, within(1.0))
                .isEqualTo(e.memoryOverBytes(), within(1.0));
    }

    @Test
    void speculativeDecodingShowsTheDraftWeightsAsTheirOwnPart() {
        // the draft is 5% of the target's weights unless named: 0.05 x 16,060,522,496 B = 803,026,124.8 B
        Scenario s = scenario("""
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm}
                workload: {prompt_tokens: 1024, output_tokens: 256, requests_per_s: 1}
                design: {batch: 8, features: [speculative_decoding]}
                """);
        InferenceEstimate e = InferenceEstimator.estimate(s);
        List<Part> parts = Charts.memory(s, e).bars().get(0).parts();
        assertThat(parts).extracting(Part::name).containsExactly("weights", "draft weights", "KV cache",
                "workspace");
        assertThat(parts.get(1).bytes()).isCloseTo(803_026_124.8, within(1.0));
    }

    @Test
    void frontierChosenPointIsTheBillsBatchAndTpot() {
        Scenario s = llama70b(2, "fp8");
        InferenceEstimate e = InferenceEstimator.estimate(s);
        Charts.Frontier f = Charts.frontier(s, e);
        assertThat(f.points()).extracting(FrontierPoint::batch).startsWith(1, 2, 4, 8);
        assertThat(f.chosen().batch()).isEqualTo(e.batch());
        assertThat(f.chosen().tpotMs()).isEqualTo(e.tpotMs());
        // tokens/s = batch / TPOT
        assertThat(f.chosen().tokensPerS()).isCloseTo(e.batch() * 1000.0 / e.tpotMs(), within(1e-9));
        assertThat(f.sloTpotMs()).isEqualTo(50.0);
        assertThat(f.percentile()).isEqualTo(0.99);
    }

    @Test
    void embeddingWorkHasNoFrontierAndNoDecodePoint() {
        Scenario s = scenario("""
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm}
                workload: {prompt_tokens: 512, embedding_only: true, requests_per_s: 10}
                """);
        InferenceEstimate e = InferenceEstimator.estimate(s);
        Charts.ChartSet c = Charts.of(s, e);
        assertThat(c.frontier()).isNull();
        assertThat(c.roofline().points()).extracting(OperatingPoint::name).containsExactly("prefill, 512 tokens");
    }

    @Test
    void trainingChartsShowMemoryByStateAndEveryCommunicationAxis() {
        Scenario s = scenario("""
                kind: training
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 4}
                workload: {tokens: 1e12, seq_len: 4096}
                design: {tp: 2, dp: 16, zero_stage: 1}
                """);
        TrainingEstimate e = TrainingEstimator.estimate(s);
        Charts.ChartSet c = Charts.of(s, e);
        assertThat(c.frontier()).isNull();
        assertThat(c.roofline()).isNull();
        assertThat(c.communication().parts()).extracting(Charts.TimePart::seconds).containsExactly(
                e.computeTimeS(), e.dpCommTimeS(), e.tpCommTimeS(), e.ppCommTimeS(), e.epCommTimeS(),
                e.cpCommTimeS());
        assertThat(c.communication().stepTimeS()).isEqualTo(e.stepTimeS());
        // parameters in bf16, unsharded by ZeRO-1, split by tp 2: 8,030,261,248 x 2 B / 2 = 8,030,261,248 B
        MemoryBar bar = c.memory().bars().get(0);
        assertThat(bar.parts().get(0).bytes()).isEqualTo(8_030_261_248.0);
        assertThat(bar.parts().stream().mapToDouble(Part::bytes).sum()).isCloseTo(e.memoryBytesPerGpu(), within(1.0));
    }

    @Test
    void rlMemoryChartHasAnActorAndALearnerBar() {
        Scenario s = scenario("""
                kind: rl
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 2}
                design: {tp: 1, dp: 16}
                """);
        RlEstimate e = RlEstimator.estimate(s);
        Charts.MemoryChart m = Charts.of(s, e).memory();
        assertThat(m.bars()).extracting(MemoryBar::label).containsExactly("actor GPU", "learner GPU");
        assertThat(m.bars().get(0).totalBytes()).isEqualTo(e.actorMemoryBytesPerGpu());
        assertThat(m.bars().get(1).overBytes()).isCloseTo(e.learnerMemoryBytesPerGpu() - 72e9, within(1.0));
    }
}
