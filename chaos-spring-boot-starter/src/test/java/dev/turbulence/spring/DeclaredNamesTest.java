package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.turbulence.schema.Problem;
import io.github.resilience4j.bulkhead.annotation.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.annotation.Retry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The names a declared experiment gives, checked at start-up against a real application's Resilience4j: its
 * configured instances, and the breakers, retries, thread-pool bulkheads and fallback methods its real annotations
 * name before any call created them.
 */
class DeclaredNamesTest {

    private static final String EXPERIMENT = "chaos.experiments.payments-down.";

    @Test
    void namesOfAnnotationsAndConfigurationAreKnownBeforeTheFirstCall() {
        try (ConfigurableApplicationContext context = start("payments", "declined", "ledger", "inventory", "exports")) {
            assertThat(context.getBean(CircuitBreakerRegistry.class).getAllCircuitBreakers())
                    .as("the annotation's breaker is made on its first call, not yet")
                    .extracting(io.github.resilience4j.circuitbreaker.CircuitBreaker::getName)
                    .containsExactly("inventory");
            assertThat(context.getBean(ChaosExperiments.class).list())
                    .singleElement()
                    .satisfies(view -> assertThat(view).containsEntry("name", "payments-down"));
        }
    }

    @Test
    void aNameNoInstanceHasFailsStartUpNamingTheProperty() {
        Throwable failure = catchThrowable(() ->
                start("paymnets", "decline", "ledgr", "inventory", "exprts").close());

        assertThat(invalidProperties(failure).problems())
                .extracting(Problem::field, Problem::value)
                .containsExactly(
                        tuple(EXPERIMENT + "hypothesis[0].circuitBreaker", "paymnets"),
                        tuple(EXPERIMENT + "hypothesis[1].fallback", "decline"),
                        tuple(EXPERIMENT + "hypothesis[2].retry", "ledgr"),
                        tuple(EXPERIMENT + "hypothesis[4].threadPoolBulkhead", "exprts"));
        assertThat(invalidProperties(failure).getMessage())
                .contains(EXPERIMENT + "hypothesis[0].circuitBreaker must name a circuit breaker of the application"
                        + " (in its registry, configured, or named by an annotation); known: [inventory, payments]");
    }

    /** Starts the application with an experiment whose probes name these instances. */
    private static ConfigurableApplicationContext start(
            String breaker, String fallback, String retry, String configuredBreaker, String threadPool) {
        List<String> properties = new ArrayList<>(List.of(
                "chaos.enabled=true",
                "spring.main.banner-mode=off",
                "resilience4j.circuitbreaker.instances.inventory.sliding-window-size=10",
                EXPERIMENT + "assaults[0].name=payments-slow",
                EXPERIMENT + "assaults[0].target.kind=supplier",
                EXPERIMENT + "assaults[0].fault.type=latency",
                EXPERIMENT + "assaults[0].fault.fixed=1ms",
                EXPERIMENT + "hypothesis[0].circuitBreaker=" + breaker,
                EXPERIMENT + "hypothesis[0].state=CLOSED",
                EXPERIMENT + "hypothesis[1].fallback=" + fallback,
                EXPERIMENT + "hypothesis[1].servedAtLeast=0.5",
                EXPERIMENT + "hypothesis[2].retry=" + retry,
                EXPERIMENT + "hypothesis[2].successfulWithRetryAtLeast=0.5",
                EXPERIMENT + "hypothesis[3].circuitBreaker=" + configuredBreaker,
                EXPERIMENT + "hypothesis[3].state=CLOSED",
                EXPERIMENT + "hypothesis[4].threadPoolBulkhead=" + threadPool,
                EXPERIMENT + "hypothesis[4].rejectedCallsAtLeast=1",
                EXPERIMENT + "duration=1s"));
        return new SpringApplicationBuilder(Payments.class)
                .web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new))
                .run();
    }

    private static InvalidChaosPropertiesException invalidProperties(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof InvalidChaosPropertiesException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("the start-up failure's cause").isInstanceOf(InvalidChaosPropertiesException.class);
        return (InvalidChaosPropertiesException) cause;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Payments {
        @Bean
        AnnotationFallbackTest.PaymentService paymentService() {
            return new AnnotationFallbackTest.PaymentService();
        }

        @Bean
        Ledger ledger() {
            return new Ledger();
        }
    }

    /** A class whose every method is retried, one of them on a thread pool of its own. */
    @Retry(name = "ledger")
    public static class Ledger {
        public String balance() {
            return "0";
        }

        @Bulkhead(name = "exports", type = Bulkhead.Type.THREADPOOL)
        public CompletableFuture<String> export() {
            return CompletableFuture.completedFuture("exported");
        }
    }
}
