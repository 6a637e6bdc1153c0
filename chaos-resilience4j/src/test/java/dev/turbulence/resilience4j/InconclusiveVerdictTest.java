package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When an outcome cannot be decided, the verdict says INCONCLUSIVE and why — never PASSED. */
class InconclusiveVerdictTest {

    static final Duration DURATION = Duration.ofMillis(300);

    final Fixture fixture = new Fixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    static Assault paymentsDown() {
        return Assault.builder("payments-down")
                .target(CallSiteKind.SUPPLIER, "payments")
                .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                .build();
    }

    Supplier<String> payments() {
        Supplier<String> pay = CircuitBreaker.decorateSupplier(
                fixture.breaker("payments"), fixture.engine.decorateSupplier("payments", () -> "paid"));
        return () -> {
            try {
                return pay.get();
            } catch (RuntimeException failedOrRefused) {
                return "failed";
            }
        };
    }

    static Alarm.Builder alarm(String name, MeterSelector meter) {
        return Alarm.builder(name)
                .count(meter)
                .threshold(Alarm.Comparison.GREATER_OR_EQUAL, 1)
                .period(Duration.ofMillis(40))
                .datapoints(1, 1)
                .missingData(Alarm.MissingData.NOT_BREACHING);
    }

    @Test
    void noTrafficIsInconclusiveNotPassed() {
        fixture.breaker("payments");
        ExperimentReport report = fixture.runner.run(Experiment.builder("quiet")
                .assault(paymentsDown())
                .hypothesis(Probe.circuitBreakerOpensWithin("payments", DURATION))
                .duration(DURATION)
                .build());

        assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.probes().get(0).explanation())
                .startsWith("no fault was injected while the assaults ran for ")
                .endsWith(": no call reached an assaulted call site, so nothing was tested");
        assertThat(report.explanation())
                .startsWith("1 of 1 probes could not be decided: circuitBreaker 'payments'"
                        + " opensWithin PT0.3S: no fault was injected");
    }

    @Test
    void aDryRunInjectsNothingSoItDecidesNothing() {
        Supplier<String> pay = payments();
        Assault dryRun = Assault.builder("payments-down")
                .target(CallSiteKind.SUPPLIER, "payments")
                .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                .dryRun(true)
                .build();

        ExperimentReport report = fixture.runner.run(Experiment.builder("dry")
                .assault(dryRun)
                .hypothesis(Probe.circuitBreakerNotPermittedAtLeast("payments", 1))
                .duration(DURATION)
                .load(Load.of(pay::get, 100))
                .build());

        assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.probes().get(0).observed()).containsEntry("injections", 0L);
        assertThat((long) report.probes().get(0).observed().get("calls")).isPositive();
    }

    @Test
    void aFallbackNoFailureReachedIsInconclusive() {
        Supplier<String> pay = payments();
        Fallback.of("inventory", fixture.meters);

        ExperimentReport report = fixture.runner.run(Experiment.builder("unused-fallback")
                .assault(paymentsDown())
                .hypothesis(Probe.fallbackServedAtLeast("inventory", 0.99))
                .duration(DURATION)
                .load(Load.of(pay::get, 100))
                .build());

        ProbeResult result = report.probes().get(0);
        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.explanation())
                .startsWith("fallback 'inventory' was never invoked: no failed or rejected call reached it while ")
                .endsWith(" faults were injected");
    }

    @Test
    void aRetryThatSawNoFailureWhileFaultsWereInjectedIsInconclusive() {
        Supplier<String> pay = payments();
        Supplier<String> inventory = Retry.decorateSupplier(fixture.retries.retry("inventory"), () -> "42");

        ExperimentReport report = fixture.runner.run(Experiment.builder("retry-elsewhere")
                .assault(paymentsDown())
                .hypothesis(Probe.retrySuccessfulWithRetryAtLeast("inventory", 0.5))
                .duration(DURATION)
                .load(Load.of(
                        () -> {
                            inventory.get();
                            return pay.get();
                        },
                        100))
                .build());

        ProbeResult result = report.probes().get(0);
        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.explanation())
                .startsWith("retry 'inventory' saw no failing call while ")
                .endsWith("the injection sits outside the retry, or something below it answered every failure");
    }

    @Test
    void anAlarmWhoseMeterNeverAppearedIsInconclusive() {
        Supplier<String> pay = payments();

        ExperimentReport report = fixture.runner.run(Experiment.builder("no-meter")
                .assault(paymentsDown())
                .hypothesis(Probe.alarmFiresWithin("checkout-errors", DURATION))
                .alarm(alarm("checkout-errors", MeterSelector.of("checkout.errors"))
                        .build())
                .duration(DURATION)
                .load(Load.of(pay::get, 100))
                .build());

        assertThat(report.probes().get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.probes().get(0).explanation())
                .isEqualTo("alarm 'checkout-errors' never fired, and its meter checkout.errors never appeared");
    }

    @Test
    void aBreakerNoCallReachedAfterTheAssaultsIsInconclusive() {
        Supplier<String> pay = payments();
        CircuitBreaker breaker = fixture.breakers.circuitBreaker("payments");

        ExperimentReport report = fixture.runner.run(Experiment.builder("silent-recovery")
                .assault(paymentsDown())
                .hypothesis(Probe.circuitBreakerOpensWithin("payments", DURATION))
                .duration(DURATION)
                .recovery(Probe.circuitBreakerClosesWithin("payments", Duration.ofMillis(300)))
                .load(Load.of(() -> breaker.getState() == CircuitBreaker.State.CLOSED ? pay.get() : "idle", 100))
                .build());

        ProbeResult recovery = report.probes().get(1);
        assertThat(report.probes().get(0).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(recovery.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(recovery.explanation())
                .isEqualTo("breaker 'payments' is still OPEN PT0.3S after the assaults were removed, and no call"
                        + " reached it: an OPEN breaker moves to HALF_OPEN only on a call unless"
                        + " automaticTransitionFromOpenToHalfOpenEnabled");
        assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aSteadyStateThatCannotBeVerifiedInjectsNothing() {
        fixture.breaker("payments");

        ExperimentReport report = fixture.runner.run(Experiment.builder("unverifiable")
                .steadyState(Probe.circuitBreakerFailureRateAtMost("payments", 10))
                .assault(paymentsDown())
                .hypothesis(Probe.circuitBreakerOpensWithin("payments", DURATION))
                .duration(DURATION)
                .build());

        assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.explanation())
                .isEqualTo("the steady state could not be verified before the assaults, so nothing was injected:"
                        + " circuitBreaker 'payments' failureRateAtMost 10.0: breaker 'payments' has no failure rate"
                        + " yet: it recorded 0 calls, fewer than minimumNumberOfCalls (4)");
        assertThat(fixture.chaosActivity()).isEmpty();
    }

    @Test
    void aProbeAnAbortCutShortIsUndecidedNotFailed() {
        Supplier<String> pay = payments();

        ExperimentReport report = fixture.runner.run(Experiment.builder("cut-short")
                .assault(paymentsDown())
                .hypothesis(Probe.alarmFiresWithin("never", Duration.ofSeconds(20)))
                .stopCondition("payment-failures")
                .alarm(alarm("never", MeterSelector.of(Verifier.BREAKER_CALLS, "name", "payments", "kind", "failed"))
                        .threshold(Alarm.Comparison.GREATER_THAN, 1_000_000)
                        .build())
                .alarm(alarm(
                                "payment-failures",
                                MeterSelector.of(Verifier.BREAKER_CALLS, "name", "payments", "kind", "failed"))
                        .build())
                .duration(Duration.ofSeconds(30))
                .load(Load.of(pay::get, 100))
                .build());

        assertThat(report.abortedBy().alarm()).isEqualTo("payment-failures");
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.probes())
                .filteredOn(result -> result.phase().equals("hypothesis"))
                .singleElement()
                .satisfies(result -> {
                    assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
                    assertThat(result.explanation())
                            .startsWith("undecided: the experiment was aborted by payment-failures after ")
                            .contains(" of 30 s; so far alarm 'never' stayed OK for ");
                });
    }

    /** Two periods of the alarm 'slow' that a firesWithin probe names: watched without faults first. */
    static final Duration BASELINE_OF_SLOW = Duration.ofSeconds(2);

    @Test
    void anAbortBeforeTheProbedAlarmTookAnyDatapointIsUndecidedNotMissingData() {
        Supplier<String> pay = payments();
        MeterSelector failures = MeterSelector.of(Verifier.BREAKER_CALLS, "name", "payments", "kind", "failed");

        ExperimentReport report = fixture.runner.run(Experiment.builder("cut-before-first-datapoint")
                .assault(paymentsDown())
                .hypothesis(Probe.alarmFiresWithin("slow", Duration.ofSeconds(20)))
                .stopCondition("payment-failures")
                .alarm(alarm("slow", failures)
                        .period(Duration.ofSeconds(1))
                        .threshold(Alarm.Comparison.GREATER_THAN, 1_000_000)
                        .build())
                .alarm(alarm("payment-failures", failures).build())
                .duration(Duration.ofSeconds(30))
                .load(Load.of(pay::get, 100))
                .build());

        assertThat(report.abortedBy())
                .isEqualTo(new ExperimentReport.Abort(
                        "payment-failures", Fixture.START.plus(BASELINE_OF_SLOW).plus(Duration.ofMillis(40))));
        ProbeResult result = report.probes().stream()
                .filter(probe -> probe.phase().equals("hypothesis"))
                .findFirst()
                .orElseThrow();
        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.observed()).containsEntry("datapoints", 0L);
        assertThat(result.explanation())
                .startsWith("undecided: the experiment was aborted by payment-failures after 40 ms of 30 s;"
                        + " so far alarm 'slow' stayed OK for 40 ms of assaults");
    }
}
