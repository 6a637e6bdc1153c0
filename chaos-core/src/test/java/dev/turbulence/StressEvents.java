package dev.turbulence;

import static org.awaitility.Awaitility.await;

import dev.turbulence.stress.Stressor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event with the thread that delivered it, and waits for stressor states. */
final class StressEvents implements ChaosListener {

    /**
     * How long a test waits for the kill switch to have given everything back: the engine promises 100 ms, and a
     * test's margin must hold on a machine five times slower than this one.
     */
    static final Duration KILL_SWITCH_MARGIN = Duration.ofMillis(500);

    /** An event and the thread it was delivered on. */
    record Delivered(ChaosEvent event, Thread thread) {}

    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ChaosEvent event) {
        delivered.add(new Delivered(event, Thread.currentThread()));
    }

    List<ChaosEvent> all() {
        return delivered.stream().map(Delivered::event).toList();
    }

    List<ChaosEvent.StressorChanged> stressor(String assault) {
        return delivered.stream()
                .map(Delivered::event)
                .filter(ChaosEvent.StressorChanged.class::isInstance)
                .map(ChaosEvent.StressorChanged.class::cast)
                .filter(changed -> changed.assault().equals(assault))
                .toList();
    }

    /** The threads that delivered the stressor events of {@code assault}. */
    List<Thread> stressorThreads(String assault) {
        return delivered.stream()
                .filter(d -> d.event() instanceof ChaosEvent.StressorChanged changed
                        && changed.assault().equals(assault))
                .map(Delivered::thread)
                .toList();
    }

    /** Waits until the stressor of {@code assault} has reached {@code state}; returns that event. */
    ChaosEvent.StressorChanged awaitState(String assault, Stressor.State state) {
        return await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(
                        () -> stressor(assault).stream()
                                .filter(changed -> changed.state() == state)
                                .findFirst()
                                .orElse(null),
                        changed -> changed != null);
    }

    /** Waits until the stressor of {@code assault} has stopped {@code times} times in all. */
    void awaitStopped(String assault, int times) {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> stressor(assault).stream()
                                .filter(changed -> changed.state() == Stressor.State.STOPPED)
                                .count()
                        >= times);
    }
}
