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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The fallbackMethod of Resilience4j's real annotations, counted as a Fallback counts its own. */
class AnnotationFallbackTest {

    @Test
    void countsWhatEachFallbackMethodDidFromStartUpOn() {
        try (ConfigurableApplicationContext context = payments()) {
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

    @Test
    void countsTheFallbacksOfMonosAndFluxesPerSubscription() {
        try (ConfigurableApplicationContext context = payments()) {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            PaymentService payments = context.getBean(PaymentService.class);

            Mono<String> payment = payments.payReactively();
            assertThat(count(meters, "queuedReactively", "served"))
                    .as("nothing happens before a subscription")
                    .isZero();
            assertThat(payment.block()).isEqualTo("queued");
            assertThat(payment.block()).isEqualTo("queued");
            assertThatThrownBy(() -> payments.refundsReactively().collectList().block())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(payments.refundsReactivelyNow().collectList().block()).containsExactly("r-1", "r-2");

            assertThat(count(meters, "queuedReactively", "served"))
                    .as("one count per subscription")
                    .isEqualTo(2);
            assertThat(count(meters, "queuedReactively", "failed")).isZero();
            assertThat(count(meters, "noRefunds", "failed")).isEqualTo(1);
            assertThat(count(meters, "noRefunds", "served")).isZero();
            assertThat(count(meters, "noRefundsNow", "served"))
                    .as("a subscription that did not fail reaches no fallback")
                    .isZero();
        }
    }

    private static ConfigurableApplicationContext payments() {
        return new SpringApplicationBuilder(Payments.class)
                .web(WebApplicationType.NONE)
                .properties("chaos.enabled=true", "spring.main.banner-mode=off")
                .run();
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

    /**
     * Payments behind a breaker: a fallback that fails, one that answers later, and a call that succeeds; and the same
     * with a {@code Mono} and a {@code Flux}.
     */
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

        @CircuitBreaker(name = "payments", fallbackMethod = "queuedReactively")
        public Mono<String> payReactively() {
            return Mono.error(new IllegalStateException("payments down"));
        }

        Mono<String> queuedReactively(Throwable failure) {
            return Mono.just("queued");
        }

        @CircuitBreaker(name = "payments", fallbackMethod = "noRefunds")
        public Flux<String> refundsReactively() {
            return Flux.concat(Flux.just("r-1"), Flux.error(new IllegalStateException("refunds down")));
        }

        Flux<String> noRefunds(Throwable failure) {
            return Flux.error(new IllegalArgumentException("no fallback today"));
        }

        @CircuitBreaker(name = "payments", fallbackMethod = "noRefundsNow")
        public Flux<String> refundsReactivelyNow() {
            return Flux.just("r-1", "r-2");
        }

        Flux<String> noRefundsNow(Throwable failure) {
            return Flux.empty();
        }
    }
}
