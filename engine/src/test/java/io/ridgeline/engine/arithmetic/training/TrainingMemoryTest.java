package io.ridgeline.engine.arithmetic.training;

import io.ridgeline.engine.arithmetic.ParamCounter;
import org.junit.jupiter.api.Test;

import static io.ridgeline.engine.fixtures.TrainingFixtures.h100;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama70b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama8b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.mixtral8x7b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

class TrainingMemoryTest {

    private static final double N8 = 8_030_261_248.0;

    @Test
    void llama8bTrainingStateNeeds128GbAndDoesNotFitOneH100() {
        // 16 B x 8.030e9 = 128.48 GB; usable H100 HBM 0.90 x 80 GB = 72 GB
        assertThat(TrainingMemory.stateBytes(N8)).isCloseTo(128.484e9, withPercentage(0.001));
        assertThat(TrainingMemory.usableHbmBytes(h100())).isEqualTo(72e9);
        assertThat(TrainingMemory.stateBytes(N8)).isGreaterThan(TrainingMemory.usableHbmBytes(h100()));
    }

    @Test
    void zeroStagesShardMoreOfTheStateOverEightReplicas() {
        // ZeRO-1: (2 + 2 + 12/8) x 8.030e9 = 5.5 B x N = 44.17 GB
        // ZeRO-2: (2 + 14/8) x N = 3.75 B x N = 30.11 GB
        // ZeRO-3: 16/8 x N = 2 B x N = 16.06 GB
        assertThat(TrainingMemory.zeroState(N8, 0, 8).total()).isCloseTo(128.484e9, withPercentage(0.001));
        assertThat(TrainingMemory.zeroState(N8, 1, 8).total()).isCloseTo(44.1664e9, withPercentage(0.001));
        assertThat(TrainingMemory.zeroState(N8, 2, 8).total()).isCloseTo(30.1135e9, withPercentage(0.001));
        assertThat(TrainingMemory.zeroState(N8, 3, 8).total()).isCloseTo(16.0605e9, withPercentage(0.001));
    }

    @Test
    void zero3OverEightAddsTwoUnshardedWorkingLayers() {
        // one node, tp 1, dp 8: sharded state 16.06 GB, plus 2 layers x 2 B x 218,112,000 params
        // (per layer = (8,030,261,248 - 2 x 525,336,576 - 4096) / 32 = 218,112,000) = 0.8724 GB
        ParallelLayout l = new ParallelLayout(1, 1, 8, 1, 1, 8);
        TrainingMemory.State s = TrainingMemory.state(llama8b(), l, 3);
        assertThat(s.total()).isCloseTo(16.0605e9 + 0.872448e9, withPercentage(0.001));
    }

    @Test
    void pipelineStageHoldsItsLayersPlusOneVocabTable() {
        // Llama-70B, tp 8, pp 4: per layer (70,553,706,496 - 2 x 1,050,673,152 - 8192) / 80 = 855,654,400;
        // heaviest stage 20 x 855,654,400 + 1,050,673,152 = 18,163,761,152; / tp 8 = 2,270,470,144 per GPU
        ParallelLayout l = new ParallelLayout(8, 4, 32, 1, 1, 8);
        assertThat(TrainingMemory.shardParams(llama70b(), l).total()).isCloseTo(2_270_470_144.0,
                withPercentage(1e-9));
        // and with no pipeline, tp alone divides the whole model
        ParallelLayout tpOnly = new ParallelLayout(8, 1, 1, 1, 1, 8);
        assertThat(TrainingMemory.shardParams(llama70b(), tpOnly).total())
                .isCloseTo(ParamCounter.totalParams(llama70b()) / 8, withPercentage(1e-9));
    }

    @Test
    void expertParallelismDividesOnlyTheExperts() {
        // Mixtral: experts 32 layers x 8 x 3 x 4096 x 14336 = 45,097,156,608 of 46,702,792,704 params.
        // ep 8 (tp 1): dense 1,605,636,096 + experts / 8 = 5,637,144,576 -> 7,242,780,672 per GPU
        double experts = TrainingMemory.expertParams(mixtral8x7b());
        assertThat(experts).isEqualTo(45_097_156_608.0);
        ParallelLayout l = new ParallelLayout(1, 1, 8, 1, 8, 8);
        double total = ParamCounter.totalParams(mixtral8x7b());
        assertThat(TrainingMemory.shardParams(mixtral8x7b(), l).total())
                .isCloseTo(total - experts + experts / 8, withPercentage(1e-9));
        // experts are not replicated across the 8 ranks, so ZeRO has nothing to shard them over
        assertThat(l.expertDpGroup()).isEqualTo(1);
    }

    @Test
    void korthikantiActivationsPerLayerWithSequenceParallelism() {
        // 34 x s x b x h / tp = 34 x 8192 x 1 x 8192 / 8 = 285,212,672 B per layer;
        // full recomputation keeps 2 x 8192 x 8192 / 8 = 16,777,216 B
        assertThat(TrainingMemory.activationBytesPerLayer(8192, 1, 8192, 8, 1, false)).isEqualTo(285_212_672.0);
        assertThat(TrainingMemory.activationBytesPerLayer(8192, 1, 8192, 8, 1, true)).isEqualTo(16_777_216.0);
        // context parallelism 2 halves s
        assertThat(TrainingMemory.activationBytesPerLayer(8192, 1, 8192, 8, 2, false)).isEqualTo(142_606_336.0);
    }

    @Test
    void firstPipelineStageHoldsAllLayersWorthOfActivations() {
        // 1F1B, pp 4, m 64: 4 micro-batches in flight x 20 layers = 80 layers' worth:
        // 80 x 285,212,672 = 22.817 GB; with recomputation 80 x 16,777,216 + one layer 285,212,672 = 1.6274 GB
        ParallelLayout l = new ParallelLayout(8, 4, 32, 1, 1, 8);
        assertThat(TrainingMemory.microBatchesInFlight(4, 64)).isEqualTo(4);
        assertThat(TrainingMemory.microBatchesInFlight(4, 2)).isEqualTo(2);
        assertThat(TrainingMemory.activationBytes(llama70b(), l, 8192, 1, 64, false)).isEqualTo(22_817_013_760.0);
        assertThat(TrainingMemory.activationBytes(llama70b(), l, 8192, 1, 64, true)).isEqualTo(1_627_389_952.0);
    }

    @Test
    void withoutPipelineTheOutputLayerAndLossAreCounted() {
        // Llama-8B, s 8192, b 1, tp 1, full recompute: 32 x 2 x 8192 x 4096 = 2,147,483,648
        // + one layer 34 x 8192 x 4096 = 1,140,850,688 + 4 x 8192 x (4096 + 128256) = 4,336,910,336
        // = 7,625,244,672 B
        ParallelLayout l = new ParallelLayout(1, 1, 8, 1, 1, 8);
        assertThat(TrainingMemory.activationBytes(llama8b(), l, 8192, 1, 4, true)).isEqualTo(7_625_244_672.0);
    }

    @Test
    void forwardActivationBytesFollowKorthikantiTableTwo() {
        // sequence parallel, fused attention: 34 / tp = 34 / 8 = 4.25 B per token per hidden unit per layer
        assertThat(TrainingMemory.forwardBytesPerSbh(96, 12288, 2048, 8, true, true)).isEqualTo(4.25);
        // without sequence parallelism the norms' and dropouts' 10 stay whole: 10 + 24 / 8 = 13
        assertThat(TrainingMemory.forwardBytesPerSbh(96, 12288, 2048, 8, false, true)).isEqualTo(13.0);
        // GPT-3's scores stored: 5 a s / (h tp) = 5 x 96 x 2048 / (12288 x 8) = 10 more
        assertThat(TrainingMemory.forwardBytesPerSbh(96, 12288, 2048, 8, false, false)).isEqualTo(23.0);
    }

    @Test
    void selectiveRecomputationKeepsAllButTheScores() {
        // GPT-3 175B, s 2048, b 1, tp 8: s b h = 2048 x 12288 = 25,165,824
        double sbh = 2048.0 * 12288;
        var gpt3 = io.ridgeline.engine.fixtures.TrainingFixtures.gpt3();
        // none, scores stored, no sequence parallelism: 23 x s b h
        assertThat(TrainingMemory.activationBytesPerLayer(gpt3, 2048, 1, 8, 1, "none", false, false))
                .isEqualTo(23.0 * sbh);
        // selective: the 10 of the scores recomputed, 13 x s b h kept
        assertThat(TrainingMemory.activationBytesPerLayer(gpt3, 2048, 1, 8, 1, "selective", false, false))
                .isEqualTo(13.0 * sbh);
        // full: the layer input, 2 B, sharded by sequence parallelism: 2 / 8
        assertThat(TrainingMemory.activationBytesPerLayer(gpt3, 2048, 1, 8, 1, "full", true, true))
                .isEqualTo(0.25 * sbh);
        // the defaults (sequence parallel, fused attention) are the old 34 s b h / tp
        assertThat(TrainingMemory.activationBytesPerLayer(gpt3, 2048, 1, 8, 1, "none", true, true))
                .isEqualTo(TrainingMemory.activationBytesPerLayer(2048, 1, 12288, 8, 1, false));
    }

    @Test
    void interleavingHoldsMoreActivationsOnTheFirstStage() {
        var gpt3 = io.ridgeline.engine.fixtures.TrainingFixtures.gpt3();
        ParallelLayout l = new ParallelLayout(8, 8, 1, 1, 1, 8);
        double plain = TrainingMemory.activationBytes(gpt3, l, 2048, 1, 64, "none", true, true, 1);
        double two = TrainingMemory.activationBytes(gpt3, l, 2048, 1, 64, "none", true, true, 2);
        // 12 layers a stage, 8 micro-batches in flight; with 2 chunks a stage x (1 + 7 / 16) = 1.4375 of it
        double kept = TrainingMemory.activationBytesPerLayer(gpt3, 2048, 1, 8, 1, "none", true, true) * 12 * 8;
        assertThat(plain).isCloseTo(kept, withPercentage(1e-9));
        assertThat(two).isCloseTo(kept * 1.4375, withPercentage(1e-9));
    }

    @Test
    void aDeepSeekV3MoeLayerKeeps161KbATokenUnderFp8AndSelectiveRecomputation() {
        // h 7168, 128 heads, q_lora 1536, kv_lora 512, d_nope 128, d_rope 64, d_v 128, 256 experts, top-8, 1 shared,
        // f 2048; fp8 (e = 1 B), selective (MLA up-projections and the SwiGLU outputs recomputed):
        // attention: 2h 14,336 + e h 7,168 + (2 + e) 1536 = 4,608 + (2 + e) 512 = 1,536 + 2 x 64 = 128 -> 27,776
        //            + 128 heads x (e x 128 + 4) = 16,896 -> 44,672
        // experts:   2h 14,336 + e h 7,168 + 4 x 256 = 1,024 -> 22,528
        //            + 8 copies x (e h 7,168 + 2 f e 4,096) = 90,112 + 1 shared x 4,096 -> 116,736
        // a layer: 161,408 B a token
        var m = io.ridgeline.engine.TestFixtures.deepseekV3();
        double e = TrainingMemory.keptElementBytes(true);
        TrainingMemory.Kept attn = TrainingMemory.attentionKept(m, 4096, "selective", true, e);
        TrainingMemory.Kept experts = TrainingMemory.mlpKept(m, true, "selective", e);
        assertThat(attn.replicated()).isEqualTo(27_776.0);
        assertThat(attn.replicated() + attn.sharded()).isEqualTo(44_672.0);
        assertThat(experts.perGpu(1, true)).isEqualTo(116_736.0);
        assertThat(TrainingMemory.activationBytesPerLayer(m, true, 4096, 1, 1, 1, "selective", true, true, true))
                .isEqualTo(161_408.0 * 4096);
        // without recomputation in bf16 the per-head Q, K, V come back, 128 x (2 x 2 x 192 + 2 x 128) = 131,072,
        // and the down-projection inputs, 9 x 2 x 2048 = 36,864
        double bf16None = TrainingMemory.attentionKept(m, 4096, "none", true, 2.0)
                .plus(TrainingMemory.mlpKept(m, true, "none", 2.0)).perGpu(1, true);
        // attention 2h 14,336 + 2h 14,336 + 4 x 1536 + 4 x 512 + 128 + 131,072 + 128 x (2 x 128 + 4) = 33,280
        // experts 14,336 + 14,336 + 1,024 + 8 x (14,336 + 8,192 + 4,096) + (8,192 + 4,096)
        assertThat(bf16None).isEqualTo(14_336 + 14_336 + 6_144 + 2_048 + 128 + 131_072 + 33_280
                + 14_336 + 14_336 + 1_024 + 8 * (14_336 + 8_192 + 4_096) + 8_192 + 4_096);
    }

    @Test
    void aPlainLayerStillCountsKorthikantisThirtyFourAndFp8KeepsTheProductsInputsInOneByte() {
        // Korthikanti et al. Table 2: 13h attention + 21h MLP = 34 s b h in bf16 with sequence parallelism; under fp8
        // the QKV, output-projection, first-product and second-product inputs (h, h, h, 4h) and the GeLU input (4h)
        // halve: 34 - (0.5 + 0.5 + 0.5 + 2 + 2) x 2 = 23
        var m = llama70b();
        double h = m.hiddenSize();
        double bf16 = TrainingMemory.activationBytesPerLayer(m, false, 8192, 1, 8, 1, "none", true, true, false);
        double fp8 = TrainingMemory.activationBytesPerLayer(m, false, 8192, 1, 8, 1, "none", true, true, true);
        assertThat(bf16).isEqualTo(34 * 8192 * h / 8);
        assertThat(fp8).isEqualTo(23 * 8192 * h / 8);
    }

    @Test
    void anMoeModelsBusiestStageIsTheOneWithMoreKeptTensors() {
        // DeepSeek-V3 over 16 stages of 4 layers: the first holds its 3 dense layers and one MoE layer,
        // 3 x 130,688 + 161,408 = 553,472 B a token, the others 4 MoE layers, 645,632: the busiest
        // (dense layer: MLA 44,672 + Korthikanti's fp8 MLP 2h + h + h + 4h + 4h = 86,016)
        var m = io.ridgeline.engine.TestFixtures.deepseekV3();
        ParallelLayout l = new ParallelLayout(1, 16, 128, 1, 64, 8);
        assertThat(TrainingMemory.activationBytesPerLayer(m, false, 4096, 1, 1, 1, "selective", true, true, true))
                .isEqualTo(130_688.0 * 4096);
        assertThat(TrainingMemory.busiestStageLayerBytes(m, l, 4096, 1, "selective", true, true, true))
                .isEqualTo(645_632.0 * 4096);
    }
}
