package io.ridgeline.tests.training;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.training.TrainingAdvisor;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.TrainingEstimate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.ridgeline.tests.training.Examples.applied;
import static io.ridgeline.tests.training.Examples.appliedRules;
import static io.ridgeline.tests.training.Examples.load;
import static io.ridgeline.tests.training.Examples.walls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The scaling ladder of lesson 7c as acceptance tests: at each rung the advisor starts from plain data parallelism,
 * and the wall that binds, and the axis it adds, move as the model and the cluster grow.
 */
class PretrainingLadderTest {

    private static final TrainingAdvisor ADVISOR = new TrainingAdvisor(RuleBase.defaults());

    @Test
    void rung1SevenBillionOnEightGpusShardsTheOptimizerWithZero() {
        Advice a = ADVISOR.advise(load("training-7b-8gpu"));
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        // state 16 B x 6.74e9 = 108 GB: over one GPU (72 GB usable), within the node (576 GB)
        assertThat(a.iterations().get(0).firedRules()).contains("TRN-C-08", "TRN-C-09B");
        // then, every requirement met, the run's days: fp8 matrix products shorten it from 9.7 to 5.6 days
        assertThat(walls(a)).containsExactly("memory_capacity", "run_time");
        assertThat(applied(a)).containsExactly("zero", "fp8");
        assertThat(appliedRules(a)).containsExactly("TRN-M-01", "TRN-D-06");
        assertThat(a.stopReason()).contains("no change the rules back shortens the run by 5% or more");
        Design d = a.finalDesign();
        assertThat(List.of(d.tp(), d.pp(), d.cp(), d.dp(), d.zeroStage())).containsExactly(1, 1, 1, 8, 1);
        assertThat(d.activations()).isEqualTo(NumericFormat.FP8);
    }

    @Test
    void rung2SeventyBillionOnSixtyFourGpusSplitsLayersInsideTheNode() {
        Advice a = ADVISOR.advise(load("training-70b-64gpu"));
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        // state 1.13 TB: more than a node holds
        assertThat(a.iterations().get(0).firedRules()).contains("TRN-C-09");
        assertThat(walls(a)).containsOnly("memory_capacity", "run_time");
        // the memory rungs climb to tp 8 inside the node; once every requirement holds, the run's days trade it
        // back for context ranks, each trade completed by the pipeline stages that make it fit (TRN-D-13)
        assertThat(applied(a)).startsWith("tensor_parallelism", "tensor_parallelism", "tensor_parallelism")
                .contains("zero", "fp8").doesNotContain("pipeline_parallelism").endsWith("tp_to_cp", "tp_to_cp");
        assertThat(appliedRules(a).get(0)).isEqualTo("TRN-M-03");
        assertThat(appliedRules(a).get(appliedRules(a).size() - 1)).isEqualTo("TRN-D-13");
        Design d = a.finalDesign();
        assertThat(List.of(d.tp(), d.pp(), d.cp(), d.dp())).containsExactly(2, 4, 4, 2);
        assertThat(d.tp() * d.pp() * d.cp() * d.dp()).isEqualTo(64);
        // 11.1 days at tp 8, dp 8 before the trades
        assertThat(((TrainingEstimate) a.finalEstimate()).trainingDays()).isLessThan(9.0);
    }

    @Test
    void rung3SeventyBillionOnFiveHundredTwelveGpusMovesTheWallToTheDeadline() {
        Advice a = ADVISOR.advise(load("training-70b-512gpu"));
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        assertThat(walls(a)).startsWith("memory_capacity").contains("deadline").endsWith("run_time");
        // fp8 meets the deadline; then tp 8 goes back to tp 4 with two stages, and to tp 2 with two context ranks
        assertThat(applied(a)).endsWith("fp8", "tp_to_pp", "tp_to_cp");
        Design d = a.finalDesign();
        assertThat(d.tp() * d.pp() * d.cp() * d.dp()).isEqualTo(512);
        assertThat(d.tp()).isEqualTo(2);
        assertThat(a.finalDesign().activations()).isEqualTo(NumericFormat.FP8);
        TrainingEstimate e = (TrainingEstimate) a.finalEstimate();
        assertThat(e.trainingDays()).isLessThanOrEqualTo(30.0);
        assertThat(a.iterations().get(walls(a).indexOf("deadline")).estimate().get("training_days"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.DOUBLE).isGreaterThan(30.0);
    }

    @Test
    void rung4FourHundredBillionOnTwoThousandGpusAddsPipelineStagesAcrossNodes() {
        Advice a = ADVISOR.advise(load("training-405b-2048gpu"));
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        // the memory rungs, the pipeline they open running the zero-bubble schedule from its first stage (a 4-stage
        // pipeline at 16 micro-batches: 1F1B's bubble 3 / 19, ZB-H1's 3 / 51), then fp8 for the run's days once
        // every requirement holds, then recomputation given back for more stages and context ranks at the same GPUs
        // (TRN-D-14)
        assertThat(walls(a)).containsOnly("memory_capacity", "run_time");
        assertThat(applied(a)).endsWith("fp8", "recompute_to_stages").doesNotContain("zero_bubble");
        assertThat(appliedRules(a).get(applied(a).size() - 2)).isEqualTo("TRN-D-06");
        assertThat(appliedRules(a).get(applied(a).size() - 1)).isEqualTo("TRN-D-14");
        int firstPp = applied(a).indexOf("pipeline_parallelism");
        assertThat(firstPp).isEqualTo(3);
        assertThat(a.iterations().get(firstPp).applied().change()).contains("pipeline schedule zero_bubble");
        assertThat(a.finalDesign().pipelineSchedule()).isEqualTo("zero_bubble");
        // at tp 8 the weights and gradients (4 B x 405e9 / 8 = 203 GB) are over one GPU
        assertThat(a.iterations().get(firstPp).firedRules()).contains("TRN-C-11");
        assertThat(appliedRules(a).get(firstPp)).isEqualTo("TRN-M-04");
        assertThat(applied(a)).contains("zero", "activation_recomputation");
        Design d = a.finalDesign();
        assertThat(d.tp()).isEqualTo(8);
        assertThat(d.pp()).isGreaterThan(4);
        assertThat(d.recompute()).isFalse();
        assertThat(d.tp() * d.pp() * d.cp() * d.dp()).isEqualTo(2048);
        TrainingEstimate e = (TrainingEstimate) a.finalEstimate();
        assertThat(e.bubbleFraction()).isLessThanOrEqualTo(0.15);
    }

    @Test
    void rung5FourHundredBillionOnSixteenThousandGpusRunsIntoSixNPerToken() {
        Advice a = ADVISOR.advise(load("training-405b-16k-8k"));
        // the batch leaves few micro-batches per pipeline and 30 days are not enough for a dense 405B
        assertThat(a.status()).isEqualTo(Advice.INFEASIBLE);
        assertThat(a.iterations().get(a.iterations().size() - 1).binding()).isEqualTo("deadline");
        assertThat(a.stopReason()).contains("nothing relieves deadline").contains("expert_parallelism (TRN-V-12");
        assertThat(walls(a)).contains("memory_capacity", "deadline");
        assertThat(applied(a)).contains("tensor_parallelism", "pipeline_parallelism", "fp8");
        assertThat(a.iterations().stream().flatMap(i -> i.bottlenecks().stream()).map(b -> b.name()))
                .contains("pipeline_bubble", "critical_batch");
        // from a plain start every GPU trains, on at least 8 stages, and the advised layout is no slower than the
        // one Llama 3 published for this run (tp 8, pp 16, dp 128; arXiv 2407.21783, Table 4), priced with the same
        // formats, schedule and ZeRO stage: 41.8 days against 46.2
        Design d = a.finalDesign();
        assertThat(d.tp() * d.pp() * d.cp() * d.dp()).isEqualTo(16_384);
        assertThat(d.pp()).isGreaterThanOrEqualTo(8);
        TrainingEstimate advised = (TrainingEstimate) a.finalEstimate();
        TrainingEstimate published = TrainingEstimator.estimate(load("training-405b-16k-8k")
                .withDesign(d.withParallelism(8, 16, 128, 1, 1).withRecompute(false).withVirtualStages(1)));
        assertThat(published.fits()).isTrue();
        assertThat(advised.trainingDays()).isLessThanOrEqualTo(published.trainingDays());
    }

    @Test
    void rung6LongSequencesOnSixteenThousandGpusAddContextParallelismFirst() {
        Advice a = ADVISOR.advise(load("training-405b-16k-128k"));
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        assertThat(applied(a).get(0)).isEqualTo("context_parallelism");
        assertThat(appliedRules(a).get(0)).isEqualTo("TRN-M-08");
        assertThat(a.finalDesign().cp()).isGreaterThan(1);
        assertThat(a.finalDesign().tp()).isEqualTo(8);
        // the bubble of a few micro-batches per pipeline is not paid for with idle GPUs (fewer replicas would
        // stretch the run, TRN-V-19): the pipeline runs the zero-bubble schedule from the stage that opened it
        // (TRN-M-04), and context parallelism gives each pipeline more micro-batches (TRN-S-07); every GPU of the
        // cluster trains
        Design d = a.finalDesign();
        assertThat(d.tp() * d.pp() * d.cp() * d.dp()).isEqualTo(16_384);
        assertThat(d.pipelineSchedule()).isEqualTo("zero_bubble");
        int firstPp = applied(a).indexOf("pipeline_parallelism");
        assertThat(appliedRules(a).get(firstPp)).isEqualTo("TRN-M-04");
        assertThat(a.iterations().get(firstPp).applied().change()).contains("pipeline schedule zero_bubble");
        assertThat(appliedRules(a)).contains("TRN-S-07");
        assertThat(((TrainingEstimate) a.finalEstimate()).bubbleFraction()).isLessThanOrEqualTo(0.15);
        assertThat(walls(a)).contains("pipeline_bubble", "run_time");
        assertThat(a.iterations().stream().flatMap(i -> i.vetoed().stream()).map(v -> v.ruleId()))
                .contains("TRN-V-19");
    }

    @Test
    void theResultStatesTheRunsFigures() {
        Advice a = ADVISOR.advise(load("training-405b-2048gpu"));
        TrainingEstimate e = (TrainingEstimate) a.finalEstimate();
        assertThat(e.fits()).isTrue();
        assertThat(e.mfu()).isBetween(0.0, 1.0);
        // days = steps x step / 86,400 and cost = GPUs x hours x price
        assertThat(e.trainingDays()).isCloseTo(e.steps() * e.stepTimeS() / 86400, within(1e-6));
        double price = load("training-405b-2048gpu").cluster().gpu().usdPerGpuHour();
        assertThat(e.costUsd()).isCloseTo(e.totalGpus() * e.trainingDays() * 24 * price, within(1e-6 * e.costUsd()));
        assertThat(e.checkpointBytes()).isCloseTo(14 * e.totalParams(), within(1.0));
        assertThat(e.checkpointIntervalMin()).isPositive();
        assertThat(e.loaderTokensPerS()).isCloseTo(e.tokensPerGpuPerStep() * e.totalGpus() / e.stepTimeS(),
                within(1e-3));
    }

    @Test
    void theJsonKeepsTheContractsKeys() {
        Advice a = ADVISOR.advise(load("training-70b-64gpu"));
        Map<String, Object> design = Json.toMap(a.finalDesign());
        assertThat(design).containsKeys("tp", "pp", "dp", "ep", "cp", "zero_stage", "micro_batch", "recompute");
        Map<String, Object> estimate = Json.toMap(a.finalEstimate());
        assertThat(estimate).containsKeys("mfu", "step_time_s", "training_days", "cost_usd", "memory_bytes_per_gpu",
                "checkpoint_interval_min").doesNotContainKeys("state_bytes_per_gpu", "exposed_comm_share");
    }
}
