package io.ridgeline.engine.scenario;

import io.ridgeline.engine.text.Numbers;
import io.ridgeline.facts.DataFeed;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EngineScheduling;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Objective;
import io.ridgeline.facts.WorkloadKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one owner of the scenario format: every key a scenario may hold, with its section, type, default, allowed
 * range or values, the workload kinds it applies to and what it means. {@link ScenarioLoader} reads every value
 * through these keys (their defaults and ranges are the ones enforced, and a key outside them is refused), and
 * docs/scenario.md's key tables, the JSON Schema ({@code ./advisor schema}, {@code GET /api/scenario/schema}), the
 * OpenAPI description and the web form's limits are all written from it.
 *
 * <p>Some defaults and bounds depend on other values (the GPU's scale-up domain, the model's layers, the prompt):
 * the key then states the widest static range, and {@code defaultText} or the meaning says what narrows it; the loader
 * applies the narrower one.
 */
public final class ScenarioSchema {

    /** The type of a key's value. */
    public enum Type {
        STRING, INTEGER, NUMBER, BOOLEAN,
        /** One of {@link Key#values()}. */
        CHOICE,
        /** One of {@link Key#values()}, or true or false, which stand for two of them (the meaning says which). */
        CHOICE_OR_BOOLEAN,
        /** A list of strings (or one comma-separated string); of {@link Key#values()} when they are given. */
        LIST,
        /** A mapping of its own keys (a section). */
        MAPPING,
        /** A list of mappings, each of the keys of the section named {@code path + "[]"}. */
        LIST_OF_MAPPINGS,
        /** A catalog id, a path to a Hugging Face config.json, or an inline mapping of config.json keys. */
        MODEL,
        /** A percentile: p99 style text, or a share (0.99). */
        PERCENTILE,
        /** Any value: kept for the scenario's author and not read. */
        ANY
    }

    /**
     * One key. {@code section} is the dotted path of the mapping that holds it ("" at the top); {@code kinds} are
     * the workload kinds whose scenario may give it; {@code defaultValue} is what the loader uses when it is left out
     * (null when the default is computed: {@code defaultText} then says how); {@code minimum} and {@code maximum}
     * bound a number ({@code exclusiveMinimum}: greater than the minimum); {@code example} is a value valid on its own.
     */
    public record Key(String section, String name, Type type, Set<WorkloadKind> kinds, String meaning,
                      Object defaultValue, String defaultText, Double minimum, Double maximum,
                      boolean exclusiveMinimum, List<String> values, Object example, boolean required) {

        public String path() {
            return section.isEmpty() ? name : section + "." + name;
        }

        public boolean appliesTo(WorkloadKind kind) {
            return kinds.contains(kind);
        }

        /** The default as the docs write it. */
        public String defaultShown() {
            if (defaultText != null) {
                return defaultText;
            }
            if (defaultValue == null) {
                return required ? "required" : "none";
            }
            if (defaultValue instanceof List<?> l) {
                return l.isEmpty() ? "[]" : l.toString();
            }
            if (defaultValue instanceof Double d) {
                return Numbers.plain(d);
            }
            return defaultValue.toString();
        }

        /** The allowed values or range as the docs write it; empty when any value of the type is allowed. */
        public String rangeShown() {
            if (!values.isEmpty()) {
                return (type == Type.LIST ? "each of " : "") + String.join(", ", values);
            }
            if (minimum == null && maximum == null) {
                return "";
            }
            String low = minimum == null ? "" : (exclusiveMinimum ? "> " : "") + Numbers.plain(minimum);
            if (maximum == null) {
                return (exclusiveMinimum ? "" : ">= ") + low;
            }
            return (exclusiveMinimum ? "> " + Numbers.plain(minimum) + ", <= " : low + " to ") + Numbers.plain(maximum);
        }

        Key withKinds(Set<WorkloadKind> only) {
            return new Key(section, name, type, only, meaning, defaultValue, defaultText, minimum, maximum,
                    exclusiveMinimum, values, example, required);
        }

        Key computedDefault(String text) {
            return new Key(section, name, type, kinds, meaning, defaultValue, text, minimum, maximum,
                    exclusiveMinimum, values, example == null ? defaultValue : example, required);
        }

        Key withExample(Object value) {
            return new Key(section, name, type, kinds, meaning, defaultValue, defaultText, minimum, maximum,
                    exclusiveMinimum, values, value, required);
        }

        Key requiredKey() {
            return new Key(section, name, type, kinds, meaning, defaultValue, defaultText, minimum, maximum,
                    exclusiveMinimum, values, example, true);
        }
    }

    /** The sections, in the order the docs show them. */
    public static final String TOP = "";
    public static final String HARDWARE = "hardware";
    public static final String WORKLOAD = "workload";
    public static final String BATCH_STAGE = "workload.batch_stages[]";
    public static final String SLO = "slo";
    public static final String BUDGET = "budget";
    public static final String DESIGN = "design";
    public static final String SPECULATIVE = "design.speculative";
    public static final String EFFICIENCY = "efficiency";
    public static final String PREFERENCES = "preferences";

    private static final Set<WorkloadKind> ALL = EnumSet.of(WorkloadKind.INFERENCE, WorkloadKind.TRAINING,
            WorkloadKind.RL);
    private static final Set<WorkloadKind> INFERENCE = EnumSet.of(WorkloadKind.INFERENCE);
    private static final Set<WorkloadKind> TRAINING = EnumSet.of(WorkloadKind.TRAINING);
    private static final Set<WorkloadKind> RL = EnumSet.of(WorkloadKind.RL);

    private static final List<Key> KEYS = new ArrayList<>();

    private static Key add(Key k) {
        KEYS.add(k);
        return k;
    }

    private static Key integer(String section, String name, Integer fallback, long min, long max, String meaning) {
        return add(new Key(section, name, Type.INTEGER, ALL, meaning, fallback, null, (double) min, (double) max,
                false, List.of(), fallback, false));
    }

    private static Key number(String section, String name, Double fallback, double min, double max, String meaning) {
        return add(new Key(section, name, Type.NUMBER, ALL, meaning, fallback, null, min, max, false, List.of(),
                fallback, false));
    }

    /** A number greater than 0 and at most {@code max}. */
    private static Key positive(String section, String name, Double fallback, double max, String meaning) {
        return add(new Key(section, name, Type.NUMBER, ALL, meaning, fallback, null, 0.0, max, true, List.of(),
                fallback, false));
    }

    private static Key bool(String section, String name, boolean fallback, String meaning) {
        return add(new Key(section, name, Type.BOOLEAN, ALL, meaning, fallback, null, null, null, false, List.of(),
                fallback, false));
    }

    private static Key text(String section, String name, String fallback, String meaning) {
        return add(new Key(section, name, Type.STRING, ALL, meaning, fallback, null, null, null, false, List.of(),
                fallback, false));
    }

    private static Key choice(String section, String name, String fallback, List<String> values, String meaning) {
        return add(new Key(section, name, Type.CHOICE, ALL, meaning, fallback, null, null, null, false,
                List.copyOf(values), fallback == null ? values.get(0) : fallback, false));
    }

    private static Key choiceOrBoolean(String section, String name, String fallback, List<String> values,
                                       String meaning) {
        Key k = choice(section, name, fallback, values, meaning);
        return replace(k, new Key(section, name, Type.CHOICE_OR_BOOLEAN, k.kinds(), meaning, fallback, null, null,
                null, false, k.values(), k.example(), false));
    }

    private static Key list(String section, String name, List<String> values, Object example, String meaning) {
        return add(new Key(section, name, Type.LIST, ALL, meaning, List.of(), null, null, null, false,
                List.copyOf(values), example, false));
    }

    private static Key section(String section, String name, Type type, String meaning) {
        return add(new Key(section, name, type, ALL, meaning, null, null, null, null, false, List.of(), null,
                false));
    }

    /** Replaces a key just added (this very instance) with a changed copy, keeping its place. */
    private static Key replace(Key old, Key changed) {
        for (int i = KEYS.size() - 1; i >= 0; i--) {
            if (KEYS.get(i) == old) {
                KEYS.set(i, changed);
                return changed;
            }
        }
        throw new IllegalStateException("no key " + old.path() + " to replace");
    }

    private static Key inference(Key k) {
        return replace(k, k.withKinds(INFERENCE));
    }

    private static Key training(Key k) {
        return replace(k, k.withKinds(TRAINING));
    }

    private static Key rl(Key k) {
        return replace(k, k.withKinds(RL));
    }

    private static Key computed(Key k, String defaultText) {
        return replace(k, k.computedDefault(defaultText));
    }

    private static Key example(Key k, Object value) {
        return replace(k, k.withExample(value));
    }

    private static Key required(Key k) {
        return replace(k, k.requiredKey());
    }

    private static List<String> formats() {
        return Arrays.stream(NumericFormat.values()).map(NumericFormat::id).toList();
    }

    // ---- the top level

    public static final Key NAME = example(computed(text(TOP, "name", null, "the scenario's name, shown in "
            + "reports"), "the file's name"), "my-scenario");
    public static final Key DESCRIPTION = text(TOP, "description", "", "free text");
    public static final Key KIND = choice(TOP, "kind", "inference", List.of("inference", "training", "rl"),
            "what is designed: serving (inference), pretraining (training) or RL post-training (rl)");
    public static final Key OBJECTIVE = computed(choice(TOP, "objective", null, List.of(Objective.ALLOWED.split(", ")),
            "what ranks designs once every requirement holds (see Objective below); not read for kind rl, "
                    + "where giving it is an error"), "cost; pretraining: latency (the fewest days)");
    public static final Key MODEL = required(example(section(TOP, "model", Type.MODEL, "a catalog id (./advisor "
            + "catalog models), a path to a Hugging Face config.json (relative to the scenario's file), or an inline "
            + "mapping of config.json keys (with `id:`)"), "llama-3.1-8b"));
    public static final Key EXPECT = text(TOP, "expect", "", "free text for the scenario's author (what they "
            + "expect the advice to find); kept, not read");
    public static final Key EXPECTED = example(section(TOP, "expected", Type.ANY, "any value for the scenario's "
            + "author; kept, not read"), java.util.Map.of("wall", "hbm_bandwidth"));
    public static final Key HARDWARE_SECTION = required(section(TOP, HARDWARE, Type.MAPPING, "the cluster (below)"));
    public static final Key WORKLOAD_SECTION = section(TOP, WORKLOAD, Type.MAPPING, "the load, by kind (below)");
    public static final Key SLO_SECTION = section(TOP, SLO, Type.MAPPING, "the latency and throughput objectives");
    public static final Key BUDGET_SECTION = section(TOP, BUDGET, Type.MAPPING, "the spending and GPU limits");
    public static final Key DESIGN_SECTION = section(TOP, DESIGN, Type.MAPPING, "the design to evaluate or start "
            + "from; every key optional");
    public static final Key EFFICIENCY_SECTION = section(TOP, EFFICIENCY, Type.MAPPING, "overrides of the GPU "
            + "family's calibrated factors (docs/calibration.md)");
    public static final Key PREFERENCES_SECTION = section(TOP, PREFERENCES, Type.MAPPING, "what the advisor may "
            + "change and what the product accepts");

    // ---- hardware

    public static final Key GPU = required(example(text(HARDWARE, "gpu", null, "a catalog id (./advisor catalog gpus; "
            + "add one with --catalog DIR, docs/catalog.md)"), "h100-sxm"));
    public static final Key GPUS_PER_NODE = example(computed(integer(HARDWARE, "gpus_per_node", null, 1, 1_000_000,
            "GPUs in one scale-up domain (node); at most the GPU's largest"), "min(8, the GPU's largest)"), 8);
    public static final Key NODES = integer(HARDWARE, "nodes", 1, 1, 1_000_000, "nodes");
    public static final Key USD_PER_GPU_HOUR = example(computed(positive(HARDWARE, "usd_per_gpu_hour", null, 1e4,
            "price of one GPU for an hour, USD; overrides the catalog's assumed price"), "the catalog's"), 2.49);
    public static final Key SCALE_UP_GB_PER_S = example(computed(number(HARDWARE, "scale_up_gb_per_s", null, 0, 1e6,
            "scale-up (NVLink, xGMI) bandwidth per GPU per direction, GB/s (1e9 B/s); overrides the catalog"),
            "the catalog's"), 450.0);
    public static final Key SCALE_OUT_GB_PER_S = example(computed(positive(HARDWARE, "scale_out_gb_per_s", null,
            1e6, "scale-out (InfiniBand, Ethernet) bandwidth per GPU per direction, GB/s (1e9 B/s); overrides the "
                    + "catalog"), "the catalog's"), 50.0);
    public static final Key HOST_LINK_GB_PER_S = example(computed(number(HARDWARE, "host_link_gb_per_s", null, 0,
            10_000, "the link to host memory per GPU per direction, GB/s (1e9 B/s); overrides the catalog; 0: none, "
                    + "so a colocated RL learner's state stays in HBM during rollout"), "the catalog's"), 64.0);

    // ---- the inference workload

    public static final Key PROMPT_TOKENS = inference(integer(WORKLOAD, "prompt_tokens", 1024, 1, 100_000_000,
            "user prompt per request, tokens"));
    public static final Key OUTPUT_TOKENS = inference(computed(integer(WORKLOAD, "output_tokens", 256, 0,
            100_000_000, "generated tokens per request (0 only with `embedding_only`)"),
            "256; 0 with embedding_only"));
    public static final Key REQUESTS_PER_S = inference(computed(number(WORKLOAD, "requests_per_s", 1.0, 0, 1e9,
            "mean arrival rate, requests per second"), "1 (0 for an offline job or a closed loop)"));
    public static final Key CONCURRENCY = inference(integer(WORKLOAD, "concurrency", 0, 0, ScenarioLoader.MAX_CONCURRENCY,
            "clients of a closed loop: each sends its next request when the last one ends (`vllm bench serve "
                    + "--max-concurrency C --request-rate inf`, genai-perf, aiperf). Ridgeline runs that benchmark "
                    + "step by step on one replica (the clients split over the replicas) and reports its TTFT and "
                    + "TPOT at the percentile and its tokens/s; not with `requests_per_s`, `offline_requests` or "
                    + "`embedding_only`; 0: open arrivals"));
    public static final Key DISTINCT_PROMPTS = inference(integer(WORKLOAD, "distinct_prompts", 0, 0,
            ScenarioLoader.MAX_DISTINCT_PROMPTS, "with `concurrency`: the benchmark's dataset of N distinct prompts, "
                    + "request i sending entry i mod N (genai-perf and aiperf draw from 100 entries by default). With "
                    + "`prefix_caching` in the design, a prompt the engine has already prefilled, and still caches, "
                    + "prefills only its last partial block of 16 tokens; the pool stays cached while N prompts plus "
                    + "the running sequences' outputs fit in the replica's KV memory (a cyclic pool larger than that "
                    + "evicts each entry before its turn comes again and never hits); 0: every prompt new"));
    public static final Key BENCHMARK_REQUESTS = inference(example(computed(integer(WORKLOAD, "benchmark_requests",
            null, 1, ScenarioLoader.MAX_BENCHMARK_REQUESTS, "with `concurrency`: the requests the benchmark measures "
                    + "(`--num-prompts`, aiperf's `--request-count`), at least the clients; they split over the "
                    + "replicas as the clients do"), "10 per client"), 40));
    public static final Key WARMUP_REQUESTS = inference(integer(WORKLOAD, "warmup_requests", 0, 0,
            ScenarioLoader.MAX_BENCHMARK_REQUESTS, "with `concurrency`: requests sent first and left out of the "
                    + "figures (aiperf's `--warmup-request-count`); a warm-up's prompts fill a prompt pool's cache"));
    public static final Key CONTEXT_TOKENS = inference(example(computed(integer(WORKLOAD, "context_tokens", null, 1,
            ScenarioLoader.MAX_CONTEXT_TOKENS, "tokens in the KV cache per sequence at decode; at most the model's "
                    + "context window"), "effective prompt + output"), 2048));
    public static final Key SHARED_PREFIX_TOKENS = inference(integer(WORKLOAD, "shared_prefix_tokens", 0, 0,
            100_000_000, "prompt tokens common to many requests (system prompt, repository); at most the effective "
                    + "prompt"));
    public static final Key DISTINCT_PREFIXES = inference(integer(WORKLOAD, "distinct_prefixes", 1, 1, 1_000_000_000,
            "distinct shared prefixes in rotation (system prompts, repositories, documents), each shared_prefix_tokens "
                    + "long and requested alike: a replica's prefix cache keeps what its KV budget holds and the rest "
                    + "miss (docs/mechanisms.md, prefix caching); 1: one prefix, hot on every replica"));
    public static final Key RETRIEVED_TOKENS = inference(integer(WORKLOAD, "retrieved_tokens", 0, 0, 100_000_000,
            "retrieved context added to the prompt (RAG), tokens"));
    public static final Key RETRIEVAL_MS = inference(number(WORKLOAD, "retrieval_ms", 0.0, 0, 1e7,
            "time spent retrieving before prefill, ms"));
    public static final Key HISTORY_TOKENS_PER_TURN = inference(integer(WORKLOAD, "history_tokens_per_turn", 0, 0,
            100_000_000, "tokens each conversation turn adds"));
    public static final Key TURNS = inference(integer(WORKLOAD, "turns", 1, 1, 100_000,
            "turns per conversation (the last turn is the one sized)"));
    public static final Key TOOL_CALLS_PER_TASK = inference(integer(WORKLOAD, "tool_calls_per_task", 1, 1, 10_000,
            "sequential model calls per agent task"));
    public static final Key PEAK_TO_MEAN_RATIO = inference(number(WORKLOAD, "peak_to_mean_ratio", 1.0, 1, 1000,
            "diurnal peak over the mean arrival rate"));
    public static final Key OFFLINE_REQUESTS = inference(number(WORKLOAD, "offline_requests", 0.0, 0, 1e15,
            "requests in an offline batch job"));
    public static final Key EMBEDDING_ONLY = inference(bool(WORKLOAD, "embedding_only", false,
            "prefill only (embeddings, classification)"));

    // ---- the pretraining workload

    public static final Key TOKENS = training(positive(WORKLOAD, "tokens", 1e12, 1e16, "training tokens D"));
    public static final Key SEQ_LEN = training(integer(WORKLOAD, "seq_len", 4096, 1, 100_000_000,
            "sequence length, tokens"));
    public static final Key GLOBAL_BATCH_TOKENS = training(positive(WORKLOAD, "global_batch_tokens", 4_194_304.0,
            1e12, "tokens per optimizer step; at least seq_len"));
    public static final Key FAILURES_PER_GPU_HOUR = training(computed(number(WORKLOAD, "failures_per_gpu_hour", 0.0,
            0, 1, "failure rate for the Young-Daly checkpoint interval, per GPU-hour"),
            "0: the estimator's documented default"));
    public static final Key CHECKPOINT_GB_PER_S = training(computed(number(WORKLOAD, "checkpoint_gb_per_s", 0.0, 0,
            1e6, "aggregate checkpoint write bandwidth, GB/s (1e9 B/s)"), "0: the estimator's documented default"));
    public static final Key CRITICAL_BATCH_TOKENS = training(computed(number(WORKLOAD, "critical_batch_tokens", 0.0,
            0, 1e12, "critical batch size, tokens"), "0: the global batch is the cap"));
    public static final Key DATA_FORMAT = training(choice(WORKLOAD, "data_format", "token_ids", DataFeed.FORMATS,
            "how the corpus is stored (lesson 08): token_ids, written once by an offline tokenization pass (Megatron-LM's "
                    + "indexed dataset; 2 B a token when the vocabulary fits in 65,536 ids, else 4 B), or text, which "
                    + "the loader's workers tokenize as they read it"));
    public static final Key LOADER_WORKERS_PER_GPU = training(integer(WORKLOAD, "loader_workers_per_gpu",
            DataFeed.DEFAULT_WORKERS_PER_GPU, 1, 1024, "data-loader worker processes per GPU (Megatron-LM's "
                    + "--num-workers, default 2); at most one runs per CPU core"));
    public static final Key LOADER_CPU_CORES_PER_GPU = training(integer(WORKLOAD, "loader_cpu_cores_per_gpu",
            DataFeed.DEFAULT_CPU_CORES_PER_GPU, 1, 1024, "host CPU cores per GPU the loader's workers may use (an "
                    + "NVIDIA DGX H100: 112 cores for 8 GPUs, 14)"));
    public static final Key TOKENIZER_TOKENS_PER_S = training(positive(WORKLOAD, "tokenizer_tokens_per_s",
            DataFeed.DEFAULT_TOKENIZER_TOKENS_PER_S, 1e10, "tokens one loader worker tokenizes per second on one core "
                    + "(data_format text); the default is measured, docs/calibration.md"));
    public static final Key TEXT_BYTES_PER_TOKEN = training(positive(WORKLOAD, "text_bytes_per_token",
            DataFeed.DEFAULT_TEXT_BYTES_PER_TOKEN, 1024, "bytes of stored text per token, B (data_format text); the "
                    + "default is measured on English text, docs/calibration.md"));
    public static final Key STORAGE_READ_GB_PER_S = training(computed(number(WORKLOAD, "storage_read_gb_per_s", 0.0, 0,
            1e6, "aggregate read bandwidth of the corpus's storage to the job, GB/s (1e9 B/s)"),
            "0: not stated, the read is not checked"));
    public static final Key MEAN_DOCUMENT_TOKENS = training(computed(number(WORKLOAD, "mean_document_tokens", 0.0, 0,
            1e12, "mean document length of the corpus, tokens: without packing each sequence holds one document "
                    + "and pads the rest"), "0: not stated, documents fill their sequences"));
    public static final Key SEQUENCE_PACKING = training(bool(WORKLOAD, "sequence_packing", true, "documents packed "
            + "end to end into every sequence (Megatron-LM's GPT dataset does); false puts one document in a sequence "
            + "and pads the rest"));
    public static final Key LOADER_RESUMABLE = training(bool(WORKLOAD, "loader_resumable", true, "the loader's position "
            + "is saved with every checkpoint (Megatron-LM saves the consumed samples), so a restart goes on where it "
            + "left off; false starts the data stream again at every restart, which must re-read or train again the "
            + "tokens already trained"));
    public static final Key BATCH_STAGES = training(example(add(new Key(WORKLOAD, "batch_stages",
            Type.LIST_OF_MAPPINGS, ALL, "a batch-size ramp: a list of at most " + ScenarioLoader.MAX_BATCH_STAGES
                    + " stages (keys below), each batch above the last and below `global_batch_tokens`, trained in "
                    + "order before the rest of `tokens` at the global batch (Llama 3 405B: 4M tokens for 252M "
                    + "tokens, then 8M for 2.87T; DeepSeek-V3 grew 3,072 to 15,360 sequences over its first 469B "
                    + "tokens). Each stage is billed at its batch: fewer micro-batches a pipeline, a larger bubble, "
                    + "more steps (a batch below one round of dp x micro-batch x seq_len trains at one round); "
                    + "`batch_ramp_days` is their share of `training_days`", List.of(), "none", null, null, false,
            List.of(), null, false)), List.of(Map.of("global_batch_tokens", 1_048_576, "tokens", 1e9))));
    public static final Key STAGE_GLOBAL_BATCH_TOKENS = required(training(example(positive(BATCH_STAGE,
            "global_batch_tokens", null, 1e12, "the stage's tokens per optimizer step: at least seq_len, above the "
                    + "stage before it"), 1_048_576)));
    public static final Key STAGE_TOKENS = required(training(example(positive(BATCH_STAGE, "tokens", null, 1e16,
            "the tokens the stage trains"), 1e9)));

    // ---- the RL workload

    public static final Key PROMPTS_PER_STEP = rl(integer(WORKLOAD, "prompts_per_step", 256, 1, 10_000_000,
            "prompts per optimizer step"));
    public static final Key SAMPLES_PER_PROMPT = rl(integer(WORKLOAD, "samples_per_prompt", 8, 1, 10_000,
            "rollouts per prompt (the GRPO group)"));
    public static final Key RL_PROMPT_TOKENS = rl(integer(WORKLOAD, "prompt_tokens", 512, 1, 10_000_000,
            "prompt length, tokens"));
    public static final Key MAX_GENERATION_TOKENS = rl(integer(WORKLOAD, "max_generation_tokens", 8192, 1,
            10_000_000, "the longest rollout a step waits for, tokens"));
    public static final Key MEAN_GENERATION_TOKENS = rl(example(computed(integer(WORKLOAD, "mean_generation_tokens",
            null, 1, 10_000_000, "mean rollout length, tokens; at most max_generation_tokens"),
            "max_generation_tokens / 4"), 2048));
    public static final Key REWARD_MS = rl(number(WORKLOAD, "reward_ms", 50.0, 0, 1e8,
            "reward / environment latency per rollout, ms"));
    public static final Key STEPS = rl(integer(WORKLOAD, "steps", 1000, 1, 100_000_000, "optimizer steps"));
    public static final Key ACTOR_GPU_SHARE = rl(number(WORKLOAD, "actor_gpu_share", 0.5, 0.01, 0.99,
            "share of GPUs for rollout when disaggregated"));
    public static final Key REFERENCE_MODEL = rl(bool(WORKLOAD, "reference_model", true, "a frozen reference model "
            + "scores every rollout for the KL term: one more forward pass over the rollouts each step, and its bf16 "
            + "copy in the learner's memory (false for KL-free recipes such as DAPO)"));
    public static final Key OLD_LOGPROB_PASS = rl(bool(WORKLOAD, "old_logprob_pass", true, "the learner recomputes "
            + "the rollouts' log-probabilities under the weights that generated them before it updates (verl's "
            + "old_log_prob, OpenRLHF's make-experience): one more forward pass each step; false when the rollout "
            + "engine's own log-probabilities are used"));

    // ---- the SLO

    public static final Key PERCENTILE = add(new Key(SLO, "percentile", Type.PERCENTILE, ALL, "the percentile the "
            + "latency targets refer to: `p99`, `p95`, or a share such as 0.99; from p50 to p99.99", "p99", null, 0.5,
            0.9999, false, List.of(), "p99", false));
    public static final Key TTFT_MS = computed(number(SLO, "ttft_ms", 0.0, 0, 1e9, "time to first token, ms"),
            "0: not checked");
    public static final Key TPOT_MS = computed(number(SLO, "tpot_ms", 0.0, 0, 1e9, "time per output token, ms"),
            "0: not checked");
    public static final Key E2E_MS = computed(number(SLO, "e2e_ms", 0.0, 0, 1e10,
            "end-to-end request latency, ms"), "0: not checked");
    public static final Key TASK_MS = computed(number(SLO, "task_ms", 0.0, 0, 1e10,
            "end-to-end agent task latency (all tool calls), ms"), "0: not checked");
    public static final Key MIN_THROUGHPUT_TOKENS_PER_S = computed(number(SLO, "min_throughput_tokens_per_s", 0.0, 0,
            1e12, "fleet output tokens/s (offline or capacity target)"), "0: not checked");

    // ---- the budget

    public static final Key USD_PER_HOUR = computed(number(BUDGET, "usd_per_hour", 0.0, 0, 1e9,
            "fleet spend per hour, USD"), "0: no limit");
    public static final Key MAX_GPUS = computed(integer(BUDGET, "max_gpus", 0, 0, 10_000_000, "a cap on GPUs"),
            "0: no cap");
    public static final Key TOTAL_USD = computed(number(BUDGET, "total_usd", 0.0, 0, 1e13,
            "training: a cap on the run's cost, USD"), "0: no limit");
    public static final Key DEADLINE_DAYS = computed(number(BUDGET, "deadline_days", 0.0, 0, 1e5,
            "training: wall-clock deadline, days"), "0: none");

    // ---- the design

    public static final Key TP = integer(DESIGN, "tp", 1, 1, 10_000_000, "tensor-parallel degree; it divides the "
            + "attention heads, at most the cluster's GPUs");
    public static final Key PP = integer(DESIGN, "pp", 1, 1, 10_000_000, "pipeline-parallel degree; at most the "
            + "model's layers");
    public static final Key DP = computed(integer(DESIGN, "dp", 1, 1, 10_000_000, "data-parallel degree; at most "
            + "the cluster's GPUs"), "1; for training, the GPUs / (tp x pp x cp)");
    public static final Key EP = integer(DESIGN, "ep", 1, 1, 10_000_000, "expert-parallel degree (MoE models); it "
            + "divides the routed experts");
    public static final Key CP = integer(DESIGN, "cp", 1, 1, 10_000_000, "context-parallel degree");
    public static final Key REPLICAS = integer(DESIGN, "replicas", 1, 1, 10_000_000, "inference replicas (each tp x "
            + "pp x cp GPUs, x ep/tp for expert parallelism)");
    public static final Key ZERO_STAGE = integer(DESIGN, "zero_stage", 0, 0, 3, "0 (plain DP), 1, 2, 3 (= FSDP)");
    public static final Key PRECISION = computed(choice(DESIGN, "precision", null, formats(), "shorthand for "
            + "weights and activations (`int8`/`int4` are weight-only: activations stay bf16)"), "bf16");
    public static final Key WEIGHTS = choice(DESIGN, "weights", Design.defaults().weights().id(), formats(),
            "the weights' format");
    public static final Key ACTIVATIONS = choice(DESIGN, "activations", Design.defaults().activations().id(),
            formats(), "the activations' format (not a weight-only one)");
    public static final Key KV_CACHE = choice(DESIGN, "kv_cache", Design.defaults().kvCache().id(), formats(),
            "the KV cache's format");
    public static final Key BATCH = computed(integer(DESIGN, "batch", 0, 0, 10_000_000, "inference: concurrent "
            + "sequences per replica"), "0: as many as memory allows");
    public static final Key MICRO_BATCH = integer(DESIGN, "micro_batch", 1, 1, 1_000_000, "training: sequences per "
            + "micro-batch per GPU");
    public static final Key RECOMPUTE = choiceOrBoolean(DESIGN, "recompute", "none", List.of("none", "selective", "full"),
            "training: activation recomputation, `none`, `selective` (the attention core again in the backward "
                    + "pass) or `full` (each layer keeps its input and runs its forward again); `true` / `false` "
                    + "stand for full / none");
    public static final Key SEQUENCE_PARALLEL = bool(DESIGN, "sequence_parallel", true, "training: norms and dropout "
            + "sharded over the tensor-parallel group (Megatron-LM's sequence parallelism); false keeps their "
            + "activations whole on every GPU");
    public static final Key FLASH_ATTENTION = bool(DESIGN, "flash_attention", true, "training: a fused attention "
            + "kernel keeps the s x s scores on chip; false stores them in HBM (5 a s b s / tp bytes per layer on a "
            + "GPU), as Megatron-LM did before 2022");
    public static final Key VIRTUAL_STAGES = integer(DESIGN, "virtual_stages", 1, 1, 1024, "training: model chunks "
            + "per pipeline stage, the interleaved 1F1B schedule (Megatron-LM's virtual pipeline): the bubble is "
            + "(p - 1) / (v m + p - 1), a micro-batch crosses v times as many stage boundaries, and the first stage "
            + "holds 1 + (p - 1) / (p v) times plain 1F1B's activations; at most the stage's layers, 1 without a "
            + "pipeline");
    public static final Key PIPELINE_SCHEDULE = choice(DESIGN, "pipeline_schedule", "1f1b",
            List.copyOf(Design.PIPELINE_SCHEDULES), "training: `1f1b` (interleaved with `virtual_stages` above 1), "
                    + "`zero_bubble` (ZB-H1: each backward's weight gradients fill the drain; bubble (p - 1) / (3 m + "
                    + "p - 1), the same memory as 1F1B) or `dualpipe` (DeepSeek-V3's bidirectional pipeline, pp even: "
                    + "bubble (p - 2) / (3 m + p - 2), the expert all-to-alls and stage sends hidden behind the "
                    + "compute, two stages' parameters and gradients on each GPU and p + 1 micro-batches' activations "
                    + "on the first); the launch commands run 1F1B and say so for the other two");
    public static final Key FEATURES = list(DESIGN, "features", Arrays.stream(Feature.values()).map(Feature::id)
            .toList(), List.of("prefix_caching"), "serving and RL mechanisms the design uses");
    public static final Key SPECULATIVE_SECTION = section(DESIGN, "speculative", Type.MAPPING,
            "speculative decoding's parameters (below)");
    public static final Key PREFILL_SHARE = computed(number(DESIGN, "prefill_share", 0.0, 0, 0.95, "disaggregation: "
            + "share of GPUs doing prefill"), "0: derived from the P:D ratio");
    public static final Key STEP_TOKENS = example(computed(integer(DESIGN, "step_tokens", null, 256, 1_048_576,
            "inference (closed loops and offline jobs, which Ridgeline runs step by step): tokens one engine step "
                    + "processes at most, decode and prefill together, for each attention group (vLLM's "
                    + "`--max-num-batched-tokens`, TensorRT-LLM's `max_num_tokens`, SGLang's chunked-prefill size); a "
                    + "speculative step counts k + 1 tokens for each decoding sequence"), "8192"), 8192);
    public static final Key PREFILL_STEPS = computed(choice(DESIGN, "prefill_steps", null,
            List.of("chunked", "whole", "separate"), "inference (closed loops and offline jobs): how prompts enter "
                    + "the engine's steps: `chunked` (prompt chunks ride in decode steps; the same as the "
                    + "`chunked_prefill` feature), `whole` (whole prompts ride in decode steps while they fit "
                    + "`step_tokens`: TensorRT-LLM without chunked prefill), `separate` (a step that prefills pauses "
                    + "decoding: SGLang's default); `whole` and `separate` cannot be given with the "
                    + "`chunked_prefill` feature"), "`chunked` with the feature, else `separate`");
    public static final Key PREFILL_HOLD_STEPS = computed(integer(DESIGN, "prefill_hold_steps", 0, 0, 10_000,
            "inference, closed loops: the engine holds new prompts back, while decoding goes on, for at most this "
                    + "many steps to batch them: with attention data parallelism until each attention group has one "
                    + "(TensorRT-LLM's `attention_dp_config: enable_balance, timeout_iters`), else until "
                    + "`prefill_hold_tokens` prompt tokens wait (`batch_wait_timeout_iters`)"), "0 (no holding)");
    public static final Key PREFILL_HOLD_TOKENS = integer(DESIGN, "prefill_hold_tokens", 0, 0, 10_000_000,
            "inference: the prompt tokens that end the holding (TensorRT-LLM's `batch_wait_max_tokens_ratio` x "
                    + "`max_num_tokens`)");
    public static final Key ENGINE = computed(choice(DESIGN, "engine", null, List.copyOf(EngineScheduling.ENGINES),
            "inference (and an RL design's rollout): the serving engine whose own fixed costs the bill uses: its "
                    + "cost per layer and per MoE layer from the efficiency catalog's `engines` for the GPU's family "
                    + "(on hopper: TensorRT-LLM's fused kernels 11 us a layer and 110 us a MoE layer, vLLM's 40 us a "
                    + "layer, SGLang's 20 us a MoE layer; what an engine does not state is the family's); the step "
                    + "scheduling keys above stay separate"), "left out: the family's costs, fitted over every "
            + "engine's measurements");
    public static final Key RL_PLACEMENT = choice(DESIGN, "rl_placement", Design.defaults().rlPlacement(),
            List.of("colocated", "disaggregated"), "RL: the actor and the learner on the same GPUs, or apart");
    public static final Key MAX_STALENESS_STEPS = integer(DESIGN, "max_staleness_steps", 0, 0, 1000,
            "RL: policy versions a rollout may lag");

    public static final Key DRAFT_TOKENS = integer(SPECULATIVE, "draft_tokens", Design.defaults().specDraftTokens(),
            1, 64, "tokens drafted per step (k)");
    public static final Key ACCEPTANCE_RATE = number(SPECULATIVE, "acceptance_rate",
            Design.defaults().specAcceptanceRate(), 0.01, 0.99, "per-token acceptance rate alpha");

    // ---- efficiency: defaults are the GPU family's calibrated factors

    private static Key factor(String name, double min, double max, double example, String meaning) {
        return example(computed(number(EFFICIENCY, name, null, min, max, meaning), "the family's"), example);
    }

    public static final Key COMPUTE = factor("compute", 0.01, 1, 0.75, "share of dense tensor peak");
    public static final Key HBM = factor("hbm", 0.01, 1, 0.80, "share of HBM bandwidth");
    public static final Key LINK = factor("link", 0.01, 1, 0.80, "share of link bandwidth");
    public static final Key SERVING_COMPUTE = factor("serving_compute", 0.01, 1, 0.45, "share of the compute "
            + "format's peak a serving engine's forward pass reaches");
    public static final Key KV_HBM = factor("kv_hbm", 0.01, 1, 0.519, "share of HBM bandwidth the decode "
            + "attention's KV reads reach");
    public static final Key MOE_COMPUTE = factor("moe_compute", 0.01, 1, 0.085, "share of peak the routed experts' "
            + "grouped GEMMs reach");
    public static final Key LAYER_OVERHEAD_US = factor("layer_overhead_us", 0, 1000, 27.4, "fixed time per layer "
            + "per forward pass, microseconds");
    public static final Key MOE_LAYER_OVERHEAD_US = factor("moe_layer_overhead_us", 0, 1000, 63.3, "further fixed "
            + "time per MoE layer per forward pass, microseconds");
    public static final Key PREFILL_EXPERT_OVERHEAD_US = factor("prefill_expert_overhead_us", 0, 1000, 12.2,
            "fixed time per routed expert a prefill pass runs on a GPU, per MoE layer, microseconds");
    public static final Key COLLECTIVE_LATENCY_US = factor("collective_latency_us", 0.1, 1000, 10, "latency of one "
            + "collective inside a node, microseconds (x3 across nodes)");
    public static final Key COLLECTIVE_ROUND_US = factor("collective_round_us", 0, 1000, 4, "latency each doubling "
            + "of a collective's ranks past two adds, microseconds");
    public static final Key ACTIVATION_PASSES = factor("activation_passes", 0, 100, 5.75, "training: HBM passes over "
            + "each layer's forward activations outside the matrix products per step (0 leaves that time out)");
    public static final Key FP8_COMPUTE = factor("fp8_compute", 0.01, 1, 0.70, "share of the fp8 peak large fp8 "
            + "products reach");
    public static final Key WEIGHT_STREAM_EXPOSED = factor("weight_stream_exposed", 0, 1, 1.0, "training: share of "
            + "a product's weight stream its compute does not hide");

    // ---- preferences

    public static final Key ACCEPTED_FORMATS = computed(list(PREFERENCES, "accepted_formats", formats(),
            List.of("bf16", "fp8"), "formats the product accepts for quality; bf16/fp16 are always accepted"),
            "all");
    public static final Key DRAFT_MODEL = example(computed(text(PREFERENCES, "draft_model", null, "a catalog id, "
            + "the draft model for speculative decoding"), "none"), "llama-3.2-1b");
    public static final Key SMALLER_MODELS = list(PREFERENCES, "smaller_models", List.of(), List.of("llama-3.2-1b"),
            "catalog ids of smaller tiers the advisor may switch to, best first");
    public static final Key ALTERNATIVE_GPUS = list(PREFERENCES, "alternative_gpus", List.of(), List.of("h200"),
            "catalog ids of GPU types the advisor may move to");
    public static final Key ALLOW_MULTI_NODE = bool(PREFERENCES, "allow_multi_node", true, "whether one replica may "
            + "span nodes (pipeline stages)");

    private ScenarioSchema() {
    }

    /** Every key, in the docs' order. */
    public static List<Key> keys() {
        return List.copyOf(KEYS);
    }

    /** The keys of one section that a scenario of {@code kind} may give. */
    public static List<Key> section(String section, WorkloadKind kind) {
        return KEYS.stream().filter(k -> k.section().equals(section) && k.appliesTo(kind)).toList();
    }

    /** The names of {@link #section}'s keys, listed once per section and kind: every scenario read checks them. */
    static List<String> names(String section, WorkloadKind kind) {
        return NAMES.computeIfAbsent(section + "|" + kind.id(),
                key -> section(section, kind).stream().map(Key::name).toList());
    }

    private static final Map<String, List<String>> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The sections, in order. */
    public static List<String> sections() {
        return List.of(TOP, HARDWARE, WORKLOAD, BATCH_STAGE, SLO, BUDGET, DESIGN, SPECULATIVE, EFFICIENCY,
                PREFERENCES);
    }

    /** The key at a dotted path for a kind ({@code workload.prompt_tokens}, {@code design.speculative.draft_tokens}). */
    public static Optional<Key> find(String path, WorkloadKind kind) {
        return KEYS.stream().filter(k -> k.path().equals(path) && k.appliesTo(kind)).findFirst();
    }

    /** Keys by path, for one kind. */
    public static Map<String, Key> byPath(WorkloadKind kind) {
        Map<String, Key> m = new LinkedHashMap<>();
        for (Key k : KEYS) {
            if (k.appliesTo(kind)) {
                m.putIfAbsent(k.path(), k);
            }
        }
        return m;
    }
}
