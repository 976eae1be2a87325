package io.ridgeline.engine.advisor.serving;

import io.ridgeline.engine.advisor.DomainAdvisor;
import io.ridgeline.engine.advisor.FlipKnob;
import io.ridgeline.engine.advisor.Remedy;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.facts.ClusterLimits;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.Projection;
import io.ridgeline.facts.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The design loop for serving (lessons 03-06 and the case studies 13-18). */
public final class InferenceAdvisor extends DomainAdvisor<InferenceEstimate> {

    private static final Map<String, String> FIGURES = Map.of(
            "memory_capacity", "memory_over_bytes",
            "ttft_slo", "ttft_ms",
            "tpot_slo", "tpot_ms",
            "e2e_slo", "e2e_ms",
            "task_slo", "task_ms",
            "throughput", "requests_per_s_capacity",
            "cost", "cost_per_hour_usd",
            "placement", "total_gpus",
            "context_window", "context_tokens",
            "economy", "cost_per_hour_usd");

    private final InferenceRemedies remedies;

    public InferenceAdvisor(RuleBase rules, Catalogs catalogs) {
        super(rules);
        this.remedies = new InferenceRemedies(catalogs);
    }

    @Override
    public InferenceEstimate estimate(Scenario s) {
        return InferenceEstimator.estimate(s);
    }

    @Override
    public InferenceEstimate projected(Scenario s) {
        return InferenceEstimator.numeric(s);
    }

    /**
     * Walls weigh by the binding order (a refused format, then placement, memory, latency, throughput, cost), each
     * breach adding its wall's weight plus how far past the limit it is (ln of the ratio, capped): a design that
     * still does not fit ranks below one that fits and misses an SLO, and among those the nearer miss ranks first.
     */
    @Override
    public double shortfall(InferenceEstimate estimate) {
        double total = 0;
        for (io.ridgeline.facts.Breach b : estimate.breaches()) {
            double weight = switch (b.wall()) {
                case "preference", "context_window" -> 1e6;
                case "placement" -> 1e5;
                case "memory_capacity" -> 1e4;
                case "ttft_slo", "tpot_slo", "e2e_slo", "task_slo" -> 100;
                case "throughput" -> 10;
                default -> 1;
            };
            total += weight + Math.min(9, Math.log(Math.max(1, b.ratio())));
        }
        return total;
    }

    /**
     * The tightest objective's limit over its figure (the worse of mean and peak), the arrival rate counted as one:
     * the fleet's capacity over the rate at its peak. At one cost, the design with more room under the load is the
     * one from which fewer replicas can carry it. 1e9 with no objective set.
     */
    @Override
    public double slack(Scenario s, InferenceEstimate e) {
        var slo = s.slo();
        double slack = 1e9;
        slack = Math.min(slack, room(slo.ttftMs(), Math.max(e.ttftMs(), e.peakTtftMs())));
        slack = Math.min(slack, room(slo.tpotMs(), Math.max(e.tpotMs(), e.peakTpotMs())));
        slack = Math.min(slack, room(slo.e2eMs(), Math.max(e.e2eMs(), e.peakE2eMs())));
        slack = Math.min(slack, room(slo.taskMs(), Math.max(e.taskMs(), e.peakTaskMs())));
        if (s.inference() != null && s.inference().requestsPerS() > 0) {
            // the fleet's capacity over the arrival rate at its peak: the room that lets fewer replicas carry it
            slack = Math.min(slack, room(e.requestsPerSCapacity(), s.inference().requestsPerS()
                    * Math.max(1.0, s.inference().peakToMeanRatio())));
        }
        return slack;
    }

    private static double room(double limit, double value) {
        return limit > 0 && value > 0 ? limit / value : 1e9;
    }

    @Override
    public double costOf(InferenceEstimate estimate) {
        return estimate.costPerHourUsd();
    }

    /**
     * The scenario's objective, lower better: cost per hour; the request's end-to-end latency at the SLO percentile
     * ({@code e2e_ms}); or the fleet's output tokens/s, negated.
     */
    @Override
    public double objectiveOf(Scenario s, InferenceEstimate e) {
        return switch (s.objective()) {
            case COST -> e.costPerHourUsd();
            case LATENCY -> e.e2eMs();
            case THROUGHPUT -> -e.tokensPerS();
        };
    }

    @Override
    public String economyFigure(Scenario s) {
        return io.ridgeline.engine.search.SearchRanking.servingFigure(s.objective());
    }

    @Override
    public String economyPurpose(Scenario s) {
        return switch (s.objective()) {
            case COST -> "to cut cost";
            case LATENCY -> "to shorten the request";
            case THROUGHPUT -> "to raise the fleet's tokens/s";
        };
    }

    @Override
    public List<Remedy> candidates(Scenario s, InferenceEstimate estimate) {
        return remedies.candidates(s, estimate);
    }

    @Override
    public List<Object> facts(Scenario s, InferenceEstimate estimate) {
        List<Object> facts = new ArrayList<>(List.of(s.model(), s.cluster(), s.cluster().gpu(), s.inference(),
                s.slo(), s.budget(), s.design(), s.preferences(), s.efficiency(), limits(s), s.objective(),
                estimate));
        facts.addAll(estimate.breaches());
        return facts;
    }

    @Override
    public Object projection(Remedy remedy, InferenceEstimate after) {
        return new Projection(remedy.mechanism(), remedy.next().design(), after, remedy.change());
    }

    @Override
    public Map<String, Object> values(Scenario s) {
        Map<String, Object> v = commonValues(s);
        if (s.inference() != null) {
            v.put("requests_per_s", s.inference().requestsPerS());
            v.put("prompt_tokens", s.inference().promptTokens());
            v.put("output_tokens", s.inference().outputTokens());
            v.put("shared_prefix_tokens", s.inference().sharedPrefixTokens());
            v.put("distinct_prompts", s.inference().distinctPrompts());
            v.put("peak_to_mean_ratio", s.inference().peakToMeanRatio());
            v.put("tool_calls_per_task", s.inference().toolCallsPerTask());
            v.put("distinct_prefixes", s.inference().distinctPrefixes());
            v.put("prefixes_per_replica", io.ridgeline.engine.arithmetic.PrefixCache.perReplica(
                    s.inference().distinctPrefixes(), s.design().replicas(),
                    s.design().has(io.ridgeline.facts.Feature.CACHE_AWARE_ROUTING)));
        }
        return v;
    }

    @Override
    public String figureOf(String bottleneck) {
        return FIGURES.getOrDefault(bottleneck, "");
    }

    @Override
    public boolean higherIsBetter(String bottleneck) {
        return bottleneck.equals("throughput");
    }

    /**
     * Batch, context, prompt length and arrival rate; where they matter to the design, the diurnal peak (above 1),
     * the model calls of an agent task (above 1), the draft's acceptance rate (speculative decoding on), the shared
     * prefix (prefix caching on) and, with prefixes in rotation, their number (where the cache stops holding them,
     * lessons 13, 15, 17).
     */
    @Override
    public List<FlipKnob> knobs(Scenario s) {
        InferenceEstimate est = estimate(s);
        int batch = Math.max(1, est.batch());
        List<FlipKnob> knobs = new ArrayList<>();
        knobs.add(new FlipKnob("batch", "sequences", batch, 1, 1 << 16, true,
                (sc, x) -> sc.withDesign(sc.design().withBatch((int) Math.round(x))),
                "concurrent sequences per replica"));
        knobs.add(new FlipKnob("context_tokens", "tokens", Math.max(1, est.contextTokens()), 1, 1 << 22, true,
                (sc, x) -> sc.withInference(sc.inference().withContextTokens((int) Math.round(x))),
                "tokens held in the KV cache per sequence at decode"));
        knobs.add(new FlipKnob("prompt_tokens", "tokens", Math.max(1, s.inference().promptTokens()), 1, 1 << 22, true,
                (sc, x) -> sc.withInference(sc.inference().withPromptTokens((int) Math.round(x))),
                "prompt length"));
        if (s.inference().requestsPerS() > 0) {
            knobs.add(new FlipKnob("requests_per_s", "requests/s", s.inference().requestsPerS(), 1e-3, 1e7, false,
                    (sc, x) -> sc.withInference(sc.inference().withRequestsPerS(x)), "mean arrival rate"));
        }
        InferenceWorkload w = s.inference();
        if (w.peakToMeanRatio() > 1) {
            knobs.add(new FlipKnob("peak_to_mean_ratio", "x", w.peakToMeanRatio(), 1, 1000, false,
                    (sc, x) -> sc.withInference(sc.inference().withPeakToMeanRatio(x)),
                    "diurnal peak over the mean arrival rate"));
        }
        if (w.toolCallsPerTask() > 1) {
            knobs.add(new FlipKnob("tool_calls_per_task", "calls", w.toolCallsPerTask(), 1, 10_000, true,
                    (sc, x) -> sc.withInference(sc.inference().withToolCallsPerTask((int) Math.round(x))),
                    "sequential model calls per agent task"));
        }
        if (s.design().has(io.ridgeline.facts.Feature.SPECULATIVE_DECODING)) {
            knobs.add(new FlipKnob("acceptance_rate", "", s.design().specAcceptanceRate(), 0.01, 0.99, false,
                    (sc, x) -> sc.withDesign(sc.design().withSpeculation(sc.design().specDraftTokens(), x)),
                    "the draft's per-token acceptance rate"));
        }
        if (w.sharedPrefixTokens() > 0 && s.design().has(io.ridgeline.facts.Feature.PREFIX_CACHING)) {
            knobs.add(new FlipKnob("shared_prefix_tokens", "tokens", w.sharedPrefixTokens(), 1, w.promptTokens(), true,
                    (sc, x) -> sc.withInference(sc.inference().withSharedPrefixTokens((int) Math.round(x))),
                    "prompt tokens common to many requests"));
        }
        if (s.inference().distinctPrefixes() > 1 && s.inference().sharedPrefixTokens() > 0
                && s.design().has(io.ridgeline.facts.Feature.PREFIX_CACHING)) {
            knobs.add(new FlipKnob("distinct_prefixes", "prefixes", s.inference().distinctPrefixes(), 2, 1e9, true,
                    (sc, x) -> sc.withInference(sc.inference().withDistinctPrefixes((int) Math.round(x))),
                    "distinct shared prefixes in rotation"));
        }
        return knobs;
    }

    /** The hard limits of the cluster and the budget, as one fact. */
    public static ClusterLimits limits(Scenario s) {
        return new ClusterLimits(s.cluster().totalGpus(), s.cluster().gpusPerNode(), s.budget().maxGpus(),
                s.budget().usdPerHour());
    }

    /** Scenario values any explanation may name, by snake_case key: identity, SLOs, budget, design. */
    public static Map<String, Object> commonValues(Scenario s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("model", s.model().id());
        v.put("gpu", s.cluster().gpu().id());
        v.put("gpus_per_node", s.cluster().gpusPerNode());
        v.put("cluster_gpus", s.cluster().totalGpus());
        v.put("nodes", s.cluster().nodes());
        v.put("hbm_bytes", s.cluster().gpu().hbmBytes());
        v.put("slo_percentile", s.slo().percentile());
        v.put("slo_ttft_ms", s.slo().ttftMs());
        v.put("slo_tpot_ms", s.slo().tpotMs());
        v.put("slo_e2e_ms", s.slo().e2eMs());
        v.put("slo_task_ms", s.slo().taskMs());
        v.put("slo_min_throughput_tokens_per_s", s.slo().minThroughputTokensPerS());
        v.put("budget_usd", s.budget().usdPerHour());
        v.put("budget_total_usd", s.budget().totalUsd());
        v.put("deadline_days", s.budget().deadlineDays());
        v.put("max_gpus", s.budget().maxGpus());
        v.put("objective", s.objective().id());
        Design d = s.design();
        v.put("tp", d.tp());
        v.put("pp", d.pp());
        v.put("dp", d.dp());
        v.put("ep", d.ep());
        v.put("cp", d.cp());
        v.put("zero_stage", d.zeroStage());
        v.put("micro_batch", d.microBatch());
        v.put("weights_format", d.weights().id());
        v.put("kv_format", d.kvCache().id());
        v.put("spec_draft_tokens", d.specDraftTokens());
        v.put("spec_acceptance_rate", d.specAcceptanceRate());
        return v;
    }
}
