package io.ridgeline.engine.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.catalog.HfConfigImporter;
import io.ridgeline.facts.Budget;
import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EngineScheduling;
import io.ridgeline.facts.EfficiencyFactors;
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
    private static final double MAX_TOKENS = 1e16;

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
        String name = top.string("name", fallbackName);
        top.string("description", "");
        top.string("expect", "");
        top.raw("expected");
        WorkloadKind kind;
        try {
            kind = WorkloadKind.parse(top.string("kind", "inference"));
        } catch (IllegalArgumentException e) {
            throw new InputError("kind", e.getMessage());
        }
        ModelArchitecture model = model(top, baseDir);
        Node hw = top.child("hardware");
        if (!hw.present()) {
            throw new InputError("hardware", "is required (gpu, gpus_per_node, nodes)");
        }
        Gpu gpu = gpu(hw);
        int gpusPerNode = hw.integer("gpus_per_node", Math.min(8, gpu.maxGpusPerNode()), 1, gpu.maxGpusPerNode());
        int nodes = hw.integer("nodes", 1, 1, 1_000_000);
        double scaleUp = hw.number("scale_up_gb_per_s", gpu.scaleUpBytesPerS() / 1e9, 0, 1e6) * 1e9;
        double scaleOut = hw.positive("scale_out_gb_per_s", gpu.scaleOutBytesPerS() / 1e9, 1e6) * 1e9;
        hw.rejectUnknown("gpu, gpus_per_node, nodes, usd_per_gpu_hour, scale_up_gb_per_s, scale_out_gb_per_s, "
                + "host_link_gb_per_s");
        Cluster cluster = new Cluster(gpu, gpusPerNode, nodes, scaleUp, scaleOut);

        Node w = top.child("workload");
        InferenceWorkload inference = null;
        TrainingWorkload training = null;
        RlWorkload rl = null;
        switch (kind) {
            case INFERENCE -> inference = inference(w, model);
            case TRAINING -> training = training(w);
            case RL -> rl = rl(w);
            default -> throw new IllegalStateException("unreachable");
        }
        w.rejectUnknown(null);
        Slo slo = slo(top.child("slo"));
        Budget budget = budget(top.child("budget"));
        Design design = design(top.child("design"), model, cluster, kind);
        EfficiencyFactors eff = efficiency(top.child("efficiency"),
                catalogs.efficiency(gpu, design.scheduling().engine()));
        Preferences prefs = preferences(top.child("preferences"));
        Objective objective = objective(top, kind);
        top.rejectUnknown("name, description, kind, model, hardware, workload, slo, budget, design, efficiency, "
                + "preferences, objective");
        Scenario s = new Scenario(name, kind, model, cluster, inference, training, rl, slo, budget, design, eff,
                prefs, objective);
        Validation.check(s);
        return s;
    }

    /** The top-level objective: cost, latency or throughput; the kind's default when left out. */
    private static Objective objective(Node top, WorkloadKind kind) {
        JsonNode raw = top.raw("objective");
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
        JsonNode m = top.raw("model");
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
        String id = hw.requiredString("gpu");
        Gpu gpu = catalogs.findGpu(id).orElseThrow(() -> new InputError("hardware.gpu", "unknown gpu '" + id
                + "'; known: " + String.join(", ", catalogs.gpus().stream().map(Gpu::id).toList())
                + "; add one in a gpus.yaml of a folder given with --catalog DIR (docs/catalog.md, "
                + "examples/catalog/gpus.yaml)"));
        if (hw.has("usd_per_gpu_hour")) {
            gpu = gpu.withPrice(hw.positive("usd_per_gpu_hour", gpu.usdPerGpuHour(), 1e4),
                    "set in the scenario");
        }
        if (hw.has("host_link_gb_per_s")) {
            // 0 states no link: a colocated RL learner's state then stays in HBM beside the rollout engine
            gpu = gpu.withHostLink(hw.number("host_link_gb_per_s", gpu.hostLinkBytesPerS() / 1e9, 0, 10_000) * 1e9);
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
        boolean embedding = w.bool("embedding_only", false);
        int prompt = w.integer("prompt_tokens", 1024, 1, 100_000_000);
        int output = w.integer("output_tokens", embedding ? 0 : 256, embedding ? 0 : 1, 100_000_000);
        int retrieved = w.integer("retrieved_tokens", 0, 0, 100_000_000);
        int history = w.integer("history_tokens_per_turn", 0, 0, 100_000_000);
        int turns = w.integer("turns", 1, 1, 100_000);
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
        int context = w.integer("context_tokens", effectivePrompt + output, 1, MAX_CONTEXT_TOKENS);
        if (context > model.maxContext() && model.maxContext() > 0) {
            throw new InputError(w.has("context_tokens") ? "workload.context_tokens" : "workload.prompt_tokens",
                    "a request of " + context + " tokens (prompt + retrieved + history + output) exceeds "
                            + model.id() + "'s context window of " + model.maxContext() + " tokens");
        }
        int shared = w.integer("shared_prefix_tokens", 0, 0, effectivePrompt);
        double rate = w.number("requests_per_s", 1.0, 0, 1e9);
        double retrievalMs = w.number("retrieval_ms", 0, 0, 1e7);
        int calls = w.integer("tool_calls_per_task", 1, 1, 10_000);
        double peak = w.number("peak_to_mean_ratio", 1.0, 1.0, 1000);
        long offline = (long) w.number("offline_requests", 0, 0, 1e15);
        int clients = w.integer("concurrency", 0, 0, MAX_CONCURRENCY);
        int distinct = w.integer("distinct_prompts", 0, 0, MAX_DISTINCT_PROMPTS);
        if (distinct > 0 && clients == 0) {
            throw new InputError("workload.distinct_prompts", "is the dataset a closed-loop benchmark cycles through; "
                    + "it needs workload.concurrency");
        }
        int measured = w.integer("benchmark_requests", 0, 1, MAX_BENCHMARK_REQUESTS);
        int warmup = w.integer("warmup_requests", 0, 0, MAX_BENCHMARK_REQUESTS);
        for (String key : List.of("benchmark_requests", "warmup_requests")) {
            if (w.has(key) && clients == 0) {
                throw new InputError("workload." + key, "counts a closed-loop benchmark's requests; it needs "
                        + "workload.concurrency");
            }
        }
        if (w.has("benchmark_requests") && measured < clients) {
            throw new InputError("workload.benchmark_requests", "must be at least workload.concurrency (" + clients
                    + "): every client sends a request, got " + measured);
        }
        if (clients > 0) {
            if (w.has("requests_per_s")) {
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
                clients > 0 || offline > 0 && !w.has("requests_per_s") ? 0 : rate,
                context, shared, history, turns, retrieved, retrievalMs, calls, peak, offline, embedding, clients,
                distinct, measured, warmup);
    }

    /** Most stages a batch-size ramp may have. */
    static final int MAX_BATCH_STAGES = 16;

    private static TrainingWorkload training(Node w) {
        double tokens = w.positive("tokens", 1e12, MAX_TOKENS);
        int seq = w.integer("seq_len", 4096, 1, 100_000_000);
        double batch = w.positive("global_batch_tokens", 4_194_304, 1e12);
        if (batch < seq) {
            throw new InputError("workload.global_batch_tokens", "must be at least seq_len (" + seq
                    + " tokens), got " + Node.fmt(batch));
        }
        double failures = w.number("failures_per_gpu_hour", 0, 0, 1);
        double ckpt = w.number("checkpoint_gb_per_s", 0, 0, 1e6) * 1e9;
        double crit = w.number("critical_batch_tokens", 0, 0, 1e12);
        // a batch-size ramp: stages of smaller batches before the global batch, each larger than the last
        List<TrainingWorkload.BatchStage> stages = new ArrayList<>();
        double rampTokens = 0;
        double previous = 0;
        for (Node st : w.mappings("batch_stages", MAX_BATCH_STAGES)) {
            double b = st.positive("global_batch_tokens", 0, 1e12);
            double t = st.positive("tokens", 0, MAX_TOKENS);
            st.rejectUnknown("global_batch_tokens, tokens");
            if (!st.has("global_batch_tokens") || !st.has("tokens")) {
                throw new InputError(st.field(st.has("tokens") ? "global_batch_tokens" : "tokens"),
                        "is required: each stage of a batch ramp states its global batch and the tokens it trains");
            }
            if (b < seq || b >= batch || b <= previous) {
                throw new InputError(st.field("global_batch_tokens"), "must be at least seq_len (" + seq
                        + " tokens), above the stage before it and below workload.global_batch_tokens ("
                        + Node.fmt(batch) + "): a ramp grows to the global batch; got " + Node.fmt(b));
            }
            rampTokens += t;
            previous = b;
            stages.add(new TrainingWorkload.BatchStage(b, t));
        }
        if (rampTokens >= tokens) {
            throw new InputError("workload.batch_stages", "the stages train " + Node.fmt(rampTokens)
                    + " tokens; they must leave some of workload.tokens (" + Node.fmt(tokens)
                    + ") to the global batch");
        }
        return new TrainingWorkload(tokens, seq, batch, failures, ckpt, crit, stages);
    }

    private static RlWorkload rl(Node w) {
        int prompts = w.integer("prompts_per_step", 256, 1, 10_000_000);
        int samples = w.integer("samples_per_prompt", 8, 1, 10_000);
        int prompt = w.integer("prompt_tokens", 512, 1, 10_000_000);
        int maxGen = w.integer("max_generation_tokens", 8192, 1, 10_000_000);
        int meanGen = w.integer("mean_generation_tokens", Math.max(1, maxGen / 4), 1, maxGen);
        double reward = w.number("reward_ms", 50, 0, 1e8);
        int steps = w.integer("steps", 1000, 1, 100_000_000);
        double share = w.number("actor_gpu_share", 0.5, 0.01, 0.99);
        boolean reference = w.bool("reference_model", true);
        boolean oldLogprobs = w.bool("old_logprob_pass", true);
        return new RlWorkload(prompts, samples, prompt, meanGen, maxGen, reward, steps, share, reference,
                oldLogprobs);
    }

    private static Slo slo(Node n) {
        double p = 0.99;
        JsonNode raw = n.raw("percentile");
        if (raw != null && !raw.isNull()) {
            String t = raw.asText().trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("p")) {
                try {
                    p = Double.parseDouble(t.substring(1)) / 100.0;
                } catch (NumberFormatException e) {
                    throw new InputError("slo.percentile", "must be like p99 or 0.99, got '" + raw.asText() + "'");
                }
            } else {
                p = n.number("percentile", 0.99, 0, 1);
                if (p > 1) {
                    p = p / 100.0;
                }
            }
            if (!(p >= 0.5 && p <= 0.9999 + 1e-12)) {
                throw new InputError("slo.percentile", "must be between p50 and p99.99 (0.5 to 0.9999), got "
                        + raw.asText());
            }
        }
        Slo slo = new Slo(p, n.number("ttft_ms", 0, 0, 1e9), n.number("tpot_ms", 0, 0, 1e9),
                n.number("e2e_ms", 0, 0, 1e10), n.number("min_throughput_tokens_per_s", 0, 0, 1e12),
                n.number("task_ms", 0, 0, 1e10));
        n.rejectUnknown("percentile, ttft_ms, tpot_ms, e2e_ms, task_ms, min_throughput_tokens_per_s");
        return slo;
    }

    private static Budget budget(Node n) {
        Budget b = new Budget(n.number("usd_per_hour", 0, 0, 1e9), n.integer("max_gpus", 0, 0, 10_000_000),
                n.number("total_usd", 0, 0, 1e13), n.number("deadline_days", 0, 0, 1e5));
        n.rejectUnknown("usd_per_hour, max_gpus, total_usd, deadline_days");
        return b;
    }

    private static Design design(Node n, ModelArchitecture model, Cluster cluster, WorkloadKind kind) {
        Design d = Design.defaults();
        int total = cluster.totalGpus();
        int tp = n.integer("tp", 1, 1, total);
        int pp = n.integer("pp", 1, 1, Math.max(1, model.layers()));
        // a training design without dp spreads data parallelism over every GPU the other axes leave
        int dp = n.integer("dp", 1, 1, total);
        int ep = n.integer("ep", 1, 1, total);
        int cp = n.integer("cp", 1, 1, total);
        int replicas = n.integer("replicas", 1, 1, total);
        int zero = n.integer("zero_stage", 0, 0, 3);
        NumericFormat weights = d.weights();
        NumericFormat activations = d.activations();
        NumericFormat kv = d.kvCache();
        String precision = n.string("precision", null);
        if (precision != null) {
            NumericFormat f = format(n, "precision", precision);
            weights = f;
            activations = f.weightOnly() || f == NumericFormat.FP4 ? NumericFormat.BF16 : f;
        }
        if (n.has("weights")) {
            weights = format(n, "weights", n.string("weights", null));
        }
        if (n.has("activations")) {
            activations = format(n, "activations", n.string("activations", null));
            if (activations.weightOnly()) {
                throw new InputError("design.activations", activations + " is a weight-only format; allowed: "
                        + "bf16, fp16, fp8, fp32");
            }
        }
        if (n.has("kv_cache")) {
            kv = format(n, "kv_cache", n.string("kv_cache", null));
        }
        int batch = n.integer("batch", 0, 0, 10_000_000);
        int micro = n.integer("micro_batch", 1, 1, 1_000_000);
        String recomputeMode = recomputeMode(n);
        boolean recompute = recomputeMode.equals("full");
        boolean sequenceParallel = n.bool("sequence_parallel", true);
        boolean flashAttention = n.bool("flash_attention", true);
        int virtual = n.integer("virtual_stages", 1, 1, 1024);
        String schedule = n.string("pipeline_schedule", "1f1b").toLowerCase(Locale.ROOT);
        if (!Design.PIPELINE_SCHEDULES.contains(schedule)) {
            throw new InputError("design.pipeline_schedule", "must be one of "
                    + String.join(", ", Design.PIPELINE_SCHEDULES) + ", got '" + schedule + "'");
        }
        Set<Feature> features = EnumSet.noneOf(Feature.class);
        for (String f : n.strings("features")) {
            try {
                features.add(Feature.parse(f));
            } catch (IllegalArgumentException e) {
                throw new InputError("design.features", e.getMessage());
            }
        }
        Node spec = n.child("speculative");
        int k = spec.integer("draft_tokens", d.specDraftTokens(), 1, 64);
        double alpha = spec.number("acceptance_rate", d.specAcceptanceRate(), 0.01, 0.99);
        spec.rejectUnknown("draft_tokens, acceptance_rate");
        double prefillShare = n.number("prefill_share", 0, 0, 0.95);
        String placement = n.string("rl_placement", d.rlPlacement()).toLowerCase(Locale.ROOT);
        if (!placement.equals("colocated") && !placement.equals("disaggregated")) {
            throw new InputError("design.rl_placement", "must be colocated or disaggregated, got '" + placement + "'");
        }
        int staleness = n.integer("max_staleness_steps", 0, 0, 1000);
        EngineScheduling scheduling = scheduling(n, features);
        n.rejectUnknown("tp, pp, dp, ep, cp, replicas, zero_stage, precision, weights, activations, kv_cache, batch, "
                + "micro_batch, recompute, sequence_parallel, flash_attention, virtual_stages, pipeline_schedule, features, "
                + "speculative, "
                + "prefill_share, step_tokens, prefill_steps, prefill_hold_steps, prefill_hold_tokens, engine, "
                + "rl_placement, max_staleness_steps");
        if (!n.has("dp") && kind == WorkloadKind.TRAINING) {
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
        int stepTokens = n.integer("step_tokens", 0, 256, 1_048_576);
        String mode = n.string("prefill_steps", null);
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
        int holdSteps = n.integer("prefill_hold_steps", 0, 0, 10_000);
        int holdTokens = n.integer("prefill_hold_tokens", 0, 0, 10_000_000);
        String engine = n.string("engine", "").trim().toLowerCase(Locale.ROOT);
        if (!engine.isEmpty() && !EngineScheduling.ENGINES.contains(engine)) {
            throw new InputError("design.engine", "must be one of " + String.join(", ", EngineScheduling.ENGINES)
                    + " (or left out: costs fitted over every engine), got '" + n.string("engine", "") + "'");
        }
        return new EngineScheduling(n.has("step_tokens") ? stepTokens : 0, whole, holdSteps, holdTokens, engine);
    }

    /** design.recompute: none, selective or full; true and false stand for full and none. */
    private static String recomputeMode(Node n) {
        if (!n.has("recompute")) {
            return "none";
        }
        String t = n.string("recompute", "none").trim().toLowerCase(Locale.ROOT);
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

    private static EfficiencyFactors efficiency(Node n, EfficiencyFactors base) {
        if (!n.present()) {
            return base;
        }
        EfficiencyFactors e = new EfficiencyFactors(
                n.number("compute", base.compute(), 0.01, 1.0),
                n.number("hbm", base.hbm(), 0.01, 1.0),
                n.number("link", base.link(), 0.01, 1.0),
                n.number("serving_compute", base.servingCompute(), 0.01, 1.0),
                n.number("kv_hbm", base.kvHbm(), 0.01, 1.0),
                n.number("moe_compute", base.moeCompute(), 0.01, 1.0),
                n.number("layer_overhead_us", base.layerOverheadUs(), 0.0, 1000.0),
                n.number("moe_layer_overhead_us", base.moeLayerOverheadUs(), 0.0, 1000.0),
                n.number("prefill_expert_overhead_us", base.prefillExpertOverheadUs(), 0.0, 1000.0),
                n.number("collective_latency_us", base.collectiveLatencyUs(), 0.1, 1000.0),
                "set in the scenario where given; otherwise " + base.source(),
                n.number("activation_passes", base.activationPasses(), 0.0, 100.0),
                n.number("collective_round_us", base.collectiveRoundUs(), 0.0, 1000.0),
                n.number("fp8_compute", base.fp8Compute(), 0.01, 1.0),
                n.number("weight_stream_exposed", base.weightStreamExposed(), 0.0, 1.0));
        n.rejectUnknown("compute, hbm, link, serving_compute, kv_hbm, moe_compute, layer_overhead_us, "
                + "moe_layer_overhead_us, prefill_expert_overhead_us, collective_latency_us, collective_round_us, "
                + "activation_passes, fp8_compute, weight_stream_exposed");
        return e;
    }

    private Preferences preferences(Node n) {
        Preferences d = Preferences.defaults();
        Set<NumericFormat> formats = new LinkedHashSet<>();
        List<String> accepted = n.strings("accepted_formats");
        if (accepted.isEmpty()) {
            formats.addAll(d.acceptedFormats());
        }
        for (String f : accepted) {
            formats.add(format(n, "accepted_formats", f));
        }
        String draft = n.string("draft_model", null);
        if (draft != null && catalogs.findModel(draft).isEmpty()) {
            throw new InputError("preferences.draft_model", "unknown model '" + draft + "'");
        }
        List<String> smaller = n.strings("smaller_models");
        for (int i = 0; i < smaller.size(); i++) {
            if (catalogs.findModel(smaller.get(i)).isEmpty()) {
                throw new InputError("preferences.smaller_models[" + i + "]", "unknown model '" + smaller.get(i)
                        + "'");
            }
        }
        List<String> gpus = n.strings("alternative_gpus");
        for (int i = 0; i < gpus.size(); i++) {
            if (catalogs.findGpu(gpus.get(i)).isEmpty()) {
                throw new InputError("preferences.alternative_gpus[" + i + "]", "unknown gpu '" + gpus.get(i)
                        + "'");
            }
        }
        boolean multiNode = n.bool("allow_multi_node", true);
        n.rejectUnknown("accepted_formats, draft_model, smaller_models, alternative_gpus, allow_multi_node");
        return new Preferences(formats, draft, draft == null ? null : catalogs.model(draft), smaller, gpus,
                multiNode);
    }
}
