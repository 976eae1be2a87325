package io.ridgeline.engine.estimate;

import io.ridgeline.facts.Cluster;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.EfficiencyFactors;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingWorkload;
import io.ridgeline.facts.WorkloadKind;

import java.util.stream.Collectors;

/**
 * Checks a training scenario before any arithmetic runs. Each failure is an {@link IllegalArgumentException} whose
 * message names the field and the allowed range.
 */
public final class TrainingInputs {

    private TrainingInputs() {
    }

    public static void validate(Scenario sc) {
        if (sc.kind() != WorkloadKind.TRAINING) {
            throw new IllegalArgumentException("kind must be 'training' for a training estimate; got '"
                    + sc.kind().id() + "'");
        }
        TrainingWorkload w = sc.training();
        if (w == null) {
            throw new IllegalArgumentException("training: the training workload is missing (required when kind is "
                    + "'training')");
        }
        validateHardwareAndModel(sc);
        positive("training.tokens", w.tokens());
        if (w.seqLen() <= 0) {
            throw new IllegalArgumentException("training.seq_len must be > 0; got " + w.seqLen());
        }
        finite("training.global_batch_tokens", w.globalBatchTokens());
        if (w.globalBatchTokens() < w.seqLen()) {
            throw new IllegalArgumentException("training.global_batch_tokens must be >= seq_len (" + w.seqLen()
                    + ", one sequence); got " + w.globalBatchTokens());
        }
        nonNegative("training.failures_per_gpu_hour", w.failuresPerGpuHour());
        nonNegative("training.checkpoint_bytes_per_s", w.checkpointBytesPerS());
        nonNegative("training.critical_batch_tokens", w.criticalBatchTokens());

        Design d = sc.design();
        ModelArchitecture m = sc.model();
        Cluster c = sc.cluster();
        atLeastOne("design.dp", d.dp());
        checkDegrees(d, m);
        if (w.seqLen() % d.cp() != 0) {
            throw new IllegalArgumentException("design.cp must divide training.seq_len (" + w.seqLen() + "); got "
                    + d.cp());
        }
        long gpus = (long) d.tp() * d.pp() * d.dp() * d.cp();
        if (gpus > c.totalGpus()) {
            throw new IllegalArgumentException("design tp*pp*dp*cp = " + gpus + " must be <= the cluster's "
                    + c.totalGpus() + " GPUs (" + c.gpusPerNode() + " per node x " + c.nodes() + " nodes)");
        }
        validateExperts(m, d);
    }

    static void validateExperts(ModelArchitecture m, Design d) {
        if (m.moe() == null) {
            if (d.ep() != 1) {
                throw new IllegalArgumentException("design.ep must be 1 for a dense model; got " + d.ep());
            }
            return;
        }
        if (m.moe().routedExperts() % d.ep() != 0) {
            throw new IllegalArgumentException("design.ep must divide the model's routed experts ("
                    + m.moe().routedExperts() + "); got " + d.ep());
        }
        if (((long) d.dp() * d.tp()) % d.ep() != 0 || (d.ep() < d.tp() && d.tp() % d.ep() != 0)) {
            throw new IllegalArgumentException("design.ep must divide dp*tp (" + (long) d.dp() * d.tp()
                    + ") and, when smaller than tp, divide tp (" + d.tp() + "); got " + d.ep());
        }
    }

    /** Checks shared by the training and RL estimators: model shape, cluster, efficiencies, compute format. */
    static void validateHardwareAndModel(Scenario sc) {
        ModelArchitecture m = sc.model();
        atLeastOne("model.layers", m.layers());
        atLeastOne("model.hidden_size", m.hiddenSize());
        atLeastOne("model.attention_heads", m.attentionHeads());
        atLeastOne("model.kv_heads", m.kvHeads());
        atLeastOne("model.head_dim", m.headDim());
        atLeastOne("model.vocab_size", m.vocabSize());
        Cluster c = sc.cluster();
        atLeastOne("cluster.gpus_per_node", c.gpusPerNode());
        atLeastOne("cluster.nodes", c.nodes());
        positive("cluster.scale_out_bytes_per_s", c.scaleOutBytesPerS());
        nonNegative("cluster.scale_up_bytes_per_s", c.scaleUpBytesPerS());
        Gpu g = c.gpu();
        positive("gpu.hbm_bytes", g.hbmBytes());
        positive("gpu.hbm_bytes_per_s", g.hbmBytesPerS());
        nonNegative("gpu.usd_per_gpu_hour", g.usdPerGpuHour());
        EfficiencyFactors e = sc.efficiency();
        share("efficiency.compute", e.compute());
        share("efficiency.hbm", e.hbm());
        share("efficiency.link", e.link());
        NumericFormat a = sc.design().activations();
        if (a == null || a.weightOnly() || !g.supports(a) || g.peakFor(a).orElse(0.0) <= 0) {
            String allowed = g.peakFlopsPerS().keySet().stream().filter(f -> !f.weightOnly())
                    .map(NumericFormat::id).sorted().collect(Collectors.joining(", "));
            throw new IllegalArgumentException("design.activations must be a compute format " + g.id()
                    + " runs natively (" + allowed + "); got " + (a == null ? "none" : a.id()));
        }
    }

    static void atLeastOne(String field, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(field + " must be >= 1; got " + v);
        }
    }

    static void positive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number > 0; got " + v);
        }
    }

    static void nonNegative(String field, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0; got " + v);
        }
    }

    static void finite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number; got " + v);
        }
    }

    static void share(String field, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(field + " must be in (0, 1]; got " + v);
        }
    }

    /** The degrees and stages any training-shaped design must respect (shared by training and the RL learner). */
    static void checkDegrees(Design d, ModelArchitecture m) {
        atLeastOne("design.tp", d.tp());
        atLeastOne("design.pp", d.pp());
        atLeastOne("design.cp", d.cp());
        atLeastOne("design.ep", d.ep());
        atLeastOne("design.micro_batch", d.microBatch());
        if (d.zeroStage() < 0 || d.zeroStage() > 3) {
            throw new IllegalArgumentException("design.zero_stage must be in 0..3; got " + d.zeroStage());
        }
        if (m.attentionHeads() % d.tp() != 0) {
            throw new IllegalArgumentException("design.tp must divide the model's attention_heads ("
                    + m.attentionHeads() + "); got " + d.tp());
        }
        if (d.pp() > m.layers()) {
            throw new IllegalArgumentException("design.pp must be in 1.." + m.layers() + " (the model's layers); got "
                    + d.pp());
        }
        int stageLayers = (m.layers() + d.pp() - 1) / d.pp();
        if (d.virtualStages() < 1 || d.virtualStages() > stageLayers || d.pp() == 1 && d.virtualStages() > 1) {
            throw new IllegalArgumentException("design.virtual_stages must be in 1.." + (d.pp() == 1 ? 1 : stageLayers)
                    + " (model chunks per pipeline stage: at most the stage's " + stageLayers + " layers, 1 without "
                    + "a pipeline); got " + d.virtualStages());
        }
        String schedule = d.pipelineSchedule();
        if (!Design.PIPELINE_SCHEDULES.contains(schedule)) {
            throw new IllegalArgumentException("design.pipeline_schedule must be one of "
                    + String.join(", ", Design.PIPELINE_SCHEDULES) + "; got '" + schedule + "'");
        }
        if (!schedule.equals("1f1b") && d.virtualStages() > 1) {
            throw new IllegalArgumentException("design.pipeline_schedule " + schedule + " runs one model chunk a stage: "
                    + "design.virtual_stages must be 1 with it (the interleaved schedule is 1f1b's); got "
                    + d.virtualStages());
        }
        if (schedule.equals("dualpipe") && (d.pp() < 2 || d.pp() % 2 != 0)) {
            throw new IllegalArgumentException("design.pipeline_schedule dualpipe feeds micro-batches from both ends "
                    + "of the pipeline: design.pp must be even, at least 2; got " + d.pp());
        }
    }
}
