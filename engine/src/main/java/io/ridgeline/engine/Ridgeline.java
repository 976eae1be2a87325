package io.ridgeline.engine;

import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.advisor.Audit;
import io.ridgeline.engine.advisor.Auditor;
import io.ridgeline.engine.advisor.InferenceAdvisor;
import io.ridgeline.engine.catalog.Catalogs;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.engine.estimate.RlEstimator;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.engine.scenario.ScenarioLoader;
import io.ridgeline.facts.Bill;
import io.ridgeline.facts.Figure;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The service the command line and the web app call: load a scenario, estimate its bill, advise, audit. Holds the
 * catalogs and the one rulebase of the process; safe to share between threads (each call opens its own session).
 */
public final class Ridgeline {

    private final Catalogs catalogs;
    private final RuleBase rules;
    private final ScenarioLoader loader;
    private final InferenceAdvisor inferenceAdvisor;

    public Ridgeline(Catalogs catalogs, RuleBase rules) {
        this.catalogs = Objects.requireNonNull(catalogs);
        this.rules = Objects.requireNonNull(rules);
        this.loader = new ScenarioLoader(catalogs);
        this.inferenceAdvisor = new InferenceAdvisor(rules, catalogs);
    }

    /** Built-in catalogs and the built-in rulebase. */
    public static Ridgeline defaults() {
        return new Ridgeline(Catalogs.builtIn(), RuleBase.defaults());
    }

    public Catalogs catalogs() {
        return catalogs;
    }

    public RuleBase rules() {
        return rules;
    }

    public Scenario load(Path file) {
        return loader.load(file);
    }

    public Scenario parse(String text, String name) {
        return loader.parse(text, name, null);
    }

    /** The bill: an {@link InferenceEstimate}, {@link TrainingEstimate} or {@link RlEstimate} by the scenario's kind. */
    public Object estimate(Scenario s) {
        return switch (s.kind()) {
            case INFERENCE -> InferenceEstimator.estimate(s);
            case TRAINING -> TrainingEstimator.estimate(s);
            case RL -> RlEstimator.estimate(s);
        };
    }

    public Advice advise(Scenario s) {
        return switch (s.kind()) {
            case INFERENCE -> inferenceAdvisor.advise(s);
            case TRAINING, RL -> throw new InputError("kind", "the advisor for '" + s.kind().id()
                    + "' scenarios is not in this release; `estimate` computes their bill");
        };
    }

    public Audit audit(Scenario s) {
        return switch (s.kind()) {
            case INFERENCE -> new Auditor(inferenceAdvisor).audit(s);
            case TRAINING, RL -> throw new InputError("kind", "the audit of '" + s.kind().id()
                    + "' scenarios is not in this release; `estimate` computes their bill");
        };
    }

    /** The figures with their formulas behind any bill. */
    public static List<Figure> figures(Object estimate) {
        return estimate instanceof Bill b ? b.figures() : List.of();
    }

    public static List<String> overLimits(Object estimate) {
        return estimate instanceof Bill b ? b.overLimits() : List.of();
    }
}
