package io.ridgeline.engine.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Binding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeTest {

    /** Two rules veto the same mechanism for different reasons, and a third recommends it twice over. */
    private static final String RULES = """
            package test;
            import io.ridgeline.facts.Binding;
            import io.ridgeline.facts.Recommendation;
            import io.ridgeline.facts.Veto;

            rule "the first reason"
                @id("T-V-01") @lesson("06") @explanation("first")
            when
                Binding( name == "ttft_slo" )
            then
                insertLogical(new Veto("speculative_decoding"));
            end

            rule "the second reason"
                @id("T-V-02") @lesson("06") @explanation("second")
            when
                Binding( name == "ttft_slo" )
            then
                insertLogical(new Veto("speculative_decoding"));
            end

            rule "a recommendation"
                @id("T-R-01") @lesson("06") @explanation("recommended")
            when
                Binding( name == "ttft_slo" )
            then
                insertLogical(new Recommendation("prefix_caching", "ttft_slo", 10));
            end

            rule "the same recommendation for another reason"
                @id("T-R-02") @lesson("06") @explanation("recommended again")
            when
                Binding( name == "ttft_slo" )
            then
                insertLogical(new Recommendation("prefix_caching", "ttft_slo", 10));
            end
            """;

    @Test
    void everyRuleThatJustifiedAConclusionIsRecorded() {
        Judge judge = new Judge(RuleBase.build(Map.of("test/reasons.drl", RULES), "test"));
        Judgement j = judge.judge(List.of(new Binding("ttft_slo")), Map.of(), Map.of());
        // one Veto fact with two justifications: both reasons are in the judgement, not only the first
        assertThat(j.vetoes()).extracting(Vetoed::ruleId).containsExactly("T-V-01", "T-V-02");
        assertThat(j.vetoes()).extracting(Vetoed::reason).containsExactly("first", "second");
        assertThat(j.vetoed("speculative_decoding")).isTrue();
        assertThat(j.recommendations()).extracting(Judgement.Recommended::ruleId).containsExactly("T-R-01", "T-R-02");
    }
}
