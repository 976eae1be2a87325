package io.ridgeline.rules.training;

import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.engine.scenario.ScenarioLoader;
import io.ridgeline.facts.Budget;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Preferences;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingWorkload;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Named designs for the rule cases: the ladder and RL scenarios of examples/ with the design, workload or budget
 * changed so that one wall, classification or remedy is in play. Each is judged as given (no advice).
 */
final class RuleStates {

    private static final ScenarioLoader LOADER = new ScenarioLoader(Catalogs.builtIn());

    private RuleStates() {
    }

    static Scenario example(String name) {
        return LOADER.load(Path.of("../examples/" + name + ".yaml"));
    }

    /** The scenario with a training design: degrees, ZeRO stage, micro-batch, recomputation. */
    static Scenario training(Scenario s, int tp, int pp, int cp, int dp, int zero, int micro, boolean recompute) {
        return s.withDesign(s.design().withParallelism(tp, pp, dp, 1, cp).withZeroStage(zero).withMicroBatch(micro)
                .withRecompute(recompute));
    }

    static Scenario dsv3PublishedLayout() {
        Scenario s = example("training-405b-2048gpu").withModel(Catalogs.builtIn().model("deepseek-v3"));
        Design d = s.design().withParallelism(1, 16, 128, 64, 1).withZeroStage(1).withMicroBatch(1)
                .withRecompute(true);
        // DeepSeek-V3's run: 14.8T tokens of 4,096-token sequences, 15,360 a step (120 micro-batches a pipeline)
        return fp8(trainingWorkload(s.withDesign(d), new TrainingWorkload(1.48e13, 4096, 62_914_560, 0, 0, 0)));
    }

    static Scenario fp8(Scenario s) {
        Design d = s.design();
        return s.withDesign(d.withFormats(d.weights(), NumericFormat.FP8, d.kvCache()));
    }

    static Scenario budget(Scenario s, Budget b) {
        return new Scenario(s.name(), s.kind(), s.model(), s.cluster(), s.inference(), s.training(), s.rl(), s.slo(),
                b, s.design(), s.efficiency(), s.preferences());
    }

    static Scenario trainingWorkload(Scenario s, TrainingWorkload w) {
        return new Scenario(s.name(), s.kind(), s.model(), s.cluster(), s.inference(), w, s.rl(), s.slo(),
                s.budget(), s.design(), s.efficiency(), s.preferences());
    }

    static Scenario rlWorkload(Scenario s, RlWorkload w) {
        return new Scenario(s.name(), s.kind(), s.model(), s.cluster(), s.inference(), s.training(), w, s.slo(),
                s.budget(), s.design(), s.efficiency(), s.preferences());
    }

    static Scenario bf16Only(Scenario s) {
        Preferences p = s.preferences();
        return new Scenario(s.name(), s.kind(), s.model(), s.cluster(), s.inference(), s.training(), s.rl(), s.slo(),
                s.budget(), s.design(), s.efficiency(), new Preferences(Set.of(NumericFormat.BF16), p.draftModel(), p.draftArchitecture(),
                p.smallerModels(), p.alternativeGpus(), p.allowMultiNode()));
    }

    /** The training designs, by name. */
    static Map<String, Supplier<Scenario>> trainingStates() {
        Map<String, Supplier<Scenario>> m = new LinkedHashMap<>();
        // 7B on 8 GPUs: plain data parallelism does not fit; ZeRO-1 does
        m.put("7b-plain", () -> training(example("training-7b-8gpu"), 1, 1, 1, 8, 0, 1, false));
        // a 1B model's training state fits one GPU
        m.put("1b-plain", () -> training(example("training-7b-8gpu").withModel(Catalogs.builtIn()
                .model("llama-3.2-1b")), 1, 1, 1, 8, 0, 1, false));
        // Mixtral-8x7B on 8 GPUs: its experts' state outgrows a node
        m.put("mixtral-plain", () -> training(example("training-7b-8gpu").withModel(Catalogs.builtIn()
                .model("mixtral-8x7b")), 1, 1, 1, 8, 0, 1, false));
        // Mixtral-8x7B on 8 GPUs at ep 8: one expert a GPU, the experts still most of what it holds, ZeRO 0
        m.put("mixtral-ep8", () -> {
            Scenario s = training(example("training-7b-8gpu").withModel(Catalogs.builtIn().model("mixtral-8x7b")),
                    1, 1, 1, 8, 0, 1, false);
            return s.withDesign(s.design().withParallelism(1, 1, 8, 8, 1));
        });
        // DeepSeek-V3 at ep 64 on 2,048 GPUs: each GPU holds 4 of 256 experts a layer, and the dense layers are now
        // most of its parameters (the experts 37%): spreading the experts further saves little
        m.put("dsv3-ep64", () -> {
            Scenario s = example("training-405b-2048gpu").withModel(Catalogs.builtIn().model("deepseek-v3"));
            return s.withDesign(s.design().withParallelism(1, 1, 2048, 64, 1).withZeroStage(0).withMicroBatch(1)
                    .withRecompute(false));
        });
        // the same with the optimizer states and gradients sharded: the dense parameters are left whole
        m.put("dsv3-ep64-zero2", () -> {
            Scenario s = example("training-405b-2048gpu").withModel(Catalogs.builtIn().model("deepseek-v3"));
            return s.withDesign(s.design().withParallelism(1, 1, 2048, 64, 1).withZeroStage(2).withMicroBatch(1)
                    .withRecompute(false));
        });
        // DeepSeek-V3's published layout on 2,048 H100 (pp 16, ep 64 over 8 nodes, ZeRO-1, fp8) with full
        // recomputation, so that it fits: its expert all-to-alls are exposed under 1F1B; with no deadline every
        // requirement holds, with a 30-day one the deadline binds
        m.put("dsv3-pp16-ep64", () -> budget(dsv3PublishedLayout(), Budget.none()));
        m.put("dsv3-pp16-ep64-deadline", () -> budget(dsv3PublishedLayout(), new Budget(0, 0, 0, 30)));
        m.put("7b-zero1", () -> training(example("training-7b-8gpu"), 1, 1, 1, 8, 1, 1, false));
        // the same design under `objective: cost`: the run's cost, not its days, is what is left to lower
        m.put("7b-zero1-cost", () -> training(example("training-7b-8gpu"), 1, 1, 1, 8, 1, 1, false)
                .withObjective(io.ridgeline.facts.Objective.COST));
        m.put("7b-zero1-bf16-only", () -> bf16Only(budget(training(example("training-7b-8gpu"), 1, 1, 1, 8, 1, 1,
                false), new Budget(0, 0, 0, 5))));
        // a 1 USD/h budget pays for no H100
        m.put("7b-one-usd-per-hour", () -> budget(training(example("training-7b-8gpu"), 1, 1, 1, 1, 1, 1, false),
                new Budget(1, 0, 0, 0)));
        // three micro-batches per step at the critical batch, and a deadline the run misses
        m.put("7b-three-micro-batches", () -> budget(trainingWorkload(training(example("training-7b-8gpu"), 1, 1,
                1, 8, 1, 1, false), new TrainingWorkload(1e11, 4096, 98_304, 0, 0, 98_304)), new Budget(0, 0, 0, 5)));
        // 7B on 8 GPUs asked for a 4M-token global batch against a 1M-token critical batch: past it whatever the layout
        m.put("7b-global-past-critical-batch", () -> trainingWorkload(training(example("training-7b-8gpu"), 1, 1, 1,
                8, 1, 1, false), new TrainingWorkload(1e11, 4096, 4_194_304, 0, 0, 1_048_576)));
        // 8B on 64 GPUs past a 131,072-token batch
        m.put("8b-past-critical-batch", () -> trainingWorkload(training(example("training-70b-64gpu")
                .withModel(Catalogs.builtIn().model("llama-3.1-8b")), 1, 1, 1, 64, 1, 1, false),
                new TrainingWorkload(1e11, 4096, 131_072, 0, 0, 0)));
        m.put("8b-long-past-critical-batch", () -> trainingWorkload(training(example("training-70b-64gpu")
                .withModel(Catalogs.builtIn().model("llama-3.1-8b")), 2, 1, 1, 32, 1, 1, true),
                new TrainingWorkload(1e11, 32768, 524_288, 0, 0, 0)));
        // 70B on 64 GPUs: over a node; at tp 8 the weights fit, the optimizer does not
        m.put("70b-plain", () -> training(example("training-70b-64gpu"), 1, 1, 1, 64, 0, 1, false));
        m.put("70b-tp8", () -> training(example("training-70b-64gpu"), 8, 1, 1, 8, 0, 1, false));
        // 70B on 512 GPUs at tp 8, ZeRO-1: misses its 30-day deadline
        m.put("70b-512-deadline", () -> training(example("training-70b-512gpu"), 8, 1, 1, 64, 1, 1, false));
        m.put("70b-512-cost", () -> budget(training(example("training-70b-512gpu"), 8, 1, 1, 64, 1, 1, false),
                new Budget(0, 0, 1_000_000, 0)));
        // tensor parallelism across two nodes, a 64-sequence batch
        m.put("70b-512-tp16", () -> trainingWorkload(training(example("training-70b-512gpu"), 16, 1, 1, 32, 1, 1,
                false), new TrainingWorkload(2e12, 8192, 524_288, 0, 0, 0)));
        m.put("70b-512-tp16-no-deadline", () -> budget(trainingWorkload(training(example("training-70b-512gpu"), 16,
                1, 1, 32, 1, 1, false), new TrainingWorkload(2e12, 8192, 524_288, 0, 0, 0)), Budget.none()));
        // the same on a zero-bubble pipeline of 2 stages, 32 sequences a step: 2 micro-batches a pipeline, a 14.3%
        // bubble; 4 stages would leave each 4 and a 20% bubble
        m.put("70b-512-tp16-pp2", () -> {
            Scenario s = budget(trainingWorkload(training(example("training-70b-512gpu"), 16, 2, 1, 16, 1, 1, false),
                    new TrainingWorkload(2e12, 8192, 262_144, 0, 0, 0)), Budget.none());
            return s.withDesign(s.design().withPipelineSchedule("zero_bubble"));
        });
        // FSDP across nodes on 2048-token sequences, two micro-batches per step
        m.put("70b-512-fsdp-short", () -> budget(trainingWorkload(training(example("training-70b-512gpu"), 1, 1, 1,
                512, 3, 1, true), new TrainingWorkload(2e12, 2048, 2_097_152, 0, 0, 0)), Budget.none()));
        // FSDP across nodes with one sequence per micro-batch
        m.put("70b-512-fsdp", () -> budget(training(example("training-70b-512gpu"), 1, 1, 1, 512, 3, 1, true),
                Budget.none()));
        // 405B on 2,048 GPUs: at tp 8 the weights do not fit; at pp 4 the activations dominate
        m.put("405b-tp8", () -> training(example("training-405b-2048gpu"), 8, 1, 1, 256, 0, 1, false));
        m.put("405b-pp4-zero1", () -> training(example("training-405b-2048gpu"), 8, 4, 1, 64, 1, 1, false));
        m.put("405b-pp16", () -> training(example("training-405b-2048gpu"), 8, 16, 1, 16, 1, 1, true));
        // the same without a deadline: every requirement holds (128 micro-batches a pipeline, a 10% bubble), so the
        // run's days are what is left; a larger micro-batch would open a 19% bubble
        m.put("405b-pp16-no-deadline", () -> budget(training(example("training-405b-2048gpu"), 8, 16, 1, 16, 1, 1,
                true), Budget.none()));
        // 70B on 512 GPUs at tp 8, ZeRO-1: every requirement holds, and tensor parallelism's all-reduces cost more
        // than the pipeline stages or context ranks that could take its place
        m.put("70b-512-tp8", () -> training(example("training-70b-512gpu"), 8, 1, 1, 64, 1, 1, false));
        // 405B on 2,048 GPUs at tp 8, pp 4, zero-bubble, with full recomputation: more stages could hold what
        // recomputation saves, for a third less compute
        m.put("405b-2048-recompute", () -> {
            Scenario s = training(example("training-405b-2048gpu"), 8, 4, 1, 64, 1, 1, true);
            return s.withDesign(s.design().withPipelineSchedule("zero_bubble"));
        });
        // 405B on 16,384 GPUs: plain; and tp 8, pp 4 with four micro-batches per pipeline
        m.put("405b-16k-plain", () -> training(example("training-405b-16k-8k"), 1, 1, 1, 16384, 0, 1, false));
        m.put("405b-16k-bubble", () -> budget(training(example("training-405b-16k-8k"), 8, 4, 1, 512, 1, 1, true),
                Budget.none()));
        m.put("405b-16k-bubble-deadline", () -> {
            // a deadline the design meets with 5% to spare
            Scenario s = training(example("training-405b-16k-8k"), 8, 4, 1, 512, 1, 1, true);
            return budget(s, new Budget(0, 0, 0, Math.ceil(TrainingEstimator.estimate(s).trainingDays() * 1.05)));
        });
        m.put("405b-16k-bubble-budget", () -> {
            Scenario s = fp8(training(example("training-405b-16k-8k"), 8, 8, 2, 128, 1, 1, false));
            double cost = TrainingEstimator.estimate(s).costUsd();
            return budget(s, new Budget(0, 0, cost * 1.05, 0));
        });
        // 405B at 128K: plain; and a long-sequence pipeline with one micro-batch each
        m.put("405b-128k-plain", () -> training(example("training-405b-16k-128k"), 1, 1, 1, 16384, 0, 1, false));
        m.put("405b-128k-bubble", () -> training(example("training-405b-16k-128k"), 8, 4, 4, 128, 1, 1, true));
        return m;
    }

    /** The RL designs, by name. */
    static Map<String, Supplier<Scenario>> rlStates() {
        Map<String, Supplier<Scenario>> m = new LinkedHashMap<>();
        m.put("grpo", () -> example("rl-grpo-mid"));
        m.put("grpo-no-deadline", () -> budget(example("rl-grpo-mid"), Budget.none()));
        m.put("grpo-cost", () -> budget(example("rl-grpo-mid"), new Budget(0, 0, 500, 0)));
        m.put("grpo-bf16-only", () -> bf16Only(example("rl-grpo-mid")));
        m.put("grpo-disaggregated", () -> rl(example("rl-grpo-mid"), "disaggregated", false));
        m.put("grpo-async", () -> rl(example("rl-grpo-mid"), "disaggregated", true));
        m.put("grpo-async-learner-bound", () -> {
            Scenario s = rl(example("rl-grpo-mid"), "disaggregated", true);
            RlWorkload w = s.rl();
            Design d = s.design();
            return rlWorkload(s.withDesign(d.withFormats(NumericFormat.FP8, d.activations(), NumericFormat.FP8)),
                    new RlWorkload(w.promptsPerStep(), w.samplesPerPrompt(), w.promptTokens(),
                            w.meanGenerationTokens(), w.maxGenerationTokens(), w.rewardMs(), w.steps(), 0.6875));
        });
        m.put("grpo-slow-reward", () -> {
            Scenario s = example("rl-grpo-mid");
            RlWorkload w = s.rl();
            return rlWorkload(s, new RlWorkload(w.promptsPerStep(), w.samplesPerPrompt(), w.promptTokens(),
                    w.meanGenerationTokens(), w.maxGenerationTokens(), 10_000, w.steps(), w.actorGpuShare()));
        });
        // every rollout about as long as the mean (1,024 to 1,100 tokens): no long tail to wait for
        m.put("grpo-uniform", () -> {
            Scenario s = example("rl-grpo-mid");
            RlWorkload w = s.rl();
            return rlWorkload(s, new RlWorkload(w.promptsPerStep(), w.samplesPerPrompt(), w.promptTokens(), 1024,
                    1100, w.rewardMs(), w.steps(), w.actorGpuShare()));
        });
        m.put("long-reasoning", () -> example("rl-long-reasoning"));
        m.put("sync", () -> example("rl-large-policy-sync"));
        // a 405B policy colocated: the actor does not fit beside the learner's resident state
        m.put("405b-colocated", () -> {
            Scenario s = example("rl-large-policy-sync").withModel(Catalogs.builtIn().model("llama-3.1-405b"));
            return s.withDesign(s.design().withRl("colocated", 0));
        });
        // a 70B learner on 16 GPUs without ZeRO, with and without recomputation
        // Llama-70B colocated on rl-grpo-mid's H100s, on a GPU entry that states no host link: the learner's state
        // stays in HBM beside the rollout engine (with the link, the bill swaps it out and the actor fits)
        m.put("70b-learner-over", () -> {
            Scenario s = withoutHostLink(example("rl-grpo-mid").withModel(Catalogs.builtIn().model("llama-3.1-70b")));
            return s.withDesign(s.design().withZeroStage(0).withRecompute(false).withParallelism(2, 1, 8, 1, 1));
        });
        m.put("70b-learner-over-recompute", () -> {
            Scenario s = withoutHostLink(example("rl-grpo-mid").withModel(Catalogs.builtIn().model("llama-3.1-70b")));
            return s.withDesign(s.design().withZeroStage(0).withRecompute(true).withParallelism(2, 1, 8, 1, 1));
        });
        return m;
    }

    private static Scenario rl(Scenario s, String placement, boolean async) {
        Design d = s.design().withRl(placement, async ? 1 : 0);
        if (async) {
            d = d.with(Feature.ASYNC_ROLLOUT);
        }
        return s.withDesign(d);
    }

    static List<String> names(Map<String, Supplier<Scenario>> m) {
        return List.copyOf(m.keySet());
    }

    /** The scenario's cluster on a copy of its GPU whose link to host memory is not stated. */
    private static Scenario withoutHostLink(Scenario s) {
        var g = s.cluster().gpu();
        var c = s.cluster();
        var noLink = new io.ridgeline.facts.Gpu(g.id(), g.name(), g.vendor(), g.family(), g.peakFlopsPerS(),
                g.hbmBytes(), g.hbmBytesPerS(), g.scaleUpBytesPerS(), g.scaleOutBytesPerS(), g.maxGpusPerNode(),
                g.tdpWatts(), g.usdPerGpuHour(), g.priceNote(), g.sources());
        return s.withCluster(new io.ridgeline.facts.Cluster(noLink, c.gpusPerNode(), c.nodes(), c.scaleUpBytesPerS(),
                c.scaleOutBytesPerS()), s.efficiency());
    }
}
