package dev.turbulence.stress;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Submits {@code threads} tasks to an application's executor, each holding its thread until stopped; tasks
 * still queued when it stops return at once when they run. Submitting happens on the worker thread.
 */
final class ThreadOccupier extends WorkerStressor {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long RELEASE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Executor executor;
    private final int threads;
    private final AtomicInteger occupied = new AtomicInteger();

    ThreadOccupier(String name, Executor executor, int threads, Listener listener) {
        super("turbulence-thread-exhaustion-" + name, listener);
        this.executor = executor;
        this.threads = threads;
    }

    @Override
    String target() {
        return "occupy " + threads + " threads of " + executor;
    }

    @Override
    void work() {
        for (int i = 0; i < threads && !stopping(); i++) {
            try {
                executor.execute(this::occupy);
            } catch (RuntimeException rejected) { // RejectedExecutionException, or a bulkhead's own "full" exception
                publish(
                        State.LIMITED,
                        occupied.get(),
                        "the executor took " + i + " of " + threads + " tasks: " + rejected);
                awaitStop();
                return;
            }
        }
        while (occupied.get() < threads && !stopping()) {
            awaitStop(POLL_NANOS);
        }
        if (!stopping()) {
            publish(State.REACHED, occupied.get(), "occupies " + occupied.get() + " threads");
        }
        awaitStop();
    }

    private void occupy() {
        if (stopping()) {
            return;
        }
        occupied.incrementAndGet();
        try {
            awaitStop();
        } finally {
            occupied.decrementAndGet();
        }
    }

    /** The occupying tasks leave as soon as the stop is requested; wait (bounded) until they have. */
    @Override
    void release() {
        long deadline = System.nanoTime() + RELEASE_NANOS;
        while (occupied.get() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    @Override
    public long held() {
        return occupied.get();
    }
}
