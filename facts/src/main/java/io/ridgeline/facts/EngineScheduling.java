package io.ridgeline.facts;

/**
 * How a serving engine fills its steps with prompt tokens, beside the {@link Feature#CHUNKED_PREFILL} feature (prompt
 * chunks ride in decode steps).
 *
 * @param stepTokens   tokens one step processes at most, decode and prefill together, for each attention group
 *                     (vLLM's max-num-batched-tokens, TensorRT-LLM's max_num_tokens, SGLang's chunked-prefill size);
 *                     0: the engines' default, 8,192
 * @param wholePrompts without chunked prefill, whole prompts ride in decode steps while they fit the budget
 *                     (TensorRT-LLM's in-flight batching without chunking); false: a step that prefills pauses
 *                     decoding (SGLang's default). Ignored with chunked prefill.
 * @param holdSteps    the engine holds new prompts back, while decoding goes on, for at most this many steps to
 *                     batch them: with attention data parallelism until each attention group has one (TensorRT-LLM's
 *                     attention_dp_config enable_balance, timeout_iters), or until {@code holdTokens} prompt tokens
 *                     wait (batch_wait_timeout_iters); 0: no holding
 * @param holdTokens   the prompt tokens that end the holding (TensorRT-LLM's batch_wait_max_tokens_ratio x
 *                     max_num_tokens); 0: one prompt for each attention group
 * @param engine       the serving engine whose own fixed costs the bill uses (one of {@link #ENGINES}, from the
 *                     efficiency catalog's {@code engines} of the GPU's family); "" for the family's, fitted over
 *                     every engine's measurements
 */
public record EngineScheduling(int stepTokens, boolean wholePrompts, int holdSteps, int holdTokens, String engine) {

    /** The engines whose fixed costs an efficiency family may state: vLLM, TensorRT-LLM, SGLang. */
    public static final java.util.List<String> ENGINES = java.util.List.of("vllm", "trtllm", "sglang");

    /** Any engine: the family's fixed costs. */
    public EngineScheduling(int stepTokens, boolean wholePrompts, int holdSteps, int holdTokens) {
        this(stepTokens, wholePrompts, holdSteps, holdTokens, "");
    }

    /** The engines' default budget of a step, tokens. */
    public static final int DEFAULT_STEP_TOKENS = 8192;

    /** The default: 8,192 tokens a step, separate prefill steps without chunked prefill, no holding. */
    public static final EngineScheduling DEFAULT = new EngineScheduling(0, false, 0, 0);

    public EngineScheduling {
        if (stepTokens < 0 || holdSteps < 0 || holdTokens < 0) {
            throw new IllegalArgumentException("the step budget and the holding must be >= 0");
        }
        engine = engine == null ? "" : engine;
        if (!engine.isEmpty() && !ENGINES.contains(engine)) {
            throw new IllegalArgumentException("engine must be one of " + String.join(", ", ENGINES) + ", got '"
                    + engine + "'");
        }
    }

    /** The step budget of one attention group, tokens. */
    public int stepTokensOrDefault() {
        return stepTokens > 0 ? stepTokens : DEFAULT_STEP_TOKENS;
    }
}
