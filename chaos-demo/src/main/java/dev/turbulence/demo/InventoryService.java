package dev.turbulence.demo;

import dev.turbulence.resilience4j.Fallback;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/**
 * Stock levels from the inventory service, protected: each call runs inside
 * {@code Fallback(CircuitBreaker(Retry(TimeLimiter(call))))}, all named {@code inventory} and configured in
 * {@code application.yaml}. The time limiter cuts each slow attempt, the retry repeats attempts that failed
 * on the network or with a 5xx, the breaker judges calls as the retry leaves them (a blip a retry recovered
 * is no failure) and stops calling a failing or slow inventory, and the fallback answers "stock unknown",
 * counted in {@code chaos.fallback.calls{name=inventory}}. Never throws.
 */
@Service
public class InventoryService {

    private final RestClient inventoryClient;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final Fallback fallback;
    private final ExecutorService calls;

    InventoryService(
            RestClient inventoryClient,
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            TimeLimiterRegistry timeLimiters,
            MeterRegistry meters) {
        this.inventoryClient = inventoryClient;
        this.breaker = breakers.circuitBreaker("inventory");
        this.retry = retries.retry("inventory");
        this.timeLimiter = timeLimiters.timeLimiter("inventory");
        this.fallback = Fallback.of("inventory", meters);
        AtomicInteger threads = new AtomicInteger();
        this.calls = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "inventory-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The stock of a product, or {@link Stock#unknown()} when the inventory cannot tell in time. */
    public Stock stock(long productId) {
        Callable<Stock> guarded = CircuitBreaker.decorateCallable(
                breaker,
                Retry.decorateCallable(
                        retry,
                        TimeLimiter.decorateFutureSupplier(timeLimiter, () -> calls.submit(() -> fetch(productId)))));
        try {
            return fallback.decorateCallable(guarded, failure -> Stock.unknown())
                    .call();
        } catch (Exception unreachable) {
            throw new IllegalStateException("the fallback answers every failure", unreachable);
        }
    }

    private Stock fetch(long productId) {
        StockLevel level =
                inventoryClient.get().uri("/stock/{id}", productId).retrieve().body(StockLevel.class);
        return Stock.of(level.available());
    }

    @PreDestroy
    void close() {
        calls.shutdownNow();
    }

    /** What the inventory service answers. */
    record StockLevel(long productId, int available) {}
}
