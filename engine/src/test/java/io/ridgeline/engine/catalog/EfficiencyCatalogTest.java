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
        // 2 GiB device-to-device copy: 2.99 / 3.35 = 0.893 -> 0.89
        assertThat(f.hbm()).isEqualTo(0.89).isCloseTo(2.99 / 3.35, within(0.005));
        assertThat(f.link()).isEqualTo(0.80);
        assertThat(f.source()).contains("744 of 989", "2.99 of 3.35", "1.57 TB/s = 47%", "assumption");
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
        for (String id : new String[]{"a100-sxm-80gb", "l40s", "b200", "gb200", "mi300x"}) {
            Gpu g = CATALOGS.gpu(id);
            EfficiencyFactors f = CATALOGS.efficiency(g);
            assertThat(f.compute()).isEqualTo(hopper.compute());
            assertThat(f.hbm()).isEqualTo(hopper.hbm());
            assertThat(f.link()).isEqualTo(hopper.link());
            assertThat(f.source()).startsWith("not measured on " + g.family()).contains("(from hopper)");
        }
    }
}
