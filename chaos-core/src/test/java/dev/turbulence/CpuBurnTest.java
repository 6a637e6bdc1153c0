package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turbulence.stress.Stressor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CpuBurnTest {

    private final StressEvents events = new StressEvents();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ChaosEngine engine = ChaosEngine.builder().listener(events).build();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void burnsOnItsOwnDaemonThreadsAndStopsThemOnTheKillSwitch() {
        new ChaosMetrics(engine).bindTo(registry);
        engine.define(AssaultSchema.fromJson("""
                { "name": "hot", "target": { "kind": "process" },
                  "fault": { "type": "cpu-burn", "load": 0.5, "threads": 1 } }"""));
        engine.enable();

        ChaosEvent.StressorChanged reached = events.awaitState("hot", Stressor.State.REACHED);

        assertThat(reached.held()).isEqualTo(1);
        assertThat(cpuGauge()).isEqualTo(1);
        List<Thread> burners = burners();
        assertThat(burners)
                .singleElement()
                .satisfies(burner -> assertThat(burner.isDaemon()).isTrue());
        long burnerId = burners.get(0).getId();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> threads.getThreadCpuTime(burnerId) > TimeUnit.MILLISECONDS.toNanos(20));

        engine.disable();

        await().atMost(StressEvents.KILL_SWITCH_MARGIN)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> cpuGauge() == 0 && burners().isEmpty());
    }

    @Test
    void burnsOnEveryAvailableProcessorUnlessToldHowManyThreads() {
        int processors = Runtime.getRuntime().availableProcessors();
        Assault everyProcessor = AssaultSchema.fromJson("""
                { "name": "hot", "fault": { "type": "cpu-burn", "load": 0.05 } }""");
        assertThat(everyProcessor.stress()).isEqualTo(new Stress.CpuBurn(0.05));
        assertThat(new Stress.CpuBurn(0.05).threads()).isNull();
        engine.define(everyProcessor);
        engine.enable();

        assertThat(events.awaitState("hot", Stressor.State.REACHED).held()).isEqualTo(processors);
    }

    @Test
    void moreThreadsThanProcessorsFailTheStressorWhenItStartsNamingTheLimit() {
        int processors = Runtime.getRuntime().availableProcessors();
        engine.define(Assault.builder("hot")
                .stress(new Stress.CpuBurn(0.5, processors + 1))
                .build());
        engine.enable();

        assertThat(events.awaitState("hot", Stressor.State.FAILED).detail())
                .isEqualTo("could not start: cpu-burn threads must be at most " + processors
                        + " (the available processors), but was " + (processors + 1));
        assertThat(burners()).isEmpty();
    }

    private double cpuGauge() {
        return registry.get("chaos.stress.cpu.threads").gauge().value();
    }

    private static List<Thread> burners() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("turbulence-cpu-burn-hot-"))
                .toList();
    }
}
