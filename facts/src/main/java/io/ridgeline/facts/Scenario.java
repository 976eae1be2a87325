package io.ridgeline.facts;

import java.util.Objects;

/**
 * Everything one question to the advisor carries: the model, the cluster, the workload of its kind, the
 * requirements and the design to evaluate or start from. Exactly one of the workload records is non-null,
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
        Preferences preferences) {

    public Scenario {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(efficiency, "efficiency");
        slo = slo == null ? Slo.none() : slo;
        budget = budget == null ? Budget.none() : budget;
        preferences = preferences == null ? Preferences.defaults() : preferences;
    }

    public Scenario withDesign(Design d) {
        return new Scenario(name, kind, model, cluster, inference, training, rl, slo, budget, d, efficiency,
                preferences);
    }

    public Scenario withModel(ModelArchitecture m) {
        return new Scenario(name, kind, m, cluster, inference, training, rl, slo, budget, design, efficiency,
                preferences);
    }

    public Scenario withCluster(Cluster c, EfficiencyFactors e) {
        return new Scenario(name, kind, model, c, inference, training, rl, slo, budget, design, e, preferences);
    }

    public Scenario withInference(InferenceWorkload w) {
        return new Scenario(name, kind, model, cluster, w, training, rl, slo, budget, design, efficiency,
                preferences);
    }

    public Scenario withTraining(TrainingWorkload w) {
        return new Scenario(name, kind, model, cluster, inference, w, rl, slo, budget, design, efficiency,
                preferences);
    }

    public Scenario withRl(RlWorkload w) {
        return new Scenario(name, kind, model, cluster, inference, training, w, slo, budget, design, efficiency,
                preferences);
    }
}
