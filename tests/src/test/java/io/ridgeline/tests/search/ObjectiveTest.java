package io.ridgeline.tests.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.DesignLoop;
import io.ridgeline.engine.advisor.Iteration;
import io.ridgeline.engine.search.SearchCheck;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Objective;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scenario's objective through the loop and the search: a shipped serving example advised under cost, latency
 * and throughput gives designs ordered as the objectives ask, each step of the economy phase keeps the objective's
 * figure, and each answer is checked against the search ranked by the same objective, its ratio reported.
 */
class ObjectiveTest {

    private static final Ridgeline RIDGELINE = Ridgeline.defaults();

    private static Scenario example(String name) {
        Path p = Path.of("..", "examples", name + ".yaml");
        return RIDGELINE.load(p.toFile().exists() ? p : Path.of("examples", name + ".yaml"));
    }

    private static InferenceEstimate bill(Advice a) {
        return (InferenceEstimate) a.finalEstimate();
    }

    @ParameterizedTest
    @ValueSource(strings = {"consumer-chatbot", "code-assistant", "fleet"})
    void eachObjectiveGetsTheDesignItAsksForAndTheSearchChecksIt(String name) {
        Scenario s = example(name);
        assertThat(s.objective()).isEqualTo(Objective.COST);
        Advice cost = RIDGELINE.advise(s);
        Advice latency = RIDGELINE.advise(s.withObjective(Objective.LATENCY));
        Advice throughput = RIDGELINE.advise(s.withObjective(Objective.THROUGHPUT));
        for (Advice a : new Advice[]{cost, latency, throughput}) {
            assertThat(a.status()).as(name).isEqualTo(Advice.FEASIBLE);
            assertThat(bill(a).overLimits()).as(name).isEmpty();
        }
        // latency's request is no longer than cost's, and cost's bill no larger than latency's
        assertThat(bill(latency).e2eMs()).as(name).isLessThanOrEqualTo(bill(cost).e2eMs());
        assertThat(bill(cost).costPerHourUsd()).as(name).isLessThanOrEqualTo(bill(latency).costPerHourUsd());
        // throughput's fleet carries no fewer tokens/s than cost's, and cost's bill is no larger than throughput's
        assertThat(bill(throughput).tokensPerS()).as(name).isGreaterThanOrEqualTo(bill(cost).tokensPerS());
        assertThat(bill(cost).costPerHourUsd()).as(name).isLessThanOrEqualTo(bill(throughput).costPerHourUsd());

        // each is checked against the search ranked by its own objective, the ratio of the objective's figure
        // (advised over the best's; for throughput the best's over the advised) reported and named in the finding
        SearchCheck c = cost.search();
        InferenceEstimate cBest = (InferenceEstimate) c.bestEstimate();
        assertThat(c.objective()).isEqualTo("cost");
        assertThat(c.objectiveRatio()).isEqualTo(bill(cost).costPerHourUsd() / cBest.costPerHourUsd());
        assertThat(c.costRatio()).isEqualTo(c.objectiveRatio());
        assertThat(c.finding()).startsWith("objective cost: ");

        SearchCheck l = latency.search();
        InferenceEstimate lBest = (InferenceEstimate) l.bestEstimate();
        assertThat(l.objective()).isEqualTo("latency");
        assertThat(l.objectiveRatio()).isEqualTo(bill(latency).e2eMs() / lBest.e2eMs());
        assertThat(l.costRatio()).isEqualTo(bill(latency).costPerHourUsd() / lBest.costPerHourUsd());
        assertThat(l.finding()).startsWith("objective latency: ");
        // the search's best by latency is the lowest e2e among the designs that meet every requirement
        assertThat(l.alternatives().get(0).figures().get("e2e_ms")).isEqualTo(lBest.e2eMs());
        l.alternatives().stream().filter(SearchCheck.Alternative::meetsRequirements).forEach(x ->
                assertThat(x.figures().get("e2e_ms")).isGreaterThanOrEqualTo(lBest.e2eMs()));
        // the loop reaches the search's lowest latency, or lower (more replicas than the fewest that carry the load,
        // which the search does not try)
        assertThat(l.objectiveRatio()).as(name).isLessThanOrEqualTo(1.0 + 1e-9);

        SearchCheck t = throughput.search();
        InferenceEstimate tBest = (InferenceEstimate) t.bestEstimate();
        assertThat(t.objective()).isEqualTo("throughput");
        assertThat(t.objectiveRatio()).isEqualTo(tBest.tokensPerS() / bill(throughput).tokensPerS());
        assertThat(t.finding()).startsWith("objective throughput: ");
        assertThat(t.objectiveRatio()).as(name).isLessThanOrEqualTo(SearchCheck.FINDING_RATIO);
    }

    @Test
    void underLatencyNoEconomyStepLengthensTheRequestAndTheRulesSayWhyTheyRefuseOne() {
        Advice a = RIDGELINE.advise(example("consumer-chatbot").withObjective(Objective.LATENCY));
        int economySteps = 0;
        boolean vetoedForLatency = false;
        for (Iteration it : a.iterations()) {
            if (DesignLoop.ECONOMY.equals(it.binding()) && it.applied() != null) {
                economySteps++;
                // the trace shows the objective's figure for an economy step
                assertThat(it.applied().figure()).isEqualTo("e2e_ms");
                assertThat(it.applied().after()).isLessThanOrEqualTo(it.applied().before());
            }
            vetoedForLatency |= it.vetoed().stream().anyMatch(v -> v.ruleId().equals("INF-V-12"));
        }
        assertThat(economySteps).isPositive();
        assertThat(vetoedForLatency).isTrue();
        assertThat(a.stopReason()).contains("to shorten the request");
        // from the cost objective's 12,259 ms at 89.6 USD/h (measured 2026-12-03), latency spends to 2,830 ms at
        // 159 USD/h: tp 2 -> 8 and disaggregation, which the cost objective does not pay for
        assertThat(bill(a).e2eMs()).isLessThan(0.5 * bill(RIDGELINE.advise(example("consumer-chatbot"))).e2eMs());
    }

    @Test
    void underThroughputNoEconomyStepLowersTheFleetsTokensPerSecond() {
        Advice a = RIDGELINE.advise(example("fleet").withObjective(Objective.THROUGHPUT));
        int economySteps = 0;
        for (Iteration it : a.iterations()) {
            if (DesignLoop.ECONOMY.equals(it.binding()) && it.applied() != null) {
                economySteps++;
                assertThat(it.applied().figure()).isEqualTo("tokens_per_s");
                assertThat(it.applied().after()).isGreaterThanOrEqualTo(it.applied().before());
            }
        }
        assertThat(economySteps).isPositive();
        assertThat(a.stopReason()).contains("to raise the fleet's tokens/s");
    }

    @Test
    void aPretrainingExampleUnderTheCostObjectiveIsCheckedAgainstTheCheapestLayout() {
        // under cost the search ranks by the run's cost, and the check reports the advised cost over the cheapest
        Scenario s = example("training-70b-64gpu");
        assertThat(s.objective()).isEqualTo(Objective.LATENCY);
        Advice days = RIDGELINE.advise(s);
        Advice cost = RIDGELINE.advise(s.withObjective(Objective.COST));
        SearchCheck c = cost.search();
        TrainingEstimate cheapest = (TrainingEstimate) c.bestEstimate();
        TrainingEstimate advised = (TrainingEstimate) cost.finalEstimate();
        assertThat(c.objective()).isEqualTo("cost");
        assertThat(c.objectiveRatio()).isEqualTo(advised.costUsd() / cheapest.costUsd());
        // cost_ratio keeps its meaning for pretraining: the advised days over the best's
        assertThat(c.costRatio()).isEqualTo(advised.trainingDays() / cheapest.trainingDays());
        assertThat(c.finding()).startsWith("objective cost: the advised layout costs ");
        assertThat(c.alternatives().get(0).figures().get("cost_usd")).isEqualTo(cheapest.costUsd());
        // the fastest layout (all 64 GPUs, 8.54 days) is not the cheapest: half of them train for 2% less
        TrainingEstimate fastest = (TrainingEstimate) days.search().bestEstimate();
        assertThat(cheapest.costUsd()).isLessThan(fastest.costUsd());
        assertThat(cheapest.trainingDays()).isGreaterThan(fastest.trainingDays());
        // a saving of 4% is within the 5% the loop asks of a change: the cost objective ends on the same layout
        assertThat(cost.finalDesign()).isEqualTo(days.finalDesign());
        assertThat(c.objectiveRatio()).isBetween(1.0, SearchCheck.FINDING_RATIO);
        assertThat(cost.stopReason()).contains("no change the rules back cuts the run's cost by 5% or more");
    }

    @Test
    void underTheCostObjectiveThePretrainingLoopGivesBackReplicasTheRunDoesNotNeed() {
        // Llama 3.1 405B at 128K on 16,384 H100s: the fastest run takes all of them for 3.55 days (3.48 M USD);
        // under cost the loop, past the memory and bubble walls, takes fp8, trades recomputation for stages, then
        // halves data parallelism twice (TRN-D-15): 4,096 GPUs for 12.0 days at 2.94 M USD, within 1.001x of the
        // search's cheapest (measured 2026-12-03)
        Scenario s = example("training-405b-16k-128k");
        Advice days = RIDGELINE.advise(s);
        Advice cost = RIDGELINE.advise(s.withObjective(Objective.COST));
        assertThat(cost.status()).isEqualTo(Advice.FEASIBLE);
        TrainingEstimate fast = (TrainingEstimate) days.finalEstimate();
        TrainingEstimate cheap = (TrainingEstimate) cost.finalEstimate();
        assertThat(cheap.overLimits()).isEmpty();
        assertThat(cheap.costUsd()).isLessThan(0.9 * fast.costUsd());
        assertThat(cheap.totalGpus()).isLessThan(fast.totalGpus());
        assertThat(cost.search().objectiveRatio()).isBetween(1.0, SearchCheck.FINDING_RATIO);
        // the steps for the cost are the rules' own, each cutting the bill, and the loop stops at the cost wall
        List<Iteration> costSteps = cost.iterations().stream()
                .filter(it -> it.binding().equals("run_cost") && it.applied() != null).toList();
        assertThat(costSteps).extracting(it -> it.applied().ruleId()).contains("TRN-D-15");
        costSteps.forEach(it -> {
            assertThat(it.applied().figure()).isEqualTo("cost_usd");
            assertThat(it.applied().after()).isLessThan(it.applied().before());
        });
        assertThat(cost.iterations().get(cost.iterations().size() - 1).binding()).isEqualTo("run_cost");
        assertThat(days.iterations()).noneMatch(it -> it.binding().equals("run_cost"));
    }

    /**
     * Asking for the cheapest run never gets a dearer one than the default objective's: the cost path makes the layout
     * efficient at its GPUs before it gives replicas back. The generated scenario is training-gaps.sh's seed 47 (405B
     * at 16K on 2,048 A100s), where giving replicas back first ended at 798,390 USD against the default's 673,154
     * (measured 2026-12-03); it now ends at 628,262 USD on 1,024 GPUs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"training-70b-64gpu", "generated-seed-47"})
    void underTheCostObjectiveTheRunCostsNoMoreThanUnderTheDefault(String name) {
        Scenario s = name.startsWith("generated") ? RIDGELINE.parse("""
                kind: training
                model: llama-3.1-405b
                hardware: {gpu: a100-sxm-80gb, gpus_per_node: 8, nodes: 256}
                workload: {tokens: 1e11, seq_len: 16384, global_batch_tokens: 2097152}
                """, name) : example(name);
        Advice days = RIDGELINE.advise(s);
        Advice cost = RIDGELINE.advise(s.withObjective(Objective.COST));
        assertThat(cost.status()).isEqualTo(Advice.FEASIBLE);
        assertThat(((TrainingEstimate) cost.finalEstimate()).costUsd())
                .isLessThanOrEqualTo(((TrainingEstimate) days.finalEstimate()).costUsd());
        assertThat(((TrainingEstimate) days.finalEstimate()).trainingDays())
                .isLessThanOrEqualTo(((TrainingEstimate) cost.finalEstimate()).trainingDays());
    }
}
