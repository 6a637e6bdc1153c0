package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** The fallbackMethod of Resilience4j's real annotations, counted as a Fallback counts its own. */
class AnnotationFallbackTest {

    @Test
    void countsWhatEachFallbackMethodDidFromStartUpOn() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Payments.class)
                .web(WebApplicationType.NONE)
                .properties("chaos.enabled=true", "spring.main.banner-mode=off")
                .run()) {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            PaymentService payments = context.getBean(PaymentService.class);
            assertThat(count(meters, "declined", "failed"))
                    .as("declared, so known before the first call")
                    .isZero();

            assertThatThrownBy(payments::pay).isInstanceOf(IllegalArgumentException.class);
            assertThat(payments.payLater().join()).isEqualTo("queued");
            assertThat(payments.payNow()).isEqualTo("paid");

            assertThat(count(meters, "declined", "failed")).isEqualTo(1);
            assertThat(count(meters, "declined", "served")).isZero();
            assertThat(count(meters, "queued", "served")).isEqualTo(1);
            assertThat(count(meters, "refunded", "served"))
                    .as("a call that did not fail reaches no fallback")
                    .isZero();
        }
    }

    private static double count(MeterRegistry meters, String fallback, String outcome) {
        return meters.get(dev.turbulence.resilience4j.Fallback.METER)
                .tag("name", fallback)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Payments {
        @Bean
        PaymentService paymentService() {
            return new PaymentService();
        }
    }

    /** Payments behind a breaker: a fallback that fails, one that answers later, and a call that succeeds. */
    public static class PaymentService {
        @CircuitBreaker(name = "payments", fallbackMethod = "declined")
        public String pay() {
            throw new IllegalStateException("payments down");
        }

        String declined(Throwable failure) {
            throw new IllegalArgumentException("no fallback today");
        }

        @CircuitBreaker(name = "payments", fallbackMethod = "queued")
        public CompletableFuture<String> payLater() {
            return CompletableFuture.failedFuture(new IllegalStateException("payments down"));
        }

        CompletableFuture<String> queued(Throwable failure) {
            return CompletableFuture.completedFuture("queued");
        }

        @CircuitBreaker(name = "payments", fallbackMethod = "refunded")
        public String payNow() {
            return "paid";
        }

        String refunded(Throwable failure) {
            return "refunded";
        }
    }
}
