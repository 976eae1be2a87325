package io.ridgeline.facts;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One accelerator from the catalog. Units: FLOP/s, bytes (GB = 1e9 B), bytes/s, watts, USD per GPU-hour.
 *
 * @param peakFlopsPerS         dense (not 2:4 sparse) tensor peak per format, FLOP/s; a format absent here is not
 *                              supported natively by the tensor cores
 * @param hbmBytes              HBM capacity in bytes (decimal: 80 GB = 80e9 B)
 * @param hbmBytesPerS          HBM bandwidth, bytes/s
 * @param scaleUpBytesPerS      scale-up (NVLink, xGMI) bandwidth per GPU per direction, bytes/s; 0 when the GPU has none
 * @param scaleOutBytesPerS     scale-out (InfiniBand/RoCE NIC) bandwidth per GPU per direction, bytes/s
 * @param maxGpusPerNode        the largest scale-up domain this GPU ships in
 * @param usdPerGpuHour         an assumed hourly price, overridable in a scenario
 * @param priceNote             where the assumed price comes from
 * @param family                the efficiency-factor family (hopper, blackwell, ampere, ada, cdna3)
 * @param sources               per-value provenance, keyed by field name
 * @param hostLinkBytesPerS     the link to host memory per GPU per direction (PCIe, NVLink-C2C), bytes/s; 0 when the
 *                              catalog does not state it
 */
public record Gpu(
        String id,
        String name,
        String vendor,
        String family,
        Map<NumericFormat, Double> peakFlopsPerS,
        double hbmBytes,
        double hbmBytesPerS,
        double scaleUpBytesPerS,
        double scaleOutBytesPerS,
        int maxGpusPerNode,
        double tdpWatts,
        double usdPerGpuHour,
        String priceNote,
        Map<String, String> sources,
        double hostLinkBytesPerS) {

    /** A GPU whose link to host memory the catalog does not state. */
    public Gpu(String id, String name, String vendor, String family, Map<NumericFormat, Double> peakFlopsPerS,
               double hbmBytes, double hbmBytesPerS, double scaleUpBytesPerS, double scaleOutBytesPerS,
               int maxGpusPerNode, double tdpWatts, double usdPerGpuHour, String priceNote,
               Map<String, String> sources) {
        this(id, name, vendor, family, peakFlopsPerS, hbmBytes, hbmBytesPerS, scaleUpBytesPerS, scaleOutBytesPerS,
                maxGpusPerNode, tdpWatts, usdPerGpuHour, priceNote, sources, 0.0);
    }

    public Gpu {
        Objects.requireNonNull(id, "id");
        peakFlopsPerS = Map.copyOf(peakFlopsPerS);
        sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    /** Dense peak for a compute format, if the tensor cores run it natively. */
    public Optional<Double> peakFor(NumericFormat format) {
        return Optional.ofNullable(peakFlopsPerS.get(format == NumericFormat.FP16 ? NumericFormat.BF16 : format));
    }

    public boolean supports(NumericFormat format) {
        return peakFor(format).isPresent();
    }

    public Gpu withPrice(double usdPerGpuHour, String priceNote) {
        return new Gpu(id, name, vendor, family, peakFlopsPerS, hbmBytes, hbmBytesPerS, scaleUpBytesPerS,
                scaleOutBytesPerS, maxGpusPerNode, tdpWatts, usdPerGpuHour, priceNote, sources, hostLinkBytesPerS);
    }

    /** The same GPU with another link to host memory, bytes/s per direction (0: none stated). */
    public Gpu withHostLink(double hostLinkBytesPerS) {
        return new Gpu(id, name, vendor, family, peakFlopsPerS, hbmBytes, hbmBytesPerS, scaleUpBytesPerS,
                scaleOutBytesPerS, maxGpusPerNode, tdpWatts, usdPerGpuHour, priceNote, sources, hostLinkBytesPerS);
    }
}
