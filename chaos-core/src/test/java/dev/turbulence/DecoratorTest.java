package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecoratorTest {

    /** A delay the test can see pending right after the call even on a machine five times slower. */
    static final Duration SLOW_ENOUGH_TO_SEE_PENDING = Duration.ofSeconds(1);

    private final ChaosEngine engine = ChaosEngine.create();
    private final AtomicInteger realCalls = new AtomicInteger();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void passesThroughWhenChaosIsOff() throws Exception {
        engine.assaults().put(assault("inventory", new Fault.ConnectionReset()));

        assertThat(engine.decorateSupplier("inventory", this::stock).get()).isEqualTo("42 in stock");
        assertThat(engine.decorateCallable("inventory", this::stock).call()).isEqualTo("42 in stock");
        assertThat(engine.decorateFunction("inventory", (String sku) -> sku + ":" + stock())
                        .apply("a"))
                .isEqualTo("a:42 in stock");
        engine.decorateRunnable("inventory", this::stock).run();
        assertThat(realCalls).hasValue(4);
    }

    @Test
    void passesThroughCallSitesNoAssaultTargets() {
        arm(assault("inventory", new Fault.ConnectionReset()));

        assertThat(engine.decorateSupplier("payments", this::stock).get()).isEqualTo("42 in stock");
    }

    @Test
    void supplierGetsTheUncheckedFormOfNetworkFailures() {
        arm(assault("inventory", new Fault.ConnectionReset()));
        Supplier<String> stock = engine.decorateSupplier("inventory", this::stock);

        assertThatThrownBy(stock::get)
                .isInstanceOf(UncheckedIOException.class)
                .cause()
                .isInstanceOf(SocketException.class)
                .hasMessage("Connection reset");
        assertThat(realCalls).as("the fault replaces the call").hasValue(0);
    }

    @Test
    void supplierGetsConnectionRefused() {
        arm(assault("inventory", new Fault.ConnectionRefused()));

        assertThatThrownBy(engine.decorateSupplier("inventory", this::stock)::get)
                .isInstanceOf(UncheckedIOException.class)
                .cause()
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessage("Connection refused");
    }

    @Test
    void readTimeoutHangsForItsDurationThenTimesOut() {
        arm(assault("inventory", new Fault.ReadTimeout(Duration.ofMillis(50))));
        Supplier<String> stock = engine.decorateSupplier("inventory", this::stock);

        assertThatThrownBy(stock::get)
                .isInstanceOf(UncheckedIOException.class)
                .cause()
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("Read timed out");
    }

    @Test
    void uncheckedExceptionsAreThrownAsConfigured() {
        arm(assault("inventory", new Fault.ExceptionFault(IllegalStateException.class, "inventory is on fire")));

        assertThatThrownBy(engine.decorateSupplier("inventory", this::stock)::get)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("inventory is on fire");
        assertThatThrownBy(engine.decorateRunnable("inventory", this::stock)::run)
                .isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void callableThrowsCheckedExceptionsAsTheyAre() {
        arm(assault("inventory", new Fault.ExceptionFault(TimeoutException.class, "too slow")));
        Callable<String> stock = engine.decorateCallable("inventory", this::stock);

        assertThatThrownBy(stock::call)
                .isExactlyInstanceOf(TimeoutException.class)
                .hasMessage("too slow");
    }

    @Test
    void supplierWrapsCheckedExceptionsItCannotThrow() {
        arm(assault("inventory", new Fault.ExceptionFault(TimeoutException.class, "too slow")));
        assertThatThrownBy(engine.decorateSupplier("inventory", this::stock)::get)
                .isExactlyInstanceOf(InjectedFaultException.class)
                .cause()
                .isExactlyInstanceOf(TimeoutException.class)
                .hasMessage("too slow");

        arm(assault("inventory", new Fault.ExceptionFault(FileNotFoundException.class, "gone")));
        Function<String, String> echo = engine.decorateFunction("inventory", in -> in);
        assertThatThrownBy(() -> echo.apply("x"))
                .isExactlyInstanceOf(UncheckedIOException.class)
                .cause()
                .isExactlyInstanceOf(FileNotFoundException.class);
    }

    @Test
    void latencyDelaysTheRealCall() {
        arm(assault("inventory", new Fault.FixedLatency(Duration.ofMillis(40))));
        long start = System.nanoTime();

        assertThat(engine.decorateSupplier("inventory", this::stock).get()).isEqualTo("42 in stock");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
        assertThat(realCalls).hasValue(1);
    }

    @Test
    void completionStageFaultsArriveAsAFailedStageNotAThrow() {
        arm(assault("inventory", new Fault.ConnectionReset()));
        Supplier<CompletionStage<String>> stock = engine.decorateCompletionStage("inventory", this::asyncStock);

        CompletableFuture<String> result = stock.get().toCompletableFuture();

        await().until(result::isDone);
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isExactlyInstanceOf(SocketException.class)
                .hasMessage("Connection reset");
        assertThat(realCalls).hasValue(0);
    }

    @Test
    void completionStageLatencyDelaysWithoutBlockingTheCaller() {
        arm(assault("inventory", new Fault.FixedLatency(SLOW_ENOUGH_TO_SEE_PENDING)));
        Supplier<CompletionStage<String>> stock = engine.decorateCompletionStage("inventory", this::asyncStock);

        CompletableFuture<String> result = stock.get().toCompletableFuture();

        assertThat(result).as("returned before the delay passed").isNotDone();
        assertThat(realCalls).as("the real call waits for the delay").hasValue(0);
        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertThat(result).isCompletedWithValue("42 in stock");
        assertThat(realCalls).hasValue(1);
    }

    @Test
    void completionStageDelayedFailureStaysPendingUntilItsTime() {
        arm(assault("inventory", new Fault.ReadTimeout(SLOW_ENOUGH_TO_SEE_PENDING)));

        CompletableFuture<String> result = engine.decorateCompletionStage("inventory", this::asyncStock)
                .get()
                .toCompletableFuture();

        assertThat(result).isNotDone();
        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertThat(result)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void functionKeepsItsInputWhenNotAssaulted() {
        arm(assault("other", new Fault.ConnectionReset()));
        Function<Integer, Integer> square = engine.decorateFunction("square", x -> x * x);

        assertThat(square.apply(7)).isEqualTo(49);
    }

    @Test
    void afterTheCallEachDecoratorRunsTheRealCallThenLosesItsAnswer() {
        arm(afterCall(assault("inventory", new Fault.ConnectionReset())));

        assertThatThrownBy(
                        () -> engine.decorateSupplier("inventory", this::stock).get())
                .isInstanceOf(UncheckedIOException.class)
                .cause()
                .isExactlyInstanceOf(SocketException.class);
        assertThatThrownBy(
                        () -> engine.decorateCallable("inventory", this::stock).call())
                .isExactlyInstanceOf(SocketException.class);
        assertThatThrownBy(
                        () -> engine.decorateRunnable("inventory", this::stock).run())
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> engine.decorateFunction("inventory", (String sku) -> sku + stock())
                        .apply("a"))
                .isInstanceOf(UncheckedIOException.class);
        CompletableFuture<String> stage = engine.decorateCompletionStage("inventory", this::asyncStock)
                .get()
                .toCompletableFuture();
        await().atMost(Duration.ofSeconds(5)).until(stage::isDone);
        assertThat(stage)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isExactlyInstanceOf(SocketException.class);

        assertThat(realCalls).as("every real call was made").hasValue(5);
    }

    @Test
    void afterTheCallALatencyHoldsBackTheAnswerOfTheRealCall() {
        arm(afterCall(assault("inventory", new Fault.FixedLatency(SLOW_ENOUGH_TO_SEE_PENDING))));

        CompletableFuture<String> result = engine.decorateCompletionStage("inventory", this::asyncStock)
                .get()
                .toCompletableFuture();

        assertThat(realCalls).as("made at once").hasValue(1);
        assertThat(result).as("its answer held back").isNotDone();
        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertThat(result).isCompletedWithValue("42 in stock");
    }

    @Test
    void afterTheCallARealFailureReachesTheCallerAsItIs() {
        arm(afterCall(assault("inventory", new Fault.ConnectionReset())));
        Supplier<String> failing = engine.decorateSupplier("inventory", () -> {
            throw new IllegalStateException("out of stock");
        });

        assertThatThrownBy(failing::get).isExactlyInstanceOf(IllegalStateException.class);
    }

    private static Assault afterCall(Assault assault) {
        return Assault.builder(assault.name())
                .target(assault.target())
                .fault(assault.fault())
                .afterCall(true)
                .build();
    }

    private void arm(Assault assault) {
        engine.assaults().clear();
        engine.assaults().put(assault);
        engine.enable();
    }

    private static Assault assault(String site, Fault fault) {
        return Assault.builder(site + "-assault")
                .target(CallSiteKind.SUPPLIER, site)
                .fault(fault)
                .build();
    }

    private String stock() {
        realCalls.incrementAndGet();
        return "42 in stock";
    }

    private CompletionStage<String> asyncStock() {
        return CompletableFuture.completedFuture(stock());
    }
}
