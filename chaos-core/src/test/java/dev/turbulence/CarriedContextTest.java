package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What the caller's thread carries reaches the timer thread that makes a delayed asynchronous call. */
class CarriedContextTest {

    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
    /** Long enough that a callback attached right after the call is attached before the stage completes. */
    private static final Duration LATENCY = Duration.ofMillis(300);

    private final List<String> decoratedOn = new CopyOnWriteArrayList<>();

    /** As a context-propagating decorator does: takes the caller's value when it wraps, sets it while it runs. */
    private final UnaryOperator<Runnable> carryRequestId = task -> {
        String captured = REQUEST_ID.get();
        decoratedOn.add(Thread.currentThread().getName());
        return () -> {
            String previous = REQUEST_ID.get();
            REQUEST_ID.set(captured);
            try {
                task.run();
            } finally {
                REQUEST_ID.set(previous);
            }
        };
    };

    @Test
    void theDelayedRealCallAndAFailedStagesCallbacksSeeWhatTheDecoratorCarried() throws Exception {
        try (ChaosEngine engine =
                ChaosEngine.builder().taskDecorator(carryRequestId).build()) {
            engine.define(Assault.builder("slow")
                    .target(CallSiteKind.SUPPLIER, "stock")
                    .fault(new Fault.FixedLatency(LATENCY))
                    .build());
            engine.define(Assault.builder("slow-prices")
                    .target(CallSiteKind.SUPPLIER, "prices")
                    .fault(new Fault.FixedLatency(LATENCY))
                    .build());
            engine.define(Assault.builder("down")
                    .target(CallSiteKind.SUPPLIER, "prices")
                    .fault(new Fault.ConnectionReset())
                    .build());
            engine.enable();
            Supplier<CompletionStage<String>> stock = engine.decorateCompletionStage("stock", CarriedContextTest::seen);
            Supplier<CompletionStage<String>> prices =
                    engine.decorateCompletionStage("prices", CarriedContextTest::seen);
            REQUEST_ID.set("req-42");
            try {
                String stockAnswer = stock.get().toCompletableFuture().get(10, TimeUnit.SECONDS);
                String caller = Thread.currentThread().getName();
                String pricesAnswer = prices.get()
                        .handle((value, failure) -> "failed, seen by " + REQUEST_ID.get()
                                + (Thread.currentThread().getName().equals(caller) ? " on the caller" : " on a timer"))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);

                assertThat(stockAnswer).isEqualTo("seen by req-42");
                assertThat(pricesAnswer).isEqualTo("failed, seen by req-42 on a timer");
                assertThat(decoratedOn)
                        .containsOnly(Thread.currentThread().getName())
                        .hasSize(2);
            } finally {
                REQUEST_ID.remove();
            }
        }
    }

    @Test
    void withoutADecoratorTheTimerThreadCarriesNothingOfTheCallers() throws Exception {
        try (ChaosEngine engine = ChaosEngine.create()) {
            engine.define(Assault.builder("slow")
                    .target(CallSiteKind.SUPPLIER, "stock")
                    .fault(new Fault.FixedLatency(LATENCY))
                    .build());
            engine.enable();
            REQUEST_ID.set("req-42");
            try {
                assertThat(engine.decorateCompletionStage("stock", CarriedContextTest::seen)
                                .get()
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS))
                        .isEqualTo("seen by null");
            } finally {
                REQUEST_ID.remove();
            }
        }
    }

    private static CompletionStage<String> seen() {
        return CompletableFuture.completedFuture("seen by " + REQUEST_ID.get());
    }
}
