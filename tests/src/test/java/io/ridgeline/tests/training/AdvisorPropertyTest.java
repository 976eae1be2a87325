package io.ridgeline.tests.training;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.DesignLoop;
import io.ridgeline.engine.advisor.rl.RlAdvisor;
import io.ridgeline.engine.advisor.rl.RlRemedies;
import io.ridgeline.engine.advisor.training.TrainingAdvisor;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.RlInputs;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Budget;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import io.ridgeline.facts.TrainingWorkload;
import io.ridgeline.facts.WorkloadKind;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random valid pretraining and RL scenarios, one per seed: the loop always stops, never throws, and a feasible
 * answer meets the scenario's requirements in its final bill (it fits, it meets the deadline and the budget, it uses
 * no more GPUs than allowed).
 */
class AdvisorPropertyTest {

    private static final Catalogs CATALOGS = Catalogs.builtIn();
    private static final RuleBase RULES = RuleBase.defaults();
    private static final TrainingAdvisor TRAINING = new TrainingAdvisor(RULES);
    private static final RlAdvisor RL = new RlAdvisor(RULES);
    private static final List<String> GPUS = List.of("h100-sxm", "h200", "b200", "a100-sxm-80gb", "mi300x");
    private static final List<String> TRAINING_MODELS = List.of("llama-3.2-1b", "llama-3.1-8b", "mistral-7b",
            "qwen2.5-7b", "gemma-2-9b", "llama-3.1-70b", "mixtral-8x7b", "qwen2.5-72b", "llama-3.1-405b");
    private static final List<String> RL_MODELS = List.of("llama-3.2-1b", "llama-3.1-8b", "qwen2.5-7b",
            "llama-3.1-70b");

    static IntStream seeds() {
        return IntStream.range(0, 50);
    }

    @ParameterizedTest(name = "training seed {0}")
    @MethodSource("seeds")
    void aTrainingAdviceStopsAndAFeasibleOneMeetsItsRequirements(int seed) {
        Scenario s = randomTraining(new Random(seed));
        Advice a = TRAINING.advise(s);
        assertThat(a.status()).isIn(Advice.FEASIBLE, Advice.INFEASIBLE, Advice.ITERATION_CAP);
        assertThat(a.iterations()).isNotEmpty().hasSizeLessThanOrEqualTo(DesignLoop.ITERATION_CAP);
        TrainingEstimate e = (TrainingEstimate) a.finalEstimate();
        assertThat(e.totalGpus()).isLessThanOrEqualTo(s.cluster().totalGpus());
        if (a.status().equals(Advice.FEASIBLE)) {
            Budget b = s.budget();
            assertThat(e.fits()).as("fits").isTrue();
            if (b.deadlineDays() > 0) {
                assertThat(e.trainingDays()).as("days").isLessThanOrEqualTo(b.deadlineDays());
            }
            if (b.totalUsd() > 0) {
                assertThat(e.costUsd()).as("cost").isLessThanOrEqualTo(b.totalUsd());
            }
            if (b.maxGpus() > 0) {
                assertThat(e.totalGpus()).as("GPUs").isLessThanOrEqualTo(b.maxGpus());
            }
            assertThat(a.finalDesign().dp()).as("dp within the critical batch").isLessThanOrEqualTo(e.maxUsefulDp());
        } else {
            assertThat(a.stopReason()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "RL seed {0}")
    @MethodSource("seeds")
    void anRlAdviceStopsAndAFeasibleOneMeetsItsRequirements(int seed) {
        Scenario s = randomRl(new Random(1000 + seed));
        Advice a = RL.advise(s);
        assertThat(a.status()).isIn(Advice.FEASIBLE, Advice.INFEASIBLE, Advice.ITERATION_CAP);
        assertThat(a.iterations()).isNotEmpty().hasSizeLessThanOrEqualTo(DesignLoop.ITERATION_CAP);
        RlEstimate e = (RlEstimate) a.finalEstimate();
        if (a.status().equals(Advice.FEASIBLE)) {
            Budget b = s.budget();
            assertThat(e.fits()).as("fits").isTrue();
            if (b.deadlineDays() > 0) {
                assertThat(e.trainingDays()).as("days").isLessThanOrEqualTo(b.deadlineDays());
            }
            if (b.totalUsd() > 0) {
                assertThat(e.costUsd()).as("cost").isLessThanOrEqualTo(b.totalUsd());
            }
        } else {
            assertThat(a.stopReason()).isNotBlank();
        }
    }

    @Test
    void theSeedsReachFeasibleAndInfeasibleAnswersInBothDomains() {
        Map<String, Long> training = seeds().mapToObj(i -> TRAINING.advise(randomTraining(new Random(i))))
                .collect(Collectors.groupingBy(Advice::status, Collectors.counting()));
        Map<String, Long> rl = seeds().mapToObj(i -> RL.advise(randomRl(new Random(1000 + i))))
                .collect(Collectors.groupingBy(Advice::status, Collectors.counting()));
        assertThat(training).containsKeys(Advice.FEASIBLE, Advice.INFEASIBLE);
        assertThat(rl).containsKeys(Advice.FEASIBLE);
    }

    private static Scenario randomTraining(Random r) {
        Gpu gpu = CATALOGS.gpu(pick(r, GPUS));
        ModelArchitecture m = CATALOGS.model(pick(r, TRAINING_MODELS));
        int nodes = 1 << r.nextInt(9);
        Cluster c = Cluster.of(gpu, Math.min(8, gpu.maxGpusPerNode()), nodes);
        int seq = pick(r, List.of(2048, 4096, 8192, 32768, 131072));
        double batch = (double) seq * (1L << r.nextInt(13));
        double tokens = Math.pow(10, 10 + 2.5 * r.nextDouble());
        double critical = r.nextBoolean() ? 0 : batch * pick(r, List.of(0.5, 1.0, 2.0));
        TrainingWorkload w = new TrainingWorkload(tokens, seq, Math.max(batch, seq), 0, 0, critical);
        Budget b = new Budget(0, r.nextInt(5) == 0 ? 1 + r.nextInt(c.totalGpus()) : 0,
                r.nextInt(3) == 0 ? Math.pow(10, 4 + 4 * r.nextDouble()) : 0,
                r.nextBoolean() ? 1 + r.nextInt(200) : 0);
        // the scenario's own degrees are ignored by the advisor: give it something arbitrary
        Design d = Design.defaults().withParallelism(1 << r.nextInt(4), 1 + r.nextInt(4), 1 + r.nextInt(8), 1,
                1).withZeroStage(r.nextInt(4)).withMicroBatch(1 + r.nextInt(4)).withRecompute(r.nextBoolean());
        return new Scenario("random-training", WorkloadKind.TRAINING, m, c, null, w, null, null, b, d,
                CATALOGS.efficiency(gpu), null);
    }

    private static Scenario randomRl(Random r) {
        Gpu gpu = CATALOGS.gpu(pick(r, List.of("h100-sxm", "h200")));
        ModelArchitecture m = CATALOGS.model(pick(r, RL_MODELS));
        int nodes = 1 << r.nextInt(5);
        Cluster c = Cluster.of(gpu, 8, nodes);
        int prompt = 128 << r.nextInt(5);
        int mean = 64 << r.nextInt(8);
        int max = Math.min(mean << r.nextInt(4), m.maxContext() - prompt);
        mean = Math.min(mean, max);
        RlWorkload w = new RlWorkload(16 << r.nextInt(6), 1 << r.nextInt(5), prompt, mean, max,
                r.nextInt(3) == 0 ? 2000 * r.nextDouble() : 50, 10 + r.nextInt(5000), 0.2 + 0.6 * r.nextDouble());
        int tp = 1 << r.nextInt(4);
        while (m.attentionHeads() % tp != 0) {
            tp /= 2;
        }
        String placement = nodes * 8 >= 2 && r.nextBoolean() ? RlInputs.DISAGGREGATED : RlInputs.COLOCATED;
        Design d = Design.defaults().withParallelism(tp, 1, 1, 1, 1).withZeroStage(r.nextInt(4))
                .withRecompute(r.nextBoolean()).withRl(placement, 0);
        Budget b = new Budget(0, 0, r.nextInt(3) == 0 ? Math.pow(10, 2 + 3 * r.nextDouble()) : 0,
                r.nextBoolean() ? 0.05 + 5 * r.nextDouble() : 0);
        Scenario s = new Scenario("random-rl", WorkloadKind.RL, m, c, null, null, w, null, b, d,
                CATALOGS.efficiency(gpu), null);
        if (placement.equals(RlInputs.DISAGGREGATED)) {
            // a split whose learner GPUs are a multiple of tp; colocated when the cluster has none
            s = RlRemedies.disaggregated(s, w.actorGpuShare())
                    .orElse(s.withDesign(d.withRl(RlInputs.COLOCATED, 0)));
        }
        return RlRemedies.withLearnerDp(s);
    }

    private static <T> T pick(Random r, List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }
}
