package io.ridgeline.engine.catalog;

import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.NumericFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Catalog values against the reference file (hardware-and-models.json), converted to SI by hand. */
class GpuCatalogTest {

    private static final Catalogs CATALOGS = Catalogs.builtIn();
    /** Relative tolerance for decimal unit conversions (989 x 1e12 is not exact in binary). */
    private static final double REL = 1e-12;

    @Test
    void catalogHoldsEveryGpuOfThePublicContract() {
        assertThat(CATALOGS.gpus()).extracting(Gpu::id).contains("h100-sxm", "h100-pcie", "h200", "h800", "b200",
                "gb200", "a100-sxm-80gb", "a100-sxm-40gb", "l40s", "mi300x", "mi325x");
    }

    @Test
    void h100SxmMatchesTheDenseSpecSheet() {
        Gpu g = CATALOGS.gpu("h100-sxm");
        assertClose(g.peakFor(NumericFormat.BF16).orElseThrow(), 989e12);   // 1,979 sparse / 2
        assertClose(g.peakFor(NumericFormat.FP16).orElseThrow(), 989e12);   // fp16 runs at the bf16 rate
        assertClose(g.peakFor(NumericFormat.FP8).orElseThrow(), 1979e12);   // 3,958 sparse / 2
        assertClose(g.peakFor(NumericFormat.INT8).orElseThrow(), 1979e12);
        assertThat(g.supports(NumericFormat.FP4)).isFalse();
        assertClose(g.hbmBytes(), 80e9);                 // 80 GB decimal
        assertClose(g.hbmBytesPerS(), 3.35e12);          // 3.35 TB/s
        assertClose(g.scaleUpBytesPerS(), 450e9);        // 900 GB/s bidirectional / 2
        assertClose(g.scaleOutBytesPerS(), 50e9);        // 400 Gb/s / 8 bits per byte
        assertClose(g.hostLinkBytesPerS(), 64e9);        // PCIe Gen5 x16, 128 GB/s bidirectional / 2
        assertThat(CATALOGS.gpu("b200").hostLinkBytesPerS()).isZero();   // not stated: a colocated learner stays
        assertThat(g.maxGpusPerNode()).isEqualTo(8);
        assertThat(g.tdpWatts()).isEqualTo(700);
        assertThat(g.family()).isEqualTo("hopper");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // id,          bf16 TFLOP/s, HBM GB, HBM TB/s, scale-up GB/s per direction, scale-out Gb/s, GPUs/node, TDP W
            "h100-sxm,      989,     80,  3.35,  450, 400,  8,  700",
            "h100-pcie,     756,     80,  2.0,    64, 400,  8,  350",
            "h200,          989,    141,  4.8,   450, 400,  8,  700",
            "h800,          989,     80,  3.35,  200, 400,  8,  700",
            "b200,         2250,    180,  8.0,   900, 400,  8, 1000",
            "gb200,        2500,    186,  8.0,   900, 400, 72, 1200",
            "a100-sxm-80gb, 312,     80,  2.039, 300, 200,  8,  400",
            "a100-sxm-40gb, 312,     40,  1.555, 300, 200,  8,  400",
            "l40s,          362.05,  48,  0.864,  32, 200,  8,  350",
            "mi300x,       1307.4,  192,  5.3,   448, 400,  8,  750",
            "mi325x,       1307.4,  256,  6.0,   448, 400,  8, 1000"})
    void gpuValuesEqualTheReferenceInSiUnits(String id, double bf16Tflops, double hbmGb, double hbmTbPerS,
                                             double scaleUpGbPerS, double scaleOutGbit, int gpusPerNode,
                                             double tdpW) {
        Gpu g = CATALOGS.gpu(id);
        assertClose(g.peakFor(NumericFormat.BF16).orElseThrow(), bf16Tflops * 1e12);
        assertClose(g.hbmBytes(), hbmGb * 1e9);
        assertClose(g.hbmBytesPerS(), hbmTbPerS * 1e12);
        assertClose(g.scaleUpBytesPerS(), scaleUpGbPerS * 1e9);
        assertClose(g.scaleOutBytesPerS(), scaleOutGbit * 1e9 / 8);
        assertThat(g.maxGpusPerNode()).isEqualTo(gpusPerNode);
        assertThat(g.tdpWatts()).isEqualTo(tdpW);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // id,   fp8 TFLOP/s dense, fp4 TFLOP/s dense (0 = not native)
            "h200,   1979,     0",
            "b200,   4500,  9000",
            "gb200,  5000, 10000",
            "l40s,    733,     0",
            "mi300x, 2614.9,   0"})
    void lowPrecisionPeaksAreTheDenseFigures(String id, double fp8Tflops, double fp4Tflops) {
        Gpu g = CATALOGS.gpu(id);
        assertClose(g.peakFor(NumericFormat.FP8).orElseThrow(), fp8Tflops * 1e12);
        if (fp4Tflops > 0) {
            assertClose(g.peakFor(NumericFormat.FP4).orElseThrow(), fp4Tflops * 1e12);
        } else {
            assertThat(g.supports(NumericFormat.FP4)).isFalse();
        }
    }

    @Test
    void a100HasNoFp8AndL40sHasIt() {
        assertThat(CATALOGS.gpu("a100-sxm-80gb").supports(NumericFormat.FP8)).isFalse();
        assertThat(CATALOGS.gpu("a100-sxm-40gb").supports(NumericFormat.FP8)).isFalse();
        assertClose(CATALOGS.gpu("a100-sxm-80gb").peakFor(NumericFormat.INT8).orElseThrow(), 624e12);
        assertThat(CATALOGS.gpu("l40s").supports(NumericFormat.FP8)).isTrue();
    }

    @Test
    void pricesAreTheStatedAssumptions() {
        assertThat(CATALOGS.gpu("h100-sxm").usdPerGpuHour()).isEqualTo(2.49);   // tier-2 low end
        assertThat(CATALOGS.gpu("h800").usdPerGpuHour()).isEqualTo(2.00);       // DeepSeek-V3 report
        assertThat(CATALOGS.gpu("a100-sxm-80gb").usdPerGpuHour()).isEqualTo(1.49);
        // 2.49 x 5.408 / 4.916 = 2.739 (AWS capacity-block H200/H100 ratio)
        assertThat(CATALOGS.gpu("h200").usdPerGpuHour()).isEqualTo(2.74);
        // same dollars per dense bf16 FLOP as h100-sxm: 2.49 x 2250 / 989 = 5.665
        assertThat(CATALOGS.gpu("b200").usdPerGpuHour()).isCloseTo(2.49 * 2250 / 989, within(0.005));
        for (Gpu g : CATALOGS.gpus()) {
            assertThat(g.priceNote()).as(g.id()).isNotBlank();
        }
    }

    @Test
    void everyValueCarriesItsSource() {
        List<String> fields = List.of("peakFlopsPerS.bf16", "hbmBytes", "hbmBytesPerS", "scaleUpBytesPerS",
                "scaleOutBytesPerS", "maxGpusPerNode", "tdpWatts");
        for (Gpu g : CATALOGS.gpus()) {
            assertThat(g.sources()).as(g.id()).containsKeys(fields.toArray(String[]::new));
            for (NumericFormat f : g.peakFlopsPerS().keySet()) {
                assertThat(g.sources()).as(g.id()).containsKey("peakFlopsPerS." + f.id());
            }
        }
    }

    @Test
    void gpusAreSortedById() {
        List<String> ids = CATALOGS.gpus().stream().map(Gpu::id).toList();
        assertThat(ids).isSorted();
    }

    private static void assertClose(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * REL));
    }
}
