package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.arithmetic.lifecycle.Deployment;
import io.ridgeline.engine.arithmetic.lifecycle.Redundancy;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.WorkloadKind;
import java.nio.file.Path;
import io.ridgeline.engine.arithmetic.lifecycle.RegressionGate;
import io.ridgeline.engine.json.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "lifecycle", mixinStandardHelpOptions = true,
        description = "Evaluation and production arithmetic (lessons 10-11): the eval-set size a release gate needs, "
                + "the N + k spares a fleet needs against its failure rate, and the deploy, rollback and cost "
                + "guardrail of a serving design.",
        subcommands = {LifecycleCommand.Gate.class, LifecycleCommand.Spares.class, LifecycleCommand.Deploy.class})
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

    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = "Deploy and rollback of the design the advisor reaches for FILE (or, with --as-given, of the "
                    + "design in FILE): a stateful GPU service, each replica drains its in-flight requests, then "
                    + "loads and warms up; and the cost guardrail: the replicas the hourly budget buys against "
                    + "those the peak needs.")
    static final class Deploy implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "A serving scenario (YAML or JSON).")
        Path file;

        @Option(names = "--surge", defaultValue = "1", description = "Replicas replaced per wave (default 1).")
        int surge;

        @Option(names = "--load-gb-per-s", defaultValue = "2",
                description = "Weight load bandwidth per GPU, GB/s (default 2: local NVMe or page cache).")
        double loadGbPerS;

        @Option(names = "--warmup-s", defaultValue = "60",
                description = "Engine start and CUDA-graph capture after loading, s (default 60).")
        double warmupS;

        @Option(names = "--as-given", description = "Deploy the design in FILE, not the one the advisor reaches.")
        boolean asGiven;

        @Mixin
        Common common;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Ridgeline r = common.ridgeline();
            Scenario given = r.load(file);
            if (given.kind() != WorkloadKind.INFERENCE) {
                throw new InputError("kind", "deploy and rollback are computed for serving scenarios; got '"
                        + given.kind().id() + "'");
            }
            Scenario s = asGiven ? given : r.finalScenario(given, r.advise(given));
            InferenceEstimate e = (InferenceEstimate) r.estimate(s);
            if (!e.fits() || e.e2eMs() >= io.ridgeline.engine.estimate.InferenceEstimator.UNBOUNDED_MS) {
                throw new InputError("design", "the " + (asGiven ? "design as given" : "design the advisor reached")
                        + " cannot serve its load (" + String.join("; ", e.overLimits())
                        + "), so it has no deploy to time" + (asGiven ? "; drop --as-given to deploy the advised "
                        + "design" : ""));
            }
            int replicas = s.design().replicas();
            if (surge < 1 || surge > replicas) {
                throw new InputError("--surge", "must be between 1 and the design's " + replicas + " replicas, got "
                        + surge);
            }
            double start = Deployment.replicaStartS(e.weightBytesPerGpu(), loadGbPerS * 1e9, warmupS);
            double drain = e.e2eMs() / 1e3;
            double deploy = Deployment.rollingDeployS(replicas, surge, drain, start);
            double capacity = Deployment.capacityDuringDeploy(replicas, surge);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("replicas", replicas);
            m.put("surge", surge);
            m.put("replica_start_s", start);
            m.put("drain_s", drain);
            m.put("rolling_deploy_s", deploy);
            m.put("rollback_s", drain + start);
            m.put("capacity_during_deploy", capacity);
            m.put("replicas_up_during_deploy", replicas - surge);
            m.put("peak_replicas_needed", e.peakReplicasNeeded());
            if (s.budget().usdPerHour() > 0) {
                int affordable = Deployment.replicasTheBudgetBuys(s.budget().usdPerHour(), e.gpusPerReplica(),
                        s.cluster().gpu().usdPerGpuHour());
                m.put("guardrail_max_replicas", affordable);
                m.put("guardrail_requests_per_s", affordable * e.requestsPerSPerReplica());
                m.put("shed_share_at_peak", e.peakReplicasNeeded() == 0 ? 0.0
                        : Math.max(0.0, 1.0 - (double) affordable / e.peakReplicasNeeded()));
            }
            var out = spec.commandLine().getOut();
            if (common.json) {
                out.println(Json.write(m));
                return 0;
            }
            out.println(String.format(Locale.ROOT, "replica start: %.1f s (%.2f GB of weights per GPU at %.1f GB/s "
                    + "+ %.0f s warm-up)", start, e.weightBytesPerGpu() / 1e9, loadGbPerS, warmupS));
            out.println(String.format(Locale.ROOT, "rolling deploy: %d waves of %d x (drain %.1f s + start %.1f s) "
                    + "= %.1f min; rollback of a wave: %.1f s", (replicas + surge - 1) / surge, surge, drain, start,
                    deploy / 60, drain + start));
            out.println(String.format(Locale.ROOT, "capacity while a wave is out: %.0f%% (%d of %d replicas); the "
                    + "peak needs %d%s", 100 * capacity, replicas - surge, replicas, e.peakReplicasNeeded(),
                    replicas - surge < e.peakReplicasNeeded()
                            ? ": deploy in the diurnal trough, or add surge replicas for the deploy" : ""));
            if (m.containsKey("guardrail_max_replicas")) {
                out.println(String.format(Locale.ROOT, "cost guardrail: $%.0f/h buys %d replicas serving %.3g "
                        + "requests/s; at the peak %.1f%% of the load would be shed", s.budget().usdPerHour(),
                        m.get("guardrail_max_replicas"), m.get("guardrail_requests_per_s"),
                        100 * (double) m.get("shed_share_at_peak")));
            }
            return 0;
        }
    }
}
