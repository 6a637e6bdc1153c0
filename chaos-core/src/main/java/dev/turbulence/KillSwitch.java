package dev.turbulence;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The engine's switch and its timers: whether chaos is on, the plan calls consult, and the waits of injections,
 * which end early when the switch goes off. Publishes each new plan to the calls and the stressors, and is the
 * context of the engine's call sites, so that a call finds the plan in force in one load from its site. Thread-safe;
 * its lock is taken after the plan assembly's when both are held, and no listener runs under it.
 */
final class KillSwitch extends CallContext implements Waits {

    private static final long PAUSE_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ProductionGuard guard;
    private final Clock clock;
    private final Listeners listeners;
    private final StressSupervisor stressors;
    private final UnaryOperator<Runnable> taskDecorator;
    private final Set<CompletableFuture<Void>> pendingDelays = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    private volatile boolean on;
    /** The plan last published, in force whether chaos is on or not. */
    private Plan plan = Plan.EMPTY;

    KillSwitch(
            ProductionGuard guard,
            Clock clock,
            Listeners listeners,
            StressSupervisor stressors,
            UnaryOperator<Runnable> taskDecorator) {
        this.guard = guard;
        this.clock = clock;
        this.listeners = listeners;
        this.stressors = stressors;
        this.taskDecorator = taskDecorator;
    }

    boolean isOn() {
        return on;
    }

    @Override
    long millis() {
        return clock.millis();
    }

    @Override
    void emit(ChaosEvent event) {
        listeners.emit(event);
    }

    @Override
    Waits waits() {
        return this;
    }

    /**
     * Turns chaos on or off; off ends every pending wait and stops the stressors. Waits for the listeners to see
     * the switch for at most their patience.
     *
     * @throws IllegalStateException when turning on while the production guard blocks, with its reason; nothing
     *     changes
     */
    void turn(boolean wanted) {
        synchronized (lock) {
            if (on == wanted) {
                return;
            }
            if (wanted && guard.blocked()) {
                throw new IllegalStateException(guard.reason());
            }
            on = wanted;
            publish(plan);
            listeners.post(new ChaosEvent.Switched(clock.instant(), wanted));
        }
        if (!wanted) {
            pendingDelays.forEach(delay -> delay.complete(null));
        }
        listeners.awaitDelivered();
    }

    /** Makes {@code next} the plan in force: calls consult it while chaos is on, and its stressors run. */
    void publish(Plan next) {
        synchronized (lock) {
            plan = next;
            consult(on && !next.assaults.isEmpty() ? next : null);
            stressors.reconcile(next, on);
        }
    }

    @Override
    public void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        for (long left = delay.toNanos(); left > 0 && on; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, PAUSE_SLICE_NANOS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!on || delay.isZero() || delay.isNegative()) {
            done.complete(null);
            return done;
        }
        pendingDelays.add(done);
        done.whenComplete((ignored, error) -> pendingDelays.remove(done));
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(() -> done.complete(null));
        if (!on) {
            done.complete(null);
        }
        return done;
    }

    @Override
    public void after(Duration delay, Runnable action) {
        delay(delay).thenRun(taskDecorator.apply(action));
    }
}
