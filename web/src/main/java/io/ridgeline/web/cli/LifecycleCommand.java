package io.ridgeline.web.cli;

import io.ridgeline.engine.arithmetic.lifecycle.Redundancy;
import io.ridgeline.engine.arithmetic.lifecycle.RegressionGate;
import io.ridgeline.engine.json.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lifecycle", mixinStandardHelpOptions = true,
        description = "Evaluation and production arithmetic (lessons 10-11): the eval-set size a release gate needs, "
                + "and the N + k spares a fleet needs against its failure rate.",
        subcommands = {LifecycleCommand.Gate.class, LifecycleCommand.Spares.class})
final class LifecycleCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "gate", mixinStandardHelpOptions = true,
            description = "Eval items per model for a regression gate to detect a drop in pass rate "
                    + "(two-proportion power analysis).")
    static final class Gate implements Callable<Integer> {
        @Option(names = "--baseline", required = true, description = "The current model's pass rate, in (0, 1).")
        double baseline;

        @Option(names = "--drop", required = true, description = "The drop in pass rate to detect, in (0, baseline).")
        double drop;

        @Option(names = "--alpha", defaultValue = "0.05", description = "Two-sided significance (default 0.05).")
        double alpha;

        @Option(names = "--power", defaultValue = "0.8", description = "Probability of detecting it (default 0.8).")
        double power;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!(drop > 0 && drop < baseline)) {
                throw new IllegalArgumentException("--drop must be between 0 and the baseline " + baseline
                        + ", got " + drop);
            }
            long items = RegressionGate.itemsPerArm(baseline, baseline - drop, alpha, power);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("baseline_pass_rate", baseline);
            m.put("drop", drop);
            m.put("alpha", alpha);
            m.put("power", power);
            m.put("items_per_model", items);
            var out = spec.commandLine().getOut();
            out.println(json ? Json.write(m) : String.format(Locale.ROOT,
                    "%,d eval items per model detect a drop from %.3f to %.3f (two-sided alpha %.3f, power %.2f)",
                    items, baseline, baseline - drop, alpha, power));
            return 0;
        }
    }

    @Command(name = "spares", mixinStandardHelpOptions = true,
            description = "N + k: the spare replicas that keep N serving through failures within a repair window.")
    static final class Spares implements Callable<Integer> {
        @Option(names = "--replicas", required = true, description = "Replicas the load needs (N), >= 1.")
        int replicas;

        @Option(names = "--gpus-per-replica", required = true, description = "GPUs in one replica, >= 1.")
        int gpusPerReplica;

        @Option(names = "--failures-per-gpu-hour", defaultValue = "1.97e-5",
                description = "Failure rate per GPU-hour (default 1.97e-5: Llama 3's 419 interruptions in 54 days "
                        + "on 16,384 GPUs).")
        double failures;

        @Option(names = "--repair-hours", defaultValue = "4", description = "Time to replace a failed replica, hours.")
        double repairHours;

        @Option(names = "--target", defaultValue = "1e-3",
                description = "Acceptable probability of falling below N, in (0, 1) (default 1e-3).")
        double target;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            double p = Redundancy.replicaFailureProbability(failures, gpusPerReplica, repairHours);
            int k = Redundancy.spares(replicas, p, target);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("replicas_needed", replicas);
            m.put("replica_failure_probability", p);
            m.put("spare_replicas", k);
            m.put("shortfall_probability", Redundancy.shortfallProbability(replicas, k, p));
            m.put("blast_radius_share", 1.0 / (replicas + k));
            var out = spec.commandLine().getOut();
            out.println(json ? Json.write(m) : String.format(Locale.ROOT,
                    "%d + %d replicas: each fails within %.3g h with probability %.3g; P(fewer than %d up) = %.3g; "
                            + "one failure takes %.1f%% of capacity",
                    replicas, k, repairHours, p, replicas, Redundancy.shortfallProbability(replicas, k, p),
                    100.0 / (replicas + k)));
            return 0;
        }
    }
}
