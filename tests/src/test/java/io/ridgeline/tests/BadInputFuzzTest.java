package io.ridgeline.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.tests.fuzz.ScenarioFuzz;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutated scenarios ({@link ScenarioFuzz}): every shipped example with one of its values replaced by what a careless
 * or hostile user might send, or an unknown key added. Whatever comes in, the answer is a refusal that names a field
 * or a bill and an audit (1 in 25 also advised, 1 in 100 also searched) whose JSON holds no NaN, infinity or
 * sentinel; nothing else escapes, and the same input gives the same bytes. 2,000 cases, seeded;
 * {@code tests/bench/fuzz.sh} runs 100,000.
 */
class BadInputFuzzTest {

    private static final ScenarioFuzz FUZZ = new ScenarioFuzz(Ridgeline.defaults(), Path.of("..", "examples"));
    private static final int CASES = 2_000;

    static Stream<Integer> cases() {
        return Stream.iterate(0, i -> i + 1).limit(CASES);
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void aMutatedScenarioIsRefusedByFieldOrAnsweredWithFiniteNumbers(int seed) {
        ScenarioFuzz.Case c = FUZZ.mutate(seed);
        String first = FUZZ.answer(c, true);
        assertThat(FUZZ.answer(c, false)).as(c.describe())
                .isEqualTo(first.replaceFirst("\\|(advice|search):.*$", ""));
    }
}
