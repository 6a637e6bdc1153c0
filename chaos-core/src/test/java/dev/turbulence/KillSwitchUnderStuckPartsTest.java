package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kill switch holds whatever a flag source and a listener do: both here block until the test ends. */
class KillSwitchUnderStuckPartsTest {

    private static final System.Logger LOG = System.getLogger(KillSwitchUnderStuckPartsTest.class.getName());

    private final CountDownLatch forever = new CountDownLatch(1);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    /** Answers its first read, then never again. */
    private final FlagSource hanging = new FlagSource() {
        @Override
        public String name() {
            return "hanging";
        }

        @Override
        public List<Assault> assaults() throws InterruptedException {
            if (reads.getAndIncrement() > 0) {
                forever.await();
            }
            return List.of();
        }
    };

    /** Blocks on every state event; counts the injections it sees on the calls' threads. */
    private final ChaosListener stuck = event -> {
        if (event instanceof ChaosEvent.Injected) {
            injected.incrementAndGet();
            return;
        }
        try {
            forever.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    };

    private final ChaosEngine engine = ChaosEngine.builder()
            .source(hanging)
            .listener(stuck)
            .sourceTimeout(Duration.ofSeconds(30))
            .build();

    @AfterEach
    void release() {
        forever.countDown();
        engine.close();
        threads.shutdownNow();
    }

    @Test
    void disableReturnsAndEndsAPendingThirtySecondDelayWhileASourceAndAListenerBlockForever() {
        engine.define(Assault.builder("slow")
                .fault(new Fault.FixedLatency(Duration.ofSeconds(30)))
                .build());
        engine.enable();
        CompletableFuture<String> call =
                CompletableFuture.supplyAsync(engine.decorateSupplier("s", () -> "done"), threads);
        CompletableFuture<String> asyncCall = engine.decorateCompletionStage(
                        "s", () -> CompletableFuture.completedFuture("done"))
                .get()
                .toCompletableFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> injected.get() == 2);
        CompletableFuture<Void> refreshing = CompletableFuture.runAsync(engine::refresh, threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 2);
        assertThat(refreshing).as("the source hangs the refresh").isNotDone();
        AtomicLong callEnded = new AtomicLong();
        call.whenComplete((value, error) -> callEnded.set(System.nanoTime()));

        AtomicLong returned = new AtomicLong();
        long pulled = System.nanoTime();
        CompletableFuture<Void> off = CompletableFuture.runAsync(
                () -> {
                    engine.disable();
                    returned.set(System.nanoTime());
                },
                threads);

        await().atMost(Duration.ofSeconds(1)).until(off::isDone);
        long returnedMillis = (returned.get() - pulled) / 1_000_000;
        await().atMost(Duration.ofSeconds(1)).until(() -> call.isDone() && asyncCall.isDone());
        assertThat(call).isCompletedWithValue("done");
        assertThat(asyncCall).isCompletedWithValue("done");
        assertThat(engine.isEnabled()).isFalse();
        LOG.log(
                System.Logger.Level.INFO,
                "disable() returned after " + returnedMillis + " ms; the 30 s call ended "
                        + (callEnded.get() - pulled) / 1_000_000 + " ms after the switch");
    }

    @Test
    void enableAndDisableTakeEffectAtOnceWhileAListenerIsStuckOnAnEarlierEvent() {
        engine.define(
                Assault.builder("reset").fault(new Fault.ConnectionReset()).build());

        for (int i = 0; i < 20; i++) {
            CompletableFuture<Void> on = CompletableFuture.runAsync(engine::enable, threads);
            await().atMost(Duration.ofSeconds(1)).until(on::isDone);
            assertThat(engine.callSite(CallSiteKind.SUPPLIER, "s", java.util.Map.of())
                            .decide())
                    .isNotNull();
            CompletableFuture<Void> off = CompletableFuture.runAsync(engine::disable, threads);
            await().atMost(Duration.ofSeconds(1)).until(off::isDone);
            assertThat(engine.callSite(CallSiteKind.SUPPLIER, "s", java.util.Map.of())
                            .decide())
                    .isNull();
        }
    }

    @Test
    void aStuckListenerDelaysOnlyItsOwnEventsNeverTheMetricsCleanUpOrAnotherListener() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ChaosMetrics(engine).bindTo(registry);
        List<ChaosEvent> seen = new CopyOnWriteArrayList<>();
        engine.addListener(seen::add);
        engine.define(
                Assault.builder("reset").fault(new Fault.ConnectionReset()).build());
        engine.enable();
        Supplier<String> call = engine.decorateSupplier("s", () -> "done");
        assertThatThrownBy(call::get).isInstanceOf(UncheckedIOException.class);
        assertThat(registry.find("chaos.injections").tag("assault", "reset").counter())
                .isNotNull();

        engine.assaults().remove("reset");

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(registry.find("chaos.injections").counters()).isEmpty());
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(seen)
                        .filteredOn(ChaosEvent.PlanChanged.class::isInstance)
                        .map(event -> ((ChaosEvent.PlanChanged) event).assaults())
                        .last()
                        .isEqualTo(List.of()));
    }
}
