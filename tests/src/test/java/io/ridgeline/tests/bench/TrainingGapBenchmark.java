package io.ridgeline.tests.bench;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.engine.search.SearchCheck;
import io.ridgeline.facts.Objective;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The pretraining loop against the training search on generated scenarios: for each seed a model (Llama 2 7B, Llama
 * 3.1 8B, 70B, 405B, Mixtral 8x7B), an H100 or A100 cluster of 1-256 nodes of 8, a sequence of 2K-32K tokens and a
 * global batch of 64-4,096 sequences, 100B tokens, no deadline. Prints, for the scenarios both answer, the days ratio
 * (advised over the search's fastest: median, p90, max, and how many within 1.05x), the scenarios the loop calls
 * infeasible where the search finds a layout, any design called feasible whose bill is over a limit, and each ratio
 * above 1.2 with its scenario. A third argument names the objective ({@code latency}, the default: the days ratio;
 * {@code cost}: the run's cost over the search's cheapest, and each advice checked against the default objective's,
 * which it must not cost more than; exits 1 on one). Not a test:
 * {@code tests/bench/training-gaps.sh [CASES] [FIRST_SEED] [OBJECTIVE]}.
 */
public final class TrainingGapBenchmark {

    private static final String[] MODELS = {"llama-2-7b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b",
        "mixtral-8x7b"};
    private static final int[] NODES = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    private static final int[] SEQUENCES = {2048, 4096, 8192, 16384, 32768};

    private TrainingGapBenchmark() {
    }

    /** The scenario of one seed, as YAML. */
    static String scenario(long seed) {
        return scenario(seed, Objective.LATENCY);
    }

    /** The scenario of one seed under the given objective, as YAML. */
    static String scenario(long seed, Objective objective) {
        Random rnd = new Random(seed);
        String model = MODELS[rnd.nextInt(MODELS.length)];
        int nodes = NODES[rnd.nextInt(NODES.length)];
        int seq = SEQUENCES[rnd.nextInt(SEQUENCES.length)];
        long batchTokens = (long) seq << (6 + rnd.nextInt(7));
        String gpu = rnd.nextBoolean() ? "h100-sxm" : "a100-sxm-80gb";
        return "kind: training\nobjective: " + objective.id() + "\nmodel: " + model + "\nhardware: {gpu: " + gpu + ", gpus_per_node: 8, nodes: " + nodes
                + "}\nworkload: {tokens: 1e11, seq_len: " + seq + ", global_batch_tokens: " + batchTokens + "}\n";
    }

    public static void main(String[] args) {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long first = args.length > 1 ? Long.parseLong(args[1]) : 0;
        Objective objective = args.length > 2 ? Objective.parse(args[2]) : Objective.LATENCY;
        String measure = objective == Objective.COST ? "cost ratio over the search's cheapest"
                : "days ratio over the search's fastest";
        Ridgeline ridgeline = Ridgeline.defaults();
        List<Double> ratios = new ArrayList<>();
        int feasible = 0;
        int falselyInfeasible = 0;
        int overLimit = 0;
        int neither = 0;
        int dearer = 0;
        long start = System.nanoTime();
        for (long seed = first; seed < first + cases; seed++) {
            String yaml = scenario(seed, objective);
            Scenario s = ridgeline.parse(yaml, "seed-" + seed);
            Advice a = ridgeline.advise(s);
            TrainingEstimate advised = (TrainingEstimate) a.finalEstimate();
            boolean ok = a.status().equals(Advice.FEASIBLE);
            SearchCheck c = a.search();
            if (ok && objective == Objective.COST) {
                // asking for the cheapest run must never get a dearer one than the default objective's
                Advice fastest = ridgeline.advise(s.withObjective(Objective.LATENCY));
                if (fastest.status().equals(Advice.FEASIBLE)
                        && advised.costUsd() > ((TrainingEstimate) fastest.finalEstimate()).costUsd() * (1 + 1e-9)) {
                    dearer++;
                    System.out.printf(Locale.ROOT, "dearer than the default objective's, seed %d: %.0f USD against "
                            + "%.0f USD%n", seed, advised.costUsd(), ((TrainingEstimate) fastest.finalEstimate()).costUsd());
                }
            }
            if (ok) {
                feasible++;
                if (!advised.overLimits().isEmpty()) {
                    overLimit++;
                    System.out.println("feasible but over a limit, seed " + seed + ": " + advised.overLimits());
                }
            }
            if (c == null || c.bestEstimate() == null) {
                neither++;
                continue;
            }
            if (!ok) {
                falselyInfeasible++;
                System.out.println("infeasible where the search finds a layout, seed " + seed + ": "
                        + yaml.replace('\n', ' '));
                continue;
            }
            double ratio = c.objectiveRatio();
            ratios.add(ratio);
            if (ratio > 1.2) {
                System.out.printf(Locale.ROOT, "%.2fx  seed %d: %s%n", ratio, seed, yaml.replace('\n', ' '));
            }
        }
        Collections.sort(ratios);
        int n = ratios.size();
        System.out.printf(Locale.ROOT, "%d scenarios (seeds %d..%d): %d feasible, %d that neither the loop nor the "
                        + "search meets, %d infeasible where the search finds a layout, %d feasible over a limit; %.0f s%n",
                cases, first, first + cases - 1, feasible, neither, falselyInfeasible, overLimit,
                (System.nanoTime() - start) / 1e9);
        if (n > 0) {
            long within = ratios.stream().filter(r -> r <= SearchCheck.FINDING_RATIO).count();
            System.out.printf(Locale.ROOT, "%s: median %.3f, p90 %.3f, max %.3f; "
                    + "within 1.05x: %d of %d%n", measure, ratios.get(n / 2), ratios.get((int) (n * 0.9)), ratios.get(n - 1),
                    within, n);
        }
        if (objective == Objective.COST) {
            System.out.printf(Locale.ROOT, "cost objective dearer than the default objective's: %d of %d%n", dearer,
                    feasible);
        }
        System.exit(overLimit > 0 || dearer > 0 ? 1 : 0);
    }
}
