package dev.turbulence.resilience4j;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;

/**
 * The time an {@link ExperimentRunner} and an {@link AlarmMonitor} keep: the clock their reports, datapoints and
 * deadlines read, the timers of timeline samples, load and alarm periods, and the waits of a run's phases and
 * probes.
 *
 * <p>{@link #system()} keeps real time. A {@link VirtualTime} moves only while a run waits on it (or a test
 * advances it): its timers fire in the order of their due times, on the waiting thread, so a run is
 * deterministic and takes milliseconds whatever the machine's speed.
 *
 * <p>Implementations are thread-safe.
 */
public sealed interface Timekeeper permits SystemTime, VirtualTime {

    /** Real time: the system UTC clock, timers on a shared daemon thread, load calls on threads of their own. */
    static Timekeeper system() {
        return SystemTime.INSTANCE;
    }

    /** The clock every time stamp and deadline of a run is read from. */
    Clock clock();

    /**
     * Runs {@code task} every {@code period}, the first time after {@code firstAfter}, until the returned timer is
     * cancelled. A task that throws is logged and not run again.
     */
    Timer every(Duration firstAfter, Duration period, Runnable task);

    /**
     * Waits until {@code done} holds or {@code timeout} has passed, whichever comes first.
     *
     * @return whether {@code done} holds
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException;

    /** Tells waiters that a condition may have changed, so that real time re-checks at once. */
    void wake();

    /**
     * The executor of a load's calls: {@code threads} threads of their own in real time; in virtual time the
     * thread that moves the time, one call at a time.
     */
    ExecutorService workers(int threads, String name);

    /** A repeating task of a {@link Timekeeper}. */
    interface Timer {
        /** Stops the timer: once this returns, its task is not running and never runs again. Idempotent. */
        void cancel();
    }
}
