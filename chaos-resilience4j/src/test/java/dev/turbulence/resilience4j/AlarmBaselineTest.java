package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import dev.turbulence.schema.InvalidDefinitionException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Detection needs causation: an alarm's firing shows that the monitoring caught the faults only when the alarm
 * was watched over a baseline without faults, took data there and did not breach. Each broken monitoring set-up
 * below fails or stays undecided; its correct twin passes.
 */
class AlarmBaselineTest {

    static final Duration PERIOD = Duration.ofMillis(200);

    final Fixture fixture = new Fixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Payments through a breaker, failing while assaulted; a failure also counts {@code checkout.errors}. */
    Supplier<String> payments() {
        Supplier<String> pay = CircuitBreaker.decorateSupplier(
                fixture.breaker("payments"), fixture.engine.decorateSupplier("payments", () -> "paid"));
        return () -> {
            try {
                return pay.get();
            } catch (RuntimeException failedOrRefused) {
                fixture.meters.counter("checkout.errors").increment();
                return "failed";
            }
        };
    }

    static Alarm countOf(String name, MeterSelector meter) {
        return Alarm.builder(name)
                .count(meter)
                .threshold(Alarm.Comparison.GREATER_OR_EQUAL, 1)
                .period(PERIOD)
                .datapoints(1, 1)
                .missingData(Alarm.MissingData.NOT_BREACHING)
                .build();
    }

    static MeterSelector breakerCalls(String kind) {
        return kind == null
                ? MeterSelector.of(Verifier.BREAKER_CALLS, "name", "payments")
                : MeterSelector.of(Verifier.BREAKER_CALLS, "name", "payments", "kind", kind);
    }

    Experiment.Builder detecting(Alarm alarm) {
        Supplier<String> pay = payments();
        return Experiment.builder("detection")
                .assault(Assault.builder("payments-down")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                        .build())
                .hypothesis(Probe.alarmFiresWithin(alarm.name(), Duration.ofSeconds(2)))
                .alarm(alarm)
                .duration(Duration.ofSeconds(2))
                .load(Load.of(pay::get, 50));
    }

    static ProbeResult hypothesis(ExperimentReport report) {
        return report.probes().stream()
                .filter(result -> result.phase().equals("hypothesis"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void failsAnAlarmThatEveryCallTouchesBecauseItFiresOnNormalTraffic() {
        ExperimentReport report = fixture.runner.run(
                detecting(countOf("payment-calls", breakerCalls(null))).build());

        ProbeResult result = hypothesis(report);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.explanation())
                .startsWith("alarm 'payment-calls' breached 2 of its 2 datapoints in the 400 ms baseline without"
                        + " faults: it fires on normal traffic, so its firing does not show that the monitoring"
                        + " caught the faults");
        assertThat(result.observed()).containsEntry("baselineBreachingDatapoints", 2L);
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void passesAnAlarmOnTheFailuresThatStayedQuietOverTheBaseline() {
        ExperimentReport report = fixture.runner.run(
                detecting(countOf("payment-failures", breakerCalls("failed"))).build());

        ProbeResult result = hypothesis(report);
        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.PASSED);
        assertThat(result.observed())
                .containsEntry("baselineDatapoints", 2L)
                .containsEntry("baselineBreachingDatapoints", 0L);
    }

    @Test
    void anAlarmWatchedWithoutABaselineIsInconclusiveNotPassed() {
        ExperimentReport report = fixture.runner.run(detecting(countOf("payment-failures", breakerCalls("failed")))
                .baseline(Duration.ZERO)
                .build());

        ProbeResult result = hypothesis(report);
        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.explanation())
                .isEqualTo("no baseline: alarm 'payment-failures' fired, but it was not watched without faults first"
                        + " (baseline 0 s), so it might fire without the faults");
    }

    @Test
    void anAlarmWhoseMeterHadNoDataOverTheBaselineIsInconclusiveNotPassed() {
        ExperimentReport report =
                fixture.runner.run(detecting(countOf("checkout-errors", MeterSelector.of("checkout.errors")))
                        .build());

        ProbeResult result = hypothesis(report);
        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.explanation())
                .startsWith("no baseline: alarm 'checkout-errors' fired, but it took no datapoint with data in the"
                        + " 400 ms baseline without faults");
        assertThat(result.observed()).containsEntry("baselineDatapoints", 0L);
    }

    @Test
    void watchesTheBaselineFirstAsAPhaseOfItsOwnAndForAsLongAsTheExperimentSays() {
        ExperimentReport report = fixture.runner.run(detecting(countOf("payment-failures", breakerCalls("failed")))
                .baseline(Duration.ofSeconds(1))
                .build());

        assertThat(report.phases())
                .extracting(ExperimentReport.Phase::name)
                .containsExactly("baseline", "steadyState", "assaults", "recovery");
        ExperimentReport.Phase baseline = report.phases().get(0);
        assertThat(Duration.between(baseline.startedAt(), baseline.endedAt())).isEqualTo(Duration.ofSeconds(1));
        assertThat(hypothesis(report).observed()).containsEntry("baselineDatapoints", 5L);
    }

    @Test
    void rejectsANegativeBaseline() {
        assertThatThrownBy(() -> detecting(countOf("payment-failures", breakerCalls("failed")))
                        .baseline(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("baseline must be >= 0 and <= PT12H");
    }
}
