package dev.turbulence.resilience4j;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls a {@link Load} at its rate on threads of its own until stopped; counts calls and failures, but not
 * a call that the stop interrupted.
 */
final class LoadDriver {

    private final Load load;
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    final LongAdder calls = new LongAdder();
    final LongAdder failures = new LongAdder();

    LoadDriver(Load load) {
        this.load = load;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(load.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "turbulence-load-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void start(ScheduledExecutorService ticker) {
        long interval = Math.max(1, Math.round(1e9 / load.callsPerSecond()));
        ticker.scheduleAtFixedRate(this::tick, 0, interval, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        if (inFlight.incrementAndGet() > load.concurrency()) {
            inFlight.decrementAndGet();
            return;
        }
        try {
            workers.execute(this::call);
        } catch (RuntimeException rejectedAfterStop) {
            inFlight.decrementAndGet();
        }
    }

    private void call() {
        try {
            load.call().call();
            calls.increment();
        } catch (InterruptedException stopped) {
            // the load stopped while the call ran: no outcome to count
            Thread.currentThread().interrupt();
        } catch (Exception failure) {
            // a failed call is what the experiment provokes: counted, never propagated
            calls.increment();
            failures.increment();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Stops calling; calls in flight are interrupted and waited for briefly. */
    void stop() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }
}
