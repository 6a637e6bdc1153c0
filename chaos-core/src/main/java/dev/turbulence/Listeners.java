package dev.turbulence;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The engine's listeners. The events of a call or a stressor are {@linkplain #emit delivered} at once on the thread
 * they happen on. The engine's state events ({@link ChaosEvent.Switched}, {@link ChaosEvent.PlanChanged},
 * {@link ChaosEvent.SourceFailed}) are {@linkplain #post posted} and delivered in the order they were posted, so
 * that no listener ever runs under an engine lock or on the thread that pulled the kill switch. Each listener has its own
 * mailbox and daemon thread: a listener that is stuck delays only its own events, never another listener's (the
 * engine's metrics clean-up among them). A mailbox holds at most {@link #CAPACITY} undelivered events; more are dropped
 * for that listener with a warning while it is stuck. A listener sees only events posted after it was added.
 * Thread-safe.
 */
final class Listeners {

    /** The most events waiting for delivery to one listener. */
    static final int CAPACITY = 10_000;

    /** How long a caller waits in all for the listeners to see the events it caused. */
    static final long PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

    private final List<ChaosListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<ChaosListener, Mailbox> mailboxes = new IdentityHashMap<>();
    private boolean closed;

    /** Adds {@code listener} with a mailbox of its own; it sees the events emitted and posted from now on. */
    synchronized void add(ChaosListener listener) {
        listeners.add(listener);
        if (!closed) {
            mailboxes.computeIfAbsent(listener, Mailbox::new);
        }
    }

    /** Removes {@code listener}; its mailbox ends once it delivered what it holds. */
    synchronized void remove(ChaosListener listener) {
        listeners.remove(listener);
        Mailbox mailbox = mailboxes.remove(listener);
        if (mailbox != null) {
            mailbox.close();
        }
    }

    /**
     * Delivers {@code event} to every listener on this thread at once: for the events of a call or a stressor's
     * own thread. A listener's failure, even an {@link Error}, is logged and reaches neither the application's
     * call nor a stressor's timer.
     */
    void emit(ChaosEvent event) {
        for (ChaosListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (Throwable failure) {
                LOG.log(System.Logger.Level.WARNING, "Chaos listener " + listener + " failed on " + event, failure);
            }
        }
    }

    /** Queues {@code event} for every listener's mailbox; never blocks and never calls a listener. */
    synchronized void post(ChaosEvent event) {
        if (!closed) {
            mailboxes.values().forEach(mailbox -> mailbox.post(event));
        }
    }

    /**
     * Waits until the listeners have seen every event posted so far, so that a caller sees the events it caused
     * delivered when it returns. Waits {@link #PATIENCE_NANOS} at most in all, whatever the listeners do; never
     * waits for the mailbox whose thread calls it; returns at once on interrupt (setting the flag again).
     */
    void awaitDelivered() {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        Mailbox[] current;
        synchronized (this) {
            current = mailboxes.values().toArray(Mailbox[]::new);
        }
        for (Mailbox mailbox : current) {
            if (!mailbox.awaitDelivered(deadline)) {
                return;
            }
        }
    }

    /** Delivers what is queued, then ends every mailbox; later events are dropped. */
    synchronized void close() {
        closed = true;
        mailboxes.values().forEach(Mailbox::close);
        mailboxes.clear();
    }

    /** One listener's queue and the daemon thread that delivers it. */
    private static final class Mailbox {

        private final ChaosListener listener;
        private final ArrayDeque<ChaosEvent> queue = new ArrayDeque<>();
        private final Thread thread;
        private long posted;
        private long delivered;
        private boolean closed;
        private boolean dropping;

        Mailbox(ChaosListener listener) {
            this.listener = listener;
            this.thread = new Thread(this::run, "turbulence-events");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void post(ChaosEvent event) {
            if (closed) {
                return;
            }
            if (queue.size() >= CAPACITY) {
                if (!dropping) {
                    dropping = true;
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Chaos listener " + listener + " has been busy for long; dropping its events until it"
                                    + " returns: " + event);
                }
                return;
            }
            dropping = false;
            queue.add(event);
            posted++;
            notifyAll();
        }

        /** Waits until {@link #post posted} events are delivered or {@code deadline}; false when it passed. */
        boolean awaitDelivered(long deadline) {
            if (Thread.currentThread() == thread) {
                return true;
            }
            synchronized (this) {
                long target = posted;
                while (delivered < target && thread.isAlive()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            }
        }

        synchronized void close() {
            closed = true;
            notifyAll();
        }

        private void run() {
            while (true) {
                ChaosEvent event;
                synchronized (this) {
                    while (queue.isEmpty() && !closed) {
                        try {
                            wait();
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                    event = queue.poll();
                    if (event == null) {
                        return;
                    }
                }
                try {
                    listener.onEvent(event);
                } catch (Throwable failure) {
                    LOG.log(System.Logger.Level.WARNING, "Chaos listener " + listener + " failed on " + event, failure);
                }
                synchronized (this) {
                    delivered++;
                    notifyAll();
                }
            }
        }
    }
}
