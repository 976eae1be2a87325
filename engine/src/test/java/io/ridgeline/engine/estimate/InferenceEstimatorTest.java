package io.ridgeline.engine.estimate;

import static io.ridgeline.engine.TestFixtures.design;
import static io.ridgeline.engine.TestFixtures.h100;
import static io.ridgeline.engine.TestFixtures.llama31_70b;
import static io.ridgeline.engine.TestFixtures.llama31_8b;
import static io.ridgeline.engine.TestFixtures.mixtral8x7b;
import static io.ridgeline.engine.TestFixtures.offline;
import static io.ridgeline.engine.TestFixtures.online;
import static io.ridgeline.engine.TestFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Slo;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InferenceEstimatorTest {

    private static Map<String, Figure> figures(InferenceEstimate e) {
        return e.figures().stream().collect(Collectors.toMap(Figure::key, Function.identity()));
    }

    @Test
    void llama8bAtBatchOneDecodesAtTheWeightReadTime() {
        // offline, P = 3584, G = 512 -> L = 4096; tp 1, batch 1.
        // TPOT = (16,060,522,496 + 4096 x 131,072) / (3.35e12 x 0.89) = 5.5668 ms
        // TTFT = 60,928,166,985,728 FLOP / (989e12 x 0.75) = 82.1411 ms (no queue offline)
        // E2E = 82.1411 + 5.5668 x 511 = 2926.77 ms
        // workspace 3584 x (4 x 4096 + 2 x 14336) x 2 = 322,961,408 B (no chunked prefill: the prompt is the chunk)
        // KV budget 72e9 - 16,060,522,496 - 322,961,408 = 55,616,516,096 -> floor(55.62e9 / 536,870,912) = 103
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), offline(3584, 512, 1000),
                design(1, 1, 1)));
        assertThat(e.weightBytesPerGpu()).isEqualTo(16_060_522_496.0);
        assertThat(e.kvBytesPerToken()).isEqualTo(131_072.0);
        assertThat(e.contextTokens()).isEqualTo(4096);
        assertThat(e.workspaceBytesPerGpu()).isEqualTo(322_961_408.0);
        assertThat(e.kvBudgetBytesPerGpu()).isEqualTo(55_616_516_096.0);
        assertThat(e.maxBatch()).isEqualTo(103);
        assertThat(e.fits()).isTrue();
        assertThat(e.tpotMs()).isCloseTo(5.5668, within(1e-4));
        assertThat(e.decodeComputeBound()).isFalse();
        assertThat(e.ttftMs()).isCloseTo(82.1411, within(1e-4));
        assertThat(e.ttftQueueMs()).isZero();
        assertThat(e.e2eMs()).isCloseTo(2926.77, within(0.01));
        // makespan: the job run in its steady state (1000 requests, more than ten batches of 1): each request
        // prefills (82.1411 ms) and decodes 512 steps at its mean context P + G/2 = 3840, (16,060,522,496 + 3840 x
        // 131,072) / 2.9815e12 = 5.55554 ms: 1000 x (512 x 5.55554 + 82.1411) ms = 2926.58 s
        assertThat(e.makespanS()).isCloseTo(2926.58, within(0.01));
        assertThat(e.overLimits()).isEmpty();
    }

    @Test
    void totalParamsFigureShowsTheAttentionBiasTermWhenTheModelHasOne() {
        // Qwen2.5-7B: 1,089,994,752 embeddings + 28 x (233,053,184 + 4,608 q, k, v biases) + 3,584 = 7,615,616,512;
        // its weights 2 x that in bf16
        InferenceEstimate qwen = InferenceEstimator.estimate(scenario(
                io.ridgeline.engine.catalog.Catalogs.builtIn().model("qwen2.5-7b"), offline(3584, 512, 1000),
                design(1, 1, 1)));
        Figure total = figures(qwen).get("total_params");
        assertThat(total.value()).isEqualTo(7_615_616_512.0);
        assertThat(total.formula()).contains("q, k, v biases");
        assertThat(total.substituted()).isEqualTo("1.09 G + 28 x (233.1 M + 4608) + 3584");
        assertThat(qwen.weightBytesPerGpu()).isEqualTo(2 * 7_615_616_512.0);
        // without biases the working is as before
        Figure llama = figures(InferenceEstimator.estimate(scenario(llama31_8b(), offline(3584, 512, 1000),
                design(1, 1, 1)))).get("total_params");
        assertThat(llama.formula()).isEqualTo("embeddings + layers x (attention + norms + MLP) + final norm");
        assertThat(llama.substituted()).isEqualTo("1.051 G + 32 x 218.1 M + 4096");
    }

    @Test
    void tpotFigureShowsItsWorking() {
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), offline(3584, 512, 1000),
                design(1, 1, 1)));
        Figure tpot = figures(e).get("tpot_memory_ms");
        assertThat(tpot.substituted())
                .isEqualTo("1 x (16.06 GB / (3.35 TB/s x 0.89) + 1/1 x 536.9 MB / (3.35 TB/s x 0.89))");
        assertThat(tpot.value()).isCloseTo(5.5668, within(1e-4));
        assertThat(figures(e).get("kv_bytes_per_token").substituted()).isEqualTo("2 x 32 x 8 x 128 x 2 B");
        assertThat(e.figures()).allSatisfy(f -> {
            assertThat(f.key()).matches("[a-z0-9_]+");
            assertThat(f.formula()).isNotBlank();
            assertThat(f.substituted()).isNotBlank();
        });
    }

    @Test
    void fullBatchSetsThroughputAndCost() {
        // batch 0 offline -> maxBatch 103: TPOT (16.06e9 + 103 x 536.9e6) / 2.9815e12 = 23.9337 ms (compute 2.53 ms)
        // at the full context L = 4096. The job's throughput is its steady state (100,000 requests, more than ten
        // batches): 103 sequences at the mean context 3840 decode in (16,060,522,496 + 103 x 3840 x 131,072) /
        // 2.9815e12 = 22.77448 ms a step (compute 2.51 ms); without chunked prefill each cycle of 512 decode steps
        // also runs 103 prompts' prefill in steps of their own, 103 x 82.1411 ms = 8460.53 ms: 103 x 512 /
        // (512 x 22.77448 + 8460.53) ms = 2620.93 tokens/s; $3 / (2620.93 x 3600) x 1e6 = $0.31795
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), offline(3584, 512, 100_000),
                design(1, 1, 0)));
        assertThat(e.batch()).isEqualTo(103);
        assertThat(e.tpotMs()).isCloseTo(23.9337, within(1e-4));
        assertThat(e.tokensPerS()).isCloseTo(2620.93, within(0.02));
        assertThat(e.tokensPerS() * e.makespanS()).isCloseTo(100_000 * 512.0, within(5.0));
        assertThat(e.costPerMillionTokensUsd()).isCloseTo(0.31795, within(1e-5));
        assertThat(e.kvTrafficShare()).isGreaterThan(0.5);
    }

    @Test
    void kneeUnderATwentyMillisecondTpotMatchesTheHandSolution() {
        // (0.020 x 2.9815e12 - 16,060,522,496) / 536,870,912 = 81.1545 sequences
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), offline(3584, 512, 1000),
                design(1, 1, 0), new Slo(0.99, 0, 20, 0, 0, 0)));
        assertThat(e.kneeBatch()).isCloseTo(81.1545, within(1e-3));
        assertThat(e.overLimits()).anySatisfy(s -> assertThat(s).startsWith("TPOT 23.93 ms exceeds"));
    }

    @Test
    void llama70bOnFourGpusPaysForAllReduces() {
        // tp 4, B = 32, L = 4096: memory 15.4333 ms + comm 1.9495 ms = 17.3828 ms (compute 1.6377 ms)
        // workspace 3584 x (4 x 8192 + 2 x 28672 / 4) x 2 = 337,641,472; budget 36,385,505,280 / 335,544,320 -> 108
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_70b(), offline(3584, 512, 1000),
                design(4, 1, 32)));
        assertThat(e.gpusPerReplica()).isEqualTo(4);
        assertThat(e.weightBytesPerGpu()).isEqualTo(35_276_853_248.0);
        assertThat(e.kvBytesPerTokenPerGpu()).isEqualTo(81_920.0);
        assertThat(e.maxBatch()).isEqualTo(108);
        assertThat(e.tpotMemoryMs()).isCloseTo(15.4333, within(1e-4));
        assertThat(e.tpotComputeMs()).isCloseTo(1.6377, within(1e-4));
        assertThat(e.tpotCommMs()).isCloseTo(1.9495, within(1e-4));
        assertThat(e.tpotMs()).isCloseTo(17.3828, within(1e-4));
        assertThat(e.fits()).isTrue();
    }

    @Test
    void llama70bOnOneGpuIsAnAnswerNotAnException() {
        // 141,107,412,992 B of weights + workspace 3584 x (4 x 8192 + 2 x 28672 / 1) x 2 = 645,922,816 B
        // against 72e9 usable: over by 69,753,335,808 B = 69.75 GB
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_70b(), offline(3584, 512, 1000),
                design(1, 1, 0)));
        assertThat(e.fits()).isFalse();
        assertThat(e.maxBatch()).isZero();
        assertThat(e.batch()).isEqualTo(1);
        assertThat(e.kvBudgetBytesPerGpu()).isZero();
        assertThat(e.overLimits()).anySatisfy(s -> assertThat(s)
                .isEqualTo("weights 141.1 GB + workspace 645.9 MB exceed usable HBM 72 GB per GPU by 69.75 GB"));
        // the latency is still shown at batch 1: (141.1 GB + 1.342 GB of KV) / 2.9815e12 = 47.78 ms
        assertThat(e.tpotMs()).isCloseTo((141_107_412_992.0 + 4096 * 327_680.0) / 2.9815e12 * 1e3, within(1e-9));
        assertThat(e.memoryOverBytes()).isGreaterThan(69e9);
    }

    @Test
    void batchBeyondTheKvBudgetSaysByHowMuch() {
        // 200 x 536,870,912 + 16,060,522,496 + 322,961,408 - 72e9 = 51,757,666,304 B over
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), offline(3584, 512, 1000),
                design(1, 1, 200)));
        assertThat(e.fits()).isFalse();
        assertThat(e.memoryOverBytes()).isEqualTo(51_757_666_304.0);
        assertThat(e.overLimits()).anySatisfy(s -> assertThat(s).startsWith("batch 200 exceeds max batch 103"));
    }

    @Test
    void onlineBatchIsTheLittlesLawConcurrencyPerReplica() {
        // 5 requests/s over 2 replicas: each holds lambda / 2 x (t_prefill + TPOT_mean x (G - 1)) sequences (the
        // mean residence: TPOT at the percentile is for the objective)
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), online(3584, 512, 5),
                design(1, 2, 0)));
        double resident = e.ttftServiceMs() + e.tpotMeanMs() * 511;
        assertThat(e.tpotMs()).isGreaterThan(e.tpotMeanMs());
        assertThat(e.concurrencyNeeded()).isCloseTo(5 * resident / 1e3, within(1e-9));
        assertThat(e.batch()).isEqualTo((int) Math.ceil(e.concurrencyNeeded() / 2));
        assertThat(e.batch()).isLessThan(e.maxBatch());
        // rho = 2.5/s x 82.1411 ms = 0.20535; decode stretched by 1 / (1 - rho)
        assertThat(e.prefillUtilization()).isCloseTo(0.20535, within(1e-5));
        assertThat(e.ttftQueueMs()).isGreaterThan(0);
    }

    @Test
    void saturatedPrefillQueueUsesTheSentinel() {
        // 20 requests/s x 82 ms = 1.64 >= 1
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), online(3584, 512, 20),
                design(1, 1, 0)));
        assertThat(e.ttftQueueMs()).isEqualTo(InferenceEstimator.UNBOUNDED_MS);
        assertThat(e.overLimits()).anySatisfy(s -> assertThat(s).contains("grows without bound"));
        assertThat(e.replicasNeeded()).isGreaterThan(1);
    }

    @Test
    void fp8WeightsComputeInFp8AndInt4InTheActivationFormat() {
        Design fp8 = design(1, 1, 1).withFormats(NumericFormat.FP8, NumericFormat.BF16, NumericFormat.BF16);
        Design int4 = design(1, 1, 1).withFormats(NumericFormat.INT4, NumericFormat.BF16, NumericFormat.BF16);
        Design int4a8 = design(1, 1, 1).withFormats(NumericFormat.INT4, NumericFormat.FP8, NumericFormat.FP8);
        assertThat(InferenceEstimator.computeFormat(h100(), fp8)).isEqualTo(NumericFormat.FP8);
        assertThat(InferenceEstimator.computeFormat(h100(), int4)).isEqualTo(NumericFormat.BF16);
        assertThat(InferenceEstimator.computeFormat(h100(), int4a8)).isEqualTo(NumericFormat.FP8);
        // fp8 prefill: 60.93 TFLOP / (1979e12 x 0.75) = 41.0498 ms; weights 8.03 GB
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), offline(3584, 512, 1000), fp8));
        assertThat(e.ttftServiceMs()).isCloseTo(41.0498, within(1e-4));
        assertThat(e.weightBytesPerGpu()).isEqualTo(8_030_261_248.0);
    }

    @Test
    void speculationCutsBatchOneTpot() {
        // k 4, alpha 0.7: (5.5668 + 4 x 0.05 x 5.5668) / 2.7731 = 2.4089 ms
        Design d = design(1, 1, 1).with(Feature.SPECULATIVE_DECODING).withSpeculation(4, 0.7);
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), offline(3584, 512, 1000), d));
        assertThat(e.specTokensPerStep()).isCloseTo(2.7731, within(1e-9));
        assertThat(e.tpotMs()).isCloseTo(2.4089, within(1e-4));
        // the draft's 0.05 x 16.06 GB = 803 MB of weights comes out of the KV budget
        assertThat(e.kvBudgetBytesPerGpu()).isCloseTo(55_616_516_096.0 - 803_026_124.8, within(1.0));
    }

    @Test
    void disaggregatedTtftCarriesTheKvTransfer() {
        // 4 replicas, prefill share 0.25 -> 1 prefill + 3 decode instances. 3584 x 131,072 = 469,762,048 B over
        // NVLink (two 1-GPU instances share a node): 469.8 MB / (450e9 x 0.8) + 10 us = 1.3149 ms
        Design d = design(1, 4, 0).with(Feature.DISAGGREGATION).withPrefillShare(0.25);
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), online(3584, 512, 2), d));
        assertThat(e.kvTransferBytesPerRequest()).isEqualTo(469_762_048.0);
        assertThat(e.kvTransferMs()).isCloseTo(1.3149, within(1e-4));
        assertThat(e.ttftMs()).isCloseTo(e.ttftServiceMs() + e.ttftQueueMs() + e.kvTransferMs(), within(1e-9));
        // rho on the single prefill instance: 2/s x 82.1411 ms = 0.16428; decode is not stretched by it
        assertThat(e.prefillUtilization()).isCloseTo(0.16428, within(1e-5));
        assertThat(e.tokensPerS()).isCloseTo(3 * e.tokensPerSPerReplica(), within(1e-9));
    }

    @Test
    void prefixCachingSkipsTheSharedPrompt() {
        // P 4096 with 3072 shared: 1024 tokens to prefill,
        // (2 x 8.03e9 x 1024 + (4096^2 - 3072^2) / 2 x 32 x 16384) / 741.75e12 = 24.7659 ms
        InferenceWorkload w = new InferenceWorkload(4096, 256, 0, 0, 3072, 0, 0, 0, 0, 0, 1.0, 100, false);
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), w,
                design(1, 1, 1).with(Feature.PREFIX_CACHING)));
        assertThat(e.prefillTokens()).isEqualTo(1024);
        assertThat(e.ttftServiceMs()).isCloseTo(24.7659, within(1e-4));
    }

    @Test
    void embeddingsHaveNoDecodeAndCountPromptTokens() {
        // P 512: (2 x 8.03e9 x 512 + 2 x 32 x 512^2 x 4096) / 741.75e12 = 11.1786 ms -> 45,801.9 tokens/s
        InferenceWorkload w = new InferenceWorkload(512, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1_000_000, true);
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), w, design(1, 1, 0)));
        assertThat(e.tpotMs()).isZero();
        assertThat(e.tokensPerSPerReplica()).isCloseTo(45_801.9, within(0.1));
        // 1e6 requests x 11.1786 ms = 11,178.6 s
        assertThat(e.makespanS()).isCloseTo(11_178.6, within(0.1));
    }

    @Test
    void mixtralAtBatchOneReadsItsActiveWeights() {
        // tp 2, L = 1024: memory (12,879,925,248 + 67,108,864) / 2.9815e12 = 4.3425 ms;
        // comm 64 all-reduces x (2 x 1/2 x 8192 B / 360e9 + 10 us) = 0.6415 ms -> 4.9839 ms
        InferenceEstimate e = InferenceEstimator.estimate(scenario(mixtral8x7b(), offline(512, 512, 100),
                design(2, 1, 1)));
        assertThat(e.totalParams()).isEqualTo(46_702_792_704.0);
        assertThat(e.activeParams()).isEqualTo(12_879_925_248.0);
        assertThat(e.weightBytesPerGpu()).isEqualTo(46_702_792_704.0);
        assertThat(e.tpotMemoryMs()).isCloseTo(4.3425, within(1e-4));
        assertThat(e.tpotMs()).isCloseTo(4.9839, within(1e-4));
    }
    @Test
    void expertParallelReplicaSpreadsOnlyTheExpertsOfAPrompt() {
        // Mixtral tp 1 x ep 8: eight attention groups share the experts. P = 2048:
        // F = 2 x 12,879,925,248 x 2048 + 2 x 32 x 2048^2 x 4096 = 53,855,685,443,584 FLOP, of which the routed
        // experts take 22,548,578,304 x 2048 = 46,179,488,366,592 and run on all 8 GPUs; the other
        // 7,676,197,076,992 run on the prompt's own GPU:
        // 7.676e12 / 741.75e12 + 46.18e12 / (8 x 741.75e12) = 10.3488 + 7.7822 = 18.1310 ms
        // + expert all-to-alls 64 x (7/8 x 2048 x 2 x 4096 x 2 B / 360e9 + 10 us) = 5.8596 ms -> 23.9905 ms
        Design d = design(1, 1, 1).withParallelism(1, 1, 1, 8, 1);
        InferenceEstimate e = InferenceEstimator.estimate(scenario(mixtral8x7b(), online(2048, 512, 20), d));
        assertThat(e.gpusPerReplica()).isEqualTo(8);
        assertThat(e.prefillFlopsPerRequest()).isEqualTo(53_855_685_443_584.0);
        assertThat(e.ttftServiceMs()).isCloseTo(23.9905, within(1e-4));
        // eight prompts prefill at once: rho = 20/s x 23.9905 ms / 8 = 0.059976
        assertThat(e.prefillUtilization()).isCloseTo(0.059976, within(1e-6));
        // KV per token per GPU 131,072 / 8 groups = 16,384 B; experts / 8 + non-expert weights on every GPU
        assertThat(e.kvBytesPerTokenPerGpu()).isEqualTo(16_384.0);
        assertThat(e.weightBytesPerGpu()).isEqualTo(90_194_313_216.0 / 8 + 3_211_272_192.0);
    }

    @Test
    void mlaCachesTheLatentOnEveryTensorRank() {
        // DeepSeek-V3 fp8 weights on tp 8 x pp 2 x ep 8 over two nodes: KV 61 x 576 x 2 B = 70,272 B per token,
        // not split by tp (the latent is shared by all heads), halved by pp: 35,136 B per GPU
        Design d = design(8, 1, 1).withParallelism(8, 2, 1, 8, 1)
                .withFormats(NumericFormat.FP8, NumericFormat.FP8, NumericFormat.BF16);
        InferenceEstimate e = InferenceEstimator.estimate(scenario(io.ridgeline.engine.TestFixtures.deepseekV3(),
                offline(4096, 1024, 100), d).withCluster(io.ridgeline.facts.Cluster.of(h100(), 8, 2),
                io.ridgeline.engine.TestFixtures.efficiency()));
        assertThat(e.kvBytesPerToken()).isEqualTo(70_272.0);
        assertThat(e.kvBytesPerTokenPerGpu()).isEqualTo(35_136.0);
        assertThat(figures(e).get("kv_bytes_per_token").substituted()).isEqualTo("61 x (512 + 64) x 2 B");
        assertThat(e.fits()).isTrue();
    }
    @Test
    void aNamedDraftModelSetsTheDraftCost() {
        // Llama-3.2-1B drafting for 8B: f = 1,235,814,400 / 8,030,261,248 = 0.153895;
        // draft weights f x 16.06 GB = 2,471,628,800 B; the draft's KV per token is 2 x 16 x 8 x 64 x 2 = 32,768 B,
        // 0.25 of the target's 131,072: 0.25 x 536,870,912 = 134,217,728 B per sequence at L = 4096.
        // Draft step (2,471,628,800 + 134,217,728) / 2.9815e12 = 0.87400 ms; verify step at 5 query tokens is
        // still memory-bound at B = 1: 5.5668 ms. TPOT (5.5668 + 4 x 0.87400) / 2.7731 = 3.2681 ms
        Design d = design(1, 1, 1).with(Feature.SPECULATIVE_DECODING).withSpeculation(4, 0.7);
        InferenceEstimate e = InferenceEstimator.estimate(scenario(llama31_8b(), offline(3584, 512, 1000), d),
                io.ridgeline.engine.TestFixtures.llama32_1b());
        assertThat(figures(e).get("draft_weight_bytes_per_gpu").value()).isCloseTo(2_471_628_800.0, within(1.0));
        assertThat(e.tpotMs()).isCloseTo(3.2681, within(1e-4));
    }

    @Test
    void frontierOfTheReplicaRunsToItsMaxBatch() {
        // 8B offline, L = 4096, max batch 103: B = 1 .. 64 and 103; TPOT at 103 = 23.9337 ms -> 4303.56 tokens/s
        var f = InferenceEstimator.frontier(scenario(llama31_8b(), offline(3584, 512, 1000), design(1, 1, 0)));
        assertThat(f).extracting(p -> p.batch()).containsExactly(1, 2, 4, 8, 16, 32, 64, 103);
        assertThat(f.get(7).tpotMs()).isCloseTo(23.9337, within(1e-4));
        assertThat(f.get(7).tokensPerS()).isCloseTo(4303.56, within(0.01));
    }
}
