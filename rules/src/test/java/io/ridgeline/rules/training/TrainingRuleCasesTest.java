package io.ridgeline.rules.training;

import io.ridgeline.engine.advisor.Judgement;
import io.ridgeline.engine.advisor.rl.RlAdvisor;
import io.ridgeline.engine.advisor.rl.RlRemedies;
import io.ridgeline.engine.advisor.training.TrainingAdvisor;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.rules.RuleInfo;
import io.ridgeline.facts.Scenario;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pretraining and RL rule fires on one design and stays silent on another. The designs are named in
 * {@link RuleStates}; each is judged as given, with every remedy's projection, by the built-in rulebase.
 */
class TrainingRuleCasesTest {

    private static final RuleBase RULES = RuleBase.defaults();
    private static final TrainingAdvisor TRAINING = new TrainingAdvisor(RULES);
    private static final RlAdvisor RL = new RlAdvisor(RULES);
    private static final Map<String, Supplier<Scenario>> TRAINING_STATES = RuleStates.trainingStates();
    private static final Map<String, Supplier<Scenario>> RL_STATES = RuleStates.rlStates();
    private static final Map<String, List<String>> FIRED = new ConcurrentHashMap<>();

    /** Rule id, a design it fires on, a design it does not fire on. */
    static Stream<Arguments> cases() {
        return Stream.of(
                // pretraining: classification
                Arguments.of("TRN-C-01", "7b-plain", "7b-zero1"),
                Arguments.of("TRN-C-02", "8b-past-critical-batch", "7b-zero1"),
                // the layout is within the critical batch (8 x 4,096 tokens a micro-batch round); the workload is not
                Arguments.of("TRN-C-02B", "7b-global-past-critical-batch", "7b-three-micro-batches"),
                Arguments.of("TRN-C-03", "405b-16k-bubble", "405b-pp16"),
                Arguments.of("TRN-C-04", "70b-512-tp16-no-deadline", "70b-512-deadline"),
                Arguments.of("TRN-C-05", "70b-512-deadline", "70b-512-cost"),
                Arguments.of("TRN-C-06", "70b-512-cost", "70b-512-deadline"),
                Arguments.of("TRN-C-07", "7b-one-usd-per-hour", "7b-plain"),
                Arguments.of("TRN-C-08", "7b-plain", "1b-plain"),
                Arguments.of("TRN-C-09", "70b-plain", "7b-plain"),
                Arguments.of("TRN-C-09B", "7b-plain", "70b-plain"),
                Arguments.of("TRN-C-10", "70b-tp8", "70b-plain"),
                Arguments.of("TRN-C-10B", "70b-plain", "70b-tp8"),
                Arguments.of("TRN-C-11", "405b-tp8", "70b-tp8"),
                Arguments.of("TRN-C-11B", "70b-tp8", "405b-tp8"),
                Arguments.of("TRN-C-12", "405b-pp4-zero1", "7b-plain"),
                Arguments.of("TRN-C-13", "70b-plain", "7b-plain"),
                Arguments.of("TRN-C-14", "7b-zero1", "70b-512-tp16-no-deadline"),
                Arguments.of("TRN-C-15", "405b-16k-plain", "7b-zero1"),
                // pretraining: binding
                Arguments.of("TRN-B-01", "7b-plain", "7b-zero1"),
                Arguments.of("TRN-B-02", "8b-past-critical-batch", "7b-plain"),
                Arguments.of("TRN-B-03", "70b-512-deadline", "70b-512-cost"),
                Arguments.of("TRN-B-04", "70b-512-cost", "70b-512-deadline"),
                Arguments.of("TRN-B-05", "405b-16k-bubble", "7b-zero1"),
                Arguments.of("TRN-B-06", "70b-512-tp16-no-deadline", "70b-512-tp16"),
                // pretraining: the objective once every requirement holds
                Arguments.of("TRN-B-07", "7b-zero1", "7b-plain"),
                Arguments.of("TRN-D-06", "7b-zero1", "7b-plain"),
                Arguments.of("TRN-D-07", "405b-pp16-no-deadline", "7b-zero1"),
                // pipeline schedules: zero-bubble where it beats interleaving, DualPipe where expert all-to-alls show
                Arguments.of("TRN-D-09", "405b-pp16-no-deadline", "7b-zero1"),
                Arguments.of("TRN-D-10", "dsv3-pp16-ep64", "405b-pp16-no-deadline"),
                Arguments.of("TRN-D-11", "dsv3-pp16-ep64-deadline", "dsv3-pp16-ep64"),
                Arguments.of("TRN-D-12", "dsv3-pp16-ep64-deadline", "dsv3-pp16-ep64"),
                Arguments.of("TRN-S-13", "405b-16k-bubble", "7b-zero1"),
                Arguments.of("TRN-D-08", "7b-zero1", "7b-plain"),
                // trades at the same GPUs: tensor parallelism for stages, context ranks or replicas; recomputation
                // for the memory of more stages
                Arguments.of("TRN-D-13", "70b-512-tp8", "7b-zero1"),
                Arguments.of("TRN-D-14", "405b-2048-recompute", "7b-zero1"),
                Arguments.of("TRN-V-17", "7b-zero1", "7b-plain"),
                Arguments.of("TRN-V-20", "7b-zero1", "7b-plain"),
                // under the cost objective the run's cost takes the days' place
                Arguments.of("TRN-B-08", "7b-zero1-cost", "7b-zero1"),
                Arguments.of("TRN-D-15", "7b-zero1-cost", "7b-zero1"),
                Arguments.of("TRN-D-16", "7b-zero1-cost", "7b-zero1"),
                Arguments.of("TRN-V-21", "7b-zero1-cost", "7b-zero1"),
                Arguments.of("TRN-V-22", "7b-zero1-cost", "7b-zero1"),
                // fewer replicas for the bubble idle GPUs and lengthen the run
                Arguments.of("TRN-V-19", "405b-16k-bubble", "7b-zero1"),
                // pretraining: memory
                Arguments.of("TRN-M-01", "7b-plain", "70b-plain"),
                Arguments.of("TRN-M-02", "7b-plain", "70b-plain"),
                Arguments.of("TRN-M-03", "70b-plain", "70b-tp8"),
                Arguments.of("TRN-M-04", "405b-tp8", "70b-tp8"),
                Arguments.of("TRN-M-05", "70b-tp8", "405b-tp8"),
                Arguments.of("TRN-M-06", "70b-tp8", "405b-tp8"),
                Arguments.of("TRN-M-07", "405b-pp4-zero1", "70b-tp8"),
                Arguments.of("TRN-M-08", "405b-128k-plain", "405b-16k-plain"),
                // the experts are no longer most of what a GPU holds at DeepSeek-V3's ep 64
                Arguments.of("TRN-M-09", "mixtral-plain", "dsv3-ep64"),
                // once the experts are spread: ZeRO, then FSDP, before tensor parallelism
                Arguments.of("TRN-M-11", "dsv3-ep64", "mixtral-plain"),
                Arguments.of("TRN-M-13", "mixtral-ep8", "mixtral-plain"),
                Arguments.of("TRN-M-12", "dsv3-ep64-zero2", "dsv3-ep64"),
                Arguments.of("TRN-M-10", "7b-plain", "7b-zero1"),
                // pretraining: scaling walls
                Arguments.of("TRN-S-01", "8b-past-critical-batch", "70b-512-deadline"),
                Arguments.of("TRN-S-02", "8b-long-past-critical-batch", "8b-past-critical-batch"),
                Arguments.of("TRN-S-03", "8b-past-critical-batch", "7b-plain"),
                Arguments.of("TRN-S-04", "8b-past-critical-batch", "8b-long-past-critical-batch"),
                Arguments.of("TRN-S-05", "8b-past-critical-batch", "7b-plain"),
                Arguments.of("TRN-S-06", "405b-16k-bubble", "8b-past-critical-batch"),
                Arguments.of("TRN-S-07", "405b-128k-bubble", "405b-16k-bubble"),
                Arguments.of("TRN-S-08", "405b-16k-bubble", "7b-zero1"),
                Arguments.of("TRN-S-09", "70b-512-fsdp-short", "70b-512-deadline"),
                Arguments.of("TRN-S-10", "70b-512-fsdp-short", "70b-512-tp16-no-deadline"),
                Arguments.of("TRN-S-11", "70b-512-fsdp-short", "405b-16k-bubble"),
                Arguments.of("TRN-S-12", "70b-512-tp16-no-deadline", "70b-512-deadline"),
                // pretraining: deadline and budget
                Arguments.of("TRN-D-01", "70b-512-deadline", "70b-512-cost"),
                Arguments.of("TRN-D-02", "70b-512-cost", "70b-512-deadline"),
                Arguments.of("TRN-D-03", "70b-512-deadline", "7b-zero1"),
                Arguments.of("TRN-D-04", "70b-512-deadline", "70b-512-cost"),
                Arguments.of("TRN-D-05", "70b-512-cost", "70b-512-deadline"),
                // pretraining: vetoes
                Arguments.of("TRN-V-01", "7b-plain", "7b-zero1"),
                Arguments.of("TRN-V-02", "70b-tp8", "70b-plain"),
                Arguments.of("TRN-V-03", "405b-2048-recompute", "7b-plain"),
                Arguments.of("TRN-V-04", "8b-past-critical-batch", "70b-512-deadline"),
                Arguments.of("TRN-V-05", "7b-three-micro-batches", "70b-512-deadline"),
                Arguments.of("TRN-V-06", "405b-16k-bubble", "8b-past-critical-batch"),
                Arguments.of("TRN-V-07", "70b-512-tp16-no-deadline", "405b-16k-bubble"),
                Arguments.of("TRN-V-08", "70b-512-deadline", "70b-512-cost"),
                Arguments.of("TRN-V-09", "70b-512-cost", "70b-512-deadline"),
                Arguments.of("TRN-V-10", "405b-16k-bubble-deadline", "405b-16k-bubble"),
                Arguments.of("TRN-V-11", "405b-16k-bubble-budget", "405b-16k-bubble"),
                Arguments.of("TRN-V-12", "70b-512-deadline", "7b-zero1"),
                Arguments.of("TRN-V-13", "7b-zero1-bf16-only", "70b-512-deadline"),
                Arguments.of("TRN-V-14", "70b-512-tp16-pp2", "405b-16k-bubble"),
                Arguments.of("TRN-V-15", "405b-16k-bubble", "70b-512-tp16-no-deadline"),
                Arguments.of("TRN-V-16", "405b-pp16", "405b-tp8"),
                // RL: classification and binding
                Arguments.of("RL-C-01", "70b-learner-over", "grpo"),
                Arguments.of("RL-C-02", "70b-learner-over", "grpo"),
                Arguments.of("RL-C-03", "grpo", "grpo-cost"),
                Arguments.of("RL-C-04", "grpo-cost", "grpo"),
                Arguments.of("RL-C-05", "grpo", "grpo-no-deadline"),
                Arguments.of("RL-C-06", "grpo-no-deadline", "grpo"),
                Arguments.of("RL-C-07", "grpo", "grpo-disaggregated"),
                Arguments.of("RL-C-08", "grpo-disaggregated", "grpo"),
                Arguments.of("RL-C-09", "grpo", "grpo-uniform"),
                Arguments.of("RL-C-10", "grpo-disaggregated", "grpo-async-learner-bound"),
                Arguments.of("RL-C-11", "grpo-async-learner-bound", "grpo-disaggregated"),
                Arguments.of("RL-B-01", "70b-learner-over", "grpo"),
                Arguments.of("RL-B-02", "grpo", "grpo-no-deadline"),
                // RL: decisions
                Arguments.of("RL-M-01", "70b-learner-over", "grpo"),
                Arguments.of("RL-M-02", "70b-learner-over", "grpo"),
                Arguments.of("RL-M-03", "70b-learner-over", "70b-learner-over-recompute"),
                Arguments.of("RL-M-04", "70b-learner-over", "grpo"),
                Arguments.of("RL-M-05", "70b-learner-over", "grpo"),
                Arguments.of("RL-R-01", "grpo", "grpo-uniform"),
                Arguments.of("RL-R-02", "grpo-disaggregated", "grpo"),
                Arguments.of("RL-R-03", "grpo-disaggregated", "grpo"),
                Arguments.of("RL-R-04", "grpo", "grpo-async"),
                Arguments.of("RL-R-05", "grpo", "grpo-slow-reward"),
                Arguments.of("RL-L-01", "grpo-async-learner-bound", "grpo-async"),
                Arguments.of("RL-L-02", "grpo-async-learner-bound", "grpo"),
                Arguments.of("RL-L-03", "grpo-async-learner-bound", "grpo"),
                Arguments.of("RL-W-01", "sync", "grpo"),
                Arguments.of("RL-W-02", "sync", "grpo"),
                Arguments.of("RL-W-03", "grpo-slow-reward", "grpo"),
                Arguments.of("RL-X-01", "grpo", "grpo-no-deadline"),
                // RL: vetoes
                Arguments.of("RL-V-01", "70b-learner-over-recompute", "70b-learner-over"),
                Arguments.of("RL-V-02", "long-reasoning", "grpo"),
                Arguments.of("RL-V-03", "grpo", "grpo-async-learner-bound"),
                Arguments.of("RL-V-04", "grpo-bf16-only", "grpo"));
    }

    @ParameterizedTest(name = "{0} fires on {1} and not on {2}")
    @MethodSource("cases")
    void everyRuleFiresOnOneDesignAndNotOnAnother(String ruleId, String fires, String silent) {
        assertThat(fired(fires)).as("%s on %s", ruleId, fires).contains(ruleId);
        assertThat(fired(silent)).as("%s on %s", ruleId, silent).doesNotContain(ruleId);
    }

    @Test
    void everyPretrainingAndRlRuleHasACase() {
        List<String> covered = cases().map(a -> (String) a.get()[0]).toList();
        List<String> ids = RULES.rules().stream()
                .filter(r -> r.packageName().equals("io.ridgeline.rules.training")
                        || r.packageName().equals("io.ridgeline.rules.rl"))
                // the framework rules have cases of their own (RlFrameworkRuleCasesTest)
                .filter(r -> !r.file().endsWith("frameworks.drl"))
                .map(RuleInfo::id).toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void everyRuleHasAnIdALessonAndAnExplanation() {
        RULES.rules().stream().filter(r -> r.packageName().startsWith("io.ridgeline.rules.training")
                        || r.packageName().startsWith("io.ridgeline.rules.rl"))
                .forEach(r -> {
                    assertThat(r.id()).as(r.name()).matches("(TRN|RL)-[A-Z]-\\d\\dB?");
                    assertThat(r.lesson()).as(r.name()).isNotBlank();
                    assertThat(r.explanation()).as(r.name()).isNotBlank();
                });
    }

    @Test
    void noExplanationLeavesAPlaceholderUnfilled() {
        for (String state : TRAINING_STATES.keySet()) {
            assertNoUnfilled(TRAINING.judge(TRAINING_STATES.get(state).get()), state);
        }
        for (String state : RL_STATES.keySet()) {
            assertNoUnfilled(RL.judge(RlRemedies.withLearnerDp(RL_STATES.get(state).get())), state);
        }
    }

    private static void assertNoUnfilled(Judgement j, String state) {
        j.bottlenecks().forEach(b -> assertThat(b.explanation()).as(state + " " + b.ruleId()).doesNotContain("?}"));
        j.recommendations().forEach(r -> assertThat(r.explanation()).as(state + " " + r.ruleId())
                .doesNotContain("?}"));
        j.vetoes().forEach(v -> assertThat(v.reason()).as(state + " " + v.ruleId()).doesNotContain("?}"));
    }

    private static List<String> fired(String state) {
        return FIRED.computeIfAbsent(state, k -> {
            if (TRAINING_STATES.containsKey(k)) {
                return TRAINING.judge(TRAINING_STATES.get(k).get()).firedRules();
            }
            Supplier<Scenario> rl = RL_STATES.get(k);
            if (rl == null) {
                throw new IllegalArgumentException("no design named " + k);
            }
            return RL.judge(RlRemedies.withLearnerDp(rl.get())).firedRules();
        });
    }
}
