package io.ridgeline.engine.advisor.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Remedy;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.facts.Scenario;
import org.junit.jupiter.api.Test;

class InferenceRemediesEngineTest {

    @Test
    void aMoveToAnotherGpuKeepsTheEnginesOwnCostsOnThatGpusFamily() {
        // on h100-sxm (hopper) TensorRT-LLM costs 11 us a layer; moved to a b200 (blackwell, which carries hopper's
        // engine costs) the design keeps 11, where a design without an engine takes the family's 27.4
        Ridgeline r = Ridgeline.defaults();
        Scenario s = r.parse("""
                model: llama-3.1-8b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 1}
                workload: {requests_per_s: 1}
                preferences: {alternative_gpus: [b200]}
                design: {engine: trtllm}
                """, "engine-move");
        assertThat(s.efficiency().layerOverheadUs()).isEqualTo(11.0);
        InferenceRemedies remedies = new InferenceRemedies(Catalogs.builtIn());
        Remedy moved = remedies.apply("gpu_change", s, InferenceEstimator.numeric(s)).orElseThrow();
        assertThat(moved.next().cluster().gpu().id()).isEqualTo("b200");
        assertThat(moved.next().efficiency().layerOverheadUs()).isEqualTo(11.0);
        assertThat(moved.next().efficiency().servingCompute())
                .isEqualTo(Catalogs.builtIn().efficiency(Catalogs.builtIn().gpu("b200")).servingCompute());
        io.ridgeline.facts.EngineScheduling sch = s.design().scheduling();
        Scenario plain = s.withDesign(s.design().withScheduling(new io.ridgeline.facts.EngineScheduling(
                sch.stepTokens(), sch.wholePrompts(), sch.holdSteps(), sch.holdTokens())));
        assertThat(remedies.apply("gpu_change", plain, InferenceEstimator.numeric(plain)).orElseThrow().next()
                .efficiency().layerOverheadUs()).isEqualTo(27.4);
    }
}
