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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.TestInfo;

/**
 * Real Resilience4j registries bound to a {@link SimpleMeterRegistry} with their Micrometer binders, an
 * engine, and a runner over all of them, in virtual time unless built {@link #inRealTime()}; records the
 * engine's events.
 */
final class Fixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-12-02T08:00:00Z");

    final Timekeeper time;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<ChaosEvent> events = new CopyOnWriteArrayList<>();
    final ChaosEngine engine;
    final CircuitBreakerRegistry breakers;
    final RetryRegistry retries = RetryRegistry.ofDefaults();
    final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    final TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();
    final ExperimentRunner runner;

    /** Everything the runner times, the engine's clock and the breakers' clocks in one {@link VirtualTime}. */
    Fixture() {
        this(VirtualTime.startingAt(START));
    }

    /** The tag of the tests that run in real time: those that need real threads and real delays. */
    static final String REAL_TIME = "real-time";

    /** For the end-to-end runs that need real threads and real delays: load concurrency, time limiters. */
    static Fixture inRealTime() {
        return new Fixture(Timekeeper.system());
    }

    /** In real time for a test tagged {@link #REAL_TIME}, else in virtual time. */
    static Fixture forTest(TestInfo test) {
        return test.getTags().contains(REAL_TIME) ? inRealTime() : new Fixture();
    }

    private Fixture(Timekeeper time) {
        this.time = time;
        this.engine =
                ChaosEngine.builder().clock(time.clock()).listener(events::add).build();
        this.breakers = CircuitBreakerRegistry.of(
                CircuitBreakerConfig.custom().clock(time.clock()).build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(meters);
        runner = ExperimentRunner.builder(engine, meters)
                .circuitBreakers(breakers)
                .retries(retries)
                .bulkheads(bulkheads)
                .timeLimiters(timeLimiters)
                .time(time)
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
        return breakers.circuitBreaker(name, quickBreaker().clock(time.clock()).build());
    }

    /** Virtual time, for tests that move it themselves. */
    VirtualTime virtualTime() {
        return (VirtualTime) time;
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
