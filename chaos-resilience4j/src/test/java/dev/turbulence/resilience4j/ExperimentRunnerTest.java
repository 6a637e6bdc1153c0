package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEvent;
import dev.turbulence.Fault;
import dev.turbulence.http.ChaosHttpClient;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class ExperimentRunnerTest {

    final Fixture fixture;
    final Downstream downstream = new Downstream();

    ExperimentRunnerTest(TestInfo test) {
        fixture = Fixture.forTest(test);
    }

    @AfterEach
    void close() {
        fixture.close();
        downstream.close();
    }

    /** inventory client: WireMock through the JDK client decorator, inside the breaker, inside the fallback. */
    Callable<String> inventory(CircuitBreaker breaker) {
        HttpClient client = ChaosHttpClient.decorate(fixture.engine, "inventory", HttpClient.newHttpClient());
        Callable<String> call = () -> {
            HttpResponse<String> response =
                    client.send(downstream.stockRequest(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                throw new IOException("inventory answered " + response.statusCode());
            }
            return response.body();
        };
        return Fallback.of("inventory", fixture.meters)
                .decorateCallable(CircuitBreaker.decorateCallable(breaker, call), failure -> "cached");
    }

    static final String OUTAGE = """
            name: inventory-outage
            steadyState:
              - circuitBreaker: inventory
                state: CLOSED
              - alarm: checkout-errors
                state: OK
            assaults:
              - { name: inventory-down, target: { kind: http, name: inventory }, fault: { type: http-status, status: 503 } }
            hypothesis:
              - circuitBreaker: inventory
                opensWithin: 800ms
              - fallback: inventory
                servedAtLeast: 0.99
              - circuitBreaker: inventory
                notPermittedCallsAtLeast: 1
              - alarm: inventory-errors
                firesWithin: 800ms
            stopConditions:
              - alarm: checkout-errors
            alarms:
              - { name: inventory-errors, statistic: count, meter: resilience4j.circuitbreaker.calls,
                  tags: { name: inventory, kind: failed }, comparison: greater-or-equal, threshold: 1,
                  period: 50ms, evaluationPeriods: 1, datapointsToAlarm: 1, missingData: not-breaching }
              - { name: checkout-errors, statistic: count, meter: chaos.fallback.calls,
                  tags: { name: inventory, outcome: failed }, comparison: greater-or-equal, threshold: 1,
                  period: 50ms, evaluationPeriods: 1, datapointsToAlarm: 1, missingData: not-breaching }
            duration: 1s
            recovery:
              - circuitBreaker: inventory
                closesWithin: 3s
            """;

    @Test
    void walksThePhasesAndPassesWhenTheBreakerOpensTheFallbackServesAndTheAlarmFires() throws Exception {
        Callable<String> stock = inventory(fixture.breaker("inventory"));
        Experiment experiment = fixture.runner.load(OUTAGE).withLoad(Load.of(stock, 100));

        ExperimentReport report = fixture.runner.run(experiment);

        assertThat(report.verdict()).as(report.explanation()).isEqualTo(Verdict.PASSED);
        assertThat(report.explanation()).isEqualTo("all 9 probes held");
        assertThat(report.phases())
                .extracting(ExperimentReport.Phase::name)
                .containsExactly("baseline", "steadyState", "assaults", "recovery");
        assertThat(report.probes())
                .extracting(ProbeResult::phase)
                .containsExactly(
                        "steadyState",
                        "steadyState",
                        "hypothesis",
                        "hypothesis",
                        "hypothesis",
                        "hypothesis",
                        "recovery",
                        "steadyStateAfter",
                        "steadyStateAfter");
        assertThat(report.injections().get("inventory-down")).isPositive();
        assertThat(report.load().calls()).isPositive();
        assertThat(report.load().failures())
                .as("the fallback answered every failed call")
                .isZero();
        assertThat(report.stateChanges())
                .extracting(ExperimentReport.StateChange::name, ExperimentReport.StateChange::to)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("inventory", "OPEN"),
                        org.assertj.core.groups.Tuple.tuple("inventory-errors", "ALARM"),
                        org.assertj.core.groups.Tuple.tuple("inventory", "CLOSED"));
        assertThat(fixture.engine.status()).as("assaults removed").isEmpty();
        assertThat(fixture.engine.isEnabled()).as("chaos switched off again").isFalse();
        assertThat(fixture.runner.alarmMonitor().names())
                .as("the experiment's alarms removed")
                .isEmpty();
        assertThat(stock.call()).isEqualTo("42");
    }

    @Test
    void failsFastAndInjectsNothingWhenTheSteadyStateDoesNotHold() {
        CircuitBreaker breaker = fixture.breaker("inventory");
        Callable<String> stock = inventory(breaker);
        Experiment experiment = fixture.runner.load(OUTAGE).withLoad(Load.of(stock, 100));
        breaker.transitionToOpenState();

        ExperimentReport report = fixture.runner.run(experiment);

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.explanation())
                .isEqualTo("the steady state did not hold before the assaults, so nothing was injected:"
                        + " circuitBreaker 'inventory' state CLOSED: breaker 'inventory' is OPEN, not CLOSED");
        assertThat(report.phases()).extracting(ExperimentReport.Phase::name).containsExactly("baseline", "steadyState");
        assertThat(report.probes()).extracting(ProbeResult::phase).containsOnly("steadyState");
        assertThat(report.injections()).containsEntry("inventory-down", 0L);
        assertThat(fixture.chaosActivity())
                .as("no assault defined, chaos never switched on")
                .isEmpty();
    }

    Experiment payments(Duration duration, Supplier<String> call) {
        return Experiment.builder("payments-outage")
                .assault(Assault.builder("payments-down")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                        .build())
                .hypothesis(Probe.circuitBreakerIs("payments", CircuitBreaker.State.OPEN))
                .duration(duration)
                .load(Load.of(call::get, 100))
                .build();
    }

    Supplier<String> payments(CircuitBreaker breaker) {
        return CircuitBreaker.decorateSupplier(breaker, fixture.engine.decorateSupplier("payments", () -> "paid"));
    }

    @Test
    @Tag(Fixture.REAL_TIME)
    void tellsWhichExperimentRunsAndInWhichPhase() {
        Experiment experiment = payments(Duration.ofMillis(500), payments(fixture.breaker("payments")));
        assertThat(fixture.runner.running()).isEmpty();
        AtomicReference<ExperimentReport> report = new AtomicReference<>();
        Thread runner = new Thread(() -> report.set(fixture.runner.run(experiment)));
        runner.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.engine.activeAssaultCount() == 1);
        assertThat(fixture.runner.running()).contains(new ExperimentRunner.Running("payments-outage", "assaults"));

        await().atMost(Duration.ofSeconds(5)).until(() -> report.get() != null);
        assertThat(fixture.runner.running()).isEmpty();
    }

    @Test
    @Tag(Fixture.REAL_TIME)
    void countsNoCallThatTheStoppedLoadInterrupted() {
        Experiment experiment = payments(Duration.ofMillis(200), payments(fixture.breaker("payments")))
                .withLoad(Load.of(
                        () -> {
                            new CountDownLatch(1).await();
                            return "never";
                        },
                        100));

        ExperimentReport report = fixture.runner.run(experiment);

        assertThat(report.load()).isEqualTo(new ExperimentReport.LoadSummary(0, 0));
    }

    @Test
    @Tag(Fixture.REAL_TIME)
    void removesTheAssaultsAndReportsInconclusiveWhenInterrupted() {
        Experiment experiment = payments(Duration.ofSeconds(30), payments(fixture.breaker("payments")));
        AtomicReference<ExperimentReport> report = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread runner = new Thread(() -> {
            report.set(fixture.runner.run(experiment));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        runner.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.engine.activeAssaultCount() == 1);

        runner.interrupt();

        await().atMost(Duration.ofSeconds(5)).until(() -> report.get() != null);
        assertThat(report.get().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.get().explanation()).isEqualTo("interrupted during assaults; the assaults were removed");
        assertThat(stillInterrupted).isTrue();
        assertThat(fixture.engine.status()).isEmpty();
        assertThat(fixture.engine.isEnabled()).isFalse();
    }

    @Test
    @Tag(Fixture.REAL_TIME)
    void endsAtOnceWhenTheKillSwitchIsPulledWhileTheAssaultsRun() {
        Experiment experiment = payments(Duration.ofSeconds(30), payments(fixture.breaker("payments")));
        AtomicReference<ExperimentReport> report = new AtomicReference<>();
        Thread runner = new Thread(() -> report.set(fixture.runner.run(experiment)));
        runner.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.engine.activeAssaultCount() == 1);

        fixture.engine.disable();

        await().atMost(Duration.ofSeconds(5)).until(() -> report.get() != null);
        assertThat(report.get().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.get().explanation())
                .startsWith("stopped by the kill switch at ")
                .endsWith(": chaos was switched off while the assaults ran, and they were removed");
        assertThat(fixture.engine.status()).isEmpty();
        assertThat(fixture.engine.isEnabled()).isFalse();
    }

    @Test
    void givesTheSameReportOnEveryRunInVirtualTime() {
        String first = paymentsOutageInVirtualTime();

        assertThat(paymentsOutageInVirtualTime()).isEqualTo(first);
        assertThat(ExperimentReport.fromJson(first).verdict()).isEqualTo(Verdict.PASSED);
    }

    /** A whole run on a fresh fixture: breaker opens, alarm fires, breaker closes again after the assaults. */
    static String paymentsOutageInVirtualTime() {
        try (Fixture fresh = new Fixture()) {
            Supplier<String> pay = CircuitBreaker.decorateSupplier(
                    fresh.breaker("payments"), fresh.engine.decorateSupplier("payments", () -> "paid"));
            ExperimentReport report = fresh.runner.run(Experiment.builder("payments-outage")
                    .assault(Assault.builder("payments-down")
                            .target(CallSiteKind.SUPPLIER, "payments")
                            .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                            .build())
                    .hypothesis(
                            Probe.circuitBreakerOpensWithin("payments", Duration.ofSeconds(1)),
                            Probe.alarmFiresWithin("payment-failures", Duration.ofSeconds(1)))
                    .recovery(Probe.circuitBreakerClosesWithin("payments", Duration.ofSeconds(2)))
                    .alarm(Alarm.builder("payment-failures")
                            .count(MeterSelector.of(Verifier.BREAKER_CALLS, "name", "payments", "kind", "failed"))
                            .threshold(Alarm.Comparison.GREATER_OR_EQUAL, 1)
                            .period(Duration.ofMillis(100))
                            .datapoints(1, 1)
                            .missingData(Alarm.MissingData.NOT_BREACHING)
                            .build())
                    .duration(Duration.ofSeconds(2))
                    .load(Load.of(
                            () -> {
                                try {
                                    return pay.get();
                                } catch (RuntimeException failedOrRefused) {
                                    return "failed";
                                }
                            },
                            50))
                    .build());
            return report.toJson();
        }
    }

    @Test
    void endsAtTheInstantTheKillSwitchIsPulledInVirtualTime() {
        Supplier<String> payments = payments(fixture.breaker("payments"));
        AtomicInteger calls = new AtomicInteger();
        Experiment experiment = payments(Duration.ofSeconds(30), () -> {
            if (calls.incrementAndGet() == 50) {
                fixture.engine.disable();
            }
            return payments.get();
        });

        ExperimentReport report = fixture.runner.run(experiment);

        Instant pulled = Fixture.START.plus(Duration.ofMillis(490));
        assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.explanation())
                .isEqualTo("stopped by the kill switch at " + pulled
                        + ": chaos was switched off while the assaults ran, and they were removed");
        assertThat(report.endedAt()).isEqualTo(pulled);
        assertThat(calls).hasValue(50);
        assertThat(fixture.engine.status()).isEmpty();
    }

    @Test
    void removesTheAssaultsAndReportsInconclusiveWhenItsOwnMachineryFails() {
        Supplier<String> payments = payments(fixture.breaker("payments"));
        Experiment experiment = payments(Duration.ofMillis(300), () -> {
            if (fixture.engine.activeAssaultCount() > 0) {
                fixture.breakers.remove("payments");
            }
            return payments.get();
        });

        ExperimentReport report = fixture.runner.run(experiment);

        assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.explanation())
                .isEqualTo("the experiment could not run to its end: java.lang.IllegalStateException: circuit breaker"
                        + " 'payments' disappeared during the experiment during assaults; the assaults were removed");
        assertThat(fixture.engine.status()).isEmpty();
        assertThat(fixture.engine.isEnabled()).isFalse();
    }

    @Test
    void leavesChaosOnWhenItWasOnBefore() {
        fixture.engine.enable();

        ExperimentReport report =
                fixture.runner.run(payments(Duration.ofMillis(200), payments(fixture.breaker("payments"))));

        assertThat(report.injections().get("payments-down")).isPositive();
        assertThat(fixture.engine.isEnabled()).isTrue();
        assertThat(fixture.engine.status()).isEmpty();
    }

    @Test
    void abortsOnAStopConditionAndRemovesTheAssaultsWithinOneEvaluationPeriod() {
        Duration period = Duration.ofMillis(50);
        Experiment experiment = Experiment.builder("guarded")
                .assault(Assault.builder("payments-down")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                        .build())
                .hypothesis(Probe.circuitBreakerOpensWithin("payments", Duration.ofSeconds(20)))
                .stopCondition("payment-failures")
                .alarm(Alarm.builder("payment-failures")
                        .count(MeterSelector.of(Verifier.BREAKER_CALLS, "name", "payments", "kind", "failed"))
                        .threshold(Alarm.Comparison.GREATER_OR_EQUAL, 1)
                        .period(period)
                        .datapoints(1, 1)
                        .missingData(Alarm.MissingData.NOT_BREACHING)
                        .build())
                .duration(Duration.ofSeconds(30))
                .load(Load.of(payments(fixture.breaker("payments"))::get, 100))
                .build();

        ExperimentReport report = fixture.runner.run(experiment);

        ExperimentReport.Abort abort = report.abortedBy();
        assertThat(abort.alarm()).isEqualTo("payment-failures");
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.explanation())
                .startsWith("aborted by payment-failures at " + abort.at()
                        + ": the stop condition went to ALARM while the assaults ran, and they were removed at once");
        Instant removed = fixture.events.stream()
                .filter(event -> event instanceof ChaosEvent.PlanChanged changed
                        && changed.assaults().isEmpty())
                .map(ChaosEvent::at)
                .reduce((first, last) -> last)
                .orElseThrow();
        assertThat(removed).isBetween(abort.at(), abort.at().plus(period));
        assertThat(fixture.engine.status()).isEmpty();
    }

    static String breakerOutageWithAlarmOn(String meter) {
        return """
                name: watched
                assaults:
                  - { name: payments-down, target: { kind: supplier, name: payments }, fault: { type: exception, class: java.lang.IllegalStateException } }
                hypothesis:
                  - { alarm: payment-failures, firesWithin: 1s }
                alarms:
                  - { name: payment-failures, statistic: count, meter: %s, tags: { name: payments },
                      comparison: greater-or-equal, threshold: 1, period: 100ms, evaluationPeriods: 1,
                      datapointsToAlarm: 1, missingData: not-breaching }
                duration: 1s
                """.formatted(meter);
    }

    @Test
    void rejectsAMisspeltAlarmMeterAtLoadNamingTheClosestKnownMeters() {
        fixture.breaker("payments");

        assertThatThrownBy(() -> fixture.runner.load(breakerOutageWithAlarmOn("resilience4j.circuitbreaker.cals")))
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(invalid -> assertThat(((InvalidDefinitionException) invalid).problems())
                        .extracting(Problem::toString)
                        .containsExactly("alarms[0].meter names no meter of the runner's registry; closest known"
                                + " meters: [resilience4j.circuitbreaker.calls], but was"
                                + " 'resilience4j.circuitbreaker.cals'"));
    }

    @Test
    void acceptsAnAlarmMeterThatDoesNotExistYetWhenNoKnownMeterIsATypoAway() {
        fixture.breaker("payments");

        Experiment experiment = fixture.runner.load(breakerOutageWithAlarmOn("http.server.requests"));

        assertThat(experiment.alarms())
                .singleElement()
                .satisfies(alarm -> assertThat(alarm.meter().name()).isEqualTo("http.server.requests"));
    }

    @Test
    void rejectsABadFileWithEveryProblemAtOnceBeforeAnythingRuns() {
        fixture.breaker("inventory");
        String yaml = """
                name: broken
                colour: red
                assaults:
                  - { name: inventory-down, target: { kind: http, name: inventory }, fault: { type: http-status, status: 503 } }
                hypothesis:
                  - circuitBreaker: inventroy
                    opensWithin: 1s
                  - fallback: inventory
                    servedAtLeast: 0.99
                stopConditions:
                  - alarm: checkout-errors
                alarms:
                  - { name: errors, statistic: count, meter: errors, comparison: greater-than, threshold: 1,
                      period: 1s, evaluationPeriods: 3, datapointsToAlarm: 5, missingData: ignore }
                duration: -PT30S
                """;

        assertThatThrownBy(() -> fixture.runner.load(yaml))
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(invalid -> assertThat(((InvalidDefinitionException) invalid).problems())
                        .extracting(Problem::toString)
                        .containsExactlyInAnyOrder(
                                "colour is not a known field; known fields are [alarms, assaults, baseline, duration,"
                                        + " hypothesis, load, name, recovery, steadyState, stopConditions], but was 'red'",
                                "alarms[0].datapointsToAlarm must be <= evaluationPeriods (3), but was 5",
                                "duration must be > 0 and <= PT12H, but was 'PT-30S'",
                                "hypothesis[0].circuitBreaker must name a circuit breaker of the runner's registry;"
                                        + " known: [inventory], but was 'inventroy'",
                                "hypothesis[1].fallback must name a Fallback counting into the runner's meter"
                                        + " registry; known fallbacks: [], but was 'inventory'",
                                "stopConditions[0].alarm must name an alarm of the experiment or of the runner's"
                                        + " alarm monitor; known alarms: [], but was 'checkout-errors'"));
        assertThat(fixture.chaosActivity()).as("nothing injected").isEmpty();
    }

    @Test
    void namesTheMeterAProbeNeedsWhenItsBinderIsMissing() {
        RetryRegistry unbound = RetryRegistry.ofDefaults();
        unbound.retry("inventory");
        ExperimentRunner runner = ExperimentRunner.builder(fixture.engine, fixture.meters)
                .retries(unbound)
                .build();
        Experiment experiment = Experiment.builder("retrying")
                .assault(Assault.builder("down")
                        .fault(new Fault.ConnectionReset())
                        .build())
                .hypothesis(
                        Probe.retrySuccessfulWithRetryAtLeast("inventory", 0.9),
                        Probe.timeLimiterTimeoutsAtLeast("inventory", 1),
                        Probe.alarmFiresWithin("errors", Duration.ofSeconds(1)))
                .duration(Duration.ofSeconds(1))
                .build();

        assertThatThrownBy(() -> runner.run(experiment))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid experiment 'retrying': hypothesis[0].retry needs meter resilience4j.retry.calls"
                        + "{name=inventory}: bind TaggedRetryMetrics to the runner's meter registry; the meter exists"
                        + " for [], but was 'inventory'; hypothesis[1].timeLimiter must name a time limiter of the"
                        + " runner's registry; known: [], but was 'inventory'; hypothesis[2].alarm must name an alarm of"
                        + " the experiment or of the runner's alarm monitor; known alarms: [], but was 'errors'");
    }

    @Test
    void refusesAssaultsTheEngineAlreadyHasAndOthersChaosWouldSwitchOn() {
        fixture.breaker("payments");
        Assault mine = Assault.builder("payments-down")
                .target(CallSiteKind.SUPPLIER, "payments")
                .fault(new Fault.ConnectionReset())
                .build();
        fixture.engine.assaults().put(mine);
        fixture.engine
                .assaults()
                .put(Assault.builder("unrelated")
                        .fault(new Fault.ConnectionRefused())
                        .build());
        Experiment experiment = Experiment.builder("clash")
                .assault(mine)
                .hypothesis(Probe.circuitBreakerOpensWithin("payments", Duration.ofSeconds(1)))
                .duration(Duration.ofSeconds(1))
                .build();

        assertThatThrownBy(() -> fixture.runner.run(experiment))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid experiment 'clash': assaults[0].name is already defined in the engine; an"
                        + " experiment applies and removes assaults of its own, but was 'payments-down'; assaults must"
                        + " be the only assaults while chaos is off: switching chaos on for the experiment would"
                        + " apply these other assaults of the engine too, but was '[unrelated]'");
        assertThat(fixture.engine.isEnabled()).isFalse();
    }

    @Test
    void checksTheNamesAnApplicationDeclaresBeforeTheirInstancesExist() {
        RetryRegistry unbound = RetryRegistry.ofDefaults();
        unbound.retry("payments");
        ExperimentRunner runner = ExperimentRunner.builder(fixture.engine, fixture.meters)
                .retries(unbound)
                .build();
        Assault down = Assault.builder("inventory-down")
                .target(CallSiteKind.SUPPLIER, "inventory")
                .fault(new Fault.ConnectionReset())
                .build();
        fixture.engine.assaults().put(down);
        Experiment declared = Experiment.builder("declared")
                .assault(down)
                .hypothesis(
                        Probe.circuitBreakerOpensWithin("inventory", Duration.ofSeconds(1)),
                        Probe.retrySuccessfulWithRetryAtLeast("payments", 0.9),
                        Probe.fallbackServedAtLeast("stockUnknown", 0.99))
                .duration(Duration.ofSeconds(1))
                .build();
        Map<String, Set<String>> annotated =
                Map.of("circuitBreaker", Set.of("inventory"), "fallback", Set.of("stockUnknown"));

        runner.checkNames(declared, annotated);

        assertThatThrownBy(() -> runner.check(declared))
                .as("at run start the instances, their meters and the engine's assaults are checked")
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(
                        "hypothesis[0].circuitBreaker must name a circuit breaker of the runner's" + " registry")
                .hasMessageContaining("hypothesis[1].retry needs meter resilience4j.retry.calls")
                .hasMessageContaining("assaults[0].name is already defined in the engine");
        Experiment misspelt = Experiment.builder("misspelt")
                .assault(Assault.builder("payments-down")
                        .fault(new Fault.ConnectionReset())
                        .build())
                .hypothesis(
                        Probe.circuitBreakerOpensWithin("inventroy", Duration.ofSeconds(1)),
                        Probe.fallbackServedAtLeast("stockUnkown", 0.99))
                .duration(Duration.ofSeconds(1))
                .build();
        assertThatThrownBy(() -> runner.checkNames(misspelt, annotated))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid experiment 'misspelt': hypothesis[0].circuitBreaker must name a circuit breaker"
                        + " of the application (in its registry, configured, or named by an annotation); known:"
                        + " [inventory], but was 'inventroy'; hypothesis[1].fallback must name a Fallback or an"
                        + " annotation's fallbackMethod; known fallbacks: [stockUnknown], but was 'stockUnkown'");
    }
}
