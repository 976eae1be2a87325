package io.ridgeline.engine;

/**
 * A time budget for the work of one request on this thread: a server sets it around a request, and the long loops
 * (the design loop's iterations, the searches' candidates, a closed loop's steps) call {@link #check()}, which
 * throws {@link Exceeded} once the budget is spent, so an expensive request stops and gives its turn back instead
 * of running on. Without a budget (the command line) a check does nothing.
 */
public final class TimeBudget {

    private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

    private TimeBudget() {
    }

    /** The work ran past its budget. */
    public static final class Exceeded extends RuntimeException {
        private final long budgetMs;

        Exceeded(long budgetMs) {
            super("the request ran past its time budget of " + budgetMs + " ms", null, false, false);
            this.budgetMs = budgetMs;
        }

        /** The budget that was spent, ms. */
        public long budgetMs() {
            return budgetMs;
        }
    }

    /** Runs {@code work} on this thread within {@code budgetMs} milliseconds of wall time. */
    public static <T> T within(long budgetMs, java.util.function.Supplier<T> work) {
        long[] previous = DEADLINE.get();
        DEADLINE.set(new long[] {System.nanoTime() + budgetMs * 1_000_000L, budgetMs});
        try {
            return work.get();
        } finally {
            if (previous == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(previous);
            }
        }
    }

    /** Throws {@link Exceeded} when this thread's budget is spent; nothing without one. */
    public static void check() {
        long[] d = DEADLINE.get();
        if (d != null && System.nanoTime() - d[0] > 0) {
            throw new Exceeded(d[1]);
        }
    }
}
