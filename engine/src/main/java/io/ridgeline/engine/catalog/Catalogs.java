package io.ridgeline.engine.catalog;

import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The GPU, model and efficiency-factor catalogs: the built-in YAML files under {@code /catalog/} on the
 * classpath, optionally overlaid by a user's folder. Immutable; lookups are by exact id.
 *
 * <p>Values in the YAML files are in human units named in the keys (TFLOP/s, GB, TB/s, GB/s per direction,
 * Gbit/s); the records hold SI units (FLOP/s, bytes, bytes/s). See {@code catalog/gpus.yaml} for the key list.
 */
public final class Catalogs {

    private static final class BuiltIn {
        static final Catalogs INSTANCE = new Catalogs(CatalogFiles.builtIn());
    }

    private final CatalogFiles files;
    private final Map<String, Gpu> gpus;
    private final Map<String, ModelArchitecture> models;
    private final Map<String, EfficiencyFactors> efficiencyByFamily;
    private final Map<String, Map<String, EfficiencyEntries.EngineCosts>> enginesByFamily;

    private Catalogs(CatalogFiles files) {
        this.files = files;
        Map<String, Fields> familyFields = new LinkedHashMap<>();
        files.families.forEach((name, e) -> familyFields.put(name, new Fields(e.node(), e.where("family"))));
        this.efficiencyByFamily = Map.copyOf(EfficiencyEntries.parse(familyFields));
        this.enginesByFamily = Map.copyOf(EfficiencyEntries.engines(familyFields));
        Set<String> families = new TreeSet<>(efficiencyByFamily.keySet());
        Map<String, Gpu> g = new TreeMap<>();
        files.gpus.forEach((id, e) -> g.put(id, GpuEntries.parse(new Fields(e.node(), e.where("entry")), families)));
        Map<String, ModelArchitecture> m = new TreeMap<>();
        files.models.forEach((id, e) -> m.put(id, ModelEntries.parse(new Fields(e.node(), e.where("entry")))));
        this.gpus = g;
        this.models = m;
    }

    /** The built-in catalogs, read from the classpath once and cached. */
    public static Catalogs builtIn() {
        return BuiltIn.INSTANCE;
    }

    /**
     * These catalogs with a user's folder laid over them. The folder may hold any of {@code gpus.yaml},
     * {@code models.yaml} and {@code efficiency.yaml}, in the built-in format. An entry whose id is already known
     * overrides only the keys it states (e.g. just {@code usd_per_gpu_hour} and {@code price_note}); a new id adds
     * a complete entry.
     *
     * @throws IllegalArgumentException when the folder is not a directory or an entry is malformed; the message
     *                                  names the file, the entry and the key
     */
    public Catalogs mergedWith(Path userFolder) {
        return new Catalogs(files.mergedWith(userFolder));
    }

    /** These catalogs with a models file shipped on the classpath laid over them (as {@link #mergedWith}). */
    public Catalogs withModelsResource(String path) {
        return new Catalogs(files.mergedWithModelsResource(path));
    }

    public Optional<Gpu> findGpu(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(gpus.get(id));
    }

    /** @throws IllegalArgumentException {@code unknown gpu 'x'; known: a, b, ...} */
    public Gpu gpu(String id) {
        return findGpu(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown gpu '" + id + "'; known: " + String.join(", ", gpus.keySet())));
    }

    public Optional<ModelArchitecture> findModel(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(models.get(id));
    }

    /**
     * A catalog model by id or, failing that, a Hugging Face config.json given by its path (or the path of the
     * folder holding it), imported with {@link HfConfigImporter}.
     *
     * @throws IllegalArgumentException {@code unknown model 'x'; known: a, b, ...} when it is neither, or the
     *                                  importer's message when the file is malformed
     */
    public ModelArchitecture model(String idOrPath) {
        Optional<ModelArchitecture> known = findModel(idOrPath);
        if (known.isPresent()) {
            return known.get();
        }
        Optional<Path> config = configPath(idOrPath);
        if (config.isPresent()) {
            return HfConfigImporter.fromConfigJson(config.get());
        }
        throw new IllegalArgumentException("unknown model '" + idOrPath + "'; known: "
                + String.join(", ", models.keySet()) + "; or give the path of a Hugging Face config.json");
    }

    /** All GPUs, sorted by id. */
    public List<Gpu> gpus() {
        return List.copyOf(gpus.values());
    }

    /** All models, sorted by id. */
    public List<ModelArchitecture> models() {
        return List.copyOf(models.values());
    }

    /**
     * The achievable shares of the spec sheet for the GPU's family.
     *
     * @throws IllegalArgumentException when the family has no factors; the message lists the known families
     */
    public EfficiencyFactors efficiency(Gpu gpu) {
        if (gpu == null) {
            throw new IllegalArgumentException("gpu is missing; give a catalog GPU");
        }
        EfficiencyFactors f = efficiencyByFamily.get(gpu.family());
        if (f == null) {
            throw new IllegalArgumentException("no efficiency factors for family '" + gpu.family() + "' of gpu '"
                    + gpu.id() + "'; known families: " + String.join(", ", new TreeSet<>(efficiencyByFamily.keySet())));
        }
        return f;
    }

    /**
     * The family's factors with the serving engine's own fixed costs laid over them, where the family states them
     * ({@code engines} in efficiency.yaml); the family's factors for an engine it states nothing for, and for "".
     */
    public EfficiencyFactors efficiency(Gpu gpu, String engine) {
        EfficiencyFactors family = efficiency(gpu);
        if (engine == null || engine.isEmpty()) {
            return family;
        }
        EfficiencyEntries.EngineCosts costs = enginesByFamily.getOrDefault(gpu.family(), Map.of()).get(engine);
        return costs == null ? family : costs.over(family, engine);
    }

    private static Optional<Path> configPath(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (Files.isDirectory(p)) {
            p = p.resolve("config.json");
        }
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
}
