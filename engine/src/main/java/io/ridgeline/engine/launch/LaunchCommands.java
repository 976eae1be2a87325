package io.ridgeline.engine.launch;

import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The final design as a serving engine's launch command (vLLM or SGLang). Flags follow the engines' documented
 * command lines; quantized formats assume a checkpoint already quantized to that format (fp8 is quantized on load).
 */
public final class LaunchCommands {

    /** Hugging Face repositories of the catalog's models; other models keep their id. */
    private static final Map<String, String> HF_REPOS = Map.ofEntries(
            Map.entry("llama-2-7b", "meta-llama/Llama-2-7b-chat-hf"),
            Map.entry("llama-2-13b", "meta-llama/Llama-2-13b-chat-hf"),
            Map.entry("llama-2-70b", "meta-llama/Llama-2-70b-chat-hf"),
            Map.entry("llama-3.1-8b", "meta-llama/Llama-3.1-8B-Instruct"),
            Map.entry("llama-3.1-70b", "meta-llama/Llama-3.1-70B-Instruct"),
            Map.entry("llama-3.1-405b", "meta-llama/Llama-3.1-405B-Instruct"),
            Map.entry("llama-3.2-1b", "meta-llama/Llama-3.2-1B-Instruct"),
            Map.entry("llama-3.2-3b", "meta-llama/Llama-3.2-3B-Instruct"),
            Map.entry("mistral-7b", "mistralai/Mistral-7B-Instruct-v0.3"),
            Map.entry("mixtral-8x7b", "mistralai/Mixtral-8x7B-Instruct-v0.1"),
            Map.entry("mixtral-8x22b", "mistralai/Mixtral-8x22B-Instruct-v0.1"),
            Map.entry("qwen2.5-0.5b", "Qwen/Qwen2.5-0.5B-Instruct"),
            Map.entry("qwen2.5-7b", "Qwen/Qwen2.5-7B-Instruct"),
            Map.entry("qwen2.5-72b", "Qwen/Qwen2.5-72B-Instruct"),
            Map.entry("deepseek-v3", "deepseek-ai/DeepSeek-V3"),
            Map.entry("gemma-2-9b", "google/gemma-2-9b-it"),
            Map.entry("gemma-2-27b", "google/gemma-2-27b-it"));

    public static final List<String> TARGETS = List.of("vllm", "sglang");

    private LaunchCommands() {
    }

    public static String render(String target, Scenario s) {
        return switch (target.toLowerCase(Locale.ROOT)) {
            case "vllm" -> vllm(s);
            case "sglang" -> sglang(s);
            default -> throw new IllegalArgumentException("unknown launch target '" + target + "'; allowed: "
                    + String.join(", ", TARGETS));
        };
    }

    /**
     * The Hub repository a launch command serves: the catalog's for a catalog model, else the model's own name when
     * it is one (an imported config's hf_id or _name_or_path, owner/name), else its id.
     */
    public static String repo(Scenario s) {
        String known = HF_REPOS.get(s.model().id());
        if (known != null) {
            return known;
        }
        String name = s.model().name();
        return name != null && name.matches("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+") ? name : s.model().id();
    }

    /**
     * A value as one shell word: as it is when it holds only characters a shell leaves alone (letters, digits and
     * {@code . _ - / : @ + = ,}), else in single quotes (a quote inside written '\''), so that a model id from a
     * scenario cannot run a command of its own when the line is pasted into a shell.
     */
    static String shellWord(String value) {
        if (!value.isEmpty() && value.matches("[A-Za-z0-9._\\-/:@+=,]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    static String vllm(Scenario s) {
        Design d = s.design();
        List<String> a = new ArrayList<>(List.of("vllm serve " + shellWord(repo(s))));
        a.add("--tensor-parallel-size " + d.tp());
        if (d.pp() > 1) {
            a.add("--pipeline-parallel-size " + d.pp());
        }
        if (d.ep() > 1) {
            a.add("--enable-expert-parallel");
        }
        quantization(d).ifPresent(q -> a.add("--quantization " + q));
        if (d.kvCache() == NumericFormat.FP8) {
            a.add("--kv-cache-dtype fp8");
        }
        if (d.batch() > 0) {
            a.add("--max-num-seqs " + d.batch());
        }
        if (s.inference() != null) {
            a.add("--max-model-len " + s.inference().contextTokens());
        }
        a.add("--gpu-memory-utilization 0.90");
        if (d.has(Feature.PREFIX_CACHING)) {
            a.add("--enable-prefix-caching");
        }
        if (d.has(Feature.CHUNKED_PREFILL)) {
            a.add("--enable-chunked-prefill");
        }
        if (d.has(Feature.SPECULATIVE_DECODING)) {
            String draft = s.preferences().draftModel();
            a.add(draft == null
                    ? "--speculative-config '{\"method\": \"ngram\", \"num_speculative_tokens\": "
                    + d.specDraftTokens() + ", \"prompt_lookup_max\": 4}'"
                    : "--speculative-config '{\"model\": \"" + HF_REPOS.getOrDefault(draft, draft)
                    + "\", \"num_speculative_tokens\": " + d.specDraftTokens() + "}'");
        }
        String cmd = joined(a);
        return header(s) + cmd + "\n" + footer(s);
    }

    static String sglang(Scenario s) {
        Design d = s.design();
        List<String> a = new ArrayList<>(List.of("python -m sglang.launch_server --model-path "
                + shellWord(repo(s))));
        a.add("--tp " + d.tp());
        if (d.pp() > 1) {
            a.add("--pp-size " + d.pp());
        }
        if (d.ep() > 1) {
            a.add("--ep-size " + d.ep());
        }
        quantization(d).ifPresent(q -> a.add("--quantization " + q));
        if (d.kvCache() == NumericFormat.FP8) {
            a.add("--kv-cache-dtype fp8_e4m3");
        }
        if (d.batch() > 0) {
            a.add("--max-running-requests " + d.batch());
        }
        if (s.inference() != null) {
            a.add("--context-length " + s.inference().contextTokens());
        }
        a.add("--mem-fraction-static 0.90");
        if (!d.has(Feature.PREFIX_CACHING)) {
            a.add("--disable-radix-cache");
        }
        if (d.has(Feature.CHUNKED_PREFILL)) {
            a.add("--chunked-prefill-size 2048");
        }
        if (d.has(Feature.SPECULATIVE_DECODING)) {
            String draft = s.preferences().draftModel();
            a.add(draft == null
                    ? "--speculative-algorithm NGRAM --speculative-num-draft-tokens " + d.specDraftTokens()
                    : "--speculative-algorithm STANDALONE --speculative-draft-model-path "
                    + HF_REPOS.getOrDefault(draft, draft) + " --speculative-num-draft-tokens " + d.specDraftTokens());
        }
        if (d.has(Feature.DISAGGREGATION)) {
            a.add("--disaggregation-mode prefill   # and a second pool with --disaggregation-mode decode");
        }
        String cmd = joined(a);
        return header(s) + cmd + "\n" + footer(s);
    }

    /**
     * The arguments as one command continued over lines; a note an argument carries ("   # ...") goes on a comment
     * line above the command, since a comment inside it would swallow the line's continuation.
     */
    static String joined(List<String> args) {
        StringBuilder notes = new StringBuilder();
        List<String> plain = new ArrayList<>();
        for (String arg : args) {
            int note = arg.indexOf("   # ");
            if (note >= 0) {
                notes.append("# ").append(arg.substring(note + 5)).append('\n');
                plain.add(arg.substring(0, note));
            } else {
                plain.add(arg);
            }
        }
        return notes + String.join(" \\\n  ", plain);
    }

    private static java.util.Optional<String> quantization(Design d) {
        return switch (d.weights()) {
            case FP8 -> java.util.Optional.of("fp8");
            case INT8 -> java.util.Optional.of("compressed-tensors   # an int8 weight-only (W8A16) checkpoint");
            case INT4 -> java.util.Optional.of("awq   # an int4 weight-only (AWQ/GPTQ) checkpoint");
            case FP4 -> java.util.Optional.of("modelopt_fp4");
            default -> java.util.Optional.empty();
        };
    }

    private static String header(Scenario s) {
        return "# " + s.design().replicas() + " replica(s) of " + s.design().gpusPerReplica() + " x "
                + s.cluster().gpu().id() + "; one command per replica\n";
    }

    private static String footer(Scenario s) {
        StringBuilder sb = new StringBuilder();
        if (s.design().has(Feature.CACHE_AWARE_ROUTING)) {
            sb.append("# route requests by prefix hash (cache-aware routing) in front of the replicas\n");
        }
        if (s.design().has(Feature.AUTOSCALING)) {
            sb.append("# autoscale the replica count on goodput against the diurnal swing\n");
        }
        if (s.design().has(Feature.DISAGGREGATION) && sb.indexOf("disaggregation") < 0) {
            sb.append("# prefill and decode run as separate pools; KV moves between them per request\n");
        }
        return sb.toString();
    }
}
