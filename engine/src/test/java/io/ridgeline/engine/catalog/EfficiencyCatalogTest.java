package io.ridgeline.engine.catalog;

import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Gpu;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EfficiencyCatalogTest {

    private static final Catalogs CATALOGS = Catalogs.builtIn();

    @Test
    void hopperFactorsComeFromTheH100Calibration() {
        EfficiencyFactors f = CATALOGS.efficiency(CATALOGS.gpu("h100-sxm"));
        // bf16 16384^3 matmul: 744 / 989 = 0.752 -> 0.75
        assertThat(f.compute()).isEqualTo(0.75).isCloseTo(744.0 / 989, within(0.005));
        // whole decode step at B <= 64, Llama-3.1-8B layer shapes on H100 (docs/calibration.md): 13.96 GB of
        // weights in 5.005 ms at B = 1 -> 2.79 TB/s / 3.35 = 0.83; at B = 64: 5.232 ms -> 2.67 TB/s = 0.80.
        // The factor takes the lower end: 0.80, below the 2 GiB copy's 2.99 / 3.35 = 0.89 ceiling.
        assertThat(f.hbm()).isEqualTo(0.80).isCloseTo(13.96e9 / 5.232e-3 / 3.35e12, within(0.005))
                .isLessThan(2.99 / 3.35);
        assertThat(f.link()).isEqualTo(0.80);
        assertThat(f.source()).contains("744 of 989", "2.99/3.35 = 89%", "1.57/3.35 = 47%", "whole decode step", "assumption");
    }

    @Test
    void hopperStatesItsFp8ShareAndItsExposedWeightStreamAndAmpereLeavesTheStreamOut() {
        EfficiencyFactors hopper = CATALOGS.efficiency(CATALOGS.gpu("h100-sxm"));
        // fp8 scaled_mm 8192^3: H100 1358 / 1979 = 0.686, H200 1396 / 1979 = 0.705 -> 0.70
        assertThat(hopper.fp8Compute()).isEqualTo(0.70).isCloseTo((1358.0 + 1396.0) / 2 / 1979, within(0.005));
        assertThat(hopper.computeFor(io.ridgeline.facts.NumericFormat.FP8)).isEqualTo(0.70);
        assertThat(hopper.computeFor(io.ridgeline.facts.NumericFormat.BF16)).isEqualTo(0.75);
        assertThat(hopper.weightStreamExposed()).isEqualTo(1.0);
        assertThat(hopper.source()).contains("fp8_compute 0.7", "weight_stream_exposed 1.0");
        EfficiencyFactors ampere = CATALOGS.efficiency(CATALOGS.gpu("a100-sxm-80gb"));
        assertThat(ampere.weightStreamExposed()).isZero();
        assertThat(ampere.source()).contains("weight_stream_exposed left out (0)");
    }

    @Test
    void everyHopperGpuSharesTheHopperFactors() {
        EfficiencyFactors hopper = CATALOGS.efficiency(CATALOGS.gpu("h100-sxm"));
        for (String id : new String[]{"h100-pcie", "h200", "h800"}) {
            assertThat(CATALOGS.efficiency(CATALOGS.gpu(id))).isEqualTo(hopper);
        }
    }

    @Test
    void unmeasuredFamiliesCarryTheHopperFactorsAndSaySo() {
        EfficiencyFactors hopper = CATALOGS.efficiency(CATALOGS.gpu("h100-sxm"));
        for (String id : new String[]{"l40s", "mi300x"}) {
            Gpu g = CATALOGS.gpu(id);
            EfficiencyFactors f = CATALOGS.efficiency(g);
            assertThat(f.compute()).isEqualTo(hopper.compute());
            assertThat(f.hbm()).isEqualTo(hopper.hbm());
            assertThat(f.link()).isEqualTo(hopper.link());
            assertThat(f.source()).startsWith("not measured on " + g.family()).contains("(from hopper)");
        }
    }

    @Test
    void ampereStatesTheTrainingFitAndTheOthersCarryItsActivationPasses() {
        // fitted to Narayanan et al. 2021 Table 1 (docs/calibration.md): the matrix products' share and the passes
        EfficiencyFactors ampere = CATALOGS.efficiency(CATALOGS.gpu("a100-sxm-80gb"));
        assertThat(ampere.compute()).isEqualTo(0.685);
        assertThat(ampere.activationPasses()).isEqualTo(5.75);
        assertThat(ampere.source()).contains("Narayanan", "activation_passes 5.75");
        // its serving terms are hopper's, carried
        EfficiencyFactors hopper = CATALOGS.efficiency(CATALOGS.gpu("h100-sxm"));
        assertThat(ampere.servingCompute()).isEqualTo(hopper.servingCompute());
        assertThat(ampere.kvHbm()).isEqualTo(hopper.kvHbm());
        // a count of passes, not a rate: every family carries it
        for (String id : new String[]{"h100-sxm", "b200", "l40s"}) {
            assertThat(CATALOGS.efficiency(CATALOGS.gpu(id)).activationPasses()).isEqualTo(5.75);
        }
    }

    @Test
    void hopperServingTermsComeFromTheFitAndBlackwellStatesItsOwn() {
        EfficiencyFactors hopper = CATALOGS.efficiency(CATALOGS.gpu("h200"));
        // fitted to the H200 rows of validation/serving-published.csv (docs/calibration.md)
        assertThat(hopper.servingCompute()).isEqualTo(0.450);
        assertThat(hopper.kvHbm()).isEqualTo(0.519);
        assertThat(hopper.moeCompute()).isEqualTo(0.085);
        assertThat(hopper.prefillExpertOverheadUs()).isEqualTo(12.2);
        assertThat(hopper.layerOverheadUs()).isEqualTo(27.4);
        assertThat(hopper.moeLayerOverheadUs()).isEqualTo(63.3);
        assertThat(hopper.collectiveLatencyUs()).isEqualTo(10.0);
        assertThat(hopper.source()).contains("serving_compute 0.45", "advisor calibrate", "H100 rows");
        // the kernel shares stay the kernel measurements: training and the roofline keep them
        assertThat(hopper.compute()).isEqualTo(0.75);
        assertThat(hopper.hbm()).isEqualTo(0.80);
        EfficiencyFactors blackwell = CATALOGS.efficiency(CATALOGS.gpu("b200"));
        assertThat(CATALOGS.efficiency(CATALOGS.gpu("gb200"))).isEqualTo(blackwell);
        assertThat(blackwell.compute()).isEqualTo(hopper.compute());
        assertThat(blackwell.hbm()).isEqualTo(hopper.hbm());
        assertThat(blackwell.servingCompute()).isEqualTo(0.352);
        assertThat(blackwell.kvHbm()).isEqualTo(0.335);
        assertThat(blackwell.source()).contains("not measured on blackwell", "B200 offline rows");
    }

    @Test
    void anEngineLaysItsOwnCostPerLayerOverTheFamilysAndLeavesTheRest() {
        Catalogs c = Catalogs.builtIn();
        Gpu h200 = c.gpu("h200");
        EfficiencyFactors family = c.efficiency(h200);
        assertThat(family.layerOverheadUs()).isEqualTo(27.4);
        assertThat(family.collectiveRoundUs()).isEqualTo(4.0);
        EfficiencyFactors trt = c.efficiency(h200, "trtllm");
        assertThat(trt.layerOverheadUs()).isEqualTo(11.0);
        assertThat(trt.source()).contains("engine trtllm");
        assertThat(c.efficiency(h200, "vllm").layerOverheadUs()).isEqualTo(40.0);
        // an engine's own cost per MoE layer: TensorRT-LLM's and SGLang's, vLLM the family's
        assertThat(family.moeLayerOverheadUs()).isEqualTo(63.3);
        assertThat(trt.moeLayerOverheadUs()).isEqualTo(110.0);
        assertThat(c.efficiency(h200, "vllm").moeLayerOverheadUs()).isEqualTo(63.3);
        EfficiencyFactors sglang = c.efficiency(h200, "sglang");
        assertThat(sglang.moeLayerOverheadUs()).isEqualTo(20.0);
        assertThat(sglang.layerOverheadUs()).isEqualTo(family.layerOverheadUs());
        assertThat(sglang.source()).contains("engine sglang: moe_layer_overhead_us 20.0");
        // the engine states only its fixed costs: every other factor is the family's
        assertThat(trt.servingCompute()).isEqualTo(family.servingCompute());
        assertThat(trt.kvHbm()).isEqualTo(family.kvHbm());
        assertThat(trt.collectiveRoundUs()).isEqualTo(family.collectiveRoundUs());
        // no engine keeps the family's, and so does an engine a family states nothing for
        assertThat(c.efficiency(h200, "")).isEqualTo(family);
        // a same_as family carries the engines of the family it names
        assertThat(c.efficiency(c.gpu("l40s"), "trtllm").layerOverheadUs()).isEqualTo(11.0);
    }

    @Test
    void aUsersEngineCostsMergeOverTheBuiltInOnesEngineByEngine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("efficiency.yaml"), """
                families:
                  hopper:
                    engines:
                      vllm: {layer_overhead_us: 35, source: "mine"}
                """);
        Catalogs c = Catalogs.builtIn().mergedWith(dir);
        Gpu h200 = c.gpu("h200");
        assertThat(c.efficiency(h200, "vllm").layerOverheadUs()).isEqualTo(35.0);
        assertThat(c.efficiency(h200, "vllm").moeLayerOverheadUs()).isEqualTo(63.3);
        // the engines the user's file does not name keep the built-in costs
        assertThat(c.efficiency(h200, "sglang").moeLayerOverheadUs()).isEqualTo(20.0);
        assertThat(c.efficiency(h200, "trtllm").layerOverheadUs()).isEqualTo(11.0);
        assertThat(c.efficiency(h200, "trtllm").moeLayerOverheadUs()).isEqualTo(110.0);
    }

    @Test
    void anEngineACatalogDoesNotKnowIsRefusedWithItsFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("efficiency.yaml"), """
                families:
                  hopper:
                    engines:
                      tgi: {layer_overhead_us: 20, source: "mine"}
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Catalogs.builtIn().mergedWith(dir))
                .hasMessageContaining("efficiency.yaml").hasMessageContaining("tgi")
                .hasMessageContaining("vllm, trtllm, sglang");
    }
}
