package dev.turbulence;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the engine's state events ({@link ChaosEvent.Switched}, {@link ChaosEvent.PlanChanged},
 * {@link ChaosEvent.SourceFailed}) to its listeners in the order they were posted, on one daemon thread, so that
 * no listener ever runs under an engine lock or on the thread that pulled the kill switch. Holds at most
 * {@link #CAPACITY} undelivered events; more are dropped with a warning while a listener is stuck. Thread-safe.
 */
final class EventDispatcher {

    /** The most events waiting for delivery. */
    static final int CAPACITY = 10_000;

    /** How long a caller waits behind one event that its listeners are still busy with. */
    static final long PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

    private final List<ChaosListener> listeners;
    private final ArrayDeque<Posted> queue = new ArrayDeque<>();
    private final Thread thread;
    private long posted;
    private long delivered;

    private boolean closed;
    private boolean dropping;

    EventDispatcher(List<ChaosListener> listeners) {
        this.listeners = listeners;
        this.thread = new Thread(this::run, "turbulence-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code event} for delivery; never blocks and never calls a listener. */
    synchronized void post(ChaosEvent event) {
        if (closed) {
            return;
        }
        if (queue.size() >= CAPACITY) {
            if (!dropping) {
                dropping = true;
                LOG.log(
                        System.Logger.Level.WARNING,
                        "A chaos listener has been busy for long; dropping events until it returns: " + event);
            }
            return;
        }
        dropping = false;
        queue.add(new Posted(event, listeners.toArray(ChaosListener[]::new)));
        posted++;
        notifyAll();
    }

    /**
     * Waits until the listeners have seen every event posted so far, so that a caller sees the events it caused
     * delivered when it returns. Waits {@link #PATIENCE_NANOS} at most in all, returns at once on the delivering
     * thread itself, and on interrupt (setting the flag again).
     */
    void awaitDelivered() {
        if (Thread.currentThread() == thread) {
            return;
        }
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        synchronized (this) {
            long target = posted;
            while (delivered < target && thread.isAlive()) {
                if (System.nanoTime() - deadline > 0) {
                    return;
                }
                try {
                    wait(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Delivers what is queued, then ends the thread; later events are dropped. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    private void run() {
        while (true) {
            Posted next;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
                next = queue.poll();
                if (next == null) {
                    return;
                }
            }
            ChaosEvent event = next.event();
            for (ChaosListener listener : next.listeners()) {
                try {
                    listener.onEvent(event);
                } catch (Throwable failure) {
                    LOG.log(System.Logger.Level.WARNING, "Chaos listener " + listener + " failed on " + event, failure);
                }
            }
            synchronized (this) {
                delivered++;
                notifyAll();
            }
        }
    }

    /** An event with the listeners registered when it was posted: a listener added later never sees it. */
    private record Posted(ChaosEvent event, ChaosListener[] listeners) {}
}
