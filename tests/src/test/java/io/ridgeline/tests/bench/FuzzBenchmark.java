package io.ridgeline.tests.bench;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.tests.fuzz.ScenarioFuzz;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Runs the hostile-input fuzzer ({@link ScenarioFuzz}) over many seeds, every case through estimate and audit, 1 in
 * 25 through advise and 1 in 100 through search, each answer twice for determinism, and prints what it found:
 * cases, refusals, answers, contract violations (the first five in full) and cases per second. Exits 1 on any
 * violation. Not a test: {@code tests/bench/fuzz.sh [CASES] [FIRST_SEED]}.
 */
public final class FuzzBenchmark {

    private FuzzBenchmark() {
    }

    public static void main(String[] args) {
        long cases = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        long first = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        Path examples = Path.of(System.getProperty("ridgeline.examples", "examples"));
        ScenarioFuzz fuzz = new ScenarioFuzz(Ridgeline.defaults(), examples);
        AtomicLong refused = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong advised = new AtomicLong();
        AtomicLong searched = new AtomicLong();
        AtomicLong broken = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        LongStream.range(first, first + cases).parallel().forEach(seed -> {
            ScenarioFuzz.Case c = fuzz.mutate(seed);
            try {
                String a = fuzz.answer(c, true);
                String b = fuzz.answer(c, false);
                if (!b.equals(a.replaceFirst("\\|(advice|search):.*$", ""))) {
                    throw new AssertionError("not deterministic: " + c.describe());
                }
                (a.startsWith("refused ") ? refused : answered).incrementAndGet();
                if (a.contains("|advice:")) {
                    advised.incrementAndGet();
                }
                if (a.contains("|search:")) {
                    searched.incrementAndGet();
                }
            } catch (AssertionError | RuntimeException e) {
                if (broken.incrementAndGet() <= 5) {
                    System.out.println("VIOLATION " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            long n = done.incrementAndGet();
            if (n % 10_000 == 0) {
                System.err.printf("%,d cases, %.0f s%n", n, (System.nanoTime() - start) / 1e9);
            }
        });
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("cases %,d (seeds %d..%d): refused by field %,d, answered %,d (advised %,d, searched %,d), "
                        + "violations %,d; %.0f s, %.0f cases/s on %d CPUs%n", cases, first, first + cases - 1,
                refused.get(), answered.get(), advised.get(), searched.get(), broken.get(), s, cases / s,
                Runtime.getRuntime().availableProcessors());
        System.exit(broken.get() == 0 ? 0 : 1);
    }
}
