package io.ridgeline.engine.validation;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.ridgeline.engine.scenario.InputError;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One measured serving configuration: what ran (model, GPU, engine, layout, formats, lengths, load) and what was
 * measured (mean TTFT and TPOT in ms, output tokens/s of one replica); a measurement that was not taken is NaN.
 *
 * @param id         the row's id
 * @param source     where the number comes from
 * @param bench      the benchmark that measured it (its harness: InferenceX, trtllm-bench, ...)
 * @param model      catalog model id
 * @param gpu        catalog GPU id
 * @param engine     the serving engine (vllm, sglang, trtllm, ...), lower case
 * @param kind       what was measured
 * @param tp         tensor-parallel degree
 * @param ep         expert-parallel degree (1 for a dense model)
 * @param weights    weight format
 * @param activations activation format
 * @param kvCache    KV-cache format
 * @param load       clients of the closed loop, or the decode worker's batch (0 offline)
 * @param promptTokens  mean prompt tokens
 * @param outputTokens  mean output tokens
 * @param offlineRequests requests of an offline run (0 otherwise)
 * @param ttftMs     measured mean TTFT, ms
 * @param tpotMs     measured mean TPOT, ms
 * @param tokensPerS measured output tokens/s of one replica
 * @param benchmarkRequests the requests the closed loop measured (0: ten per client)
 * @param warmupRequests  the requests it sent first and left out
 * @param distinctPrompts the closed loop's pool of distinct prompts (0: every prompt new)
 * @param prefixCaching   the engine cached prefixes (a pooled prompt seen before prefills its tail only)
 */
public record ServingMeasurement(String id, String source, String bench, String model, String gpu, String engine, Kind kind, int tp,
                                 int ep, String weights, String activations, String kvCache, int load,
                                 int promptTokens, int outputTokens, long offlineRequests, double ttftMs,
                                 double tpotMs, double tokensPerS, long benchmarkRequests, long warmupRequests,
                                 int distinctPrompts, boolean prefixCaching) {

    /** A row without a prompt pool. */
    public ServingMeasurement(String id, String source, String bench, String model, String gpu, String engine,
                              Kind kind, int tp, int ep, String weights, String activations, String kvCache, int load,
                              int promptTokens, int outputTokens, long offlineRequests, double ttftMs, double tpotMs,
                              double tokensPerS) {
        this(id, source, bench, model, gpu, engine, kind, tp, ep, weights, activations, kvCache, load, promptTokens,
                outputTokens, offlineRequests, ttftMs, tpotMs, tokensPerS, 0, 0, 0, false);
    }

    /** What a row measured. */
    public enum Kind {
        /** A closed loop of {@code load} clients on one engine doing prefill and decode ({@code agg}). */
        CLOSED_LOOP("agg"),
        /** The decode worker of a disaggregated set-up at a batch of {@code load} ({@code disagg-decode}). */
        DECODE_WORKER("disagg-decode"),
        /** Every request queued at once, tokens/s at the engine's largest batch ({@code offline-max-throughput}). */
        OFFLINE("offline-max-throughput");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The CSV's name for it. */
        public String key() {
            return key;
        }

        static Kind parse(String text, String where) {
            for (Kind k : values()) {
                if (k.key.equals(text)) {
                    return k;
                }
            }
            throw new InputError(where + ": kind", "must be one of agg, disagg-decode, offline-max-throughput, got '"
                    + text + "'");
        }
    }

    /** The columns a measurement file must have. */
    public static final List<String> REQUIRED_COLUMNS = List.of("model", "gpu", "kind", "tp", "isl", "osl");

    /**
     * Reads a measurement CSV with a header row. Columns (docs/validation.md): {@code row_id, source, model, gpu,
     * bench, backend, kind, tp, ep, weights, activations, kv_cache, concurrency, batch, isl, osl, offline_requests,
     * meas_ttft_ms, meas_tpot_ms, meas_tput_tok_s, benchmark_requests, warmup_requests, distinct_prompts,
     * prefix_caching} (the last four default to the benchmark harness's, {@link Harness}); {@code isl_used}/{@code osl_used} stand for isl/osl when
     * present, and other columns are kept out of the way. Empty measured cells mean "not measured".
     *
     * @param name the file's name, for messages
     */
    public static List<ServingMeasurement> read(Reader in, String name) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.TRIM_SPACES);
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<ServingMeasurement> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class).with(schema)
                .readValues(in)) {
            int line = 1;
            while (rows.hasNext()) {
                line++;
                Map<String, String> r = rows.next();
                if (line == 2) {
                    Set<String> have = r.keySet();
                    for (String c : REQUIRED_COLUMNS) {
                        if (!have.contains(c) && !have.contains(c + "_used")) {
                            throw new InputError(name, "has no column '" + c + "'; a measurement file needs "
                                    + String.join(", ", REQUIRED_COLUMNS) + " (docs/validation.md)");
                        }
                    }
                }
                out.add(of(r, name + " line " + line));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // an empty file, a broken quote: the reader's own words, without its class names
            throw new InputError(name, "is not a readable CSV file with a header row (" + firstLine(e) + ")");
        } catch (RuntimeException e) {
            if (e instanceof InputError) {
                throw e;
            }
            throw new InputError(name, "is not a readable CSV file with a header row (" + firstLine(e) + ")");
        }
        if (out.isEmpty()) {
            throw new InputError(name, "has no measurement rows");
        }
        return List.copyOf(out);
    }

    private static String firstLine(Exception e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                : e.getMessage();
        m = m == null || m.isBlank() ? "no rows" : m;
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replaceAll("com\\.fasterxml\\.[\\w.]+", "CSV");
    }

    private static ServingMeasurement of(Map<String, String> r, String where) {
        Kind kind = Kind.parse(text(r, "kind", ""), where);
        int tp = integer(r, "tp", 1, where);
        int ep = integer(r, "ep", 1, where);
        int load = kind == Kind.OFFLINE ? 0
                : integer(r, kind == Kind.CLOSED_LOOP ? "concurrency" : "batch", 0, where);
        if (kind != Kind.OFFLINE && load < 1) {
            throw new InputError(where + ": " + (kind == Kind.CLOSED_LOOP ? "concurrency" : "batch"),
                    "must be a whole number >= 1 for kind " + kind.key());
        }
        int isl = integer(r, r.containsKey("isl_used") ? "isl_used" : "isl", 0, where);
        int osl = integer(r, r.containsKey("osl_used") ? "osl_used" : "osl", 0, where);
        if (isl < 1 || osl < 1) {
            throw new InputError(where + ": isl, osl", "must be whole numbers >= 1");
        }
        long offline = kind == Kind.OFFLINE ? Math.max(1, integer(r, "offline_requests", 1000, where)) : 0;
        String weights = text(r, "weights", "bf16");
        String bench = text(r, "bench", "");
        String backend = text(r, "backend", "unknown").toLowerCase(Locale.ROOT);
        Harness harness = kind == Kind.CLOSED_LOOP ? Harness.of(bench, backend) : Harness.NONE;
        long measuredRequests = kind == Kind.CLOSED_LOOP
                ? integer(r, "benchmark_requests", harness.requestsPerClient() * load, where) : 0;
        long warmupRequests = kind == Kind.CLOSED_LOOP
                ? integer(r, "warmup_requests", harness.warmupPerClient() * load, where) : 0;
        int pool = kind == Kind.CLOSED_LOOP ? integer(r, "distinct_prompts", harness.distinctPrompts(), where) : 0;
        boolean caching = pool > 0 && bool(r, "prefix_caching", harness.prefixCaching(), where);
        ServingMeasurement m = new ServingMeasurement(text(r, "row_id", where), text(r, "source", ""), bench,
                text(r, "model", ""), text(r, "gpu", ""), backend,
                kind, tp, ep, weights, text(r, "activations", weights), text(r, "kv_cache", "bf16"), load, isl, osl,
                offline, measured(r, "meas_ttft_ms", where), measured(r, "meas_tpot_ms", where),
                measured(r, "meas_tput_tok_s", where), measuredRequests, warmupRequests, pool, caching);
        if (m.model().isEmpty() || m.gpu().isEmpty()) {
            throw new InputError(where + ": model, gpu", "must name a catalog model and GPU");
        }
        if (Double.isNaN(m.ttftMs()) && Double.isNaN(m.tpotMs()) && Double.isNaN(m.tokensPerS())) {
            throw new InputError(where, "has no measurement: give meas_ttft_ms, meas_tpot_ms or meas_tput_tok_s");
        }
        return m;
    }

    private static String text(Map<String, String> r, String key, String fallback) {
        String v = r.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static boolean bool(Map<String, String> r, String key, boolean fallback, String where) {
        String v = text(r, key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new InputError(where + ": " + key, "must be true or false, got '" + v + "'");
        };
    }

    private static int integer(Map<String, String> r, String key, int fallback, String where) {
        String v = text(r, key, null);
        if (v == null) {
            return fallback;
        }
        try {
            long l = Long.parseLong(v);
            if (l < 0 || l > 100_000_000) {
                throw new InputError(where + ": " + key, "must be a whole number from 0 to 100000000, got " + v);
            }
            return (int) l;
        } catch (NumberFormatException e) {
            throw new InputError(where + ": " + key, "must be a whole number from 0 to 100000000, got '" + v + "'");
        }
    }

    private static double measured(Map<String, String> r, String key, String where) {
        String v = text(r, key, null);
        if (v == null) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || !Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InputError(where + ": " + key, "must be a positive number, got '" + v + "'");
        }
    }

    /** The batch regime the error is reported for: offline, or the load's size. */
    public String batchRegime() {
        if (kind == Kind.OFFLINE) {
            return "offline";
        }
        return load <= 8 ? "batch <= 8" : load <= 64 ? "batch 9-64" : "batch > 64";
    }

    /** The precision label: weights/KV formats. */
    public String precision() {
        return weights + "/kv " + kvCache;
    }
}
