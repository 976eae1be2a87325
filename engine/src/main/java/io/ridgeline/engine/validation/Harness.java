package io.ridgeline.engine.validation;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a benchmark harness ran its closed loops on an engine, where its rows do not say: the requests it measures
 * and the warm-up it leaves out, the pool of distinct prompts its requests cycle through and whether the engine's
 * prefix cache served the repeats. Shipped in
 * {@value #RESOURCE}, one row per benchmark and engine with the evidence for it; a measurement file's own
 * {@code distinct_prompts} and {@code prefix_caching} columns win.
 *
 * @param bench           the benchmark's name (the rows' {@code bench})
 * @param backend         the engine, lower case
 * @param requestsPerClient requests the harness measures per client (0: not known, ten)
 * @param warmupPerClient requests per client it sends first and leaves out
 * @param distinctPrompts the prompts the harness reuses in turn (0: every prompt new)
 * @param prefixCaching   whether the engine found the repeats in its prefix cache
 * @param evidence        why: the harness's defaults and what the rows show
 */
public record Harness(String bench, String backend, int requestsPerClient, int warmupPerClient, int distinctPrompts, boolean prefixCaching, String evidence) {

    /** The shipped table. */
    public static final String RESOURCE = "validation/harnesses.csv";

    /** A harness that sends a new prompt every time. */
    public static final Harness NONE = new Harness("", "", 0, 0, 0, false, "");

    private static final Map<String, Harness> KNOWN = load();

    /** The shipped harness for a benchmark and engine, or {@link #NONE}. */
    public static Harness of(String bench, String backend) {
        return KNOWN.getOrDefault(key(bench, backend), NONE);
    }

    /** Every shipped harness, in the table's order. */
    public static Map<String, Harness> known() {
        return KNOWN;
    }

    private static String key(String bench, String backend) {
        return bench.toLowerCase(Locale.ROOT) + "|" + backend.toLowerCase(Locale.ROOT);
    }

    private static Map<String, Harness> load() {
        try (InputStream in = Harness.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped harness table is missing: " + RESOURCE);
            }
            Map<String, Harness> out = new LinkedHashMap<>();
            try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .readValues(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                while (rows.hasNext()) {
                    Map<String, String> r = rows.next();
                    Harness h = new Harness(r.get("bench").trim(), r.get("backend").trim(),
                            Integer.parseInt(r.get("requests_per_client").trim()),
                            Integer.parseInt(r.get("warmup_per_client").trim()),
                            Integer.parseInt(r.get("distinct_prompts").trim()),
                            Boolean.parseBoolean(r.get("prefix_caching").trim()), r.get("evidence").trim());
                    out.put(key(h.bench(), h.backend()), h);
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
