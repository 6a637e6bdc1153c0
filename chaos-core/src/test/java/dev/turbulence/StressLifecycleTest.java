package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turbulence.stress.Stressor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every way a stressor ends, for every kind of stressor: it stops and gives back everything it took. */
class StressLifecycleTest {

    private static final String NAME = "stress";
    private static SmallFileStore store;

    private final MutableClock clock = MutableClock.startingAt("2026-11-02T10:00:00Z");
    private final StressEvents events = new StressEvents();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ThreadPoolExecutor ordersPool =
            new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
    private ChaosEngine engine;

    /** What each kind of stressor takes, and how to see that it was given back. */
    enum Kind {
        DISK("chaos.stress.disk.bytes") {
            @Override
            Stress fault() {
                return new Stress.DiskFill(store.directory(), 8L << 20, null, false);
            }

            @Override
            boolean gaveBack(ThreadPoolExecutor pool) throws IOException {
                return store.files().isEmpty() && store.usableSpace() == 16L << 20;
            }
        },
        HEAP("chaos.stress.heap.bytes") {
            @Override
            Stress fault() {
                return new Stress.HeapPressure(0.01);
            }

            @Override
            boolean gaveBack(ThreadPoolExecutor pool) {
                return true;
            }
        },
        CPU("chaos.stress.cpu.threads") {
            @Override
            Stress fault() {
                return new Stress.CpuBurn(0.2, 1);
            }

            @Override
            boolean gaveBack(ThreadPoolExecutor pool) {
                return Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(thread -> thread.getName().startsWith("turbulence-cpu-burn-" + NAME + "-"));
            }
        },
        THREADS("chaos.stress.executor.threads") {
            @Override
            Stress fault() {
                return new Stress.ThreadExhaustion("orders-pool", 2);
            }

            @Override
            boolean gaveBack(ThreadPoolExecutor pool) {
                return pool.getActiveCount() == 0;
            }
        };

        final String gauge;

        Kind(String gauge) {
            this.gauge = gauge;
        }

        abstract Stress fault();

        /** Whether what this kind takes is back: beyond its gauge reading 0. */
        abstract boolean gaveBack(ThreadPoolExecutor pool) throws IOException;
    }

    @BeforeAll
    static void mountStore() throws IOException {
        store = SmallFileStore.mount(16, false);
    }

    @AfterAll
    static void unmountStore() throws IOException {
        store.close();
    }

    @BeforeEach
    void createEngine() {
        engine = ChaosEngine.builder().clock(clock).listener(events).build();
        new ChaosMetrics(engine).bindTo(registry);
        engine.registerExecutor("orders-pool", ordersPool);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
        ordersPool.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void startsOnItsOwnDaemonThreadOnlyOnceChaosIsOn(Kind kind) {
        engine.define(stressor(kind, Duration.ofMinutes(10)));

        assertThat(threadNames()).noneMatch(name -> name.endsWith("-" + NAME));
        assertThat(gauge(kind)).isZero();

        engine.enable();

        ChaosEvent.StressorChanged reached = events.awaitState(NAME, Stressor.State.REACHED);
        assertThat(reached.held()).isPositive();
        assertThat(reached.fault()).isEqualTo(kind.fault().type());
        assertThat(gauge(kind)).isPositive();
        assertThat(events.stressorThreads(NAME)).allSatisfy(thread -> {
            assertThat(thread).isNotSameAs(Thread.currentThread());
            assertThat(thread.isDaemon()).isTrue();
            assertThat(thread.getName()).startsWith("turbulence-" + kind.fault().type() + "-" + NAME);
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void stopsAndGivesBackWhenItsAssaultExpires(Kind kind) {
        startAndAwaitReached(kind, Duration.ofMinutes(1));

        clock.advance(Duration.ofSeconds(59));
        assertThat(lastState()).isEqualTo(Stressor.State.REACHED);
        clock.advance(Duration.ofSeconds(1));

        awaitGivenBack(kind, Duration.ofSeconds(2));
        assertThat(stoppedBecause()).isEqualTo("expired");
        assertThat(events.all()).contains(new ChaosEvent.AssaultExpired(clock.instant(), NAME));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void stopsAndGivesBackWhenItsAssaultIsDeleted(Kind kind) {
        startAndAwaitReached(kind, Duration.ofMinutes(10));

        engine.assaults().remove(NAME);

        awaitGivenBack(kind, Duration.ofSeconds(2));
        assertThat(stoppedBecause()).isEqualTo("deleted");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void stopsWhenItsAssaultIsReplacedAndTheNewDefinitionStartsAfresh(Kind kind) {
        startAndAwaitReached(kind, Duration.ofMinutes(10));

        engine.define(stressor(kind, Duration.ofMinutes(20)));

        events.awaitStopped(NAME, 1);
        assertThat(stoppedBecause()).isEqualTo("replaced");
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> events.stressor(NAME).stream()
                                .filter(changed -> changed.state() == Stressor.State.REACHED)
                                .count()
                        == 2);
        assertThat(gauge(kind)).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void stopsAndGivesBackOnTheKillSwitchAndStartsAgainWhenChaosIsOnAgain(Kind kind) {
        startAndAwaitReached(kind, Duration.ofMinutes(10));

        engine.disable();

        awaitGivenBack(kind, StressEvents.KILL_SWITCH_MARGIN);
        assertThat(stoppedBecause()).isEqualTo("kill switch");

        engine.enable();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> gauge(kind) > 0);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void givesEverythingBackBeforeTheEngineCloses(Kind kind) throws IOException {
        startAndAwaitReached(kind, Duration.ofMinutes(10));

        engine.close();

        assertThat(gauge(kind)).isZero();
        assertThat(kind.gaveBack(ordersPool)).isTrue();
        assertThat(stoppedBecause()).isEqualTo("engine closed");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownHookGivesEverythingBackBeforeTheJvmExitsAndNothingStartsAfterIt(Kind kind) throws IOException {
        startAndAwaitReached(kind, Duration.ofMinutes(10));

        engine.stressors.shutdownHook.run();

        assertThat(gauge(kind)).isZero();
        assertThat(kind.gaveBack(ordersPool)).isTrue();
        assertThat(stoppedBecause()).isEqualTo("JVM shutdown");
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> threadNames().stream().noneMatch(name -> name.endsWith("-" + NAME)));
        engine.define(stressor(kind, Duration.ofMinutes(20)));
        assertThat(threadNames()).noneMatch(name -> name.endsWith("-" + NAME));
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = "HEAP")
    void holdsAShutdownHookOnlyWhileAStressorRuns(Kind kind) {
        startAndAwaitReached(kind, Duration.ofMinutes(10));
        Thread hook = engine.stressors.shutdownHook;

        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isTrue();
        Runtime.getRuntime().addShutdownHook(hook);

        engine.assaults().remove(NAME);

        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isFalse();
    }

    private Assault stressor(Kind kind, Duration duration) {
        return Assault.builder(NAME).stress(kind.fault()).duration(duration).build();
    }

    private void startAndAwaitReached(Kind kind, Duration duration) {
        engine.define(stressor(kind, duration));
        engine.enable();
        events.awaitState(NAME, Stressor.State.REACHED);
        assertThat(gauge(kind)).isPositive();
    }

    private void awaitGivenBack(Kind kind, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> gauge(kind) == 0 && kind.gaveBack(ordersPool));
    }

    private Stressor.State lastState() {
        List<ChaosEvent.StressorChanged> changes = events.stressor(NAME);
        return changes.get(changes.size() - 1).state();
    }

    private String stoppedBecause() {
        events.awaitStopped(NAME, 1);
        return events.stressor(NAME).stream()
                .filter(changed -> changed.state() == Stressor.State.STOPPED)
                .findFirst()
                .orElseThrow()
                .detail();
    }

    private double gauge(Kind kind) {
        return registry.get(kind.gauge).gauge().value();
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
    }
}
