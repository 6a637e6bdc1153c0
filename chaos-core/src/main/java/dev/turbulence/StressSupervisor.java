package dev.turbulence;

import dev.turbulence.stress.Stressor;
import dev.turbulence.stress.Stressors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the stressors of the plan in force: starts one when its assault is active while chaos is on, and stops
 * it when the assault expires (watched by a timer against the engine's clock, as no call drives a stressor),
 * is deleted or replaced, on the kill switch, when the engine closes and at JVM shutdown. A stressor that
 * follows another of the same assault (replaced, or chaos switched off and on) works only once that one gave
 * back what it held. The timer and the shutdown hook exist only while a stressor runs.
 *
 * <p>The engine calls it under its own locks; it calls no listener there (a stressor that cannot start is posted
 * for later delivery), and the timer and the shutdown hook take only this supervisor's lock and call no
 * listener while holding it, so they never wait on the engine.
 */
final class StressSupervisor {

    private static final System.Logger LOG = System.getLogger(StressSupervisor.class.getName());
    private static final long EXPIRY_TICK_MILLIS = 50;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** Runs on JVM shutdown while a stressor runs; package-private so tests can run it directly. */
    final Thread shutdownHook = new Thread(() -> stopAll("JVM shutdown"), "turbulence-stress-shutdown");

    private final Clock clock;
    private final Listeners listeners;
    /** The executors registered for {@code thread-exhaustion} assaults, by name. */
    private final Map<String, Executor> executors;
    /** The stressors of assaults in force, by assault name. */
    private final Map<String, Run> running = new HashMap<>();
    /** Every stressor that has not yet given back what it held, stopping ones included. */
    private final Set<Run> alive = ConcurrentHashMap.newKeySet();

    private ScheduledExecutorService timer;
    private boolean closed;

    StressSupervisor(Clock clock, Listeners listeners, Map<String, Executor> executors) {
        this.clock = clock;
        this.listeners = listeners;
        this.executors = executors;
    }

    /** Brings the running stressors in line with {@code plan} and the switch. */
    synchronized void reconcile(Plan plan, boolean enabled) {
        if (closed) {
            return;
        }
        running.values().removeIf(run -> {
            String reason = stopReason(run, plan, enabled);
            if (reason != null) {
                run.stressor.stop(reason);
            }
            return reason != null;
        });
        long now = clock.millis();
        for (ActiveAssault active : plan.assaults) {
            if (enabled
                    && active.assault.stress() != null
                    && active.assault.enabled()
                    && now < active.expiresAt.toEpochMilli()
                    && !running.containsKey(active.assault.name())) {
                start(active, active.assault.stress());
            }
        }
        watch();
    }

    /** Why {@code run} must stop under {@code plan}, or {@code null} when it keeps running. */
    private static String stopReason(Run run, Plan plan, boolean enabled) {
        if (!enabled) {
            return "kill switch";
        }
        ActiveAssault current = plan.find(run.active.assault.name());
        if (current == null) {
            return "deleted";
        }
        return current == run.active ? null : "replaced";
    }

    /** Stops every stressor for good and waits (bounded) until each gave back what it held. */
    void close() {
        stopAll("engine closed");
        synchronized (this) {
            unregisterShutdownHook();
        }
    }

    /** What the running stressors of this type hold together: bytes or threads. */
    long held(Class<? extends Stress> type) {
        long held = 0;
        for (Run run : alive) {
            if (type.isInstance(run.stress)) {
                held += run.stressor.held();
            }
        }
        return held;
    }

    /** The heap a new heap-pressure stressor may hold, so that all of them together hold at most 0.9 of it. */
    static long heapBytes(double fraction, double fractionHeldByOthers, long maxHeap) {
        double allowed = Math.min(fraction, Stress.HeapPressure.MAX_FRACTION - fractionHeldByOthers);
        return (long) (Math.max(0, allowed) * maxHeap);
    }

    private void start(ActiveAssault active, Stress stress) {
        Run run = new Run(active, stress);
        try {
            run.stressor = create(active.assault.name(), stress, run);
        } catch (IOException | RuntimeException failure) {
            listeners.post(new ChaosEvent.StressorChanged(
                    clock.instant(),
                    active.assault.name(),
                    stress.type(),
                    Stressor.State.FAILED,
                    0,
                    "could not start: "
                            + (failure instanceof CannotStart ? failure.getMessage() : failure.toString())));
            return;
        }
        List<Stressor> predecessors = new ArrayList<>();
        for (Run stopping : alive) {
            if (stopping.active.assault.name().equals(active.assault.name())) {
                predecessors.add(stopping.stressor);
            }
        }
        running.put(active.assault.name(), run);
        alive.add(run);
        run.stressor.startAfter(predecessors);
    }

    /**
     * Creates the stressor for {@code stress}, checking first what depends on the machine.
     *
     * @throws CannotStart when the machine does not allow it, saying why
     * @throws IOException when its file store cannot be read
     */
    private Stressor create(String name, Stress stress, Stressor.Listener listener) throws IOException {
        if (stress instanceof Stress.DiskFill disk) {
            return Stressors.diskFill(name, disk.path(), freeBytesToLeave(disk), listener);
        }
        if (stress instanceof Stress.HeapPressure heap) {
            long bytes = heapBytes(
                    heap.fraction(), heapFractionRunning(), Runtime.getRuntime().maxMemory());
            return Stressors.heapPressure(name, bytes, listener);
        }
        if (stress instanceof Stress.CpuBurn cpu) {
            int processors = Runtime.getRuntime().availableProcessors();
            if (cpu.threads() != null && cpu.threads() > processors) {
                throw new CannotStart("cpu-burn threads must be at most " + processors
                        + " (the available processors), but was " + cpu.threads());
            }
            return Stressors.cpuBurn(name, cpu.load(), cpu.threads() != null ? cpu.threads() : processors, listener);
        }
        Stress.ThreadExhaustion exhaustion = (Stress.ThreadExhaustion) stress;
        Executor executor = executors.get(exhaustion.executor());
        if (executor == null) {
            throw new CannotStart("no executor is registered as '" + exhaustion.executor() + "'");
        }
        return Stressors.threadExhaustion(name, executor, exhaustion.threads(), listener);
    }

    /** The usable bytes {@code disk} leaves on its file store, once its directory and the safety floor allow it. */
    private static long freeBytesToLeave(Stress.DiskFill disk) throws IOException {
        Path path = disk.path();
        if (!Files.isDirectory(path)) {
            throw new CannotStart("disk-fill path must be an existing directory, but was '" + path + "'");
        }
        if (!Files.isWritable(path)) {
            throw new CannotStart("disk-fill path must be a writable directory, but was '" + path + "'");
        }
        long total = Files.getFileStore(path).getTotalSpace();
        long floor = (long) (total * Stress.DiskFill.SAFETY_FLOOR);
        if (disk.leaveFreeBytes() != null && disk.leaveFreeBytes() < floor && !disk.overrideSafetyFloor()) {
            throw new CannotStart("disk-fill leaveFreeBytes must be >= " + floor + ", 5 % of the file store"
                    + Stress.DiskFill.UNLESS_OVERRIDDEN + ", but was " + disk.leaveFreeBytes());
        }
        return disk.targetFreeBytes(total);
    }

    /** Why a stressor cannot start on this machine, in a sentence for its {@code FAILED} event. */
    private static final class CannotStart extends IllegalStateException {
        CannotStart(String reason) {
            super(reason);
        }
    }

    private double heapFractionRunning() {
        double fraction = 0;
        for (Run run : running.values()) {
            if (run.stress instanceof Stress.HeapPressure heap) {
                fraction += heap.fraction();
            }
        }
        return fraction;
    }

    /** Keeps the expiry timer and the shutdown hook while, and only while, a stressor runs. */
    private void watch() {
        if (!running.isEmpty() && timer == null) {
            ScheduledThreadPoolExecutor expiry = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "turbulence-stress-expiry");
                thread.setDaemon(true);
                return thread;
            });
            expiry.scheduleWithFixedDelay(this::expire, EXPIRY_TICK_MILLIS, EXPIRY_TICK_MILLIS, TimeUnit.MILLISECONDS);
            timer = expiry;
            registerShutdownHook();
        } else if (running.isEmpty() && timer != null) {
            timer.shutdown();
            timer = null;
            unregisterShutdownHook();
        }
    }

    private void expire() {
        long now = clock.millis();
        List<ActiveAssault> expired = new ArrayList<>();
        synchronized (this) {
            running.values().removeIf(run -> {
                if (now < run.active.expiresAt.toEpochMilli()) {
                    return false;
                }
                run.stressor.stop("expired");
                expired.add(run.active);
                return true;
            });
            watch();
        }
        expired.forEach(active -> listeners.emit(active.expiredAt(now)));
    }

    private void stopAll(String reason) {
        List<Run> stopping;
        synchronized (this) {
            closed = true;
            running.values().forEach(run -> run.stressor.stop(reason));
            running.clear();
            if (timer != null) {
                timer.shutdown();
                timer = null;
            }
            stopping = List.copyOf(alive);
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        try {
            for (Run run : stopping) {
                if (!run.stressor.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Stressor of assault " + run.active.assault.name() + " did not stop within "
                                    + STOP_TIMEOUT);
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void registerShutdownHook() {
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrRegistered) {
            LOG.log(System.Logger.Level.DEBUG, "Stress shutdown hook not registered", shuttingDownOrRegistered);
        }
    }

    private void unregisterShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            LOG.log(System.Logger.Level.DEBUG, "Stress shutdown hook not removed: the JVM is shutting down");
        }
    }

    /** One stressor and the assault it runs for; turns its state changes into events. */
    private final class Run implements Stressor.Listener {
        final ActiveAssault active;
        final Stress stress;
        Stressor stressor;

        Run(ActiveAssault active, Stress stress) {
            this.active = active;
            this.stress = stress;
        }

        @Override
        public void changed(Stressor.State state, long held, String detail) {
            if (state == Stressor.State.STOPPED) {
                alive.remove(this);
            }
            listeners.emit(new ChaosEvent.StressorChanged(
                    clock.instant(), active.assault.name(), stress.type(), state, held, detail));
        }
    }
}
