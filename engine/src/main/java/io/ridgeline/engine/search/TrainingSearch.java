package io.ridgeline.engine.search;

import io.ridgeline.engine.arithmetic.training.DataPlane;
import io.ridgeline.engine.arithmetic.training.StepTime;
import io.ridgeline.engine.estimate.TrainingEstimator;
import io.ridgeline.facts.Design;
import io.ridgeline.facts.ModelArchitecture;
import io.ridgeline.facts.NumericFormat;
import io.ridgeline.facts.Objective;
import io.ridgeline.facts.Scenario;
import io.ridgeline.facts.TrainingEstimate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The pretraining layouts the scenario's cluster allows, enumerated and priced by the bill: tp (powers of two up to
 * the node, dividing the attention heads) x pp (powers of two up to {@value #MAX_PP}, at most the layers) x cp
 * (powers of two while a GPU keeps 1,024 tokens of each sequence, up to {@value #MAX_CP}) x ep (an MoE model's
 * powers of two up to its experts, within tp x dp) x virtual stages per pipeline stage (interleaved 1F1B: 1, 2, 4,
 * at most the stage's layers; with one chunk a stage, the zero-bubble and DualPipe schedules too) x dp (every GPU the cluster and the budget's GPU cap give, or
 * half or a quarter of them: the critical batch can leave GPUs idle) x ZeRO 0-3 x micro-batch 1, 2, 4, 8 x
 * recomputation none, selective, full x the matrix products in bf16, or fp8 where the GPU has it and the preferences
 * accept it. A layout is kept when its bill is over no limit (memory, the critical batch, the deadline, the budget);
 * the best is the one best by the scenario's objective: by default the fewest days (then the lower cost, then fewer
 * GPUs), under {@code objective: cost} the lowest cost (then the fewer days). Bubble and exposed communication
 * are in each bill's days, not limits of their own. The yardstick the pretraining loop is checked against, never
 * its answer.
 */
public final class TrainingSearch {

    /** Deepest pipeline the search tries. */
    public static final int MAX_PP = 64;
    /** Widest context-parallel group the search tries. */
    public static final int MAX_CP = 64;
    /** Most model chunks per pipeline stage the search tries (interleaved 1F1B). */
    public static final int MAX_VIRTUAL_STAGES = 4;
    /** Tokens of a sequence a GPU keeps at least under context parallelism. */
    public static final int MIN_TOKENS_PER_CP_RANK = 1024;

    /** One layout the search priced and its bill. */
    public record Candidate(String model, String gpu, Design design, TrainingEstimate estimate) {
    }

    /**
     * @param best       the feasible layout best by the scenario's objective (the fewest days by default; see
     *                   {@link SearchRanking#training}), or null
     * @param frontier   Pareto points over days against the run's cost among the feasible layouts billed, fastest
     *                   first
     * @param top        the N feasible layouts best by the objective
     * @param evaluated  bills computed
     * @param feasible   billed layouts over no limit
     * @param rejectedBy for the others, what put them over: {memory_capacity | critical_batch | deadline | budget:
     *                   count}, and slower_than_the_best_by_bound (or dearer_than_the_best_by_bound, ranked by
     *                   cost) for the layouts whose lower bound passed the N-th best bill (they are not billed)
     * @param elapsedMs  wall-clock time of the search
     * @param objective  what the layouts are ranked by
     * @param unmet      the N billed layouts best by the objective that fit in memory but are over another limit
     * @param pareto     with {@code front}: the layouts that fit in memory and no other beats or equals on both the
     *                   run's cost and its days, over a limit or not, cheapest first, at most
     *                   {@value SearchRanking#MAX_PARETO_POINTS} spread along it; empty without
     */
    public record Result(Candidate best, List<Candidate> frontier, List<Candidate> top, long evaluated, int feasible,
                         Map<String, Integer> rejectedBy, long elapsedMs, Objective objective, List<Candidate> unmet,
                         List<Candidate> pareto) {
    }

    public Result search(Scenario s, int topN) {
        return search(s, topN, false);
    }

    /**
     * The scenario with its data loader as fed as the data-plane changes can make it for its layout (lesson 08):
     * short documents packed (no padding), the loader's position in the checkpoint, and a text corpus either
     * tokenized once into token ids or left as text with a worker on every core, whichever delivers more tokens/s at
     * the layout's GPUs (ids are wider than text when the text takes fewer bytes a token than an id). Every layout is
     * billed so: the search's fastest is what the whole design space reaches, data plane included, and a loop that
     * leaves a stalling loader or padding in place is measured against it.
     */
    public static Scenario fedAtBest(Scenario s) {
        io.ridgeline.facts.DataFeed f = s.training().data();
        io.ridgeline.facts.DataFeed best = f.withPacking(true).withResumable(true);
        if (f.tokenizes()) {
            io.ridgeline.facts.DataFeed text = best.withWorkersPerGpu(Math.max(f.workersPerGpu(), f.cpuCoresPerGpu()));
            io.ridgeline.facts.DataFeed ids = best.withFormat("token_ids");
            int vocab = s.model().vocabSize();
            int gpus = gpus(s.design());
            best = DataPlane.supplyTokensPerS(ids, vocab, gpus) >= DataPlane.supplyTokensPerS(text, vocab, gpus) ? ids
                    : text;
        }
        return best.equals(f) ? s : s.withTraining(s.training().withData(best));
    }

    /**
     * The search; with {@code front} also the Pareto front of cost against days over every layout that fits in
     * memory. That pass visits the layouts by the lower bound of their days and bills one only when no point found
     * yet is as fast and as cheap as its bounds (the cost's bound is its GPUs x the days' bound x the price), so it
     * bills no more than the front needs.
     */
    public Result search(Scenario given, int topN, boolean front) {
        long t0 = System.nanoTime();
        Scenario s = given;
        long evaluated = 0;
        Objective objective = s.objective();
        boolean byCost = objective == Objective.COST;
        double price = s.cluster().gpu().usdPerGpuHour();
        Map<String, Integer> rejected = new TreeMap<>();
        List<Candidate> feasible = new ArrayList<>();
        List<Candidate> unmet = new ArrayList<>();
        ModelArchitecture m = s.model();
        // visited by the lower bound of their objective's measure (days, or the cost those days bill): once it
        // passes the N-th best feasible bill, no later layout can enter the top N (the bound leaves out only the
        // bill's non-negative communication)
        List<Scenario> fitting = new ArrayList<>();
        for (Design d : layouts(s)) {
            Scenario sc = fedAtBest(s.withDesign(d));
            if (TrainingEstimator.fitsInMemory(sc)) {
                fitting.add(sc);
            } else {
                rejected.merge("memory_capacity", 1, Integer::sum);
            }
        }
        double[] daysBound = new double[fitting.size()];
        double[] costBound = new double[fitting.size()];
        Integer[] order = new Integer[fitting.size()];
        for (int i = 0; i < daysBound.length; i++) {
            daysBound[i] = TrainingEstimator.lowerBoundDays(fitting.get(i));
            costBound[i] = StepTime.costUsd(gpus(fitting.get(i).design()), daysBound[i], price);
            order[i] = i;
        }
        double[] bound = byCost ? costBound : daysBound;
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> bound[i]));
        Comparator<Candidate> rank = SearchRanking.training(objective);
        ToDoubleFunction<Candidate> measure = byCost ? c -> c.estimate().costUsd() : c -> c.estimate().trainingDays();
        Map<Integer, TrainingEstimate> billed = new HashMap<>();
        double nth = Double.POSITIVE_INFINITY;
        java.util.PriorityQueue<Double> best = new java.util.PriorityQueue<>(Comparator.reverseOrder());
        int pruned = 0;
        int needed = Math.max(1, topN);
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            Scenario sc = fitting.get(i);
            Design d = sc.design();
            if (feasible.size() >= needed && bound[i] > nth) {
                pruned = order.length - k;
                break;
            }
            if (s.budget().deadlineDays() > 0 && daysBound[i] > s.budget().deadlineDays()) {
                if (!byCost) {
                    // this and every later layout is past the deadline before any communication
                    rejected.merge("deadline", order.length - k, Integer::sum);
                    break;
                }
                rejected.merge("deadline", 1, Integer::sum);
                continue;
            }
            io.ridgeline.engine.TimeBudget.check();
            TrainingEstimate e = TrainingEstimator.estimate(sc);
            evaluated++;
            billed.put(i, e);
            Candidate c = new Candidate(m.id(), s.cluster().gpu().id(), d, e);
            if (!e.overLimits().isEmpty()) {
                rejected.merge(limit(e.overLimits().get(0)), 1, Integer::sum);
                unmet.add(c);
                continue;
            }
            feasible.add(c);
            // the N best measures so far, the worst on top: past N feasible bills, a layout whose bound passes the
            // N-th best cannot enter the top N
            best.add(measure.applyAsDouble(c));
            if (best.size() > needed) {
                best.poll();
            }
            nth = best.size() == needed ? best.peek() : Double.POSITIVE_INFINITY;
        }
        if (pruned > 0) {
            rejected.merge(byCost ? "dearer_than_the_best_by_bound" : "slower_than_the_best_by_bound", pruned,
                    Integer::sum);
        }
        Comparator<Candidate> fastest = Comparator.comparingDouble((Candidate c) -> c.estimate().trainingDays())
                .thenComparingDouble(c -> c.estimate().costUsd())
                .thenComparingInt(c -> c.estimate().totalGpus());
        feasible.sort(fastest);
        List<Candidate> frontier = new ArrayList<>();
        double cheapest = Double.POSITIVE_INFINITY;
        for (Candidate c : feasible) {
            if (c.estimate().costUsd() < cheapest - 1e-9) {
                frontier.add(c);
                cheapest = c.estimate().costUsd();
            }
        }
        List<Candidate> pareto = List.of();
        if (front) {
            long[] count = {evaluated};
            pareto = pareto(s, fitting, daysBound, costBound, billed, count);
            evaluated = count[0];
        }
        feasible.sort(rank);
        unmet.sort(rank);
        List<Candidate> top = feasible.subList(0, Math.min(needed, feasible.size()));
        return new Result(feasible.isEmpty() ? null : feasible.get(0), List.copyOf(frontier), List.copyOf(top),
                evaluated, feasible.size(), rejected, (System.nanoTime() - t0) / 1_000_000, objective,
                List.copyOf(unmet.subList(0, Math.min(needed, unmet.size()))), pareto);
    }

    /**
     * The front of cost against days over every layout that fits in memory, by the lower bounds: fastest bound
     * first, a layout is billed (or its bill from the first pass reused) only when no point found yet has days and
     * cost at or under its bounds, since its bill can only be at or over them.
     */
    private static List<Candidate> pareto(Scenario s, List<Scenario> fitting, double[] daysBound, double[] costBound,
                                          Map<Integer, TrainingEstimate> billed, long[] evaluated) {
        Integer[] order = new Integer[fitting.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> daysBound[i])
                .thenComparingDouble(i -> costBound[i]));
        List<Candidate> points = new ArrayList<>();
        for (int i : order) {
            if (reached(points, daysBound[i], costBound[i])) {
                continue;
            }
            io.ridgeline.engine.TimeBudget.check();
            TrainingEstimate e = billed.get(i);
            if (e == null) {
                e = TrainingEstimator.estimate(fitting.get(i));
                evaluated[0]++;
            }
            if (reached(points, e.trainingDays(), e.costUsd())) {
                continue;
            }
            TrainingEstimate bill = e;
            points.removeIf(p -> p.estimate().trainingDays() >= bill.trainingDays()
                    && p.estimate().costUsd() >= bill.costUsd());
            points.add(new Candidate(s.model().id(), s.cluster().gpu().id(), fitting.get(i).design(), e));
        }
        return SearchRanking.front(points, c -> c.estimate().costUsd(), c -> c.estimate().trainingDays(),
                SearchRanking.training(Objective.COST));
    }

    /** Whether a point found has days and cost at or under these. */
    private static boolean reached(List<Candidate> points, double days, double cost) {
        for (Candidate p : points) {
            if (p.estimate().trainingDays() <= days && p.estimate().costUsd() <= cost) {
                return true;
            }
        }
        return false;
    }

    /** The GPUs a layout trains on: tp x pp x cp x dp (the experts' groups lie within them). */
    static int gpus(Design d) {
        return d.tp() * d.pp() * d.cp() * d.dp();
    }

    /** What a bill's first over-limit line is about. */
    static String limit(String overLimit) {
        if (overLimit.startsWith("training state")) {
            return "memory_capacity";
        }
        if (overLimit.contains("critical-batch")) {
            return "critical_batch";
        }
        if (overLimit.contains("deadline")) {
            return "deadline";
        }
        return "budget";
    }

    /** Every layout of the space, the scenario's other design choices kept. */
    static List<Design> layouts(Scenario s) {
        ModelArchitecture m = s.model();
        int gpus = s.cluster().totalGpus();
        if (s.budget().maxGpus() > 0) {
            gpus = Math.min(gpus, s.budget().maxGpus());
        }
        int perNode = s.cluster().gpusPerNode();
        int seq = s.training().seqLen();
        List<NumericFormat> formats = new ArrayList<>(List.of(NumericFormat.BF16));
        if (s.cluster().gpu().peakFor(NumericFormat.FP8).isPresent() && s.preferences().accepts(NumericFormat.FP8)) {
            formats.add(NumericFormat.FP8);
        }
        List<Integer> eps = new ArrayList<>(List.of(1));
        if (m.isMoe()) {
            for (int ep = 2; ep <= Math.min(m.moe().routedExperts(), gpus); ep *= 2) {
                if (m.moe().routedExperts() % ep == 0) {
                    eps.add(ep);
                }
            }
        }
        Design base = s.design();
        List<Design> out = new ArrayList<>();
        for (int tp = 1; tp <= perNode; tp *= 2) {
            if (m.attentionHeads() % tp != 0) {
                continue;
            }
            for (int pp = 1; pp <= Math.min(MAX_PP, m.layers()); pp *= 2) {
                for (int cp = 1; cp <= MAX_CP && seq / cp >= MIN_TOKENS_PER_CP_RANK; cp *= 2) {
                    int most = gpus / (tp * pp * cp);
                    if (most < 1) {
                        continue;
                    }
                    Set<Integer> dps = new LinkedHashSet<>(List.of(most, Math.max(1, most / 2),
                            Math.max(1, most / 4)));
                    for (int dp : dps) {
                        for (int ep : eps) {
                            if (ep > tp * dp) {
                                continue;
                            }
                            for (NumericFormat fmt : formats) {
                                for (int zero = 0; zero <= 3; zero++) {
                                    for (int micro = 1; micro <= 8; micro *= 2) {
                                        if ((double) dp * micro * seq > s.training().globalBatchTokens() && micro > 1) {
                                            continue;
                                        }
                                        for (String rec : List.of("none", "selective", "full")) {
                                            int stageLayers = (m.layers() + pp - 1) / pp;
                                            for (int v = 1; v <= (pp == 1 ? 1 : Math.min(MAX_VIRTUAL_STAGES,
                                                    stageLayers)); v *= 2) {
                                                Design layout = base.withParallelism(tp, pp, dp, ep, cp)
                                                        .withZeroStage(zero).withMicroBatch(micro)
                                                        .withFormats(base.weights(), fmt, base.kvCache())
                                                        .withStepKernels(rec.equals("selective"),
                                                                base.sequenceParallel(), base.flashAttention())
                                                        .withRecompute(rec.equals("full")).withVirtualStages(v)
                                                        .withPipelineSchedule("1f1b");
                                                out.add(layout);
                                                // one chunk a stage: the zero-bubble and DualPipe schedules too
                                                if (pp > 1 && v == 1) {
                                                    out.add(layout.withPipelineSchedule("zero_bubble"));
                                                    out.add(layout.withPipelineSchedule("dualpipe"));
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
