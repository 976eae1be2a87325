package io.ridgeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in rulebase is loaded from the executable model the build compiled, and it is the same rulebase as the
 * DRL compiled at run time (the way an author's folder loads): the same rules with the same metadata, and the same
 * advice, trace included, for the shipped serving and RL examples and the smallest pretraining one (the golden
 * scenarios of the acceptance tests hold every example's answer to its recorded one).
 */
class PrecompiledRuleBaseTest {

    private static RuleBase compiled;

    @BeforeAll
    static void compileTheDrl() {
        compiled = RuleBase.build(RuleBase.builtInSources(), "built-in rulebase, compiled from DRL");
    }

    @Test
    void theBuiltInRulebaseIsTheBuildsExecutableModel() {
        assertThat(RuleBase.defaults().precompiled()).isTrue();
        assertThat(compiled.precompiled()).isFalse();
        assertThat(RuleBase.defaults().sources()).isEqualTo(RuleBase.builtInSources());
    }

    @Test
    void itHasTheRulesAndMetadataOfTheDrlCompiledAtRunTime() {
        assertThat(RuleBase.defaults().rules()).hasSizeGreaterThan(50).isEqualTo(compiled.rules());
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            // the pretraining examples run the layout search, seconds each: the smallest stands for them
            List<Path> list = files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().contains("pretrain")
                            && (!f.getFileName().toString().startsWith("training-")
                            || f.getFileName().toString().equals("training-7b-8gpu.yaml")))
                    .sorted().toList();
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleGetsTheSameAdviceFromBoth(Path example) {
        Ridgeline fromModel = new Ridgeline(Catalogs.builtIn(), RuleBase.defaults());
        Ridgeline fromDrl = new Ridgeline(Catalogs.builtIn(), compiled);
        Scenario s = fromModel.load(example);
        assertThat(Json.write(Json.toMap(fromModel.advise(s)))).isEqualTo(Json.write(Json.toMap(fromDrl.advise(s))));
    }
}
