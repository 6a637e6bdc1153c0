package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turbulence.stress.Stressor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeapPressureTest {

    private static final double FRACTION = 0.02;

    private final StressEvents events = new StressEvents();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ChaosEngine engine = ChaosEngine.builder().listener(events).build();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void holdsItsFractionOfTheHeapOnItsOwnThreadAndReleasesItOnTheKillSwitch() {
        new ChaosMetrics(engine).bindTo(registry);
        long target = (long) (FRACTION * Runtime.getRuntime().maxMemory());
        long usedBefore = usedHeapAfterGc();
        engine.define(AssaultSchema.fromJson("""
                { "name": "heap", "fault": { "type": "heap-pressure", "fraction": %s } }""".formatted(FRACTION)));
        engine.enable();

        ChaosEvent.StressorChanged reached = events.awaitState("heap", Stressor.State.REACHED);

        assertThat(reached.held()).isEqualTo(target);
        assertThat(heapGauge()).isEqualTo(target);
        assertThat(usedHeapAfterGc()).isGreaterThanOrEqualTo(usedBefore + target * 9 / 10);
        assertThat(events.stressorThreads("heap")).isNotEmpty().allSatisfy(thread -> {
            assertThat(thread.getName()).isEqualTo("turbulence-heap-pressure-heap");
            assertThat(thread.isDaemon()).isTrue();
        });

        engine.disable();

        await().atMost(StressEvents.KILL_SWITCH_MARGIN)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> heapGauge() == 0);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> usedHeapAfterGc() < usedBefore + target / 2);
        assertThat(events.stressor("heap")).last().satisfies(stopped -> {
            assertThat(stopped.state()).isEqualTo(Stressor.State.STOPPED);
            assertThat(stopped.held()).isZero();
            assertThat(stopped.detail()).isEqualTo("kill switch");
        });
    }

    @Test
    void capsAllHeapPressureTogetherAtNineTenthsOfTheHeap() {
        assertThat(StressSupervisor.heapBytes(0.5, 0.0, 1_000)).isEqualTo(500);
        assertThat(StressSupervisor.heapBytes(0.5, 0.6, 1_000)).isEqualTo(300);
        assertThat(StressSupervisor.heapBytes(0.2, 0.9, 1_000)).isZero();
    }

    private double heapGauge() {
        return registry.get("chaos.stress.heap.bytes").gauge().value();
    }

    private long usedHeapAfterGc() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
