package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code requests} probe: what the application's own callers saw, from {@code http.server.requests} as Spring
 * Boot records it, in virtual time.
 */
class RequestsProbeTest {

    private final Fixture fixture = new Fixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void passesWhenAFallbackKeepsEveryAnswerFreeOfServerErrors() {
        ExperimentReport report = run(withFallback(), "/checkout");

        assertThat(report.verdict()).as(report.explanation()).isEqualTo(Verdict.PASSED);
        assertThat(report.probes().get(0).explanation())
                .matches("(\\d+) of \\1 GET requests to /checkout were answered without a server error"
                        + " \\(100(\\.0)? ?%\\)");
    }

    @Test
    void failsNamingWhatTheCallersSawWhenFailuresReachThem() {
        ExperimentReport report = run(withoutFallback(), "/checkout");

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.probes().get(0).explanation())
                .startsWith("0 of ")
                .contains("less than 99")
                .endsWith("failures");
        assertThat(report.probes().get(0).observed().get("failures"))
                .isEqualTo(report.probes().get(0).observed().get("counted"));
    }

    @Test
    void isInconclusiveWhenTheApplicationServedNoneOfThoseRequests() {
        ExperimentReport report = run(withFallback(), "/basket");

        assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.probes().get(0).explanation()).startsWith("no GET requests to /basket while");
    }

    @Test
    void isReadFromTheExperimentSchema() {
        Experiment experiment = ExperimentSchema.fromYaml("""
                name: payments-outage
                assaults: [ { name: payments-down, fault: { type: connection-reset } } ]
                hypothesis:
                  - { requests: "/checkout", method: POST, succeededAtLeast: 0.99 }
                  - { requests: "/basket", succeeded-at-least: 1 }
                duration: 2s
                """);

        assertThat(experiment.hypothesis())
                .containsExactly(
                        new Probe.RequestsSucceed("/checkout", "POST", 0.99),
                        new Probe.RequestsSucceed("/basket", null, 1));
        assertThat(ExperimentSchemaTest.problems("""
                        name: payments-outage
                        assaults: [ { name: payments-down, fault: { type: connection-reset } } ]
                        hypothesis: [ { requests: "/checkout", method: GET }, { requests: "/a", succeededAtLeast: 2 } ]
                        duration: 2s
                        """))
                .containsExactly(
                        "hypothesis[0] must give a check: one of [succeededAtLeast], but was 'requests /checkout'",
                        "hypothesis[1].succeededAtLeast must be a share between 0.0 and 1.0, but was 2.0");
    }

    /** The application's checkout endpoint: each call is one request as Spring Boot's meter records it. */
    private Supplier<String> endpoint(Supplier<String> handler) {
        return () -> {
            String outcome;
            try {
                handler.get();
                outcome = "SUCCESS";
            } catch (RuntimeException failed) {
                outcome = "SERVER_ERROR";
            }
            Timer.builder(Verifier.SERVER_REQUESTS)
                    .tags("uri", "/checkout", "method", "GET", "outcome", outcome)
                    .register(fixture.meters)
                    .record(Duration.ofMillis(5));
            return outcome;
        };
    }

    private Supplier<String> withoutFallback() {
        return endpoint(fixture.engine.decorateSupplier("payments", () -> "paid"));
    }

    private Supplier<String> withFallback() {
        Supplier<String> payments = fixture.engine.decorateSupplier("payments", () -> "paid");
        return endpoint(() -> {
            try {
                return payments.get();
            } catch (IllegalStateException down) {
                return "queued for later";
            }
        });
    }

    private ExperimentReport run(Supplier<String> checkout, String uri) {
        return fixture.runner.run(Experiment.builder("payments-outage")
                .assault(Assault.builder("payments-down")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                        .build())
                .hypothesis(new Probe.RequestsSucceed(uri, "GET", 0.99))
                .duration(Duration.ofSeconds(2))
                .load(Load.of(checkout::get, 20))
                .build());
    }
}
