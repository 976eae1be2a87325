package io.ridgeline.engine.arithmetic.training;

import io.ridgeline.facts.Cluster;
import org.junit.jupiter.api.Test;

import static io.ridgeline.engine.fixtures.TrainingFixtures.h100Nodes;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama70b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.llama8b;
import static io.ridgeline.engine.fixtures.TrainingFixtures.mixtral8x7b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

class CommunicationTest {

    private static final TrainingComm.Phases NO_OVERLAP = new TrainingComm.Phases(0, 0, 0);

    @Test
    void ringCollectivesMoveTheirTextbookBytes() {
        // all-reduce 2 (n-1)/n: 2 x 7/8 x 1e9 = 1.75e9; all-gather (n-1)/n: 0.875e9; one rank moves nothing
        assertThat(Collectives.allReduceBytes(8, 1e9)).isEqualTo(1.75e9);
        assertThat(Collectives.allGatherBytes(8, 1e9)).isEqualTo(0.875e9);
        assertThat(Collectives.allReduceBytes(1, 1e9)).isZero();
    }

    @Test
    void groupsInsideANodeUseScaleUpAndSpanningGroupsUseScaleOut() {
        Cluster c = h100Nodes(4);
        assertThat(Links.forSpan(c, 8).bytesPerS()).isEqualTo(450e9);
        assertThat(Links.forSpan(c, 16).bytesPerS()).isEqualTo(50e9);
        // tp 8, dp 4: the dp group spans 32 ranks, across nodes
        ParallelLayout l = new ParallelLayout(8, 1, 4, 1, 1, 8);
        assertThat(Links.forSpan(c, l.dpSpan()).name()).isEqualTo("scale-out");
        assertThat(Links.forSpan(c, l.tpSpan()).name()).isEqualTo("scale-up");
    }

    @Test
    void dataParallelAllReduceOfLlama8bInOneNode() {
        // grads 2 B x 8,030,261,248 = 16.06 GB; wire 2 x 7/8 x 16.06 GB = 28.106 GB;
        // at 450e9 x 0.8 = 360e9 B/s: 78.07 ms, + 201 buckets of 80 MB x 10 us = 2.01 ms -> 80.08 ms
        ParallelLayout l = new ParallelLayout(1, 1, 8, 1, 1, 8);
        TrainingComm.Axis dp = TrainingComm.dataParallel(llama8b(), l, h100Nodes(1), 0.8, 0,
                new TrainingComm.Shape(8192, 1, 1), NO_OVERLAP);
        assertThat(dp.wireBytesPerStep()).isCloseTo(28_105_914_368.0, withPercentage(1e-9));
        assertThat(dp.timeS()).isCloseTo(0.080082, within(1e-6));
        assertThat(dp.exposedS()).isEqualTo(dp.timeS());
        // a backward of 0.5 s hides it entirely
        TrainingComm.Axis hidden = TrainingComm.dataParallel(llama8b(), l, h100Nodes(1), 0.8, 0,
                new TrainingComm.Shape(8192, 1, 1), new TrainingComm.Phases(0.25, 0.5, 0));
        assertThat(hidden.exposedS()).isZero();
    }

    @Test
    void fsdpMovesThreeHalvesOfTheAllReduceBytesEveryMicroBatch() {
        // ZeRO-3: 3 x (n-1)/n x 2 B x N per micro-batch = 1.5 x the all-reduce's 2 x (n-1)/n x 2 B x N;
        // 4 micro-batches -> 4 x 1.5 x 28.106 GB = 168.64 GB
        ParallelLayout l = new ParallelLayout(1, 1, 8, 1, 1, 8);
        TrainingComm.Axis fsdp = TrainingComm.dataParallel(llama8b(), l, h100Nodes(1), 0.8, 3,
                new TrainingComm.Shape(8192, 1, 4), NO_OVERLAP);
        assertThat(fsdp.wireBytesPerStep()).isCloseTo(4 * 1.5 * 28_105_914_368.0, withPercentage(1e-9));
    }

    @Test
    void tensorParallelMovesFourAllReducesPerLayerPerMicroBatch() {
        // Llama-70B tp 8, pp 1, s 8192, b 1, m 1: buffer 8192 x 8192 x 2 = 134,217,728 B;
        // 4 x 80 layers x 2 x 7/8 x 134,217,728 = 75,161,927,680 B; / 360e9 = 0.208783 s + 320 x 10 us
        ParallelLayout l = new ParallelLayout(8, 1, 1, 1, 1, 8);
        TrainingComm.Axis tp = TrainingComm.tensorParallel(llama70b(), l, h100Nodes(1), 0.8,
                new TrainingComm.Shape(8192, 1, 1));
        assertThat(tp.wireBytesPerStep()).isEqualTo(75_161_927_680.0);
        assertThat(tp.timeS()).isCloseTo(0.208783 + 0.0032, within(1e-6));
        assertThat(tp.exposedS()).isEqualTo(tp.timeS());
    }

    @Test
    void fullRecomputationRepeatsTheForwardAllReduces() {
        // the recomputed forward adds 2 all-reduces per layer: 6 x 80 x 2 x 7/8 x 134,217,728 = 112,742,891,520 B;
        // / 360e9 = 0.313175 s + 480 x 10 us = 4.8 ms
        ParallelLayout l = new ParallelLayout(8, 1, 1, 1, 1, 8);
        TrainingComm.Axis tp = TrainingComm.tensorParallel(llama70b(), l, h100Nodes(1), 0.8,
                new TrainingComm.Shape(8192, 1, 1), true);
        assertThat(tp.wireBytesPerStep()).isEqualTo(112_742_891_520.0);
        assertThat(tp.timeS()).isCloseTo(0.313175 + 0.0048, within(1e-6));
    }

    @Test
    void pipelineSendsOneActivationAndOneGradientPerMicroBatch() {
        // tp 8 pp 4 dp 2 on 64 GPUs: buffer 8192 x 8192 x 2 / 8 = 16,777,216 B; 2 x 16 micro-batches
        // = 536,870,912 B over scale-out (the job spans 8 nodes): / 40e9 = 13.42 ms + 32 x 25 us = 0.8 ms
        ParallelLayout l = new ParallelLayout(8, 4, 2, 1, 1, 8);
        TrainingComm.Axis pp = TrainingComm.pipeline(llama70b(), l, h100Nodes(8), 0.8,
                new TrainingComm.Shape(8192, 1, 16));
        assertThat(pp.wireBytesPerStep()).isEqualTo(536_870_912.0);
        assertThat(pp.link()).isEqualTo("scale-out");
        assertThat(pp.timeS()).isCloseTo(0.0134218 + 0.0008, within(1e-6));
    }

    @Test
    void expertParallelAllToAllsCarryTopKCopiesOfEachToken() {
        // Mixtral ep 8 in a node, b 1, s 4096, m 1: dispatch 4096 tokens x 2 x 4096 x 2 B = 67,108,864 B;
        // (8-1)/8 leaves the GPU; 4 all-to-alls x 32 MoE layers -> 128 x 58,720,256 = 7,516,192,768 B
        ParallelLayout l = new ParallelLayout(1, 1, 8, 1, 8, 8);
        TrainingComm.Axis ep = TrainingComm.expertParallel(mixtral8x7b(), l, h100Nodes(1), 0.8,
                new TrainingComm.Shape(4096, 1, 1));
        assertThat(ep.wireBytesPerStep()).isEqualTo(7_516_192_768.0);
    }

    @Test
    void nodeLimitedRoutingSendsATokensCopiesOnceToEachRemoteNodeItReaches() {
        // DeepSeek-V3's published layout: ep 64 over 8 nodes of 8, pp 16, b 1, s 4096, m 120, fp8 dispatch.
        // A stage holds ceil(58 / 16) = 4 MoE layers: 4 x 120 x 4096 = 1,966,080 token-layers per GPU per step.
        // A copy over the four all-to-alls moves (2 x 1 B + 2 x 2 B) x 7168 = 43,008 B.
        // Inside a node: 8 x 7/8 = 7 copies -> 1,966,080 x 7 x 43,008 = 591,900,180,480 B / (450e9 x 0.8) = 1.644 s.
        // Across nodes: a token's groups reach at most 4 nodes; its 8 experts lie on 4 x (1 - (3/4)^8) = 3.5995
        // of them, 7/8 of those remote: 3.1496 copies -> 266,321,664,000 B / (50e9 x 0.8) = 6.658 s, + 1,920
        // all-to-alls x 25 us = 6.706 s, the slower link's.
        ParallelLayout l = new ParallelLayout(1, 16, 128, 1, 64, 8);
        var m = io.ridgeline.engine.TestFixtures.deepseekV3();
        assertThat(TrainingComm.expertNodes(l, h100Nodes(256))).isEqualTo(8);
        assertThat(TrainingComm.inNodeCopies(m, 64, 8)).isEqualTo(7.0);
        assertThat(TrainingComm.crossNodeCopies(m, 8)).isCloseTo(3.1496048, within(1e-6));
        TrainingComm.Axis ep = TrainingComm.expertParallel(m, l, h100Nodes(256), 0.8,
                new TrainingComm.Shape(4096, 1, 120), 1.0);
        assertThat(ep.wireBytesPerStep()).isCloseTo(591_900_180_480.0 + 266_321_664_000.0, within(1.0));
        assertThat(ep.link()).isEqualTo("scale-out");
        assertThat(ep.timeS()).isCloseTo(6.7060416, within(1e-6));
        // without group limits every copy bound elsewhere crosses: 8 x 7/8 = 7 copies, 2.2x the bytes
        var plain = new io.ridgeline.facts.ModelArchitecture(m.id(), m.name(), m.layers(), m.hiddenSize(),
                m.attentionHeads(), m.kvHeads(), m.headDim(), m.intermediateSize(), m.gatedMlp(), m.vocabSize(),
                m.tiedEmbeddings(), m.maxContext(), m.attention(), m.slidingWindow(), m.slidingLayerShare(),
                new io.ridgeline.facts.MoeSpec(256, 8, 1, 2048, 3), m.mla(), m.publishedTotalParams(),
                m.publishedActiveParams(), m.source());
        assertThat(TrainingComm.crossNodeCopies(plain, 8)).isEqualTo(7.0);
        // in one node there is nothing to cross
        assertThat(TrainingComm.crossNodeCopies(m, 1)).isZero();
    }

    @Test
    void contextParallelPassesKvChunksThreeTimesPerRankStep() {
        // Llama-8B cp 2, tp 1, s 8192, b 1: chunk 4096 tokens x 2 x 8 KV heads x 128 x 2 B = 16,777,216 B;
        // 3 x (2-1) passes per layer x 32 layers = 96 chunks = 1,610,612,736 B
        ParallelLayout l = new ParallelLayout(1, 1, 4, 2, 1, 8);
        TrainingComm.Axis cp = TrainingComm.contextParallel(llama8b(), l, h100Nodes(1), 0.8,
                new TrainingComm.Shape(8192, 1, 1), NO_OVERLAP);
        assertThat(cp.wireBytesPerStep()).isEqualTo(1_610_612_736.0);
    }

    @Test
    void dataParallelHidesAbove18kTokensPerGpuAcrossNodes() {
        // pure DP over 1024 GPUs across nodes: T* = (n-1)/n x peak x eta_c / (BW x eta_l)
        // = 1023/1024 x 989e12 x 0.75 / (50e9 x 0.8) = 18,525.6 tokens/GPU
        assertThat(CommThresholds.dpHideTokensPerGpuDense(1024, 1, 989e12, 0.75, 50e9, 0.8))
                .isCloseTo(18_525.6, within(0.1));
        // with tp x pp = 32 the DP bytes per GPU fall 32x, and so does the threshold: 578.9
        assertThat(CommThresholds.dpHideTokensPerGpuDense(32, 32, 989e12, 0.75, 50e9, 0.8))
                .isCloseTo(31.0 / 32 * 18_543.75 / 32, within(0.01));
    }

    @Test
    void tensorParallelTaxRuleOfThumbIsFivePercentInNodeAndEightyAcrossNodes() {
        // peak / (3 x BW x h): 989e12 / (3 x 900e9 x 8192) = 4.47%; 989e12 / (3 x 50e9 x 8192) = 80.5%
        assertThat(CommThresholds.tpTaxRuleOfThumb(989e12, 900e9, 8192)).isCloseTo(0.04471, within(1e-5));
        assertThat(CommThresholds.tpTaxRuleOfThumb(989e12, 50e9, 8192)).isCloseTo(0.80485, within(1e-5));
    }

    @Test
    void tensorParallelTaxFromTheExplicitBillForALlama70bLayer() {
        // F_layer = 6 x 855,654,400 + 6 x 8192 x 8192 = 5,536,579,584 FLOP per token;
        // tax = 16 x 7 x 8192 x 989e12 x 0.75 / (5,536,579,584 x 450e9 x 0.8) = 0.3414 in a node,
        // and x 9 (450/50) = 3.073 across nodes: TP must stay inside the NVLink domain
        double fLayer = 6 * 855_654_400.0 + 6.0 * 8192 * 8192;
        assertThat(CommThresholds.tpTax(8, 8192, fLayer, 989e12, 0.75, 450e9, 0.8)).isCloseTo(0.34145,
                within(1e-5));
        assertThat(CommThresholds.tpTax(8, 8192, fLayer, 989e12, 0.75, 50e9, 0.8)).isCloseTo(3.0730, within(1e-4));
    }
}
