package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After the assaults: the steady state is re-checked until it holds, for at most the experiment's duration, and an
 * alarm must clear within its bound. A system that comes back passes without extra probes; one that stays broken
 * fails, naming what did not come back.
 */
class RecoveryTest {

    static final Duration DURATION = Duration.ofSeconds(2);

    final Fixture fixture = new Fixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    Supplier<String> payments(CircuitBreaker breaker) {
        Supplier<String> pay =
                CircuitBreaker.decorateSupplier(breaker, fixture.engine.decorateSupplier("payments", () -> "paid"));
        return () -> {
            try {
                return pay.get();
            } catch (RuntimeException failedOrRefused) {
                return "failed";
            }
        };
    }

    /** A breaker that opens on the faults and stays OPEN for {@code openFor} before it tries calls again. */
    CircuitBreaker breakerOpenFor(Duration openFor) {
        return fixture.breakers.circuitBreaker(
                "payments",
                Fixture.quickBreaker(openFor).clock(fixture.time.clock()).build());
    }

    static Alarm breakerOpen() {
        return Alarm.builder("payments-open")
                .gauge(MeterSelector.of("resilience4j.circuitbreaker.state", "name", "payments", "state", "open"))
                .threshold(Alarm.Comparison.GREATER_OR_EQUAL, 1)
                .period(Duration.ofMillis(100))
                .datapoints(1, 1)
                .missingData(Alarm.MissingData.NOT_BREACHING)
                .build();
    }

    ExperimentReport outage(CircuitBreaker breaker, Probe... recovery) {
        return fixture.runner.run(Experiment.builder("payments-outage")
                .steadyState(Probe.circuitBreakerIs("payments", CircuitBreaker.State.CLOSED))
                .assault(Assault.builder("payments-down")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                        .build())
                .hypothesis(Probe.circuitBreakerOpensWithin("payments", DURATION))
                .alarm(breakerOpen())
                .recovery(recovery)
                .duration(DURATION)
                .load(Load.of(payments(breaker)::get, 50))
                .build());
    }

    static ProbeResult inPhase(ExperimentReport report, String phase) {
        return report.probes().stream()
                .filter(result -> result.phase().equals(phase))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aBreakerThatOpenedAndClosesAgainPassesTheFinalSteadyStateWithoutARecoveryProbe() {
        ExperimentReport report = outage(breakerOpenFor(Duration.ofMillis(100)));

        assertThat(inPhase(report, "steadyStateAfter").verdict()).isEqualTo(Verdict.PASSED);
        assertThat(report.verdict()).as(report.explanation()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void aBreakerThatStaysOpenFailsTheFinalSteadyStateOnceTheExperimentsDurationHasPassed() {
        ExperimentReport report = outage(breakerOpenFor(Duration.ofHours(1)));

        ProbeResult after = inPhase(report, "steadyStateAfter");
        assertThat(after.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(after.explanation()).isEqualTo("breaker 'payments' is OPEN, not CLOSED");
        ExperimentReport.Phase recovery = report.phases().get(report.phases().size() - 1);
        assertThat(Duration.between(recovery.startedAt(), recovery.endedAt())).isEqualTo(DURATION);
    }

    @Test
    void passesAnAlarmThatClearsOnceTheBreakerClosesAgain() {
        ExperimentReport report = outage(
                breakerOpenFor(Duration.ofMillis(100)),
                Probe.alarmClearsWithin("payments-open", Duration.ofSeconds(1)));

        ProbeResult clears = inPhase(report, "recovery");
        assertThat(clears.verdict()).as(clears.explanation()).isEqualTo(Verdict.PASSED);
        assertThat(clears.explanation()).startsWith("alarm 'payments-open' was OK again ");
    }

    @Test
    void failsAnAlarmThatDoesNotClearWithinItsBound() {
        ExperimentReport report = outage(
                breakerOpenFor(Duration.ofHours(1)), Probe.alarmClearsWithin("payments-open", Duration.ofSeconds(1)));

        ProbeResult clears = inPhase(report, "recovery");
        assertThat(clears.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(clears.explanation())
                .startsWith("alarm 'payments-open' is still ALARM PT1S after the assaults were removed; latest"
                        + " datapoint 1.0 against ");
    }

    @Test
    void anAlarmThatNeverFiredHadNothingToClearFromSoItDecidesNothing() {
        CircuitBreaker breaker = breakerOpenFor(Duration.ofMillis(100));
        ExperimentReport report = fixture.runner.run(Experiment.builder("payments-outage")
                .assault(Assault.builder("payments-down")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                        .build())
                .hypothesis(Probe.circuitBreakerOpensWithin("payments", DURATION))
                .alarm(Alarm.builder("quiet")
                        .count(MeterSelector.of(Verifier.BREAKER_CALLS, "name", "payments", "kind", "failed"))
                        .threshold(Alarm.Comparison.GREATER_THAN, 1_000_000)
                        .period(Duration.ofMillis(100))
                        .datapoints(1, 1)
                        .missingData(Alarm.MissingData.NOT_BREACHING)
                        .build())
                .recovery(Probe.alarmClearsWithin("quiet", Duration.ofSeconds(1)))
                .duration(DURATION)
                .load(Load.of(payments(breaker)::get, 50))
                .build());

        ProbeResult clears = inPhase(report, "recovery");
        assertThat(clears.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(clears.explanation())
                .isEqualTo("alarm 'quiet' never went to ALARM during the run, so it had nothing to clear from");
    }
}
