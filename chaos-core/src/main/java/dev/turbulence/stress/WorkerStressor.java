package dev.turbulence.stress;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A stressor driven by one daemon worker thread: work towards the target, hold it until asked to stop, give back. */
abstract class WorkerStressor implements Stressor {

    private static final System.Logger LOG = System.getLogger(Stressor.class.getName());
    private static final Duration PREDECESSOR_WAIT = Duration.ofSeconds(10);

    private final String threadName;
    private final Listener listener;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    WorkerStressor(String threadName, Listener listener) {
        this.threadName = threadName;
        this.listener = listener;
    }

    /** What it works towards, for people. */
    abstract String target();

    /** Reaches the target and holds it until {@link #stopping()}; runs on the worker thread. */
    abstract void work() throws Exception;

    /** Gives back everything held; runs on the worker thread after {@link #work()}, even when it failed. */
    abstract void release() throws Exception;

    @Override
    public final void startAfter(List<Stressor> predecessors) {
        List<Stressor> waitFor = List.copyOf(predecessors);
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(threadName + " was started before");
        }
        Thread worker = new Thread(() -> run(waitFor), threadName);
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public final void stop(String reason) {
        if (stopReason.compareAndSet(null, reason)) {
            stopRequested.countDown();
        }
    }

    @Override
    public final boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    final boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    /** Waits until asked to stop, or until this thread is interrupted. */
    final void awaitStop() {
        awaitStop(Long.MAX_VALUE);
    }

    /** Waits up to {@code nanos} for a stop request; returns whether one came (or this thread was interrupted). */
    final boolean awaitStop(long nanos) {
        try {
            return stopRequested.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    final void publish(State state, long held, String detail) {
        try {
            listener.changed(state, held, detail);
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, "Stressor listener failed on " + state + " of " + threadName, failure);
        }
    }

    private void run(List<Stressor> predecessors) {
        try {
            String failure = null;
            try {
                for (Stressor predecessor : predecessors) {
                    predecessor.awaitStopped(PREDECESSOR_WAIT);
                }
                publish(State.STARTED, held(), target());
                work();
            } catch (Exception | OutOfMemoryError e) {
                failure = e.toString();
            }
            try {
                release();
            } catch (Exception e) {
                failure = (failure == null ? "" : failure + "; ") + "could not give back everything: " + e;
            }
            if (failure != null) {
                publish(State.FAILED, held(), failure);
            }
            String reason = stopReason.get();
            publish(State.STOPPED, held(), reason != null ? reason : failure != null ? "failed" : "interrupted");
        } finally {
            stopped.countDown();
        }
    }
}
