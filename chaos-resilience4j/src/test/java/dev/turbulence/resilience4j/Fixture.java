package dev.turbulence.resilience4j;

import dev.turbulence.ChaosEngine;
import dev.turbulence.ChaosEvent;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real Resilience4j registries bound to a {@link SimpleMeterRegistry} with their Micrometer binders, an
 * engine, and a runner over all of them; records the engine's events.
 */
final class Fixture implements AutoCloseable {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<ChaosEvent> events = new CopyOnWriteArrayList<>();
    final ChaosEngine engine = ChaosEngine.builder().listener(events::add).build();
    final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    final RetryRegistry retries = RetryRegistry.ofDefaults();
    final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    final TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();
    final ExperimentRunner runner;

    Fixture() {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(meters);
        runner = ExperimentRunner.builder(engine, meters)
                .circuitBreakers(breakers)
                .retries(retries)
                .bulkheads(bulkheads)
                .timeLimiters(timeLimiters)
                .build();
    }

    /** A breaker that decides fast: 4 calls, half of them failing, open for 100 ms, 2 trial calls. */
    static CircuitBreakerConfig.Builder quickBreaker() {
        return quickBreaker(Duration.ofMillis(100));
    }

    static CircuitBreakerConfig.Builder quickBreaker(Duration openFor) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(2);
    }

    CircuitBreaker breaker(String name) {
        return breakers.circuitBreaker(name, quickBreaker().build());
    }

    /** Events that changed the engine's plan or switched it: what "nothing was injected" rules out. */
    List<ChaosEvent> chaosActivity() {
        return events.stream()
                .filter(event -> event instanceof ChaosEvent.Injected
                        || event instanceof ChaosEvent.Switched
                        || (event instanceof ChaosEvent.PlanChanged changed
                                && !changed.assaults().isEmpty()))
                .toList();
    }

    @Override
    public void close() {
        runner.alarmMonitor().close();
        engine.close();
    }
}
