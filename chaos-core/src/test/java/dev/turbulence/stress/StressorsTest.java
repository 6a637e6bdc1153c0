package dev.turbulence.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StressorsTest {

    private final List<Stressor.State> firstStates = new CopyOnWriteArrayList<>();
    private final List<Stressor.State> secondStates = new CopyOnWriteArrayList<>();

    @Test
    void aSuccessorWorksOnlyOnceItsPredecessorGaveEverythingBack() throws InterruptedException {
        Stressor first = Stressors.heapPressure("first", 4 << 20, (state, held, detail) -> firstStates.add(state));
        Stressor second = Stressors.heapPressure("second", 4 << 20, (state, held, detail) -> secondStates.add(state));
        first.start();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> firstStates.contains(Stressor.State.REACHED));

        second.startAfter(List.of(first));

        await().during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(5))
                .until(secondStates::isEmpty);
        first.stop("replaced");
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> secondStates.contains(Stressor.State.REACHED));
        assertThat(first.held()).isZero();
        assertThat(second.held()).isEqualTo(4 << 20);

        second.stop("done");
        assertThat(second.awaitStopped(Duration.ofSeconds(5))).isTrue();
        assertThat(second.held()).isZero();
        assertThat(secondStates)
                .containsExactly(Stressor.State.STARTED, Stressor.State.REACHED, Stressor.State.STOPPED);
    }

    @Test
    void startsOnlyOnce() {
        Stressor stressor = Stressors.cpuBurn("once", 0.1, 1, (state, held, detail) -> {});
        stressor.start();
        try {
            assertThatThrownBy(stressor::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("turbulence-cpu-burn-once was started before");
        } finally {
            stressor.stop("done");
        }
    }

    @Test
    void rejectsValuesOutOfRangeNamingThem() {
        Stressor.Listener ignore = (state, held, detail) -> {};

        assertThatThrownBy(() -> Stressors.cpuBurn("hot", 1.5, 1, ignore))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("load must be > 0 and <= 1, but was 1.5");
        assertThatThrownBy(() -> Stressors.cpuBurn("hot", 0.5, 0, ignore)).hasMessage("threads must be > 0, but was 0");
        assertThatThrownBy(() -> Stressors.heapPressure("heap", -1, ignore))
                .hasMessage("bytes must be >= 0, but was -1");
        assertThatThrownBy(() -> Stressors.threadExhaustion("pool", Runnable::run, 0, ignore))
                .hasMessage("threads must be > 0, but was 0");
        assertThatThrownBy(() -> Stressors.diskFill("disk", Path.of("/tmp"), -5, ignore))
                .hasMessage("leaveFreeBytes must be >= 0, but was -5");
        assertThatThrownBy(() -> Stressors.diskFill("../etc", Path.of("/tmp"), 0, ignore))
                .hasMessage("name must match [a-z0-9][a-z0-9._-]{0,63}, but was '../etc'");
    }
}
