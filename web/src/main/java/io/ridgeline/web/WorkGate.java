package io.ridgeline.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the work the API takes on at once. At most {@code running} requests compute (an advice, an audit, a bill,
 * a search) at a time and at most {@code waiting} more wait for a turn, each for at most {@code waitMs}; a request
 * beyond that, or one whose wait runs out, is answered 503 with {@code Retry-After} at once, so that an overloaded
 * server sheds load instead of queueing without end. Pages, catalogs and the rule list are not gated and stay fast
 * while advice is queued.
 */
final class WorkGate {

    /** Seconds a client is asked to wait before it tries again. */
    static final int RETRY_AFTER_S = 2;

    private final Semaphore turns;
    private final int running;
    private final int waiting;
    private final long waitMs;
    private final long budgetMs;
    private final AtomicInteger queued = new AtomicInteger();

    WorkGate(int running, int waiting, long waitMs) {
        this(running, waiting, waitMs, DEFAULT_BUDGET_MS);
    }

    /** The time a request may compute before it is stopped, ms. */
    static final long DEFAULT_BUDGET_MS = 60_000;

    WorkGate(int running, int waiting, long waitMs, long budgetMs) {
        if (running < 1 || waiting < 0 || waitMs < 0 || budgetMs < 1) {
            throw new IllegalArgumentException("running >= 1, waiting >= 0, waitMs >= 0 and budgetMs >= 1, got "
                    + running + ", " + waiting + ", " + waitMs + ", " + budgetMs);
        }
        this.turns = new Semaphore(running, true);
        this.running = running;
        this.waiting = waiting;
        this.waitMs = waitMs;
        this.budgetMs = budgetMs;
    }

    /** The requests the gate holds at most: those computing and those waiting for a turn. */
    int capacity() {
        return running + waiting;
    }

    /** The gate for this machine: two computing per core, four waiting per core, 10 s of waiting at most. */
    static WorkGate forThisMachine() {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new WorkGate(2 * cores, 4 * cores, 10_000);
    }

    /** The handler run only when the gate gives it a turn. */
    Handler guard(Handler work) {
        return ctx -> {
            ctx.bodyAsBytes(); // the body is read (at most 1 MB) before a turn is taken: a slow upload holds none
            boolean entered;
            try {
                entered = enter();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                entered = false;
            }
            if (!entered) {
                busy(ctx);
                return;
            }
            try {
                // the work's own budget: a request that runs past it stops and answers 503 with the reason
                io.ridgeline.engine.TimeBudget.within(budgetMs, () -> {
                    try {
                        work.handle(ctx);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return null;
                });
            } catch (io.ridgeline.engine.TimeBudget.Exceeded over) {
                ctx.status(503).header("Retry-After", String.valueOf(RETRY_AFTER_S)).json(Api.error(
                        "the request ran past its time budget of " + budgetMs / 1000.0 + " s and was stopped; "
                                + "a smaller scenario (fewer GPUs, models or alternatives to search) answers sooner",
                        null));
            } finally {
                leave();
            }
        };
    }

    /** Takes a turn: at once when one is free, else after waiting in a bounded line; false when there is none. */
    boolean enter() throws InterruptedException {
        if (turns.tryAcquire(0, TimeUnit.MILLISECONDS)) { // honours the line, unlike tryAcquire()
            return true;
        }
        if (queued.incrementAndGet() > waiting) {
            queued.decrementAndGet();
            return false;
        }
        try {
            return turns.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
        } finally {
            queued.decrementAndGet();
        }
    }

    /** Gives back a turn taken with {@link #enter}. */
    void leave() {
        turns.release();
    }

    private static void busy(Context ctx) {
        ctx.status(503).header("Retry-After", String.valueOf(RETRY_AFTER_S)).json(Api.error("the server is busy "
                + "with other requests; try again in " + RETRY_AFTER_S + " s", null));
    }
}
