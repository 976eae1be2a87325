package io.ridgeline.tests.bench;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.engine.advisor.Advice;
import io.ridgeline.facts.Scenario;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bills per second (inference and training estimates, and the numeric serving bill the search uses), searches and
 * warm advise calls per second. Run by
 * tests/bench/jmh.sh, never by the test suite; it prints JMH's throughput table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdvisorBenchmark {

    private Ridgeline ridgeline;
    private Scenario inference;
    private Scenario training;
    private Scenario fleet;
    /** Every shipped serving example, for the numeric bill across designs of every kind. */
    private Scenario[] servingExamples;
    private int next;

    @Setup
    public void setUp() {
        ridgeline = Ridgeline.defaults();
        Path examples = Path.of(System.getProperty("ridgeline.examples", "examples"));
        inference = ridgeline.load(examples.resolve("single-replica.yaml"));
        fleet = ridgeline.load(examples.resolve("fleet.yaml"));
        try (var files = java.nio.file.Files.list(examples)) {
            servingExamples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(ridgeline::load)
                    .filter(sc -> sc.inference() != null).toArray(Scenario[]::new);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        training = ridgeline.parse("""
                kind: training
                model: llama-3.1-70b
                hardware: {gpu: h100-sxm, gpus_per_node: 8, nodes: 8}
                workload: {tokens: 1.5e12, seq_len: 8192, global_batch_tokens: 4194304}
                design: {tp: 8, pp: 2, dp: 4, zero_stage: 1, micro_batch: 1}
                """, "training-70b");
    }

    @Benchmark
    public Object inferenceEstimate() {
        return ridgeline.estimate(inference);
    }

    /** The bill without its working, as the search and the loop's projections compute it. */
    @Benchmark
    public Object numericInferenceBill() {
        return InferenceEstimator.numeric(inference);
    }

    /** The numeric bill of each shipped serving example in turn: bills per second across kinds of design. */
    @Benchmark
    public Object numericInferenceBillAllExamples() {
        Scenario s = servingExamples[next];
        next = next + 1 == servingExamples.length ? 0 : next + 1;
        return InferenceEstimator.numeric(s);
    }

    @Benchmark
    public Object searchFleet() {
        return ridgeline.search(fleet, 10);
    }

    @Benchmark
    public Object trainingEstimate() {
        return ridgeline.estimate(training);
    }

    @Benchmark
    public Advice adviseFleet() {
        return ridgeline.advise(fleet);
    }
}
