package io.ridgeline.tests.training;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.rl.RlAdvisor;
import io.ridgeline.engine.advisor.serving.InferenceAdvisor;
import io.ridgeline.engine.advisor.training.TrainingAdvisor;
import io.ridgeline.engine.arithmetic.lifecycle.Redundancy;
import io.ridgeline.engine.arithmetic.lifecycle.RegressionGate;
import io.ridgeline.engine.arithmetic.training.Checkpointing;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.TrainingEstimate;
import org.junit.jupiter.api.Test;

import static io.ridgeline.tests.training.Examples.applied;
import static io.ridgeline.tests.training.Examples.load;
import static io.ridgeline.tests.training.Examples.walls;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capstone of lesson 12 as a chain of scenarios on one platform: pretrain the base model, post-train it with
 * RL, serve it, gate its releases and size its spares, naming the constraint that binds at each stage.
 */
class CapstoneTest {

    private static final RuleBase RULES = RuleBase.defaults();

    @Test
    void pretrainingIsBoundByMemoryThenByTheDeadline() {
        Advice a = new TrainingAdvisor(RULES).advise(load("capstone-pretrain"));
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        // memory, then the deadline (fp8), then the run's days: tensor parallelism given back for pipeline stages
        // and context ranks at the same 512 GPUs
        assertThat(walls(a)).startsWith("memory_capacity").contains("deadline").endsWith("run_time");
        assertThat(applied(a)).containsExactly("tensor_parallelism", "tensor_parallelism", "tensor_parallelism",
                "zero", "fp8", "tp_to_pp", "tp_to_cp");
        assertThat(((TrainingEstimate) a.finalEstimate()).trainingDays()).isLessThanOrEqualTo(17);
    }

    @Test
    void postTrainingIsBoundByRollout() {
        Advice a = new RlAdvisor(RULES).advise(load("capstone-rl"));
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        // generation binds: fp8 rollout weights halve what each decode step streams, asynchronous rollout overlaps
        // it with training, and more actor GPUs take what is left
        assertThat(walls(a)).containsOnly("rollout");
        assertThat(applied(a)).startsWith("fp8", "async_rollout").containsOnly("fp8", "async_rollout",
                "actor_rebalance");
        RlEstimate e = (RlEstimate) a.finalEstimate();
        assertThat(e.async()).isTrue();
        assertThat(e.trainingDays()).isLessThanOrEqualTo(1.1);
    }

    @Test
    void servingIsBoundByMemoryAndTheRemedyIsSizedForTheLoad() {
        // the remedy that makes the model fit is projected with the fleet sized for the load, so throughput never
        // binds on its own; the economy phase then trims the fleet
        Advice a = new InferenceAdvisor(RULES, Catalogs.builtIn()).advise(load("capstone-serve"));
        assertThat(a.status()).isEqualTo(Advice.FEASIBLE);
        assertThat(walls(a)).startsWith("memory_capacity").doesNotContain("throughput");
        io.ridgeline.facts.InferenceEstimate e = (io.ridgeline.facts.InferenceEstimate) a.finalEstimate();
        assertThat(e.overLimits()).isEmpty();
        assertThat(e.requestsPerSCapacity())
                .isGreaterThanOrEqualTo(load("capstone-serve").inference().requestsPerS());
    }

    @Test
    void theServingFleetCarriesSparesAndReleasesAreGatedOnADetectableDrop() {
        Advice a = new InferenceAdvisor(RULES, Catalogs.builtIn()).advise(load("capstone-serve"));
        Design d = a.finalDesign();
        double p = Redundancy.replicaFailureProbability(Checkpointing.DEFAULT_FAILURES_PER_GPU_HOUR,
                d.gpusPerReplica(), 4);
        int spares = Redundancy.spares(d.replicas(), p, 1e-3);
        assertThat(Redundancy.shortfallProbability(d.replicas(), spares, p)).isLessThanOrEqualTo(1e-3);
        if (spares > 0) {
            assertThat(Redundancy.shortfallProbability(d.replicas(), spares - 1, p)).isGreaterThan(1e-3);
        }
        // a release may not drop a 70% pass rate by 3 points, at 5% significance and 80% power:
        // pbar 0.685; a = 1.959964 x sqrt(2 x 0.685 x 0.315) = 1.287549; b = 0.841621 x sqrt(0.21 + 0.2211) = 0.552594
        // n = (1.840143)^2 / 0.03^2 = 3.386126 / 0.0009 = 3762.4 -> 3763 items per model
        long items = RegressionGate.itemsPerArm(0.70, 0.67, 0.05, 0.80);
        assertThat(items).isEqualTo(3763);
        assertThat(RegressionGate.detectableDrop(0.70, items, 0.05, 0.80)).isLessThanOrEqualTo(0.03);
    }
}
