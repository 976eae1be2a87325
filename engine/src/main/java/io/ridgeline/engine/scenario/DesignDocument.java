package io.ridgeline.engine.scenario;

import io.ridgeline.facts.Design;
import io.ridgeline.facts.EngineScheduling;
import io.ridgeline.facts.Feature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A design written back as the {@code design:} mapping of a scenario, in the keys of {@link ScenarioSchema}: a
 * scenario whose design is this mapping loads to the same {@link Design}. The web page's what-if controls
 * re-estimate the advised design from it, and a user can paste it into a scenario to start from the advice.
 */
public final class DesignDocument {

    private DesignDocument() {
    }

    /** The design's keys, every one written (defaults included), in the order the scenario documents them. */
    public static Map<String, Object> of(Design d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ScenarioSchema.TP.name(), d.tp());
        m.put(ScenarioSchema.PP.name(), d.pp());
        m.put(ScenarioSchema.DP.name(), d.dp());
        m.put(ScenarioSchema.EP.name(), d.ep());
        m.put(ScenarioSchema.CP.name(), d.cp());
        m.put(ScenarioSchema.REPLICAS.name(), d.replicas());
        m.put(ScenarioSchema.ZERO_STAGE.name(), d.zeroStage());
        m.put(ScenarioSchema.WEIGHTS.name(), d.weights().id());
        m.put(ScenarioSchema.ACTIVATIONS.name(), d.activations().id());
        m.put(ScenarioSchema.KV_CACHE.name(), d.kvCache().id());
        m.put(ScenarioSchema.BATCH.name(), d.batch());
        m.put(ScenarioSchema.MICRO_BATCH.name(), d.microBatch());
        m.put(ScenarioSchema.RECOMPUTE.name(), d.recompute() ? "full" : d.selectiveRecompute() ? "selective" : "none");
        m.put(ScenarioSchema.SEQUENCE_PARALLEL.name(), d.sequenceParallel());
        m.put(ScenarioSchema.FLASH_ATTENTION.name(), d.flashAttention());
        m.put(ScenarioSchema.VIRTUAL_STAGES.name(), d.virtualStages());
        m.put(ScenarioSchema.PIPELINE_SCHEDULE.name(), d.pipelineSchedule());
        List<String> features = d.features().stream().map(Feature::id).sorted().toList();
        m.put(ScenarioSchema.FEATURES.name(), features);
        // an ordered map: the JSON's keys come in the same order every run
        Map<String, Object> speculative = new LinkedHashMap<>();
        speculative.put(ScenarioSchema.DRAFT_TOKENS.name(), d.specDraftTokens());
        speculative.put(ScenarioSchema.ACCEPTANCE_RATE.name(), d.specAcceptanceRate());
        m.put(ScenarioSchema.SPECULATIVE_SECTION.name(), speculative);
        m.put(ScenarioSchema.PREFILL_SHARE.name(), d.prefillShare());
        EngineScheduling sch = d.scheduling();
        if (sch.stepTokens() > 0) {
            m.put(ScenarioSchema.STEP_TOKENS.name(), sch.stepTokens());
        }
        if (sch.wholePrompts()) {
            m.put(ScenarioSchema.PREFILL_STEPS.name(), "whole");
        }
        if (sch.holdSteps() > 0) {
            m.put(ScenarioSchema.PREFILL_HOLD_STEPS.name(), sch.holdSteps());
        }
        if (sch.holdTokens() > 0) {
            m.put(ScenarioSchema.PREFILL_HOLD_TOKENS.name(), sch.holdTokens());
        }
        if (!sch.engine().isEmpty()) {
            m.put(ScenarioSchema.ENGINE.name(), sch.engine());
        }
        m.put(ScenarioSchema.RL_PLACEMENT.name(), d.rlPlacement());
        m.put(ScenarioSchema.MAX_STALENESS_STEPS.name(), d.maxStalenessSteps());
        return m;
    }
}
