package io.ridgeline.engine.scenario;

import io.ridgeline.facts.Design;
import io.ridgeline.facts.EngineScheduling;
import io.ridgeline.facts.Feature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A design written back as the {@code design:} mapping of a scenario, in the keys {@link ScenarioLoader} reads: a
 * scenario whose design is this mapping loads to the same {@link Design}. The web page's what-if controls
 * re-estimate the advised design from it, and a user can paste it into a scenario to start from the advice.
 */
public final class DesignDocument {

    private DesignDocument() {
    }

    /** The design's keys, every one written (defaults included), in the order the scenario documents them. */
    public static Map<String, Object> of(Design d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tp", d.tp());
        m.put("pp", d.pp());
        m.put("dp", d.dp());
        m.put("ep", d.ep());
        m.put("cp", d.cp());
        m.put("replicas", d.replicas());
        m.put("zero_stage", d.zeroStage());
        m.put("weights", d.weights().id());
        m.put("activations", d.activations().id());
        m.put("kv_cache", d.kvCache().id());
        m.put("batch", d.batch());
        m.put("micro_batch", d.microBatch());
        m.put("recompute", d.recompute() ? "full" : d.selectiveRecompute() ? "selective" : "none");
        m.put("sequence_parallel", d.sequenceParallel());
        m.put("flash_attention", d.flashAttention());
        m.put("virtual_stages", d.virtualStages());
        m.put("pipeline_schedule", d.pipelineSchedule());
        List<String> features = d.features().stream().map(Feature::id).sorted().toList();
        m.put("features", features);
        // an ordered map: the JSON's keys come in the same order every run
        Map<String, Object> speculative = new LinkedHashMap<>();
        speculative.put("draft_tokens", d.specDraftTokens());
        speculative.put("acceptance_rate", d.specAcceptanceRate());
        m.put("speculative", speculative);
        m.put("prefill_share", d.prefillShare());
        EngineScheduling sch = d.scheduling();
        if (sch.stepTokens() > 0) {
            m.put("step_tokens", sch.stepTokens());
        }
        if (sch.wholePrompts()) {
            m.put("prefill_steps", "whole");
        }
        if (sch.holdSteps() > 0) {
            m.put("prefill_hold_steps", sch.holdSteps());
        }
        if (sch.holdTokens() > 0) {
            m.put("prefill_hold_tokens", sch.holdTokens());
        }
        if (!sch.engine().isEmpty()) {
            m.put("engine", sch.engine());
        }
        m.put("rl_placement", d.rlPlacement());
        m.put("max_staleness_steps", d.maxStalenessSteps());
        return m;
    }
}
