package io.ridgeline.rules;

import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.rules.RuleLint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleLintNamesTest {

    private static final String TYPOS = """
            package house;
            import io.ridgeline.facts.Binding;
            import io.ridgeline.facts.Veto;
            import io.ridgeline.facts.Recommendation;

            rule "a typo in a mechanism and a wall"
                @id("H-01") @lesson("06") @explanation("vetoed")
            when
                Binding( name == "tpot" )
            then
                insertLogical(new Veto("speculative_decodng"));
            end

            rule "a wall list with one unknown name"
                @id("H-02") @lesson("06") @explanation("recommended")
            when
                Binding( name in ("ttft_slo", "latency") )
            then
                insertLogical(new Recommendation("fp_8", "ttft_slo", 40));
            end
            """;

    @Test
    void unknownMechanismsAndWallsAreErrorsWithTheirFileAndLine() {
        RuleBase rb = RuleBase.build(Map.of("house/typos.drl", TYPOS), "test");
        List<String> problems = RuleLint.problems(rb);
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("house/typos.drl:11: unknown mechanism 'speculative_decodng'")
                .contains("did you mean 'speculative_decoding'?");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("house/typos.drl:9: unknown wall 'tpot'")
                .contains("did you mean 'tpot_slo'?"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("house/typos.drl:17: unknown wall 'latency'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("house/typos.drl:19: unknown mechanism 'fp_8'")
                .contains("did you mean 'fp8'?"));
    }

    @Test
    void aPlaceholderNoBillOrScenarioFillsIsAnErrorWithItsLine() {
        // {tpot_msec} and {after.ttft_msx} would render as {tpot_msec?}; {slo_tpot_ms}, {after.tpot_ms} and the
        // training and RL bills' names are filled
        String text = """
                package house;
                import io.ridgeline.facts.Binding;
                import io.ridgeline.facts.Veto;
                import io.ridgeline.facts.InferenceEstimate;

                rule "typos in placeholders"
                    @id("H-05") @lesson("06")
                    @explanation("TPOT {tpot_msec} against {slo_tpot_ms}; {after.tpot_ms} and {after.ttft_msx}.")
                when
                    InferenceEstimate()
                    Binding( name == "tpot_slo" )
                then
                    insertLogical(new Veto("fp8"));
                end

                rule "names of every domain"
                    @id("H-06") @lesson("07")
                    @explanation("{training_days} days, {mfu}, {rollout_time_s}, {after.weight_sync_time_s}, {gpus_per_node}.")
                when
                    InferenceEstimate()
                    Binding( name == "tpot_slo" )
                then
                    insertLogical(new Veto("fp8"));
                end
                """;
        List<String> problems = RuleLint.problems(RuleBase.build(Map.of("house/placeholders.drl", text), "test"));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("house/placeholders.drl:8: unknown placeholder 'tpot_msec'")
                .contains("did you mean 'tpot_ms'?").contains("{tpot_msec?}");
        assertThat(problems.get(1)).startsWith("house/placeholders.drl:8: unknown placeholder 'ttft_msx'")
                .contains("did you mean 'ttft_ms'?");
    }

    @Test
    void theBuiltInNamesAndAWallAnAuthorInsertsPass() {
        assertThat(RuleLint.problems(RuleBase.defaults())).isEmpty();
        String own = """
                package house;
                import io.ridgeline.facts.Binding;
                import io.ridgeline.facts.Bottleneck;
                import io.ridgeline.facts.TrainingEstimate;

                rule "a house wall"
                    @id("H-03") @lesson("07") @explanation("house")
                when
                    TrainingEstimate( trainingDays > 10 )
                then
                    insertLogical(new Binding("house_deadline"));
                end

                rule "matching it"
                    @id("H-04") @lesson("07") @explanation("house")
                when
                    Binding( name == "house_deadline" )
                then
                end
                """;
        assertThat(RuleLint.problems(RuleBase.build(Map.of("house/own.drl", own), "test"))).isEmpty();
    }

    @Test
    void aDecisionWithoutADomainGuardIsAnError() {
        String unguarded = """
                package house;
                import io.ridgeline.facts.Binding;
                import io.ridgeline.facts.InferenceEstimate;
                import io.ridgeline.facts.Veto;

                rule "a policy for every domain"
                    @id("H-05") @lesson("06") @explanation("policy")
                when
                    Binding( )
                then
                    insertLogical(new Veto("speculative_decoding"));
                end

                rule "the same policy for serving only"
                    @id("H-06") @lesson("06") @explanation("policy")
                when
                    InferenceEstimate()
                    Binding( )
                then
                    insertLogical(new Veto("speculative_decoding"));
                end
                """;
        List<String> problems = RuleLint.problems(RuleBase.build(Map.of("house/policy.drl", unguarded), "test"));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p)
                .startsWith("house/policy.drl:6: rule \"a policy for every domain\" decides without a domain guard"));
        // the shipped example carries its guard
        assertThat(RuleLint.problems(RuleBase.fromFolder(java.nio.file.Path.of("..", "examples", "rules"))))
                .isEmpty();
    }

    @Test
    void anUnknownRegimeIsAnErrorAndTheKnownOnesPass() {
        // a match on the regime of a wall with two sides (lesson 3a), and a house wall inserted with a regime
        String text = """
                package house;
                import io.ridgeline.facts.Bottleneck;
                import io.ridgeline.facts.InferenceEstimate;
                import io.ridgeline.facts.Veto;

                rule "a misspelt regime"
                    @id("H-07") @lesson("3a") @explanation("regime")
                when
                    InferenceEstimate()
                    Bottleneck( name == "hbm_bandwidth", regime == "kv_bund" )
                then
                    insertLogical(new Veto("speculative_decoding"));
                end

                rule "a known regime"
                    @id("H-08") @lesson("3a") @explanation("regime")
                when
                    $e : InferenceEstimate()
                    Bottleneck( name == "hbm_bandwidth", regime == "weight_bound" )
                then
                    insertLogical(new Bottleneck("hbm_bandwidth", Bottleneck.RESOURCE, $e.tpotMemoryMs(), 1.0, "ms",
                            "weights"));
                end
                """;
        List<String> problems = RuleLint.problems(RuleBase.build(Map.of("house/regimes.drl", text), "test"));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("house/regimes.drl:10: unknown regime 'kv_bund'")
                .contains("did you mean 'kv_bound'?");
        assertThat(problems.get(1)).startsWith("house/regimes.drl:22: unknown regime 'weights'");
    }
}
