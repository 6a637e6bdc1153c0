package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.stress.Stressor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadExhaustionTest {

    private final StressEvents events = new StressEvents();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ChaosEngine engine = ChaosEngine.builder().listener(events).build();
    private final ThreadPoolExecutor ordersPool = pool(2);

    @AfterEach
    void close() {
        engine.close();
        ordersPool.shutdownNow();
    }

    @Test
    void occupiesTheRegisteredPoolSoTheAppIsRejectedUntilTheKillSwitch() {
        new ChaosMetrics(engine).bindTo(registry);
        engine.registerExecutor("orders-pool", ordersPool);
        engine.define(AssaultSchema.fromJson("""
                { "name": "pool-full",
                  "fault": { "type": "thread-exhaustion", "executor": "orders-pool", "threads": 2 } }"""));
        engine.enable();

        events.awaitState("pool-full", Stressor.State.REACHED);

        assertThat(ordersPool.getActiveCount()).isEqualTo(2);
        assertThat(registry.get("chaos.stress.executor.threads").gauge().value())
                .isEqualTo(2);
        assertThatThrownBy(() -> ordersPool.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);

        engine.disable();

        await().atMost(StressEvents.KILL_SWITCH_MARGIN)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> ordersPool.getActiveCount() == 0);
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(5))
                .ignoreExceptions()
                .untilAsserted(() -> ordersPool.execute(() -> {}));
        assertThat(registry.get("chaos.stress.executor.threads").gauge().value())
                .isZero();
    }

    @Test
    void holdsWhatABoundedExecutorGivesAndReportsItAsLimited() {
        ThreadPoolExecutor single = pool(1);
        try {
            engine.registerExecutor("single", single);
            engine.define(Assault.builder("greedy")
                    .stress(new Stress.ThreadExhaustion("single", 3))
                    .build());
            engine.enable();

            ChaosEvent.StressorChanged limited = events.awaitState("greedy", Stressor.State.LIMITED);

            assertThat(limited.detail()).startsWith("the executor took 1 of 3 tasks");
            await().atMost(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> single.getActiveCount() == 1);
        } finally {
            engine.disable();
            single.shutdownNow();
        }
    }

    @Test
    void holdsWhatItGotWhenTheExecutorRefusesWithItsOwnException() {
        AtomicInteger admitted = new AtomicInteger();
        engine.registerExecutor("bulkhead", task -> {
            if (admitted.incrementAndGet() > 1) {
                throw new IllegalStateException("Bulkhead 'bulkhead' is full");
            }
            ordersPool.execute(task);
        });
        engine.define(Assault.builder("greedy")
                .stress(new Stress.ThreadExhaustion("bulkhead", 2))
                .build());
        engine.enable();

        ChaosEvent.StressorChanged limited = events.awaitState("greedy", Stressor.State.LIMITED);

        assertThat(limited.detail()).contains("Bulkhead 'bulkhead' is full");
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> ordersPool.getActiveCount() == 1);
        assertThat(events.stressor("greedy")).noneMatch(changed -> changed.state() == Stressor.State.FAILED);
    }

    @Test
    void rejectsAnExecutorNobodyRegisteredAndStartsNothing() {
        engine.registerExecutor("orders-pool", ordersPool);
        engine.enable();
        Assault unknown = AssaultSchema.fromJson("""
                { "name": "pool-full",
                  "fault": { "type": "thread-exhaustion", "executor": "payments-pool", "threads": 2 } }""");

        assertThatThrownBy(() -> engine.define(unknown))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid assault 'pool-full': fault.executor must name an executor registered with"
                        + " ChaosEngine.registerExecutor; registered are [orders-pool], but was 'payments-pool'");
        assertThatThrownBy(() -> engine.assaults().put(unknown)).isInstanceOf(InvalidDefinitionException.class);

        assertThat(engine.status()).isEmpty();
        assertThat(engine.assaults().assaults()).isEmpty();
        assertThat(events.stressor("pool-full")).isEmpty();
        assertThat(ordersPool.getActiveCount()).isZero();
    }

    @Test
    void registeringTheExecutorBringsADefinitionThatWaitedForItIntoForce() {
        Assault waiting = Assault.builder("pool-full")
                .stress(new Stress.ThreadExhaustion("orders-pool", 1))
                .build();
        try (ChaosEngine fromSource = ChaosEngine.builder()
                .source(new FlagSource() {
                    @Override
                    public String name() {
                        return "file";
                    }

                    @Override
                    public List<Assault> assaults() {
                        return List.of(waiting);
                    }
                })
                .listener(events)
                .build()) {
            fromSource.enable();
            assertThat(fromSource.status()).isEmpty();

            fromSource.registerExecutor("orders-pool", ordersPool);

            assertThat(fromSource.status())
                    .extracting(status -> status.assault().name())
                    .containsExactly("pool-full");
            events.awaitState("pool-full", Stressor.State.REACHED);
            assertThat(ordersPool.getActiveCount()).isEqualTo(1);
        }
    }

    private static ThreadPoolExecutor pool(int threads) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
    }
}
