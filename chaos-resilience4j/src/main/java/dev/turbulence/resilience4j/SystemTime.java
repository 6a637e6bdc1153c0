package dev.turbulence.resilience4j;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Real time; see {@link Timekeeper#system()}. */
final class SystemTime implements Timekeeper {

    static final SystemTime INSTANCE = new SystemTime();

    private static final System.Logger LOG = System.getLogger(SystemTime.class.getName());
    /** How often a wait re-checks a condition that changed without a {@link #wake()} (a breaker's state). */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final ScheduledThreadPoolExecutor timers;
    private final Object signal = new Object();

    private SystemTime() {
        timers = new ScheduledThreadPoolExecutor(1, daemon("turbulence-timer", new AtomicInteger()));
        timers.setRemoveOnCancelPolicy(true);
        timers.setKeepAliveTime(10, TimeUnit.SECONDS);
        timers.allowCoreThreadTimeOut(true);
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public Timer every(Duration firstAfter, Duration period, Runnable task) {
        RealTimer timer = new RealTimer(task);
        timer.future = timers.scheduleAtFixedRate(
                timer::fire, firstAfter.toNanos(), Math.max(1, period.toNanos()), TimeUnit.NANOSECONDS);
        return timer;
    }

    @Override
    public boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(signal, Math.min(left, RECHECK_NANOS));
            }
            return true;
        }
    }

    @Override
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public ExecutorService workers(int threads, String name) {
        return Executors.newFixedThreadPool(threads, daemon(name, new AtomicInteger()));
    }

    private static ThreadFactory daemon(String name, AtomicInteger count) {
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Runs its task under a lock that {@link #cancel()} takes too, so a cancelled task is never mid-run. */
    private static final class RealTimer implements Timer {
        private final Runnable task;
        private boolean cancelled;
        volatile ScheduledFuture<?> future;

        RealTimer(Runnable task) {
            this.task = task;
        }

        synchronized void fire() {
            if (cancelled) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.WARNING, "A timer task failed and was stopped", failure);
                cancelled = true;
                ScheduledFuture<?> scheduled = future;
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
            }
        }

        @Override
        public void cancel() {
            ScheduledFuture<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            synchronized (this) {
                cancelled = true;
            }
        }
    }
}
