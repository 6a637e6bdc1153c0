package dev.turbulence.resilience4j;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Time that moves only when a run waits on it or a test {@linkplain #advance(Duration) advances} it: the waiting
 * thread jumps from one due timer to the next and runs each in turn, in the order of their due times (timers due at
 * the same instant in the order they were started). A run of an experiment on virtual time is deterministic and
 * takes no longer than its calls; its report reads the virtual clock.
 *
 * <p>The load's calls run on the thread that moves the time, one at a time, so a concurrency limit is never
 * reached; delays that the application's own code takes (a latency fault, a Resilience4j time limiter) pass in
 * real time. Give the {@link #clock()} to the circuit breakers' configuration ({@code
 * CircuitBreakerConfig.custom().clock(time.clock())}) so their wait in the OPEN state passes in virtual time.
 *
 * <p>Thread-safe; one thread at a time moves the time.
 */
public final class VirtualTime implements Timekeeper {

    private static final System.Logger LOG = System.getLogger(VirtualTime.class.getName());

    private final PriorityQueue<Due> queue = new PriorityQueue<>();
    private final Clock clock = new VirtualClock();
    private volatile Instant now;
    private long started;

    private VirtualTime(Instant start) {
        this.now = start;
    }

    /** Virtual time standing at {@code start}. */
    public static VirtualTime startingAt(Instant start) {
        return new VirtualTime(Objects.requireNonNull(start, "start"));
    }

    /** The time now. */
    public Instant now() {
        return now;
    }

    /** Moves the time by {@code duration}, running every timer that comes due, in order, on this thread. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, but was " + duration);
        }
        moveUntil(() -> false, now.plus(duration));
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Timer every(Duration firstAfter, Duration period, Runnable task) {
        VirtualTimer timer = new VirtualTimer(task, Duration.ofNanos(Math.max(1, period.toNanos())));
        schedule(timer, now.plus(firstAfter));
        return timer;
    }

    /** Moves the time until {@code done} holds or {@code timeout} has passed; see the class comment. */
    @Override
    public boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        Instant deadline = now.plus(timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        boolean held = moveUntil(done, deadline);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return held;
    }

    @Override
    public void wake() {
        // the thread that moves the time re-checks after every timer it runs
    }

    @Override
    public ExecutorService workers(int threads, String name) {
        return new CallingThread();
    }

    private boolean moveUntil(BooleanSupplier done, Instant deadline) {
        while (!done.getAsBoolean()) {
            Due next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at.isAfter(deadline)) {
                    if (deadline.isAfter(now)) {
                        now = deadline;
                    }
                    return done.getAsBoolean();
                }
                queue.poll();
                if (next.at.isAfter(now)) {
                    now = next.at;
                }
            }
            if (next.timer.fire()) {
                schedule(next.timer, next.at.plus(next.timer.period));
            }
            if (Thread.currentThread().isInterrupted()) {
                return done.getAsBoolean();
            }
        }
        return true;
    }

    private synchronized void schedule(VirtualTimer timer, Instant at) {
        queue.add(new Due(at, started++, timer));
    }

    private record Due(Instant at, long order, VirtualTimer timer) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private static final class VirtualTimer implements Timer {
        private final Runnable task;
        private final Duration period;
        private volatile boolean cancelled;

        VirtualTimer(Runnable task, Duration period) {
            this.task = task;
            this.period = period;
        }

        /** Runs the task unless cancelled; returns whether it is to run again. */
        boolean fire() {
            if (cancelled) {
                return false;
            }
            try {
                task.run();
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.WARNING, "A timer task failed and was stopped", failure);
                cancelled = true;
            }
            return !cancelled;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final class VirtualClock extends Clock {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Runs each task at once on the submitting thread: the thread that moves the time. */
    private static final class CallingThread extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            if (shutdown) {
                throw new RejectedExecutionException("the load has stopped");
            }
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
