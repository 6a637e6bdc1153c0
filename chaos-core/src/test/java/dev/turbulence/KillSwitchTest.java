package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class KillSwitchTest {

    private final List<ChaosEvent> events = new CopyOnWriteArrayList<>();
    private final ChaosEngine engine =
            ChaosEngine.builder().listener(events::add).build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void chaosIsOffUntilEnabled() {
        engine.assaults()
                .put(Assault.builder("reset").fault(new Fault.ConnectionReset()).build());

        assertThat(engine.isEnabled()).isFalse();
        assertThat(engine.callSite(CallSiteKind.SUPPLIER, "s", Map.of()).decide())
                .isNull();
        assertThat(engine.activeAssaultCount()).isZero();
    }

    @Test
    void disableStopsInjectionInEveryThreadOnTheNextCall() throws Exception {
        engine.assaults()
                .put(Assault.builder("reset").fault(new Fault.ConnectionReset()).build());
        engine.enable();
        Supplier<String> call = engine.decorateSupplier("s", () -> "ok");
        assertThatThrownBy(call::get).hasRootCauseMessage("Connection reset");

        engine.disable();

        assertThat(CompletableFuture.supplyAsync(call).get()).isEqualTo("ok");
        assertThat(call.get()).isEqualTo("ok");
        assertThat(events)
                .filteredOn(ChaosEvent.Switched.class::isInstance)
                .extracting(event -> ((ChaosEvent.Switched) event).enabled())
                .containsExactly(true, false);
    }

    @Test
    void disableEndsPendingLatencyEarly() {
        engine.assaults()
                .put(Assault.builder("slow")
                        .fault(new Fault.FixedLatency(Duration.ofMinutes(5)))
                        .build());
        engine.enable();
        CompletableFuture<String> stuck = CompletableFuture.supplyAsync(engine.decorateSupplier("s", () -> "done"));
        await().until(() -> events.stream().anyMatch(ChaosEvent.Injected.class::isInstance));
        assertThat(stuck).isNotDone();

        engine.disable();

        await().atMost(Duration.ofSeconds(2)).until(stuck::isDone);
        assertThat(stuck).isCompletedWithValue("done");
    }

    @Test
    void disableEndsAHangingReadTimeout() {
        engine.assaults()
                .put(Assault.builder("hang").fault(new Fault.ReadTimeout(null)).build());
        engine.enable();
        CompletableFuture<String> stuck = CompletableFuture.supplyAsync(engine.decorateSupplier("s", () -> "done"));
        await().until(() -> events.stream().anyMatch(ChaosEvent.Injected.class::isInstance));

        engine.disable();

        await().atMost(Duration.ofSeconds(2)).until(stuck::isDone);
        assertThat(stuck).isCompletedExceptionally();
    }

    @Test
    void disableEndsAPendingAsynchronousLatency() {
        engine.assaults()
                .put(Assault.builder("slow")
                        .fault(new Fault.FixedLatency(Duration.ofMinutes(5)))
                        .build());
        engine.enable();
        CompletableFuture<String> stuck = engine.decorateCompletionStage(
                        "s", () -> CompletableFuture.completedFuture("done"))
                .get()
                .toCompletableFuture();
        assertThat(stuck).isNotDone();

        engine.disable();

        await().atMost(Duration.ofSeconds(2)).until(stuck::isDone);
        assertThat(stuck).isCompletedWithValue("done");
    }

    @Test
    void disableEndsAPendingReactiveHang() {
        engine.assaults()
                .put(Assault.builder("hang").fault(new Fault.ReadTimeout(null)).build());
        engine.enable();
        Lookup lookup = engine.proxy(Lookup.class, () -> Mono.just("found"), "lookup");
        CompletableFuture<String> stuck = lookup.find().toFuture();
        assertThat(stuck).isNotDone();

        engine.disable();

        await().atMost(Duration.ofSeconds(2)).until(stuck::isDone);
        assertThat(stuck).isCompletedExceptionally();
    }

    /** A reactive lookup, as a reactive repository would offer it. */
    interface Lookup {
        Mono<String> find();
    }

    @Test
    void reenablingResumesTheSamePlan() {
        engine.assaults()
                .put(Assault.builder("reset").fault(new Fault.ConnectionReset()).build());
        engine.enable();
        long version = engine.planVersion();
        engine.disable();
        engine.enable();

        assertThat(engine.planVersion()).isEqualTo(version);
        assertThat(engine.callSite(CallSiteKind.SUPPLIER, "s", Map.of()).decide())
                .isNotNull();
    }
}
