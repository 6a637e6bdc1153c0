package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code rateLimiter} probe, on a real Resilience4j rate limiter, from its permission events. */
class RateLimiterProbeTest {

    private final Fixture fixture = new Fixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void passesWhenTheLimiterRefusesTheCallsBeyondItsLimit() {
        ExperimentReport report = run(limiter(5), new Probe.RateLimiterRejections("payments", 10L, null));

        assertThat(report.verdict()).as(report.explanation()).isEqualTo(Verdict.PASSED);
        assertThat(report.probes().get(0).explanation())
                .startsWith("rate limiter 'payments' rejected ")
                .contains("limitForPeriod 5 per 3600 s");
        assertThat((Long) report.probes().get(0).observed().get("permittedCalls"))
                .isEqualTo(5);
    }

    @Test
    void failsWhenTheLimiterRefusesFewerThanExpected() {
        ExperimentReport report = run(limiter(1_000), new Probe.RateLimiterRejections("payments", 1L, null));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.probes().get(0).explanation())
                .contains("rejected 0 of ")
                .contains("fewer than 1");
    }

    @Test
    void isReadFromTheSchemaAndRefusesAnUnknownLimiter() {
        RateLimiterRegistry registry = limiter(5);
        ExperimentRunner runner = ExperimentRunner.builder(fixture.engine, fixture.meters)
                .rateLimiters(registry)
                .time(fixture.time)
                .build();
        String experiment = """
                name: payments-storm
                assaults: [ { name: payments-slow, fault: { type: latency, fixed: 1ms } } ]
                hypothesis: [ { rateLimiter: %s, rejected-calls-at-least: 3, rejectedCallsAtMost: 500 } ]
                duration: 2s
                """;

        assertThat(runner.load(experiment.formatted("payments")).hypothesis())
                .containsExactly(new Probe.RateLimiterRejections("payments", 3L, 500L));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> runner.load(experiment.formatted("paymnets"))))
                .hasMessageContaining("hypothesis[0].rateLimiter must name a rate limiter of the runner's registry;"
                        + " known: [payments], but was 'paymnets'");
    }

    /** A registry with the limiter {@code payments}: {@code limit} calls an hour, no waiting. */
    private static RateLimiterRegistry limiter(int limit) {
        RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();
        registry.rateLimiter(
                "payments",
                RateLimiterConfig.custom()
                        .limitForPeriod(limit)
                        .limitRefreshPeriod(Duration.ofHours(1))
                        .timeoutDuration(Duration.ZERO)
                        .build());
        return registry;
    }

    private ExperimentReport run(RateLimiterRegistry registry, Probe probe) {
        ExperimentRunner runner = ExperimentRunner.builder(fixture.engine, fixture.meters)
                .rateLimiters(registry)
                .time(fixture.time)
                .build();
        Supplier<String> pay = RateLimiter.decorateSupplier(
                registry.rateLimiter("payments"), fixture.engine.decorateSupplier("payments", () -> "paid"));
        return runner.run(Experiment.builder("payments-storm")
                .assault(Assault.builder("payments-slow")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                        .build())
                .hypothesis(probe)
                .duration(Duration.ofSeconds(2))
                .load(Load.of(
                        () -> {
                            try {
                                return pay.get();
                            } catch (RequestNotPermitted refused) {
                                return "refused";
                            } catch (IllegalStateException down) {
                                return "failed";
                            }
                        },
                        20))
                .build());
    }
}
