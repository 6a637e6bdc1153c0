package dev.turbulence.stress;

import java.time.Duration;
import java.util.List;

/**
 * A load the process puts on itself — disk, heap, CPU or an executor's threads — worked on its own daemon
 * threads, never on a caller's. Created by {@link Stressors}, started once, stopped once; stopping gives back
 * everything it holds. Thread-safe.
 */
public interface Stressor {

    /**
     * Starts working on its own daemon thread and returns at once.
     *
     * @throws IllegalStateException when it was started before
     */
    default void start() {
        startAfter(List.of());
    }

    /**
     * Like {@link #start()}, but its thread first waits (up to 10 seconds each) until every one of
     * {@code predecessors} has stopped, so that it never works while a stressor it replaces still holds what
     * it took.
     *
     * @throws IllegalStateException when it was started before
     */
    void startAfter(List<Stressor> predecessors);

    /**
     * Asks it to stop and give back everything it holds, and returns at once; the giving back happens promptly
     * on its own thread. Only the first call counts.
     */
    void stop(String reason);

    /** Waits until it has stopped and given back what it could; returns whether it did within {@code timeout}. */
    boolean awaitStopped(Duration timeout) throws InterruptedException;

    /** What it holds now: bytes for disk and heap, threads for CPU and executors. */
    long held();

    /** A step in a stressor's life, published to its {@link Listener}. */
    enum State {
        /** It started working towards its target. */
        STARTED,
        /** It holds its target. */
        REACHED,
        /** It holds less than its target and will not grow, because the system refused more. */
        LIMITED,
        /** It failed; what it held is given back, and {@link #STOPPED} follows. */
        FAILED,
        /** It stopped and gave back everything; always its last state. */
        STOPPED
    }

    /** Told of every state change, on the stressor's own thread. An exception it throws is logged and ignored. */
    @FunctionalInterface
    interface Listener {
        /**
         * @param held what the stressor holds now, as in {@link Stressor#held()}
         * @param detail the target, the reason for stopping or the failure, for people
         */
        void changed(State state, long held, String detail);
    }
}
