package io.ridgeline.engine.scenario;

import io.ridgeline.facts.Design;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.WorkloadKind;

/**
 * Cross-field checks on a parsed scenario: a design the hardware or the model cannot take at all is bad input
 * (exit 2), unlike a design that merely does not fit in memory, which is an answer.
 */
final class Validation {

    private Validation() {
    }

    static void check(Scenario s) {
        basic(s);
        try {
            switch (s.kind()) {
                case INFERENCE -> io.ridgeline.engine.estimate.InferenceInputs.validate(s);
                case TRAINING -> io.ridgeline.engine.estimate.TrainingInputs.validate(s);
                case RL -> io.ridgeline.engine.estimate.RlInputs.validate(s);
                default -> throw new IllegalStateException("unreachable");
            }
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            int cut = msg.indexOf(' ');
            String field = cut > 0 && msg.substring(0, cut).matches("[a-z_]+(\\.[a-zA-Z_]+)+") ? msg.substring(0, cut)
                    : "design";
            throw new InputError(field, msg);
        }
    }

    private static void basic(Scenario s) {
        Design d = s.design();
        ModelArchitecture m = s.model();
        int total = s.cluster().totalGpus();
        if (m.attentionHeads() % d.tp() != 0) {
            throw new InputError("design.tp", "must divide the " + m.attentionHeads() + " attention heads of "
                    + m.id() + "; allowed: " + divisors(m.attentionHeads(), total));
        }
        if (d.tp() > total) {
            throw new InputError("design.tp", "must be at most the cluster's " + total + " GPUs, got " + d.tp());
        }
        if (d.pp() > m.layers()) {
            throw new InputError("design.pp", "must be at most the " + m.layers() + " layers of " + m.id()
                    + ", got " + d.pp());
        }
        if (d.ep() > 1) {
            if (!m.isMoe()) {
                throw new InputError("design.ep", m.id() + " is a dense model: expert parallelism needs an MoE "
                        + "model; allowed: 1");
            }
            if (m.moe().routedExperts() % d.ep() != 0) {
                throw new InputError("design.ep", "must divide the " + m.moe().routedExperts()
                        + " routed experts of " + m.id() + ", got " + d.ep());
            }
        }
        if (s.kind() == WorkloadKind.INFERENCE) {
            int perReplica = d.gpusPerReplica();
            if ((long) perReplica * d.replicas() > total) {
                throw new InputError("design.replicas", d.replicas() + " replicas of " + perReplica
                        + " GPUs (tp x pp x cp, x ep/tp) need " + (long) perReplica * d.replicas()
                        + " GPUs; the cluster has " + total + " (hardware.gpus_per_node x hardware.nodes)");
            }
        } else {
            long gpus = (long) d.tp() * d.pp() * d.dp() * d.cp();
            if (gpus > total) {
                throw new InputError("design.dp", "tp x pp x dp x cp = " + gpus + " GPUs; the cluster has " + total
                        + " (hardware.gpus_per_node x hardware.nodes)");
            }
        }
    }

    private static String divisors(int n, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= Math.min(n, max); i++) {
            if (n % i == 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(i);
            }
        }
        return sb.toString();
    }
}
