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
 * @param engineRun       the engine's scheduler and speculative decoding in the run (its step budget worked out)
 */
public record ServingMeasurement(String id, String source, String bench, String model, String gpu, String engine, Kind kind, int tp,
                                 int ep, String weights, String activations, String kvCache, int load,
                                 int promptTokens, int outputTokens, long offlineRequests, double ttftMs,
                                 double tpotMs, double tokensPerS, long benchmarkRequests, long warmupRequests,
                                 int distinctPrompts, boolean prefixCaching, Harness.EngineRun engineRun) {

    public ServingMeasurement {
        engineRun = engineRun == null ? Harness.EngineRun.DEFAULT : engineRun;
    }

    /** A row whose engine ran at its defaults. */
    public ServingMeasurement(String id, String source, String bench, String model, String gpu, String engine,
                              Kind kind, int tp, int ep, String weights, String activations, String kvCache, int load,
                              int promptTokens, int outputTokens, long offlineRequests, double ttftMs, double tpotMs,
                              double tokensPerS, long benchmarkRequests, long warmupRequests, int distinctPrompts,
                              boolean prefixCaching) {
        this(id, source, bench, model, gpu, engine, kind, tp, ep, weights, activations, kvCache, load, promptTokens,
                outputTokens, offlineRequests, ttftMs, tpotMs, tokensPerS, benchmarkRequests, warmupRequests,
                distinctPrompts, prefixCaching, Harness.EngineRun.DEFAULT);
    }

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
     * prefix_caching, prefill_steps, step_tokens, prefill_hold_steps, prefill_hold_tokens, draft_tokens,
     * acceptance_rate} (the last ten default to the benchmark harness's, {@link Harness}, found by bench, backend,
     * model and {@code source_row_id}); {@code isl_used}/{@code osl_used} stand for isl/osl when
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
        String model = text(r, "model", "");
        boolean dataParallelAttention = ep / Math.max(1, tp) > 1;
        Harness harness = kind == Kind.CLOSED_LOOP
                ? Harness.of(bench, backend, model, text(r, "source_row_id", ""), dataParallelAttention)
                : Harness.NONE;
        long measuredRequests = kind == Kind.CLOSED_LOOP
                ? integer(r, "benchmark_requests", harness.requestsPerClient() * load, where) : 0;
        long warmupRequests = kind == Kind.CLOSED_LOOP
                ? integer(r, "warmup_requests", harness.warmupPerClient() * load, where) : 0;
        int pool = kind == Kind.CLOSED_LOOP ? integer(r, "distinct_prompts", harness.distinctPrompts(), where) : 0;
        boolean caching = pool > 0 && bool(r, "prefix_caching", harness.prefixCaching(), where);
        Harness.EngineRun run = kind == Kind.CLOSED_LOOP ? engineRun(r, harness.engineRun(), load,
                Math.max(1, ep / Math.max(1, tp)), integer(r, "isl_nominal", isl, where), where)
                : Harness.EngineRun.DEFAULT;
        ServingMeasurement m = new ServingMeasurement(text(r, "row_id", where), text(r, "source", ""), bench,
                model, text(r, "gpu", ""), backend,
                kind, tp, ep, weights, text(r, "activations", weights), text(r, "kv_cache", "bf16"), load, isl, osl,
                offline, measured(r, "meas_ttft_ms", where), measured(r, "meas_tpot_ms", where),
                measured(r, "meas_tput_tok_s", where), measuredRequests, warmupRequests, pool, caching, run);
        if (m.model().isEmpty() || m.gpu().isEmpty()) {
            throw new InputError(where + ": model, gpu", "must name a catalog model and GPU");
        }
        if (Double.isNaN(m.ttftMs()) && Double.isNaN(m.tpotMs()) && Double.isNaN(m.tokensPerS())) {
            throw new InputError(where, "has no measurement: give meas_ttft_ms, meas_tpot_ms or meas_tput_tok_s");
        }
        return m;
    }

    /**
     * The engine's run: the harness's, each setting overridden by the row's own column (prefill_steps, step_tokens,
     * prefill_hold_steps, prefill_hold_tokens, draft_tokens, acceptance_rate), the harness's step rule worked out
     * for the row's clients, attention groups and nominal prompt.
     */
    private static Harness.EngineRun engineRun(Map<String, String> r, Harness.EngineRun h, int clients, int groups,
                                               int nominalPrompt, String where) {
        String steps = text(r, "prefill_steps", h.prefillSteps());
        if (steps != null && !List.of("chunked", "whole", "separate").contains(steps.toLowerCase(Locale.ROOT))) {
            throw new InputError(where + ": prefill_steps", "must be chunked, whole or separate, got '" + steps + "'");
        }
        int draft = integer(r, "draft_tokens", h.draftTokens(), where);
        if (draft > 64) {
            throw new InputError(where + ": draft_tokens", "must be a whole number from 0 to 64, got " + draft);
        }
        double alpha = h.acceptanceRate();
        String a = text(r, "acceptance_rate", null);
        if (a != null) {
            try {
                alpha = Double.parseDouble(a);
            } catch (NumberFormatException e) {
                alpha = Double.NaN;
            }
        }
        if (draft > 0 && !(alpha >= 0.01 && alpha <= 0.99)) {
            throw new InputError(where + ": acceptance_rate", "must be a number from 0.01 to 0.99 with draft_tokens, "
                    + "got '" + (a == null ? "none" : a) + "'");
        }
        Harness.EngineRun withDraft = new Harness.EngineRun(steps, h.stepTokens(), h.stepRule(), h.holdSteps(),
                h.holdTokens(), draft, alpha);
        int stepTokens = integer(r, "step_tokens", withDraft.stepTokensFor(clients, groups, nominalPrompt), where);
        if (stepTokens != 0 && (stepTokens < 256 || stepTokens > 1_048_576)) {
            throw new InputError(where + ": step_tokens", "must be a whole number from 256 to 1048576, got "
                    + stepTokens);
        }
        return new Harness.EngineRun(steps == null ? null : steps.toLowerCase(Locale.ROOT), stepTokens, null,
                integer(r, "prefill_hold_steps", h.holdSteps(), where),
                integer(r, "prefill_hold_tokens", h.holdTokens(), where), draft, alpha);
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
