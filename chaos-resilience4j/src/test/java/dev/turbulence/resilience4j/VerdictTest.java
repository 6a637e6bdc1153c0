package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import dev.turbulence.http.ChaosHttpClient;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The verdicts must not lie: each broken resilience set-up below fails its probe, with the observed values and
 * the reason, and its correct twin passes.
 */
class VerdictTest {

    static final Duration DURATION = Duration.ofMillis(500);

    final Fixture fixture;
    final Downstream downstream = new Downstream();
    final ExecutorService executor = Executors.newCachedThreadPool();

    VerdictTest(TestInfo test) {
        fixture = Fixture.forTest(test);
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
        fixture.close();
        downstream.close();
    }

    static Assault failing(String name, CallSiteKind kind, Class<? extends Throwable> exception) {
        return Assault.builder(name + "-down")
                .target(kind, name)
                .fault(new Fault.ExceptionFault(exception, name + " down"))
                .build();
    }

    ExperimentReport run(Assault assault, Probe probe, Callable<?> call) {
        return fixture.runner.run(Experiment.builder("verdict")
                .assault(assault)
                .hypothesis(probe)
                .duration(DURATION)
                .load(Load.of(call, 100))
                .build());
    }

    static ProbeResult only(ExperimentReport report) {
        return report.probes().stream()
                .filter(result -> result.phase().equals("hypothesis"))
                .findFirst()
                .orElseThrow();
    }

    // ---- a breaker whose recordExceptions excludes the injected exception

    ExperimentReport breakerRecording(Class<? extends Throwable>... recorded) {
        CircuitBreaker breaker = fixture.breakers.circuitBreaker(
                "inventory",
                Fixture.quickBreaker()
                        .recordExceptions(recorded)
                        .clock(fixture.time.clock())
                        .build());
        HttpClient client = ChaosHttpClient.decorate(fixture.engine, "inventory", HttpClient.newHttpClient());
        Callable<String> stock = CircuitBreaker.decorateCallable(
                breaker,
                () -> client.send(downstream.stockRequest(), HttpResponse.BodyHandlers.ofString())
                        .body());
        return run(
                failing("inventory", CallSiteKind.HTTP, IllegalStateException.class),
                Probe.circuitBreakerOpensWithin("inventory", DURATION),
                stock);
    }

    @Test
    void failsABreakerWhoseRecordExceptionsExcludeTheInjectedException() {
        ProbeResult result = only(breakerRecording(IOException.class));

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.explanation())
                .startsWith("breaker 'inventory' stayed CLOSED for ")
                .contains(" it recorded 0 of " + result.observed().get("calls") + " calls as failures (0 ignored,")
                .endsWith("; the injected exception IllegalStateException is not in recordExceptions, so the breaker"
                        + " counts it as a success");
        assertThat((long) result.observed().get("calls")).isPositive();
        assertThat((long) result.observed().get("injections")).isPositive();
        assertThat(downstream.requestsReceived())
                .as("every call was failed by the assault")
                .isZero();
    }

    @Test
    void passesABreakerThatRecordsTheInjectedException() {
        ProbeResult result = only(breakerRecording(IOException.class, IllegalStateException.class));

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.PASSED);
        assertThat(result.explanation()).startsWith("breaker 'inventory' opened ");
        assertThat(result.observed()).containsKey("openedAfterMs");
    }

    // ---- a fallback that itself throws

    ExperimentReport fallbackAnswering(Function<RuntimeException, String> recovery) {
        Supplier<String> stock = Fallback.of("inventory", fixture.meters)
                .decorateSupplier(
                        CircuitBreaker.decorateSupplier(
                                fixture.breaker("inventory"), fixture.engine.decorateSupplier("inventory", () -> "42")),
                        recovery);
        return run(
                failing("inventory", CallSiteKind.SUPPLIER, IllegalStateException.class),
                Probe.fallbackServedAtLeast("inventory", 0.99),
                stock::get);
    }

    @Test
    void failsAFallbackThatItselfThrows() {
        ProbeResult result = only(fallbackAnswering(failure -> {
            throw new IllegalStateException("no cache either");
        }));

        long failed = (long) result.observed().get("failed");
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.explanation())
                .isEqualTo("fallback 'inventory' answered 0 of " + failed + " failed or rejected calls (0%), less than"
                        + " 99%; the fallback itself threw " + failed + " times");
        assertThat(failed).isPositive();
    }

    @Test
    void passesAFallbackThatAnswers() {
        ProbeResult result = only(fallbackAnswering(failure -> "cached"));

        long served = (long) result.observed().get("served");
        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(result.explanation())
                .isEqualTo("fallback 'inventory' answered " + served + " of " + served
                        + " failed or rejected calls (100%)");
    }

    // ---- a retry configured with zero retries

    ExperimentReport retryingWith(int maxAttempts) {
        Retry retry = fixture.retries.retry(
                "payments",
                RetryConfig.custom()
                        .maxAttempts(maxAttempts)
                        .waitDuration(Duration.ofMillis(1))
                        .build());
        Supplier<String> pay = Retry.decorateSupplier(retry, fixture.engine.decorateSupplier("payments", () -> "paid"));
        Assault everySecondCallFails = Assault.builder("payments-flaky")
                .target(CallSiteKind.SUPPLIER, "payments")
                .fault(new Fault.ExceptionFault(IllegalStateException.class, "flaky"))
                .everyNth(2)
                .build();
        return run(everySecondCallFails, Probe.retrySuccessfulWithRetryAtLeast("payments", 0.95), () -> {
            try {
                return pay.get();
            } catch (IllegalStateException expected) {
                return "failed";
            }
        });
    }

    @Test
    void failsARetryThatNeverRetries() {
        ProbeResult result = only(retryingWith(1));

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.explanation())
                .startsWith("retry 'payments' has maxAttempts 1, so it never retries: ")
                .contains(" calls met a failure and none was retried (Resilience4j counts ");
        assertThat(result.observed()).containsEntry("maxAttempts", 1L).containsEntry("successfulWithRetry", 0L);
        assertThat((long) result.observed().get("failedWithRetry"))
                .as("what the meters alone would have believed")
                .isPositive();
    }

    @Test
    void passesARetryThatRecoversEveryFailingCall() {
        ProbeResult result = only(retryingWith(3));

        long recovered = (long) result.observed().get("successfulWithRetry");
        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.PASSED);
        assertThat(result.explanation())
                .isEqualTo("retry 'payments' recovered " + recovered + " of " + recovered
                        + " calls that met a failure (100%) with up to 3 attempts");
    }

    // ---- an injection placed outside the breaker

    ExperimentReport injectingAt(Function<CircuitBreaker, Supplier<String>> wiring) {
        return injectingAt(failing("payments", CallSiteKind.SUPPLIER, IllegalStateException.class), wiring);
    }

    ExperimentReport injectingAt(Assault assault, Function<CircuitBreaker, Supplier<String>> wiring) {
        Supplier<String> pay = wiring.apply(fixture.breaker("payments"));
        return run(assault, Probe.circuitBreakerOpensWithin("payments", DURATION), () -> {
            try {
                return pay.get();
            } catch (RuntimeException failedOrRefused) {
                return "failed";
            }
        });
    }

    @Test
    void failsAnInjectionPlacedOutsideTheBreaker() {
        ProbeResult result = only(injectingAt(breaker ->
                fixture.engine.decorateSupplier("payments", CircuitBreaker.decorateSupplier(breaker, () -> "paid"))));

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.explanation())
                .contains("it recorded 0 of 0 calls as failures")
                .endsWith("it saw none of the calls: the injection sits outside the breaker, or the calls never"
                        + " reach it");
        assertThat((long) result.observed().get("injections")).isPositive();
    }

    /** Half the calls: the other half pass the injection and reach the breaker, which sees only successes. */
    static Assault halfOfPaymentsFailing() {
        return Assault.builder("payments-down")
                .target(CallSiteKind.SUPPLIER, "payments")
                .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                .rate(0.5)
                .seed(42)
                .build();
    }

    @Test
    void namesTheOrderWhenSomeCallsReachABreakerTheInjectionSitsOutside() {
        ProbeResult result = only(injectingAt(
                halfOfPaymentsFailing(),
                breaker -> fixture.engine.decorateSupplier(
                        "payments", CircuitBreaker.decorateSupplier(breaker, () -> "paid"))));

        long calls = (long) result.observed().get("calls");
        long injected = (long) result.observed().get("injections");
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(calls).isPositive();
        assertThat(result.explanation())
                .endsWith("the faults never reached it: it would record what was injected, yet none of the " + calls
                        + " calls it saw failed while " + injected + " faults were injected — the injection sits"
                        + " outside the breaker; put the chaos decorator inside it");
    }

    @Test
    void passesHalfTheCallsFailingInsideTheBreaker() {
        ProbeResult result = only(injectingAt(
                halfOfPaymentsFailing(),
                breaker -> CircuitBreaker.decorateSupplier(
                        breaker, fixture.engine.decorateSupplier("payments", () -> "paid"))));

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void passesAnInjectionPlacedInsideTheBreaker() {
        ProbeResult result = only(injectingAt(breaker ->
                CircuitBreaker.decorateSupplier(breaker, fixture.engine.decorateSupplier("payments", () -> "paid"))));

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.PASSED);
    }

    // ---- a time limiter longer than the injected latency

    ExperimentReport limitingTo(Duration timeout) {
        TimeLimiter limiter = fixture.timeLimiters.timeLimiter(
                "payments", TimeLimiterConfig.custom().timeoutDuration(timeout).build());
        Callable<String> slowPayment = fixture.engine.decorateCallable("payments", () -> "paid");
        Callable<String> pay = TimeLimiter.decorateFutureSupplier(limiter, () -> executor.submit(slowPayment));
        Assault slow = Assault.builder("payments-slow")
                .target(CallSiteKind.SUPPLIER, "payments")
                .fault(new Fault.FixedLatency(Duration.ofMillis(150)))
                .build();
        return fixture.runner.run(Experiment.builder("slow")
                .assault(slow)
                .hypothesis(Probe.timeLimiterTimeoutsAtLeast("payments", 1))
                .duration(DURATION)
                .load(Load.of(
                        () -> {
                            try {
                                return pay.call();
                            } catch (Exception timedOut) {
                                return "timed out";
                            }
                        },
                        20))
                .build());
    }

    @Test
    @Tag(Fixture.REAL_TIME)
    void failsATimeLimiterLongerThanTheInjectedLatency() {
        ProbeResult result = only(limitingTo(Duration.ofSeconds(1)));

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.explanation())
                .startsWith("time limiter 'payments' timed out 0 of ")
                .endsWith("its timeoutDuration 1 s is not shorter than the injected latency 150 ms, so no call ran"
                        + " long enough to time out");
        assertThat(result.observed())
                .containsEntry("timeoutDurationMs", 1000L)
                .containsEntry("injectedLatencyMs", 150L);
    }

    @Test
    @Tag(Fixture.REAL_TIME)
    void passesATimeLimiterShorterThanTheInjectedLatency() {
        ProbeResult result = only(limitingTo(Duration.ofMillis(50)));

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.PASSED);
        assertThat((long) result.observed().get("timeouts")).isPositive();
    }

    // ---- bulkheads and blind spots

    @Test
    @Tag(Fixture.REAL_TIME)
    void showsWhyABulkheadTooWideForTheLoadRejectedNothing() {
        Bulkhead bulkhead = fixture.bulkheads.bulkhead(
                "payments", BulkheadConfig.custom().maxConcurrentCalls(1000).build());
        Supplier<String> pay =
                Bulkhead.decorateSupplier(bulkhead, fixture.engine.decorateSupplier("payments", () -> "paid"));

        ExperimentReport report = fixture.runner.run(Experiment.builder("roomy")
                .assault(Assault.builder("payments-slow")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.FixedLatency(Duration.ofMillis(100)))
                        .build())
                .hypothesis(Probe.bulkheadRejectedAtLeast("payments", 1))
                .duration(DURATION)
                .load(Load.of(pay::get, 100).withConcurrency(4))
                .build());

        ProbeResult result = only(report);
        long mostInFlight = (long) result.observed().get("mostInFlight");
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(mostInFlight).isBetween(1L, 4L);
        assertThat(result.explanation())
                .startsWith("bulkhead 'payments' rejected 0 of ")
                .contains(" calls, with at most " + mostInFlight + " in flight (maxConcurrentCalls 1000,");
    }

    @Test
    @Tag(Fixture.REAL_TIME)
    void countsBulkheadRejectionsAgainstBothBounds() {
        Bulkhead bulkhead = fixture.bulkheads.bulkhead(
                "payments",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(1)
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        Supplier<String> pay =
                Bulkhead.decorateSupplier(bulkhead, fixture.engine.decorateSupplier("payments", () -> "paid"));
        Experiment experiment = Experiment.builder("crowded")
                .assault(Assault.builder("payments-slow")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.FixedLatency(Duration.ofMillis(100)))
                        .build())
                .hypothesis(Probe.bulkheadRejectedAtLeast("payments", 1), Probe.bulkheadRejectedAtMost("payments", 0))
                .duration(DURATION)
                .load(Load.of(pay::get, 100).withConcurrency(4))
                .build();

        ExperimentReport report = fixture.runner.run(experiment);

        assertThat(report.probes().get(0).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(report.probes().get(1).verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.probes().get(1).explanation())
                .startsWith("bulkhead 'payments' rejected ")
                .endsWith(" calls, with at most 1 in flight (maxConcurrentCalls 1, maxWaitDuration 0 ms), more than 0");
        assertThat(report.probes().get(1).observed()).containsEntry("mostInFlight", 1L);
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void failsAnAlarmThatDoesNotCatchTheAssaults() {
        Supplier<String> pay = CircuitBreaker.decorateSupplier(
                fixture.breaker("payments"), fixture.engine.decorateSupplier("payments", () -> "paid"));
        Experiment experiment = Experiment.builder("blind-spot")
                .assault(failing("payments", CallSiteKind.SUPPLIER, IllegalStateException.class))
                .hypothesis(Probe.alarmFiresWithin("payment-errors", DURATION))
                .alarm(Alarm.builder("payment-errors")
                        .rate(MeterSelector.of(Verifier.BREAKER_CALLS, "name", "payments", "kind", "failed"))
                        .threshold(Alarm.Comparison.GREATER_THAN, 1000)
                        .period(Duration.ofMillis(50))
                        .datapoints(1, 1)
                        .missingData(Alarm.MissingData.NOT_BREACHING)
                        .build())
                .duration(DURATION)
                .load(Load.of(
                        () -> {
                            try {
                                return pay.get();
                            } catch (RuntimeException failed) {
                                return "failed";
                            }
                        },
                        100))
                .build();

        ProbeResult result = only(fixture.runner.run(experiment));

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.explanation())
                .startsWith("alarm 'payment-errors' stayed OK for ")
                .contains("of assaults: the monitoring did not catch them; latest datapoint ")
                .endsWith(" against rate of resilience4j.circuitbreaker.calls{kind=failed,name=payments} > 1000.0 in 1"
                        + " of 1 periods of PT0.05S, missing data not-breaching");
    }
}
