package io.ridgeline.engine.advisor;

import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Feature;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.List;

/** Judges the design in a scenario file as given: every wall it runs into, and every trap it has switched on. */
public final class Auditor {

    private final RuleBase rules;

    public Auditor(RuleBase rules) {
        this.rules = rules;
    }

    /**
     * The audit of a design from its judgement (with every remedy projected) and its bill, whatever the domain.
     */
    public Audit audit(Scenario s, Judgement j, io.ridgeline.facts.Bill estimate) {
        List<Finding> findings = new ArrayList<>();
        for (BottleneckView b : j.bottlenecks()) {
            findings.add(new Finding(b.kind().equals("requirement") ? "error" : "info", b.name(), b.ruleId(),
                    ruleName(b.ruleId()), b.explanation()));
        }
        for (Vetoed v : j.vetoes()) {
            if (isOn(v.mechanism(), s.design())) {
                findings.add(new Finding("warning", v.mechanism(), v.ruleId(), v.ruleName(), v.reason()));
            }
        }
        for (Judgement.Recommended r : j.recommendations()) {
            if (r.bottleneck().equals(j.binding()) && !j.vetoed(r.mechanism())) {
                findings.add(new Finding("suggestion", r.mechanism(), r.ruleId(), r.ruleName(), r.explanation()));
            }
        }
        findings.sort(java.util.Comparator.comparingInt((Finding f) -> severityRank(f.severity()))
                .thenComparing(Finding::subject).thenComparing(Finding::ruleId));
        // the bill's own check decides too: a limit it finds broken is a violation even where no rule names a wall
        boolean violates = findings.stream().anyMatch(f -> f.severity().equals("error"))
                || !estimate.overLimits().isEmpty();
        return new Audit(s.name(), s.kind().id(), violates ? "violates_requirements" : "meets_requirements",
                j.binding(),
                s.design(), estimate, List.copyOf(findings), j.firedRules());
    }

    private String ruleName(String id) {
        return rules.ruleById(id).map(r -> r.name()).orElse("");
    }

    private static int severityRank(String s) {
        return switch (s) {
            case "error" -> 0;
            case "warning" -> 1;
            case "suggestion" -> 2;
            default -> 3;
        };
    }

    /** Whether a mechanism is already part of the design. */
    static boolean isOn(String mechanism, Design d) {
        return switch (mechanism) {
            case "kv_cache_fp8" -> d.kvCache() == NumericFormat.FP8;
            case "fp8" -> d.weights() == NumericFormat.FP8;
            case "weight_quantization_int8" -> d.weights() == NumericFormat.INT8;
            case "weight_quantization_int4" -> d.weights() == NumericFormat.INT4;
            case "fsdp" -> d.zeroStage() == 3;
            case "zero" -> d.zeroStage() == 1 || d.zeroStage() == 2;
            case "activation_recomputation" -> d.recompute();
            case "disaggregated_rl" -> "disaggregated".equals(d.rlPlacement());
            case "colocated_rl" -> "colocated".equals(d.rlPlacement());
            case "tensor_parallelism" -> d.tp() > 1;
            case "pipeline_parallelism" -> d.pp() > 1;
            case "expert_parallelism" -> d.ep() > 1;
            case "context_parallelism" -> d.cp() > 1;
            case "replication" -> d.replicas() > 1;
            case "speculative_decoding", "prefix_caching", "cache_aware_routing", "chunked_prefill",
                    "disaggregation", "autoscaling", "async_rollout" -> d.has(Feature.parse(mechanism));
            default -> false;
        };
    }
}
