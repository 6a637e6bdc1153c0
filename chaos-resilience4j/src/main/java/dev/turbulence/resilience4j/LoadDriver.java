package dev.turbulence.resilience4j;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls a {@link Load} at its rate on the workers of a {@link Timekeeper} until stopped; counts calls and
 * failures, but not a call that the stop interrupted.
 */
final class LoadDriver {

    private final Load load;
    private final Timekeeper time;
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private Timekeeper.Timer ticks;
    final LongAdder calls = new LongAdder();
    final LongAdder failures = new LongAdder();

    LoadDriver(Load load, Timekeeper time) {
        this.load = load;
        this.time = time;
        this.workers = time.workers(load.concurrency(), "turbulence-load");
    }

    void start() {
        Duration interval = Duration.ofNanos(Math.max(1, Math.round(1e9 / load.callsPerSecond())));
        ticks = time.every(Duration.ZERO, interval, this::tick);
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
        if (ticks != null) {
            ticks.cancel();
        }
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }
}
