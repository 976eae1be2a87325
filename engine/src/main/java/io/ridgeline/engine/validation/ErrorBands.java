package io.ridgeline.engine.validation;

import io.ridgeline.engine.validation.ServingValidation.Metric;
import io.ridgeline.engine.validation.ServingValidation.Prediction;
import io.ridgeline.engine.validation.ServingValidation.Report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The error a prediction carries: the median |pred / meas - 1| of the shipped validation rows of its regime (GPU,
 * dense or MoE, weight format), falling back to the model class on any GPU and then to every row when its regime has
 * fewer than {@value #MIN_ROWS} rows. The bands ship as {@value #RESOURCE}, the output of
 * {@code ./advisor validate --bands}; a test recomputes them so they cannot go stale.
 */
public final class ErrorBands {

    /** Where the shipped bands live. */
    public static final String RESOURCE = "validation/error-bands.csv";
    /** The fewest rows a band is stated from. */
    public static final int MIN_ROWS = 3;
    private static final String ANY = "*";

    /** A band: the regime it was measured on, its rows and the median |error|. */
    public record Band(String regime, int rows, double medianAbsError) {

        /** "\u00b112% (h200 dense fp8 in validation, 14 rows)". */
        public String text() {
            return String.format(Locale.ROOT, "\u00b1%.0f%% (%s in validation, %d rows)", medianAbsError * 100,
                    regime, rows);
        }
    }

    private record Key(Metric metric, String gpu, String modelClass, String weights) {
    }

    private final Map<Key, Band> bands;

    private ErrorBands(Map<Key, Band> bands) {
        this.bands = Map.copyOf(bands);
    }

    private static volatile ErrorBands builtIn;

    /** The shipped bands. */
    public static ErrorBands builtIn() {
        ErrorBands b = builtIn;
        if (b == null) {
            try (InputStream in = ErrorBands.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the shipped error bands are missing: " + RESOURCE);
                }
                b = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = b;
        }
        return b;
    }

    /** The band of a prediction for {@code metric} on {@code gpu} for a dense or MoE model in {@code weights}. */
    public Optional<Band> of(Metric metric, String gpu, boolean moe, String weights) {
        String cls = moe ? "moe" : "dense";
        for (Key k : List.of(new Key(metric, gpu, cls, weights), new Key(metric, ANY, cls, ANY),
                new Key(metric, ANY, ANY, ANY))) {
            Band b = bands.get(k);
            if (b != null) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** The bands of a validation report as the shipped CSV. */
    public static String csv(Report report) {
        Map<Key, List<Double>> errors = new TreeMap<>(java.util.Comparator.comparing((Key k) -> k.metric())
                .thenComparing(Key::gpu).thenComparing(Key::modelClass).thenComparing(Key::weights));
        for (Prediction p : report.predictions()) {
            ServingMeasurement r = p.row();
            String cls = r.model().startsWith("deepseek") || r.model().startsWith("mixtral") ? "moe" : "dense";
            for (Metric m : Metric.values()) {
                double e = p.error(m);
                if (Double.isNaN(e)) {
                    continue;
                }
                for (Key k : List.of(new Key(m, r.gpu(), cls, r.weights()), new Key(m, ANY, cls, ANY),
                        new Key(m, ANY, ANY, ANY))) {
                    errors.computeIfAbsent(k, x -> new ArrayList<>()).add(Math.abs(e));
                }
            }
        }
        StringBuilder out = new StringBuilder("# ./advisor validate --bands: median |pred/meas - 1| per regime of "
                + "the shipped validation rows (" + MIN_ROWS + " rows at least)\n"
                + "metric,gpu,model_class,weights,rows,median_abs_error\n");
        errors.forEach((k, v) -> {
            if (v.size() >= MIN_ROWS) {
                double[] a = ServingValidation.sorted(v);
                out.append(k.metric().key()).append(',').append(k.gpu()).append(',').append(k.modelClass())
                        .append(',').append(k.weights()).append(',').append(v.size()).append(',')
                        .append(String.format(Locale.ROOT, "%.4f", ServingValidation.Stats.quantile(a, 0.5)))
                        .append('\n');
            }
        });
        return out.toString();
    }

    /** Reads the CSV that {@link #csv} writes. */
    static ErrorBands parse(String text) {
        Map<Key, Band> out = new LinkedHashMap<>();
        Map<String, Metric> metrics = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            metrics.put(m.key(), m);
        }
        try (BufferedReader in = new BufferedReader(new java.io.StringReader(text))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("metric,")) {
                    continue;
                }
                String[] c = line.split(",");
                Metric m = metrics.get(c[0]);
                Key k = new Key(m, c[1], c[2], c[3]);
                out.put(k, new Band(label(k), Integer.parseInt(c[4]), Double.parseDouble(c[5])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ErrorBands(out);
    }

    private static String label(Key k) {
        if (k.gpu().equals(ANY)) {
            return k.modelClass().equals(ANY) ? "all rows" : k.modelClass() + " models on any GPU";
        }
        return k.gpu() + " " + k.modelClass() + " " + k.weights();
    }

    /** The JSON keys of the predicted figures the bands belong to. */
    private static String figureKey(Metric m) {
        return switch (m) {
            case TTFT -> "ttft_ms";
            case TPOT -> "tpot_ms";
            case THROUGHPUT -> "tokens_per_s";
        };
    }

    /**
     * The bands of a bill's predictions as a JSON-ready map: figure key -> {median_abs_error, rows, regime}; empty
     * for anything but a serving bill.
     */
    public Map<String, Object> toMap(String gpu, String weights, io.ridgeline.facts.Bill estimate) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!(estimate instanceof io.ridgeline.facts.InferenceEstimate e)) {
            return m;
        }
        boolean moe = e.activeParams() < e.totalParams();
        for (Metric metric : Metric.values()) {
            of(metric, gpu, moe, weights).ifPresent(b -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("median_abs_error", b.medianAbsError());
                v.put("rows", b.rows());
                v.put("regime", b.regime());
                m.put(figureKey(metric), v);
            });
        }
        return m;
    }

    /**
     * "Validation error (median |predicted / measured - 1| of published runs): TTFT \u00b141% (h200 dense fp8 in
     * validation, 12 rows); ...", or null for anything but a serving bill.
     */
    public String line(String gpu, String weights, io.ridgeline.facts.Bill estimate) {
        if (!(estimate instanceof io.ridgeline.facts.InferenceEstimate e)) {
            return null;
        }
        boolean moe = e.activeParams() < e.totalParams();
        List<String> parts = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            of(metric, gpu, moe, weights).ifPresent(b -> parts.add(metric.label() + " " + b.text()));
        }
        return parts.isEmpty() ? null : "Validation error (median |predicted / measured - 1| of published runs): "
                + String.join("; ", parts);
    }
}
