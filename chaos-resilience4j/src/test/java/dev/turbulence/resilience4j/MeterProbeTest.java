package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code meter} probe: what the callers saw, by a meter of the application's own, in virtual time. */
class MeterProbeTest {

    private static final Probe ORDERS_SUCCEED =
            new Probe.MeterSucceeds("orders.placed", Map.of("channel", "web"), Map.of("result", "error"), 0.99);

    private final Fixture fixture = new Fixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void passesWhenTheFailuresNeverReachTheOrders() {
        ExperimentReport report = run(withFallback());

        assertThat(report.verdict()).as(report.explanation()).isEqualTo(Verdict.PASSED);
        assertThat(report.probes().get(0).explanation())
                .matches("(\\d+) of \\1 events of orders.placed\\{channel=web} were no failures \\(100(\\.0)? ?%\\)");
    }

    @Test
    void failsWhenTheFailuresReachTheOrders() {
        ExperimentReport report = run(withoutFallback());

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.probes().get(0).explanation()).startsWith("0 of ").endsWith("failures");
    }

    @Test
    void isReadFromTheSchemaAndNeedsTheTagsOfTheFailures() {
        Experiment experiment = ExperimentSchema.fromYaml("""
                name: orders
                assaults: [ { name: payments-down, fault: { type: connection-reset } } ]
                hypothesis:
                  - { meter: orders.placed, tags: { channel: web }, failedTags: { result: error }, succeededAtLeast: 0.99 }
                duration: 2s
                """);

        assertThat(experiment.hypothesis()).containsExactly(ORDERS_SUCCEED);
        assertThat(ExperimentSchemaTest.problems("""
                        name: orders
                        assaults: [ { name: payments-down, fault: { type: connection-reset } } ]
                        hypothesis: [ { meter: orders.placed, succeededAtLeast: 0.99 } ]
                        duration: 2s
                        """))
                .containsExactly("hypothesis[0].failedTags is required: the tags of the failures, such as"
                        + " {outcome: failure}, but was null");
    }

    /** The application's ordering: each order counted by its result, as its own meter does. */
    private Supplier<String> orders(Supplier<String> payment) {
        return () -> {
            String result;
            try {
                payment.get();
                result = "ok";
            } catch (RuntimeException failed) {
                result = "error";
            }
            Counter.builder("orders.placed")
                    .tags("channel", "web", "result", result)
                    .register(fixture.meters)
                    .increment();
            return result;
        };
    }

    private Supplier<String> withoutFallback() {
        return orders(fixture.engine.decorateSupplier("payments", () -> "paid"));
    }

    private Supplier<String> withFallback() {
        Supplier<String> payments = fixture.engine.decorateSupplier("payments", () -> "paid");
        return orders(() -> {
            try {
                return payments.get();
            } catch (IllegalStateException down) {
                return "queued for later";
            }
        });
    }

    private ExperimentReport run(Supplier<String> order) {
        return fixture.runner.run(Experiment.builder("orders")
                .assault(Assault.builder("payments-down")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.ExceptionFault(IllegalStateException.class, "payments down"))
                        .build())
                .hypothesis(ORDERS_SUCCEED)
                .duration(Duration.ofSeconds(2))
                .load(Load.of(order::get, 20))
                .build());
    }
}
