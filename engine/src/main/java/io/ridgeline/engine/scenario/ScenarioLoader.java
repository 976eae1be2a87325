package io.ridgeline.engine.scenario;

import static io.ridgeline.engine.scenario.ScenarioSchema.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.catalog.HfConfigImporter;
import io.ridgeline.engine.text.Numbers;
import io.ridgeline.facts.Budget;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.EngineScheduling;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Objective;
import io.ridgeline.facts.Preferences;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.Slo;
import io.ridgeline.facts.TrainingWorkload;
import io.ridgeline.facts.WorkloadKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a scenario file (YAML or JSON; the format is documented in docs/scenario.md) into a {@link Scenario},
 * resolving catalog ids and applying the documented defaults. Every problem is an {@link InputError} that names the
 * field and the allowed range; unknown keys are errors, so a misspelt key never passes silently.
 */
public final class ScenarioLoader {

    /** JSON with a key given twice refused, and nothing after its one value. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** YAML (and JSON) with a key given twice refused rather than the last one kept. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private final Catalogs catalogs;

    public ScenarioLoader(Catalogs catalogs) {
        this.catalogs = catalogs;
    }

    public Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputError("file", "cannot read '" + file + "': " + e.getMessage());
        }
        String fallbackName = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return parse(text, fallbackName, file.toAbsolutePath().getParent());
    }

    /**
     * Reads the text's one document, in one pass, refusing what YAML allows but a scenario must not hold: an alias
     * (*name), which would otherwise be read as the text of its name, and a second document (---), which would
     * otherwise be dropped unread.
     */
    private static JsonNode readOneDocument(String text) throws java.io.IOException {
        if (text.stripLeading().startsWith("{")) {
            // JSON (a web form's body, say) reads several times faster with the JSON parser; a YAML flow mapping
            // that is not JSON falls through to the YAML reader
            try {
                return JSON.readTree(text);
            } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException trailing) {
                throw new InputError("(file)", "has more text after its one JSON value"
                        + (trailing.getLocation() == null ? "" : " (line " + trailing.getLocation().getLineNr() + ")")
                        + "; a scenario is one document");
            } catch (com.fasterxml.jackson.core.JsonParseException notJson) {
                if (String.valueOf(notJson.getOriginalMessage()).startsWith("Duplicate field")) {
                    throw notJson;
                }
            }
        }
        try (com.fasterxml.jackson.core.JsonParser yaml = YAML.createParser(text);
             com.fasterxml.jackson.core.JsonParser checked = new com.fasterxml.jackson.core.util.JsonParserDelegate(
                     yaml) {
                 @Override
                 public com.fasterxml.jackson.core.JsonToken nextToken() throws java.io.IOException {
                     com.fasterxml.jackson.core.JsonToken token = super.nextToken();
                     if (delegate() instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y
                             && y.isCurrentAlias()) {
                         throw new InputError("(file)", "YAML aliases (*" + getText() + ", line "
                                 + currentLocation().getLineNr() + ") are not read; write the value out");
                     }
                     return token;
                 }
             }) {
            JsonNode root = YAML.readTree(checked);
            if (checked.nextToken() != null) {
                throw new InputError("(file)", "holds more than one YAML document (the second starts at line "
                        + checked.currentLocation().getLineNr() + "); a scenario is one document");
            }
            return root;
        }
    }

    /** Parses scenario text (YAML is a superset of JSON, so both are read the same way). */
    public Scenario parse(String text, String fallbackName, Path baseDir) {
        JsonNode root;
        try {
            root = readOneDocument(text);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            java.util.regex.Matcher dup = java.util.regex.Pattern.compile("Duplicate field '(.*)'").matcher(message);
            if (dup.find()) {
                throw new InputError("(file)", "the key '" + dup.group(1) + "' is given twice; give each key once"
                        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            }
            throw new InputError("(file)", SyntaxErrors.describe(e, text));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // reading a string: not reached
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new InputError("(file)", "is empty");
        }
        Node top = new Node(root, "");
        String name = top.string(NAME.name(), fallbackName);
        top.string(DESCRIPTION);
        top.string(EXPECT);
        top.raw(EXPECTED.name());
        WorkloadKind kind;
        try {
            kind = WorkloadKind.parse(top.string(KIND));
        } catch (IllegalArgumentException e) {
            throw new InputError("kind", e.getMessage());
        }
        ModelArchitecture model = model(top, baseDir);
        Node hw = top.child(HARDWARE_SECTION);
        if (!hw.present()) {
            throw new InputError("hardware", "is required (gpu, gpus_per_node, nodes)");
        }
        Gpu gpu = gpu(hw);
        int gpusPerNode = hw.integer(GPUS_PER_NODE, Math.min(8, gpu.maxGpusPerNode()), gpu.maxGpusPerNode());
        int nodes = hw.integer(NODES);
        double scaleUp = hw.number(SCALE_UP_GB_PER_S, gpu.scaleUpBytesPerS() / 1e9) * 1e9;
        double scaleOut = hw.number(SCALE_OUT_GB_PER_S, gpu.scaleOutBytesPerS() / 1e9) * 1e9;
        hw.rejectUnknown(HARDWARE, kind);
        Cluster cluster = new Cluster(gpu, gpusPerNode, nodes, scaleUp, scaleOut);

        Node w = top.child(WORKLOAD_SECTION);
        InferenceWorkload inference = null;
        TrainingWorkload training = null;
        RlWorkload rl = null;
        switch (kind) {
            case INFERENCE -> inference = inference(w, model);
            case TRAINING -> training = training(w);
            case RL -> rl = rl(w);
            default -> throw new IllegalStateException("unreachable");
        }
        w.rejectUnknown(WORKLOAD, kind);
        Slo slo = slo(top.child(SLO_SECTION), kind);
        Budget budget = budget(top.child(BUDGET_SECTION), kind);
        Design design = design(top.child(DESIGN_SECTION), model, cluster, kind);
        EfficiencyFactors eff = efficiency(top.child(EFFICIENCY_SECTION),
                catalogs.efficiency(gpu, design.scheduling().engine()), kind);
        Preferences prefs = preferences(top.child(PREFERENCES_SECTION), kind);
        Objective objective = objective(top, kind);
        top.rejectUnknown(TOP, kind);
        Scenario s = new Scenario(name, kind, model, cluster, inference, training, rl, slo, budget, design, eff,
                prefs, objective);
        Validation.check(s);
        return s;
    }

    /** The top-level objective: cost, latency or throughput; the kind's default when left out. */
    private static Objective objective(Node top, WorkloadKind kind) {
        JsonNode raw = top.raw(OBJECTIVE.name());
        if (raw == null || raw.isNull()) {
            return Objective.defaultFor(kind);
        }
        if (!raw.isTextual()) {
            throw new InputError("objective", "must be one of " + Objective.ALLOWED + ", got " + raw);
        }
        if (kind == WorkloadKind.RL) {
            // said, not ignored: the RL loop has no objective phase to rank by it
            throw new InputError("objective", "is not read for kind rl: its design loop stops at the first design "
                    + "that meets every requirement (memory, the deadline, the budget), and no search ranks RL "
                    + "designs; leave it out (objective applies to kind inference and training)");
        }
        try {
            return Objective.parse(raw.asText());
        } catch (IllegalArgumentException e) {
            throw new InputError("objective", e.getMessage());
        }
    }

    private ModelArchitecture model(Node top, Path baseDir) {
        JsonNode m = top.raw(MODEL.name());
        if (m == null || m.isNull()) {
            throw new InputError("model", "is required: a catalog id (see ./advisor catalog models), a path to a "
                    + "Hugging Face config.json, or an inline mapping of config.json keys");
        }
        if (m.isObject()) {
            String id = m.has("id") ? m.get("id").asText() : "inline";
            try {
                return HfConfigImporter.fromJson(m.toString(), id);
            } catch (IllegalArgumentException e) {
                throw new InputError("model", e.getMessage());
            }
        }
        String ref = m.asText().trim();
        if (catalogs.findModel(ref).isPresent()) {
            return catalogs.findModel(ref).get();
        }
        Path p = Path.of(ref);
        if (!p.isAbsolute() && baseDir != null) {
            p = baseDir.resolve(p);
        }
        if (ref.endsWith(".json") || Files.exists(p)) {
            if (!Files.isRegularFile(p)) {
                throw new InputError("model", "no such config.json: '" + p + "'");
            }
            try {
                return HfConfigImporter.fromConfigJson(p);
            } catch (IllegalArgumentException e) {
                throw new InputError("model", e.getMessage());
            }
        }
        throw new InputError("model", "unknown model '" + ref + "'; known: " + String.join(", ",
                catalogs.models().stream().map(ModelArchitecture::id).toList()) + "; give a Hugging Face "
                + "config.json path, or add the model in a models.yaml of a folder given with --catalog DIR "
                + "(docs/catalog.md)");
    }

    private Gpu gpu(Node hw) {
        String id = hw.requiredString(GPU.name());
        Gpu gpu = catalogs.findGpu(id).orElseThrow(() -> new InputError("hardware.gpu", "unknown gpu '" + id
                + "'; known: " + String.join(", ", catalogs.gpus().stream().map(Gpu::id).toList())
                + "; add one in a gpus.yaml of a folder given with --catalog DIR (docs/catalog.md, "
                + "examples/catalog/gpus.yaml)"));
        if (hw.has(USD_PER_GPU_HOUR.name())) {
            gpu = gpu.withPrice(hw.number(USD_PER_GPU_HOUR, gpu.usdPerGpuHour()),
                    "set in the scenario");
        }
        if (hw.has(HOST_LINK_GB_PER_S.name())) {
            // 0 states no link: a colocated RL learner's state then stays in HBM beside the rollout engine
            gpu = gpu.withHostLink(hw.number(HOST_LINK_GB_PER_S, gpu.hostLinkBytesPerS() / 1e9) * 1e9);
        }
        return gpu;
    }

    /** The largest context a request may have, tokens (the documented range of workload.context_tokens). */
    static final int MAX_CONTEXT_TOKENS = 100_000_000;

    /** The most clients a closed loop may have (workload.concurrency). */
    static final int MAX_CONCURRENCY = 100_000;

    /** The most distinct prompts a closed loop's dataset may have (workload.distinct_prompts). */
    static final int MAX_DISTINCT_PROMPTS = 10_000_000;

    /** The most requests a closed-loop benchmark may count (workload.benchmark_requests, warmup_requests). */
    static final int MAX_BENCHMARK_REQUESTS = 1_000_000_000;

    private static InferenceWorkload inference(Node w, ModelArchitecture model) {
        boolean embedding = w.bool(EMBEDDING_ONLY);
        int prompt = w.integer(PROMPT_TOKENS);
        // the schema's range starts at 0 for embedding-only work; every other request generates a token at least
        int output = w.integer(OUTPUT_TOKENS.name(), embedding ? 0 : 256, embedding ? 0 : 1,
                OUTPUT_TOKENS.maximum().intValue());
        int retrieved = w.integer(RETRIEVED_TOKENS);
        int history = w.integer(HISTORY_TOKENS_PER_TURN);
        int turns = w.integer(TURNS);
        // sizes that multiply are added in long: history x turns alone can pass 2^31
        long effective = (long) prompt + retrieved + (long) history * (turns - 1);
        if (effective + output > MAX_CONTEXT_TOKENS) {
            String field = history > 0 && turns > 1 ? "workload.history_tokens_per_turn" : "workload.prompt_tokens";
            throw new InputError(field, "a request of " + (effective + output) + " tokens (prompt " + prompt
                    + " + retrieved " + retrieved
                            + " + history " + history + " x " + (turns - 1) + " earlier turns + output " + output
                            + ") is past the largest context this tool sizes, " + MAX_CONTEXT_TOKENS + " tokens");
        }
        int effectivePrompt = (int) effective;
        int context = w.integer(CONTEXT_TOKENS, effectivePrompt + output);
        if (context > model.maxContext() && model.maxContext() > 0) {
            throw new InputError(w.has(CONTEXT_TOKENS.name()) ? "workload.context_tokens" : "workload.prompt_tokens",
                    "a request of " + context + " tokens (prompt + retrieved + history + output) exceeds "
                            + model.id() + "'s context window of " + model.maxContext() + " tokens");
        }
        int shared = w.integer(SHARED_PREFIX_TOKENS, 0, effectivePrompt);
        int prefixes = w.integer(DISTINCT_PREFIXES);
        double rate = w.number(REQUESTS_PER_S);
        double retrievalMs = w.number(RETRIEVAL_MS);
        int calls = w.integer(TOOL_CALLS_PER_TASK);
        double peak = w.number(PEAK_TO_MEAN_RATIO);
        long offline = (long) w.number(OFFLINE_REQUESTS);
        int clients = w.integer(CONCURRENCY);
        int distinct = w.integer(DISTINCT_PROMPTS);
        if (distinct > 0 && clients == 0) {
            throw new InputError("workload.distinct_prompts", "is the dataset a closed-loop benchmark cycles through; "
                    + "it needs workload.concurrency");
        }
        int measured = w.integer(BENCHMARK_REQUESTS, 0);
        int warmup = w.integer(WARMUP_REQUESTS);
        for (String key : List.of(BENCHMARK_REQUESTS.name(), WARMUP_REQUESTS.name())) {
            if (w.has(key) && clients == 0) {
                throw new InputError("workload." + key, "counts a closed-loop benchmark's requests; it needs "
                        + "workload.concurrency");
            }
        }
        if (w.has(BENCHMARK_REQUESTS.name()) && measured < clients) {
            throw new InputError("workload.benchmark_requests", "must be at least workload.concurrency (" + clients
                    + "): every client sends a request, got " + measured);
        }
        if (clients > 0) {
            if (w.has(REQUESTS_PER_S.name())) {
                throw new InputError("workload.concurrency", "a closed loop of clients sets its own request rate: "
                        + "give workload.concurrency or workload.requests_per_s, not both");
            }
            if (offline > 0) {
                throw new InputError("workload.concurrency", "an offline batch (workload.offline_requests) has no "
                        + "clients: give workload.concurrency or workload.offline_requests, not both");
            }
            if (embedding) {
                throw new InputError("workload.concurrency", "a closed loop needs output tokens; embedding-only work "
                        + "is sized by workload.requests_per_s or workload.offline_requests");
            }
            if (peak > 1) {
                throw new InputError("workload.peak_to_mean_ratio", "a closed loop of clients has no diurnal peak; "
                        + "leave workload.peak_to_mean_ratio at 1 with workload.concurrency");
            }
        }
        return new InferenceWorkload(effectivePrompt, output,
                clients > 0 || offline > 0 && !w.has(REQUESTS_PER_S.name()) ? 0 : rate,
                context, shared, history, turns, retrieved, retrievalMs, calls, peak, offline, embedding, clients,
                distinct, measured, warmup, prefixes);
    }

    /** Most stages a batch-size ramp may have. */
    static final int MAX_BATCH_STAGES = 16;

    private static TrainingWorkload training(Node w) {
        double tokens = w.number(TOKENS);
        int seq = w.integer(SEQ_LEN);
        double batch = w.number(GLOBAL_BATCH_TOKENS);
        if (batch < seq) {
            throw new InputError("workload.global_batch_tokens", "must be at least seq_len (" + seq
                    + " tokens), got " + Numbers.plain(batch));
        }
        double failures = w.number(FAILURES_PER_GPU_HOUR);
        double ckpt = w.number(CHECKPOINT_GB_PER_S) * 1e9;
        double crit = w.number(CRITICAL_BATCH_TOKENS);
        // a batch-size ramp: stages of smaller batches before the global batch, each larger than the last
        List<TrainingWorkload.BatchStage> stages = new ArrayList<>();
        double rampTokens = 0;
        double previous = 0;
        for (Node st : w.mappings(BATCH_STAGES.name(), MAX_BATCH_STAGES)) {
            double b = st.number(STAGE_GLOBAL_BATCH_TOKENS, 0);
            double t = st.number(STAGE_TOKENS, 0);
            st.rejectUnknown(BATCH_STAGE, WorkloadKind.TRAINING);
            if (!st.has(STAGE_GLOBAL_BATCH_TOKENS.name()) || !st.has(STAGE_TOKENS.name())) {
                throw new InputError(st.field(st.has(STAGE_TOKENS.name()) ? STAGE_GLOBAL_BATCH_TOKENS.name()
                        : STAGE_TOKENS.name()),
                        "is required: each stage of a batch ramp states its global batch and the tokens it trains");
            }
            if (b < seq || b >= batch || b <= previous) {
                throw new InputError(st.field("global_batch_tokens"), "must be at least seq_len (" + seq
                        + " tokens), above the stage before it and below workload.global_batch_tokens ("
                        + Numbers.plain(batch) + "): a ramp grows to the global batch; got " + Numbers.plain(b));
            }
            rampTokens += t;
            previous = b;
            stages.add(new TrainingWorkload.BatchStage(b, t));
        }
        if (rampTokens >= tokens) {
            throw new InputError(BATCH_STAGES.path(), "the stages train " + Numbers.plain(rampTokens)
                    + " tokens; they must leave some of workload.tokens (" + Numbers.plain(tokens)
                    + ") to the global batch");
        }
        return new TrainingWorkload(tokens, seq, batch, failures, ckpt, crit, stages, dataFeed(w));
    }

    /** The data loader of a pretraining workload (lesson 08): its format, workers, tokenizer, storage and packing. */
    private static io.ridgeline.facts.DataFeed dataFeed(Node w) {
        String format = w.string(DATA_FORMAT).toLowerCase(Locale.ROOT);
        if (!io.ridgeline.facts.DataFeed.FORMATS.contains(format)) {
            throw new InputError(DATA_FORMAT.path(), "must be one of "
                    + String.join(", ", io.ridgeline.facts.DataFeed.FORMATS) + ", got '" + format + "'");
        }
        return new io.ridgeline.facts.DataFeed(format, w.integer(LOADER_WORKERS_PER_GPU),
                w.integer(LOADER_CPU_CORES_PER_GPU), w.number(TOKENIZER_TOKENS_PER_S), w.number(TEXT_BYTES_PER_TOKEN),
                w.number(STORAGE_READ_GB_PER_S) * 1e9, w.number(MEAN_DOCUMENT_TOKENS), w.bool(SEQUENCE_PACKING),
                w.bool(LOADER_RESUMABLE));
    }

    private static RlWorkload rl(Node w) {
        int prompts = w.integer(PROMPTS_PER_STEP);
        int samples = w.integer(SAMPLES_PER_PROMPT);
        int prompt = w.integer(RL_PROMPT_TOKENS);
        int maxGen = w.integer(MAX_GENERATION_TOKENS);
        int meanGen = w.integer(MEAN_GENERATION_TOKENS, Math.max(1, maxGen / 4), maxGen);
        double reward = w.number(REWARD_MS);
        int steps = w.integer(STEPS);
        double share = w.number(ACTOR_GPU_SHARE);
        boolean reference = w.bool(REFERENCE_MODEL);
        boolean oldLogprobs = w.bool(OLD_LOGPROB_PASS);
        return new RlWorkload(prompts, samples, prompt, meanGen, maxGen, reward, steps, share, reference,
                oldLogprobs);
    }

    private static Slo slo(Node n, WorkloadKind kind) {
        double p = 0.99;
        JsonNode raw = n.raw(PERCENTILE.name());
        if (raw != null && !raw.isNull()) {
            String t = raw.asText().trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("p")) {
                try {
                    p = Double.parseDouble(t.substring(1)) / 100.0;
                } catch (NumberFormatException e) {
                    throw new InputError("slo.percentile", "must be like p99 or 0.99, got '" + raw.asText() + "'");
                }
            } else {
                p = n.number(PERCENTILE.name(), 0.99, 0, 1);
                if (p > 1) {
                    p = p / 100.0;
                }
            }
            if (!(p >= 0.5 && p <= 0.9999 + 1e-12)) {
                throw new InputError("slo.percentile", "must be between p50 and p99.99 (0.5 to 0.9999), got "
                        + raw.asText());
            }
        }
        Slo slo = new Slo(p, n.number(TTFT_MS), n.number(TPOT_MS), n.number(E2E_MS),
                n.number(MIN_THROUGHPUT_TOKENS_PER_S), n.number(TASK_MS));
        n.rejectUnknown(SLO, kind);
        return slo;
    }

    private static Budget budget(Node n, WorkloadKind kind) {
        Budget b = new Budget(n.number(USD_PER_HOUR), n.integer(MAX_GPUS), n.number(TOTAL_USD),
                n.number(DEADLINE_DAYS));
        n.rejectUnknown(BUDGET, kind);
        return b;
    }

    private static Design design(Node n, ModelArchitecture model, Cluster cluster, WorkloadKind kind) {
        Design d = Design.defaults();
        int total = cluster.totalGpus();
        int tp = n.integer(TP, 1, total);
        int pp = n.integer(PP, 1, Math.max(1, model.layers()));
        // a training design without dp spreads data parallelism over every GPU the other axes leave
        int dp = n.integer(DP, 1, total);
        int ep = n.integer(EP, 1, total);
        int cp = n.integer(CP, 1, total);
        int replicas = n.integer(REPLICAS, 1, total);
        int zero = n.integer(ZERO_STAGE);
        NumericFormat weights = d.weights();
        NumericFormat activations = d.activations();
        NumericFormat kv = d.kvCache();
        String precision = n.string(PRECISION);
        if (precision != null) {
            NumericFormat f = format(n, PRECISION.name(), precision);
            weights = f;
            activations = f.weightOnly() || f == NumericFormat.FP4 ? NumericFormat.BF16 : f;
        }
        if (n.has(WEIGHTS.name())) {
            weights = format(n, WEIGHTS.name(), n.string(WEIGHTS));
        }
        if (n.has(ACTIVATIONS.name())) {
            activations = format(n, ACTIVATIONS.name(), n.string(ACTIVATIONS));
            if (activations.weightOnly()) {
                throw new InputError("design.activations", activations + " is a weight-only format; allowed: "
                        + "bf16, fp16, fp8, fp32");
            }
        }
        if (n.has(KV_CACHE.name())) {
            kv = format(n, KV_CACHE.name(), n.string(KV_CACHE));
        }
        int batch = n.integer(BATCH);
        int micro = n.integer(MICRO_BATCH);
        String recomputeMode = recomputeMode(n);
        boolean recompute = recomputeMode.equals("full");
        boolean sequenceParallel = n.bool(SEQUENCE_PARALLEL);
        boolean flashAttention = n.bool(FLASH_ATTENTION);
        int virtual = n.integer(VIRTUAL_STAGES);
        String schedule = n.string(PIPELINE_SCHEDULE).toLowerCase(Locale.ROOT);
        if (!Design.PIPELINE_SCHEDULES.contains(schedule)) {
            throw new InputError("design.pipeline_schedule", "must be one of "
                    + String.join(", ", Design.PIPELINE_SCHEDULES) + ", got '" + schedule + "'");
        }
        Set<Feature> features = EnumSet.noneOf(Feature.class);
        for (String f : n.strings(FEATURES.name())) {
            try {
                features.add(Feature.parse(f));
            } catch (IllegalArgumentException e) {
                throw new InputError("design.features", e.getMessage());
            }
        }
        Node spec = n.child(SPECULATIVE_SECTION);
        int k = spec.integer(DRAFT_TOKENS);
        double alpha = spec.number(ACCEPTANCE_RATE);
        spec.rejectUnknown(SPECULATIVE, kind);
        double prefillShare = n.number(PREFILL_SHARE);
        String placement = n.string(RL_PLACEMENT).toLowerCase(Locale.ROOT);
        if (!placement.equals("colocated") && !placement.equals("disaggregated")) {
            throw new InputError("design.rl_placement", "must be colocated or disaggregated, got '" + placement + "'");
        }
        int staleness = n.integer(MAX_STALENESS_STEPS);
        EngineScheduling scheduling = scheduling(n, features);
        n.rejectUnknown(DESIGN, kind);
        if (!n.has(DP.name()) && kind == WorkloadKind.TRAINING) {
            dp = Math.max(1, total / (tp * pp * cp));
        }
        return new Design(tp, pp, dp, ep, cp, replicas, zero, weights, activations, kv, batch, micro, recompute,
                features, k, alpha, prefillShare, placement, staleness, recomputeMode.equals("selective"),
                sequenceParallel, flashAttention, virtual, scheduling, schedule);
    }

    /**
     * The serving engine's step scheduling: design.step_tokens (the budget of a step), design.prefill_steps (chunked:
     * prompt chunks ride in decode steps, the chunked_prefill feature; whole: whole prompts ride in decode steps;
     * separate: a step that prefills pauses decoding), design.prefill_hold_steps and design.prefill_hold_tokens.
     */
    private static EngineScheduling scheduling(Node n, Set<Feature> features) {
        int stepTokens = n.integer(STEP_TOKENS, 0);
        String mode = n.string(PREFILL_STEPS);
        boolean whole = false;
        if (mode != null) {
            switch (mode.trim().toLowerCase(Locale.ROOT)) {
                case "chunked" -> features.add(Feature.CHUNKED_PREFILL);
                case "whole", "separate" -> {
                    if (features.contains(Feature.CHUNKED_PREFILL)) {
                        throw new InputError("design.prefill_steps", "'" + mode.trim() + "' contradicts the "
                                + "chunked_prefill feature in design.features; allowed with it: chunked");
                    }
                    whole = mode.trim().equalsIgnoreCase("whole");
                }
                default -> throw new InputError("design.prefill_steps", "must be chunked, whole or separate, got '"
                        + mode + "'");
            }
        }
        int holdSteps = n.integer(PREFILL_HOLD_STEPS);
        int holdTokens = n.integer(PREFILL_HOLD_TOKENS);
        String engine = n.string(ENGINE.name(), "").trim().toLowerCase(Locale.ROOT);
        if (!engine.isEmpty() && !EngineScheduling.ENGINES.contains(engine)) {
            throw new InputError("design.engine", "must be one of " + String.join(", ", EngineScheduling.ENGINES)
                    + " (or left out: costs fitted over every engine), got '" + n.string(ENGINE.name(), "") + "'");
        }
        return new EngineScheduling(n.has(STEP_TOKENS.name()) ? stepTokens : 0, whole, holdSteps, holdTokens, engine);
    }

    /** design.recompute: none, selective or full; true and false stand for full and none. */
    private static String recomputeMode(Node n) {
        if (!n.has(RECOMPUTE.name())) {
            n.string(RECOMPUTE);
            return "none";
        }
        String t = n.string(RECOMPUTE).trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "none", "false", "no", "off" -> "none";
            case "full", "true", "yes", "on" -> "full";
            case "selective" -> "selective";
            default -> throw new InputError("design.recompute", "must be none, selective or full (or true / false), "
                    + "got '" + t + "'");
        };
    }

    private static NumericFormat format(Node n, String key, String text) {
        try {
            return NumericFormat.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InputError(n.field(key), e.getMessage());
        }
    }

    private static EfficiencyFactors efficiency(Node n, EfficiencyFactors base, WorkloadKind kind) {
        if (!n.present()) {
            return base;
        }
        EfficiencyFactors e = new EfficiencyFactors(
                n.number(COMPUTE, base.compute()),
                n.number(HBM, base.hbm()),
                n.number(LINK, base.link()),
                n.number(SERVING_COMPUTE, base.servingCompute()),
                n.number(KV_HBM, base.kvHbm()),
                n.number(MOE_COMPUTE, base.moeCompute()),
                n.number(LAYER_OVERHEAD_US, base.layerOverheadUs()),
                n.number(MOE_LAYER_OVERHEAD_US, base.moeLayerOverheadUs()),
                n.number(PREFILL_EXPERT_OVERHEAD_US, base.prefillExpertOverheadUs()),
                n.number(COLLECTIVE_LATENCY_US, base.collectiveLatencyUs()),
                "set in the scenario where given; otherwise " + base.source(),
                n.number(ACTIVATION_PASSES, base.activationPasses()),
                n.number(COLLECTIVE_ROUND_US, base.collectiveRoundUs()),
                n.number(FP8_COMPUTE, base.fp8Compute()),
                n.number(WEIGHT_STREAM_EXPOSED, base.weightStreamExposed()));
        n.rejectUnknown(EFFICIENCY, kind);
        return e;
    }

    private Preferences preferences(Node n, WorkloadKind kind) {
        Preferences d = Preferences.defaults();
        Set<NumericFormat> formats = new LinkedHashSet<>();
        List<String> accepted = n.strings(ACCEPTED_FORMATS.name());
        if (accepted.isEmpty()) {
            formats.addAll(d.acceptedFormats());
        }
        for (String f : accepted) {
            formats.add(format(n, ACCEPTED_FORMATS.name(), f));
        }
        String draft = n.string(DRAFT_MODEL);
        if (draft != null && catalogs.findModel(draft).isEmpty()) {
            throw new InputError("preferences.draft_model", "unknown model '" + draft + "'");
        }
        List<String> smaller = n.strings(SMALLER_MODELS.name());
        for (int i = 0; i < smaller.size(); i++) {
            if (catalogs.findModel(smaller.get(i)).isEmpty()) {
                throw new InputError("preferences.smaller_models[" + i + "]", "unknown model '" + smaller.get(i)
                        + "'");
            }
        }
        List<String> gpus = n.strings(ALTERNATIVE_GPUS.name());
        for (int i = 0; i < gpus.size(); i++) {
            if (catalogs.findGpu(gpus.get(i)).isEmpty()) {
                throw new InputError("preferences.alternative_gpus[" + i + "]", "unknown gpu '" + gpus.get(i)
                        + "'");
            }
        }
        boolean multiNode = n.bool(ALLOW_MULTI_NODE);
        n.rejectUnknown(PREFERENCES, kind);
        return new Preferences(formats, draft, draft == null ? null : catalogs.model(draft), smaller, gpus,
                multiNode);
    }
}
