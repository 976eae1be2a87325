package io.ridgeline.facts;

import java.util.Objects;

/**
 * Everything one question to the advisor carries: the model, the cluster, the workload of its kind, the
 * requirements, the design to evaluate or start from, and what to rank designs by once the requirements hold
 * ({@link Objective}; the kind's default when none is named). Exactly one of the workload records is non-null,
 * matching {@code kind}.
 */
public record Scenario(
        String name,
        WorkloadKind kind,
        ModelArchitecture model,
        Cluster cluster,
        InferenceWorkload inference,
        TrainingWorkload training,
        RlWorkload rl,
        Slo slo,
        Budget budget,
        Design design,
        EfficiencyFactors efficiency,
        Preferences preferences,
        Objective objective) {

    public Scenario {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(efficiency, "efficiency");
        slo = slo == null ? Slo.none() : slo;
        budget = budget == null ? Budget.none() : budget;
        preferences = preferences == null ? Preferences.defaults() : preferences;
        objective = objective == null ? Objective.defaultFor(kind) : objective;
    }

    /** A scenario with its kind's default objective. */
    public Scenario(String name, WorkloadKind kind, ModelArchitecture model, Cluster cluster,
                    InferenceWorkload inference, TrainingWorkload training, RlWorkload rl, Slo slo, Budget budget,
                    Design design, EfficiencyFactors efficiency, Preferences preferences) {
        this(name, kind, model, cluster, inference, training, rl, slo, budget, design, efficiency, preferences, null);
    }

    public Scenario withObjective(Objective o) {
        return new Scenario(name, kind, model, cluster, inference, training, rl, slo, budget, design, efficiency,
                preferences, o);
    }

    public Scenario withDesign(Design d) {
        return new Scenario(name, kind, model, cluster, inference, training, rl, slo, budget, d, efficiency,
                preferences, objective);
    }

    public Scenario withModel(ModelArchitecture m) {
        return new Scenario(name, kind, m, cluster, inference, training, rl, slo, budget, design, efficiency,
                preferences, objective);
    }

    public Scenario withCluster(Cluster c, EfficiencyFactors e) {
        return new Scenario(name, kind, model, c, inference, training, rl, slo, budget, design, e, preferences,
                objective);
    }

    public Scenario withInference(InferenceWorkload w) {
        return new Scenario(name, kind, model, cluster, w, training, rl, slo, budget, design, efficiency,
                preferences, objective);
    }

    public Scenario withTraining(TrainingWorkload w) {
        return new Scenario(name, kind, model, cluster, inference, w, rl, slo, budget, design, efficiency,
                preferences, objective);
    }

    public Scenario withRl(RlWorkload w) {
        return new Scenario(name, kind, model, cluster, inference, training, w, slo, budget, design, efficiency,
                preferences, objective);
    }
}
