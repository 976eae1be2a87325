package io.ridgeline.engine.advisor.training;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.DomainAdvisor;
import io.ridgeline.engine.advisor.FlipKnob;
import io.ridgeline.engine.advisor.Remedy;
import io.ridgeline.engine.advisor.serving.InferenceAdvisor;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Objective;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import io.ridgeline.facts.TrainingGauge;
import io.ridgeline.facts.TrainingProjection;
import io.ridgeline.facts.TrainingWorkload;
import java.util.List;
import java.util.Map;

/**
 * The design loop for pretraining (lessons 07, 7a, 7b, 7c, 08). Parallelism is a constraint-satisfaction problem
 * and the configuration is an output: {@link #advise} starts from plain data parallelism on every GPU available
 * (tp = pp = cp = ep = 1, ZeRO 0, micro-batch 1, no recomputation), whatever degrees the scenario names, and lets
 * the rules climb the ladder one axis at a time: ZeRO/FSDP when the training state outgrows a GPU, tensor
 * parallelism inside the node when it outgrows the node, pipeline stages when the weights outgrow tensor
 * parallelism, recomputation or context parallelism when activations dominate, then the critical batch, the
 * pipeline bubble, the exposed communication, the deadline and the budget. {@link #judge} judges a design as given.
 */
public final class TrainingAdvisor extends DomainAdvisor<TrainingEstimate> {

    private static final Map<String, String> FIGURES = Map.ofEntries(
            Map.entry("memory_capacity", "memory_over_bytes"),
            Map.entry("critical_batch", "steps"),
            Map.entry("pipeline_bubble", "bubble_fraction"),
            Map.entry("interconnect", "exposed_comm_time_s"),
            Map.entry("deadline", "training_days"),
            Map.entry("cost", "cost_usd"),
            Map.entry("data_loader", "loader_stall_s"),
            Map.entry("padding", "padding_fraction"),
            Map.entry("data_resumption", "resume_reread_ratio"),
            Map.entry("run_time", "training_days"),
            Map.entry("run_cost", "cost_usd"));

    private final TrainingRemedies remedies = new TrainingRemedies();

    public TrainingAdvisor(RuleBase rules) {
        super(rules);
    }

    /** Advice starts from plain data parallelism (see the class note); the scenario's own degrees are not used. */
    @Override
    protected Scenario startOf(Scenario s) {
        return start(s);
    }

    /**
     * The loop's starting design: plain data parallelism over every GPU available, ZeRO 0, micro-batch 1, no
     * recomputation; the numeric formats and features of the scenario's design are kept.
     */
    public static Scenario start(Scenario s) {
        Design d = s.design();
        Design plain = d.withParallelism(1, 1, TrainingGauges.gpusAvailable(s), 1, 1).withZeroStage(0)
                .withMicroBatch(1).withRecompute(false).withVirtualStages(1).withPipelineSchedule("1f1b");
        return s.withDesign(plain);
    }

    @Override
    public TrainingEstimate estimate(Scenario s) {
        return TrainingEstimator.estimate(s);
    }

    @Override
    public List<Remedy> candidates(Scenario s, TrainingEstimate estimate) {
        return remedies.candidates(s, estimate);
    }

    @Override
    public List<Object> facts(Scenario s, TrainingEstimate estimate) {
        return List.of(s.model(), s.cluster(), s.training(), s.budget(), s.design(), s.efficiency(),
                InferenceAdvisor.limits(s), TrainingGauges.of(s, estimate), s.objective(), estimate);
    }

    @Override
    public Object projection(Remedy remedy, TrainingEstimate after) {
        return new TrainingProjection(remedy.mechanism(), remedy.next().design(), after, remedy.change());
    }

    @Override
    public Map<String, Object> values(Scenario s) {
        Map<String, Object> v = InferenceAdvisor.commonValues(s);
        TrainingWorkload w = s.training();
        v.put("tokens", w.tokens());
        v.put("seq_len", w.seqLen());
        v.put("global_batch_tokens", w.globalBatchTokens());
        v.put("recompute", s.design().recompute());
        v.put("recompute_mode", s.design().recomputeMode());
        v.put("activations_format", s.design().activations().id());
        v.put("model_kind", s.model().isMoe() ? "mixture-of-experts" : "dense");
        v.put("gpu_price_per_hour_usd", s.cluster().gpu().usdPerGpuHour());
        v.put("bubble_limit_fraction", TrainingGauge.BUBBLE_LIMIT);
        v.put("long_sequence_tokens", TrainingGauge.LONG_SEQUENCE_TOKENS);
        v.put("scaling_ceiling_floor", TrainingGauge.SCALING_CEILING_FLOOR);
        TrainingEstimate e = TrainingEstimator.estimate(s);
        TrainingGauge g = TrainingGauges.of(s, e);
        v.put("gpus_available", g.gpusAvailable());
        v.put("max_tensor_parallel", g.maxTensorParallel());
        v.put("usable_hbm_bytes_per_node", g.usableHbmBytesPerNode());
        v.put("weight_grad_bytes_per_gpu", g.weightGradBytesPerGpu());
        v.put("tokens_per_gpu_per_micro_batch", g.tokensPerGpuPerMicroBatch());
        v.put("fleet_cost_per_hour_usd", g.fleetUsdPerHour());
        v.put("max_pipeline_stages", g.maxPipelineStages());
        v.put("min_layers_per_stage", TrainingGauge.MIN_LAYERS_PER_STAGE);
        v.put("layers", s.model().layers());
        v.put("state_bytes_per_gpu", e.stateBytesPerGpu());
        v.put("exposed_comm_share", e.exposedCommShare());
        io.ridgeline.facts.DataFeed f = w.data();
        v.put("data_format", f.format());
        v.put("loader_workers_per_gpu", f.workersPerGpu());
        v.put("loader_cpu_cores_per_gpu", f.cpuCoresPerGpu());
        v.put("loader_running_workers_per_gpu", io.ridgeline.engine.arithmetic.training.DataPlane.runningWorkers(
                f.workersPerGpu(), f.cpuCoresPerGpu()));
        v.put("storage_read_bytes_per_s", f.storageReadBytesPerS());
        v.put("stored_bytes_per_token", io.ridgeline.engine.arithmetic.training.DataPlane.storedBytesPerToken(
                f.tokenizes(), s.model().vocabSize(), f.textBytesPerToken()));
        v.put("mean_document_tokens", f.meanDocumentTokens());
        v.put("sequence_packing", f.packing());
        v.put("loader_stall_share", e.loaderStallShare());
        v.put("data_waste_limit_fraction", TrainingGauge.DATA_WASTE_LIMIT);
        double mtbfHours = io.ridgeline.engine.arithmetic.training.Checkpointing.mtbfHours(
                io.ridgeline.engine.arithmetic.training.Checkpointing.failuresPerGpuHour(w.failuresPerGpuHour()),
                e.totalGpus());
        v.put("mtbf_hours", mtbfHours);
        v.put("resume_restarts", io.ridgeline.engine.arithmetic.training.DataPlane.expectedRestarts(
                e.trainingDays() * 24, mtbfHours));
        return v;
    }

    /**
     * Sequence length, tokens per step and tokens of the run; the micro-batch; the critical batch where one is stated;
     * the GPU-hour's price where a budget is set; the loader's workers where it tokenizes text (lesson 08).
     */
    @Override
    public List<FlipKnob> knobs(Scenario s) {
        TrainingWorkload w = s.training();
        List<FlipKnob> knobs = new java.util.ArrayList<>(List.of(
                new FlipKnob("seq_len", "tokens", w.seqLen(), 128, Math.max(w.seqLen(), s.model().maxContext()), true,
                        (sc, x) -> sc.withTraining(new TrainingWorkload(w.tokens(), (int) Math.round(x),
                                w.globalBatchTokens() / w.seqLen() * Math.round(x), w.failuresPerGpuHour(),
                                w.checkpointBytesPerS(), w.criticalBatchTokens(), List.of(), w.data())),
                        "sequence length, at the same sequences per step"),
                new FlipKnob("global_batch_tokens", "tokens", w.globalBatchTokens(), w.seqLen(), 1e9, false,
                        (sc, x) -> sc.withTraining(new TrainingWorkload(w.tokens(), w.seqLen(), x,
                                w.failuresPerGpuHour(), w.checkpointBytesPerS(), w.criticalBatchTokens(), List.of(),
                                w.data())),
                        "tokens per optimizer step"),
                new FlipKnob("tokens", "tokens", w.tokens(), 1e6, 1e15, false,
                        (sc, x) -> sc.withTraining(new TrainingWorkload(x, w.seqLen(), w.globalBatchTokens(),
                                w.failuresPerGpuHour(), w.checkpointBytesPerS(), w.criticalBatchTokens(), List.of(),
                                w.data())),
                        "training tokens of the run"),
                new FlipKnob("micro_batch", "sequences", s.design().microBatch(), 1, 1024, true,
                        (sc, x) -> sc.withDesign(sc.design().withMicroBatch((int) Math.round(x))),
                        "sequences per GPU per micro-batch, the layout otherwise kept")));
        if (w.criticalBatchTokens() > 0) {
            knobs.add(new FlipKnob("critical_batch_tokens", "tokens", w.criticalBatchTokens(), w.seqLen(), 1e12, false,
                    (sc, x) -> sc.withTraining(sc.training().withCriticalBatch(x)),
                    "the critical batch, past which a larger batch buys no fewer steps"));
        }
        if (s.budget().totalUsd() > 0 || s.budget().usdPerHour() > 0) {
            io.ridgeline.facts.Gpu gpu = s.cluster().gpu();
            knobs.add(new FlipKnob("gpu_price_per_hour_usd", "USD", gpu.usdPerGpuHour(), 0.01, 1000, false,
                    (sc, x) -> sc.withCluster(sc.cluster().withGpu(sc.cluster().gpu().withPrice(x,
                            "the flip-point probe's price")), sc.efficiency()),
                    "the price of a GPU-hour, against the budget"));
        }
        io.ridgeline.facts.DataFeed f = w.data();
        if (f.tokenizes()) {
            knobs.add(new FlipKnob("loader_workers_per_gpu", "workers", f.workersPerGpu(), 1, f.cpuCoresPerGpu(), true,
                    (sc, x) -> sc.withTraining(sc.training().withData(sc.training().data()
                            .withWorkersPerGpu((int) Math.round(x)))),
                    "data-loader workers per GPU, at most one a CPU core"));
        }
        return List.copyOf(knobs);
    }

    @Override
    public String figureOf(String bottleneck) {
        return FIGURES.getOrDefault(bottleneck, "");
    }

    /** The run's days: what the loop lowers once every requirement holds (the run_time wall). */
    /**
     * The run's days ({@code run_time}, TRN-B-07) once every requirement holds; under {@code objective: cost} the run's
     * cost ({@code run_cost}, TRN-B-08).
     */
    @Override
    public String objectiveWall(Scenario s) {
        return s.objective() == Objective.COST ? "run_cost" : "run_time";
    }

    /** The pipeline bubble and exposed communication: their cost is already in the run's days. */
    @Override
    public java.util.Set<String> efficiencyWalls() {
        return java.util.Set.of("pipeline_bubble", "interconnect", "data_loader", "padding", "data_resumption");
    }

    @Override
    public String objectiveStop(Scenario s) {
        return "no change the rules back " + (s.objective() == Objective.COST ? "cuts the run's cost" : "shortens the run")
                + " by " + Math.round(TrainingGauge.MIN_RUN_GAIN * 100) + "% or more";
    }

    @Override
    public boolean higherIsBetter(String bottleneck) {
        return bottleneck.equals("critical_batch");
    }
}
