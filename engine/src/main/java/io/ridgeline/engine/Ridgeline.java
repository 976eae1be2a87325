package io.ridgeline.engine;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.Audit;
import io.ridgeline.engine.advisor.Auditor;
import io.ridgeline.engine.advisor.Values;
import io.ridgeline.engine.advisor.rl.RlAdvisor;
import io.ridgeline.engine.advisor.serving.InferenceAdvisor;
import io.ridgeline.engine.advisor.training.TrainingAdvisor;
import io.ridgeline.engine.arithmetic.ParamCounter;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.engine.estimate.RlEstimator;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.launch.FrameworkLaunch;
import io.ridgeline.engine.launch.LaunchCommands;
import io.ridgeline.engine.launch.TrainingLaunch;
import io.ridgeline.engine.report.Reports;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.engine.scenario.ScenarioLoader;
import io.ridgeline.engine.search.DesignSearch;
import io.ridgeline.engine.search.SearchCheck;
import io.ridgeline.engine.search.SearchRanking;
import io.ridgeline.engine.search.TrainingSearch;
import io.ridgeline.engine.validation.ErrorBands;
import io.ridgeline.facts.Bill;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.Gpu;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.Objective;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import io.ridgeline.facts.WorkloadKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The service the command line and the web app call: load a scenario, estimate its bill, advise, audit. Holds the
 * catalogs and the one rulebase of the process; safe to share between threads (each call opens its own session).
 */
public final class Ridgeline {

    private final Catalogs catalogs;
    private final Supplier<RuleBase> ruleSource;
    private final ScenarioLoader loader;
    private volatile Advisors advisors;

    /** The advisors of one rulebase, built together on first use. */
    private record Advisors(RuleBase rules, InferenceAdvisor inference, TrainingAdvisor training, RlAdvisor rl,
                            Auditor auditor) {
        static Advisors of(RuleBase rules, Catalogs catalogs) {
            return new Advisors(rules, new InferenceAdvisor(rules, catalogs), new TrainingAdvisor(rules),
                    new RlAdvisor(rules), new Auditor(rules));
        }
    }

    public Ridgeline(Catalogs catalogs, RuleBase rules) {
        this(catalogs, () -> rules);
        Objects.requireNonNull(rules);
    }

    /**
     * A service whose rulebase is compiled on first need: estimates and catalogs never wait for it.
     */
    public Ridgeline(Catalogs catalogs, Supplier<RuleBase> rules) {
        this.catalogs = Objects.requireNonNull(catalogs);
        this.ruleSource = Objects.requireNonNull(rules);
        this.loader = new ScenarioLoader(catalogs);
    }

    /** Built-in catalogs and the built-in rulebase (compiled on first need). */
    public static Ridgeline defaults() {
        return new Ridgeline(Catalogs.builtIn(), RuleBase::defaults);
    }

    public Catalogs catalogs() {
        return catalogs;
    }

    public RuleBase rules() {
        return advisors().rules();
    }

    private Advisors advisors() {
        Advisors a = advisors;
        if (a == null) {
            synchronized (this) {
                a = advisors;
                if (a == null) {
                    a = Advisors.of(ruleSource.get(), catalogs);
                    advisors = a;
                }
            }
        }
        return a;
    }

    public Scenario load(Path file) {
        return loader.load(file);
    }

    public Scenario parse(String text, String name) {
        return loader.parse(text, name, null);
    }

    /** The bill: an {@link InferenceEstimate}, {@link TrainingEstimate} or {@link RlEstimate} by the scenario's kind. */
    public Bill estimate(Scenario s) {
        return switch (s.kind()) {
            case INFERENCE -> InferenceEstimator.estimate(s);
            case TRAINING -> TrainingEstimator.estimate(s);
            case RL -> RlEstimator.estimate(s);
        };
    }

    /**
     * The design loop for the scenario's kind: serving, pretraining or RL post-training. The search that checks a
     * serving or pretraining answer needs no rules, so it runs first: on a cold start it overlaps the rulebase's
     * loading. The loop never sees its result.
     */
    public Advice advise(Scenario s) {
        return switch (s.kind()) {
            case INFERENCE -> {
                DesignSearch.Result yardstick = search(s, SearchCheck.ALTERNATIVES);
                yield checked(advisors().inference().advise(s), s, yardstick);
            }
            case TRAINING -> {
                TrainingSearch.Result yardstick = new TrainingSearch().search(s, SearchCheck.ALTERNATIVES, true);
                yield checkedTraining(advisors().training().advise(s), s, yardstick);
            }
            case RL -> advisors().rl().advise(s);
        };
    }

    /**
     * The pretraining layouts the cluster allows, searched for the fewest days (pruned by a lower bound, not
     * shrunk): the yardstick for the pretraining loop.
     */
    public TrainingSearch.Result searchTraining(Scenario s, int top) {
        if (s.kind() != io.ridgeline.facts.WorkloadKind.TRAINING) {
            throw new IllegalArgumentException("the training search covers pretraining scenarios (kind: training); "
                    + "this one is " + s.kind().id());
        }
        return new TrainingSearch().search(s, top);
    }

    /**
     * The pretraining advice with the search's best layout by the objective beside it (the fastest by default), its
     * ranked alternatives and its Pareto front of cost against days, and what the gap means.
     */
    private Advice checkedTraining(Advice a, Scenario s, TrainingSearch.Result r) {
        List<SearchCheck.Alternative> alternatives = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (TrainingSearch.Candidate c : concat(r.top(), r.unmet())) {
            if (alternatives.size() < SearchCheck.ALTERNATIVES && seen.add(c.model() + "|" + c.gpu() + "|"
                    + c.design())) {
                alternatives.add(alternative(alternatives.size() + 1, c));
            }
        }
        List<SearchCheck.Alternative> pareto = r.pareto().stream().map(c -> alternative(null, c)).toList();
        Objective objective = r.objective();
        String figure = SearchRanking.trainingFigure(objective);
        Found found = new Found(objective, figure, alternatives, pareto, SearchRanking.axes(true));
        TrainingSearch.Candidate best = r.best();
        if (best == null) {
            return compared(a, r.evaluated(), null, null, null, null, 0, 0, 0, 0, null, found,
                    terms(objective, true));
        }
        TrainingEstimate be = best.estimate();
        String bestText = Reports.layout(best.design()) + ", " + Values.number(be.trainingDays()) + " days, "
                + Values.number(be.costUsd()) + " USD, " + be.totalGpus() + " GPUs";
        TrainingEstimate e = a.finalEstimate() instanceof TrainingEstimate t ? t : null;
        return compared(a, r.evaluated(), best.model(), best.gpu(), best.design(), be, be.trainingDays(),
                e == null ? 0 : e.trainingDays(), SearchRanking.figures(be).get(figure),
                e == null ? 0 : SearchRanking.figures(e).get(figure), bestText, found, terms(objective, true));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** A pretraining layout as the check lists it. */
    private static SearchCheck.Alternative alternative(Integer rank, TrainingSearch.Candidate c) {
        TrainingEstimate e = c.estimate();
        return new SearchCheck.Alternative(rank, c.model(), c.gpu(), c.design(),
                Reports.design(c.design(), WorkloadKind.TRAINING.id()), e.totalGpus(), e.overLimits().isEmpty(),
                SearchRanking.binding(e), e.overLimits(), SearchRanking.figures(e));
    }

    /** A serving design as the check lists it. */
    private static SearchCheck.Alternative alternative(Integer rank, DesignSearch.Candidate c, boolean embedding) {
        InferenceEstimate e = c.estimate();
        return new SearchCheck.Alternative(rank, c.model(), c.gpu(), c.design(), Reports.design(c.design()),
                e.totalGpus(), e.meetsRequirements(), SearchRanking.binding(e, embedding), e.overLimits(),
                SearchRanking.figures(e));
    }

    /**
     * The serving design space the scenario allows, searched exhaustively (pruned, not shrunk): the yardstick for
     * the design loop. Only serving scenarios have one.
     */
    public DesignSearch.Result search(Scenario s, int top) {
        if (s.kind() != io.ridgeline.facts.WorkloadKind.INFERENCE) {
            throw new IllegalArgumentException("kind: search covers serving scenarios (kind: inference); this one is "
                    + s.kind().id());
        }
        return new DesignSearch(catalogs).search(s, top);
    }

    /**
     * The advice with the search's best design by the objective beside it, the search's ranked alternatives and its
     * Pareto front of cost against e2e latency, and what the gap means.
     */
    private Advice checked(Advice a, Scenario s, DesignSearch.Result r) {
        boolean embedding = s.inference().embeddingOnly();
        List<SearchCheck.Alternative> alternatives = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (DesignSearch.Candidate c : concat(r.top(), r.unmet())) {
            if (alternatives.size() < SearchCheck.ALTERNATIVES && seen.add(c.model() + "|" + c.gpu() + "|"
                    + c.design())) {
                alternatives.add(alternative(alternatives.size() + 1, c, embedding));
            }
        }
        List<SearchCheck.Alternative> pareto = r.pareto().stream().map(c -> alternative(null, c, embedding))
                .toList();
        Objective objective = r.objective();
        String figure = SearchRanking.servingFigure(objective);
        Found found = new Found(objective, figure, alternatives, pareto, SearchRanking.axes(false));
        DesignSearch.Candidate best = r.best();
        if (best == null) {
            return compared(a, r.evaluated(), null, null, null, null, 0, 0, 0, 0, null, found,
                    terms(objective, false));
        }
        InferenceEstimate be = best.estimate();
        String bestText = best.model() + " on " + best.gpu() + ", " + Reports.design(best.design()) + ", "
                + Values.number(be.costPerHourUsd()) + " USD/h, " + (objective == Objective.COST ? ""
                : figure + " " + Values.number(SearchRanking.figures(be).get(figure)) + ", ")
                + be.totalGpus() + " GPUs";
        InferenceEstimate e = a.finalEstimate() instanceof InferenceEstimate i ? i : null;
        return compared(a, r.evaluated(), best.model(), best.gpu(), best.design(), be, be.costPerHourUsd(),
                e == null ? 0 : e.costPerHourUsd(), SearchRanking.figures(be).get(figure),
                e == null ? 0 : SearchRanking.figures(e).get(figure), bestText, found, terms(objective, false));
    }

    /** What a search found besides its best: the objective and its figure, the alternatives, the front. */
    private record Found(Objective objective, String figure, List<SearchCheck.Alternative> alternatives,
                         List<SearchCheck.Alternative> pareto, Map<String, String> axes) {
    }

    /**
     * How a search's answer is worded: what it compares ("design", "layout"), the comparison with the ratio of the
     * objective's figure (%s), the best's adjective and the figure's unit.
     */
    private record SearchTerms(String noun, String compare, String bestAdjective, String unit) {
    }

    private static SearchTerms terms(Objective objective, boolean training) {
        if (training) {
            return objective == Objective.COST
                    ? new SearchTerms("layout", "the advised layout costs %s the search's cheapest", "cheapest",
                    " USD")
                    : new SearchTerms("layout", "the advised layout takes %s the days of the search's fastest",
                    "fastest", " days");
        }
        return switch (objective) {
            case COST -> new SearchTerms("design", "the advised design costs %s the search's best", "cheapest",
                    " USD/h");
            case LATENCY -> new SearchTerms("design",
                    "the advised design's e2e latency is %s the search's lowest", "lowest-latency design", " ms");
            case THROUGHPUT -> new SearchTerms("design",
                    "the search's best carries %s the advised design's tokens/s", "highest-throughput design",
                    " tokens/s");
        };
    }

    /**
     * The advice beside the search's best (null: none found): the cost ratio (USD/h for serving, days for
     * pretraining, as before the objective), the objective's ratio oriented so that above 1 is worse, and the
     * sentence that says what the gap means, naming the objective. The search runs after the loop and never changes
     * its answer.
     */
    private static Advice compared(Advice a, long evaluated, String model, String gpu, Design design, Bill estimate,
                                   double bestCost, double advisedCost, double bestValue, double advisedValue,
                                   String bestText, Found found, SearchTerms t) {
        boolean feasible = a.status().equals(Advice.FEASIBLE);
        String objective = found.objective().id();
        if (design == null) {
            return a.withSearch(new SearchCheck(null, null, null, null, null, feasible
                    ? "the search found no feasible " + t.noun() + " in its space; the advised " + t.noun()
                    + " is outside it"
                    : "the search found no feasible " + t.noun() + " either (" + evaluated + " bills)", objective,
                    null, found.alternatives(), found.pareto(), found.axes()));
        }
        if (!feasible) {
            return a.withSearch(new SearchCheck(model, gpu, design, estimate, null, "the loop found no feasible "
                    + t.noun() + " but the search did: " + bestText + "; a finding for rule authors", objective,
                    null, found.alternatives(), found.pareto(), found.axes()));
        }
        Double costRatio = bestCost > 0 ? advisedCost / bestCost : null;
        boolean higher = SearchRanking.higherIsBetter(found.figure());
        Double ratio = bestValue > 0 && advisedValue > 0 ? (higher ? bestValue / advisedValue
                : advisedValue / bestValue) : null;
        String compare = "objective " + objective + ": " + String.format(java.util.Locale.ROOT, t.compare(),
                ratio == null ? "" : String.format(java.util.Locale.ROOT, "%.2fx", ratio));
        String best = Values.number(bestValue) + t.unit();
        String finding;
        if (ratio != null && ratio > SearchCheck.FINDING_RATIO) {
            finding = compare + ": " + bestText + "; a finding for rule authors";
        } else if (ratio == null || Math.abs(ratio - 1) <= 1e-9) {
            finding = "objective " + objective + ": the advised " + t.noun() + " matches the " + t.bestAdjective()
                    + " the search finds (" + best + ", " + evaluated + " bills)";
        } else if (ratio < 1) {
            finding = compare + " (" + best + "): the loop reached a " + t.noun() + " outside the search's space";
        } else {
            finding = compare + " (" + best + "), within "
                    + String.format(java.util.Locale.ROOT, "%.2fx", SearchCheck.FINDING_RATIO);
        }
        return a.withSearch(new SearchCheck(model, gpu, design, estimate, costRatio, finding, objective, ratio,
                found.alternatives(), found.pareto(), found.axes()));
    }

    /** The design as given, judged without changing it. */
    public Audit audit(Scenario s) {
        return switch (s.kind()) {
            case INFERENCE -> advisors().auditor().audit(s, advisors().inference().judge(s), estimate(s));
            case TRAINING -> advisors().auditor().audit(s, advisors().training().judge(s), estimate(s));
            case RL -> advisors().auditor().audit(s, advisors().rl().judge(s), estimate(s));
        };
    }

    /**
     * The final design as launch arguments: vllm or sglang for serving, megatron or torchtitan for training, and
     * for RL post-training the framework that handles its binding wall best (lesson 9d).
     */
    public String launchCommand(String target, Scenario s, Advice a) {
        Map<String, String> commands = launchCommands(finalScenario(s, a));
        String command = commands.get(target);
        if (command == null) {
            throw new InputError("--emit", "a " + s.kind().id() + " design launches with "
                    + String.join(" or ", commands.keySet()) + ", not '" + target + "'");
        }
        return command;
    }

    /** Every launch command of a design, by target. */
    public Map<String, String> launchCommands(Scenario s) {
        Map<String, String> m = new LinkedHashMap<>();
        switch (s.kind()) {
            case INFERENCE -> LaunchCommands.TARGETS.forEach(t -> m.put(t, LaunchCommands.render(t, s)));
            case TRAINING -> TrainingLaunch.TARGETS.forEach(t -> m.put(t, TrainingLaunch.render(t, s)));
            case RL -> {
                // the framework rules of the rulebase (lesson 9d) name it for the design as given
                m.put(FrameworkLaunch.TARGET, FrameworkLaunch.render(advisors().rl().framework(s)));
            }
            default -> throw new IllegalStateException("unreachable");
        }
        return m;
    }

    /** The scenario the advisor ended with: its final design, and its final model and GPU where the loop changed them. */
    public Scenario finalScenario(Scenario s, Advice a) {
        Scenario f = s.withDesign(a.finalDesign());
        if (a.finalData() != null && s.training() != null) {
            f = f.withTraining(s.training().withData(a.finalData()));
        }
        if (!a.finalModel().equals(s.model().id())) {
            f = f.withModel(catalogs.model(a.finalModel()));
        }
        if (!a.finalGpu().equals(s.cluster().gpu().id())) {
            Gpu gpu = catalogs.gpu(a.finalGpu());
            f = f.withCluster(s.cluster().withGpu(gpu),
                    catalogs.efficiency(gpu, s.design().scheduling().engine()));
        }
        return f;
    }

    /**
     * The requirements the scenario sets, keyed by the bill figure each one bounds (the page shows each beside its
     * figure): ttft_ms, tpot_ms, e2e_ms (upper bounds at {@code percentile}), tokens_per_s (a lower bound),
     * cost_per_hour_usd, total_gpus, training_days, cost_usd (upper bounds). Requirements not set are left out.
     */
    public static Map<String, Object> requirements(Scenario s) {
        Map<String, Object> r = new LinkedHashMap<>();
        var slo = s.slo();
        if (s.inference() != null) {
            r.put("percentile", slo.percentile());
            putIfSet(r, "ttft_ms", slo.ttftMs());
            putIfSet(r, "tpot_ms", slo.tpotMs());
            putIfSet(r, "e2e_ms", slo.e2eMs());
            putIfSet(r, "tokens_per_s", slo.minThroughputTokensPerS());
            putIfSet(r, "task_ms", slo.taskMs());
            putIfSet(r, "cost_per_hour_usd", s.budget().usdPerHour());
        } else {
            putIfSet(r, "training_days", s.budget().deadlineDays());
            putIfSet(r, "cost_usd", s.budget().totalUsd());
        }
        putIfSet(r, "total_gpus", s.budget().maxGpus());
        return r;
    }

    private static void putIfSet(Map<String, Object> r, String key, double v) {
        if (v > 0) {
            r.put(key, v);
        }
    }

    /** The bill as one JSON document: the scenario's identity, its design and efficiency, then the bill's keys. */
    public static Map<String, Object> estimateDocument(Scenario s, Bill estimate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", s.name());
        m.put("kind", s.kind().id());
        m.put("model", s.model().id());
        m.put("gpu", s.cluster().gpu().id());
        m.put("design", Json.toMap(s.design()));
        m.put("efficiency", Json.toMap(s.efficiency()));
        m.putAll(Json.toMap(estimate));
        Map<String, Object> bands = validationError(s, estimate);
        if (!bands.isEmpty()) {
            m.put("validation_error", bands);
        }
        m.put("requirements", requirements(s));
        return m;
    }

    /**
     * The validation error band of each predicted latency and rate of a serving bill (docs/validation.md): figure key
     * -> {median_abs_error, rows, regime}; empty for training and RL.
     */
    public static Map<String, Object> validationError(Scenario s, Bill estimate) {
        return ErrorBands.builtIn().toMap(s.cluster().gpu().id(), s.design().weights().id(), estimate);
    }

    /** The band line of a serving bill for people, or null. */
    public static String validationLine(Scenario s, Bill estimate) {
        return ErrorBands.builtIn().line(s.cluster().gpu().id(), s.design().weights().id(), estimate);
    }

    /** The bands of the advised design's bill. */
    public static Map<String, Object> validationError(Advice a) {
        return ErrorBands.builtIn().toMap(a.finalGpu(), a.finalDesign().weights().id(), a.finalEstimate());
    }

    /** The model catalog as rows, each with its derived total and active parameter counts. */
    public List<Map<String, Object>> modelRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ModelArchitecture m : catalogs.models()) {
            Map<String, Object> row = new LinkedHashMap<>(Json.toMap(m));
            row.put("total_params", ParamCounter.totalParams(m));
            row.put("active_params", ParamCounter.activeParams(m));
            rows.add(row);
        }
        return rows;
    }

    /** The figures with their formulas behind any bill. */
    public static List<Figure> figures(Bill estimate) {
        return estimate.figures();
    }

    public static List<String> overLimits(Bill estimate) {
        return estimate.overLimits();
    }
}
