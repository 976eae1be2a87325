package io.ridgeline.engine.validation;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a benchmark harness ran its closed loops on an engine, where its rows do not say: the requests it measures
 * and the warm-up it leaves out, the pool of distinct prompts its requests cycle through and whether the engine's
 * prefix cache served the repeats, and how the harness's launch script set the engine's scheduler and speculative
 * decoding ({@link EngineRun}). Shipped in {@value #RESOURCE}, one row per benchmark, engine and (where the scripts
 * differ) model, series of source rows and attention data parallelism, with the evidence for it; the first row that
 * matches a measurement is its harness, and a measurement file's own columns win over it.
 *
 * @param bench             the benchmark's name (the rows' {@code bench})
 * @param backend           the engine, lower case
 * @param model             the catalog model it applies to (empty: every model)
 * @param sourceRow         the source rows it applies to, a pattern found in {@code source_row_id} (null: every row)
 * @param attentionDp       whether it applies to rows whose attention runs data parallel (ep / tp > 1), rows whose
 *                          attention does not, or (null) both
 * @param requestsPerClient requests the harness measures per client (0: not known, ten)
 * @param warmupPerClient   requests per client it sends first and leaves out
 * @param distinctPrompts   the prompts the harness reuses in turn (0: every prompt new)
 * @param prefixCaching     whether the engine found the repeats in its prefix cache
 * @param engineRun         the engine's scheduler and speculative decoding as the launch script set them
 * @param evidence          why: the harness's defaults, its scripts and what the rows show
 */
public record Harness(String bench, String backend, String model, Pattern sourceRow, Boolean attentionDp,
                      int requestsPerClient, int warmupPerClient, int distinctPrompts, boolean prefixCaching,
                      EngineRun engineRun, String evidence) {

    /** The shipped table. */
    public static final String RESOURCE = "validation/harnesses.csv";

    /** A harness that sends a new prompt every time, the engine at its defaults. */
    public static final Harness NONE = new Harness("", "", "", null, null, 0, 0, 0, false, EngineRun.DEFAULT, "");

    /**
     * The engine's scheduler and speculative decoding in a benchmark run.
     *
     * @param prefillSteps  chunked, whole or separate ({@code design.prefill_steps}); null: the validation's default
     *                      for the engine (chunked, SGLang separate)
     * @param stepTokens    the step budget of each attention group, tokens ({@code design.step_tokens}); 0: the
     *                      engines' default, 8,192
     * @param stepRule      the launch script's formula for it, when it depends on the run; null for none:
     *                      {@value #INFERENCEX_TRTLLM_STEP_RULE} = ceil to 64 of (k + 1) x the clients of an attention
     *                      group + the nominal prompt + 64 (InferenceX's TensorRT-LLM scripts' max_num_tokens)
     * @param holdSteps     {@code design.prefill_hold_steps}
     * @param holdTokens    {@code design.prefill_hold_tokens}
     * @param draftTokens   speculative decoding's drafted tokens per step (0: none)
     * @param acceptanceRate per-token acceptance rate of the drafts
     */
    public record EngineRun(String prefillSteps, int stepTokens, String stepRule, int holdSteps, int holdTokens,
                            int draftTokens, double acceptanceRate) {

        /** The engines' defaults. */
        public static final EngineRun DEFAULT = new EngineRun(null, 0, null, 0, 0, 0, 0.0);

        /** The step budget this run had, tokens (0: the default), for a row's clients, attention groups and prompt. */
        public int stepTokensFor(int clients, int attentionGroups, int nominalPrompt) {
            if (stepRule == null) {
                return stepTokens;
            }
            int perGroup = (int) Math.ceil((double) clients / Math.max(1, attentionGroups));
            long tokens = (long) (draftTokens + 1) * perGroup + nominalPrompt + 64;
            return (int) Math.min(1_048_576, (tokens + 63) / 64 * 64);
        }
    }

    /** The step rule of InferenceX's TensorRT-LLM launch scripts. */
    public static final String INFERENCEX_TRTLLM_STEP_RULE = "inferencex-trtllm";

    private static final List<Harness> KNOWN = load();

    /** The shipped harness for a benchmark and engine with no narrower condition, or {@link #NONE}. */
    public static Harness of(String bench, String backend) {
        return of(bench, backend, "", "", false);
    }

    /**
     * The first shipped harness that matches a measurement: its benchmark, engine, model, source row id and whether
     * its attention runs data parallel; {@link #NONE} when none does.
     */
    public static Harness of(String bench, String backend, String model, String sourceRowId, boolean dataParallelAttention) {
        for (Harness h : KNOWN) {
            if (h.bench.equalsIgnoreCase(bench) && h.backend.equalsIgnoreCase(backend)
                    && (h.model.isEmpty() || h.model.equalsIgnoreCase(model))
                    && (h.sourceRow == null || h.sourceRow.matcher(sourceRowId).find())
                    && (h.attentionDp == null || h.attentionDp == dataParallelAttention)) {
                return h;
            }
        }
        return NONE;
    }

    /** Every shipped harness, in the table's order. */
    public static List<Harness> known() {
        return KNOWN;
    }

    private static List<Harness> load() {
        try (InputStream in = Harness.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped harness table is missing: " + RESOURCE);
            }
            List<Harness> out = new ArrayList<>();
            try (MappingIterator<java.util.Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .readValues(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                while (rows.hasNext()) {
                    java.util.Map<String, String> r = rows.next();
                    String pattern = cell(r, "source_row");
                    String adp = cell(r, "attention_dp").toLowerCase(Locale.ROOT);
                    String steps = cell(r, "step_tokens");
                    boolean rule = steps.equals(INFERENCEX_TRTLLM_STEP_RULE);
                    EngineRun run = new EngineRun(cell(r, "prefill_steps").isEmpty() ? null : cell(r, "prefill_steps"),
                            rule || steps.isEmpty() ? 0 : Integer.parseInt(steps), rule ? steps : null,
                            integer(r, "hold_steps"), integer(r, "hold_tokens"), integer(r, "draft_tokens"),
                            cell(r, "acceptance_rate").isEmpty() ? 0.0 : Double.parseDouble(cell(r, "acceptance_rate")));
                    out.add(new Harness(cell(r, "bench"), cell(r, "backend"), cell(r, "model"),
                            pattern.isEmpty() ? null : Pattern.compile(pattern),
                            adp.isEmpty() ? null : Boolean.valueOf(adp.equals("yes") || adp.equals("true")),
                            integer(r, "requests_per_client"), integer(r, "warmup_per_client"),
                            integer(r, "distinct_prompts"), Boolean.parseBoolean(cell(r, "prefix_caching")), run,
                            cell(r, "evidence")));
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(java.util.Map<String, String> r, String key) {
        String v = r.get(key);
        return v == null ? "" : v.trim();
    }

    private static int integer(java.util.Map<String, String> r, String key) {
        String v = cell(r, key);
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }
}
