package dev.turbulence.resilience4j;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Subscribes once per Resilience4j instance to the events meters do not show (breaker transitions as they
 * happen, bulkhead rejections): Resilience4j cannot unsubscribe, so one subscription per instance serves
 * every run of a runner. Instances are held weakly.
 */
final class EventWatches {

    private static final System.Logger LOG = System.getLogger(EventWatches.class.getName());
    private static final Consumer<ExperimentReport.StateChange> NOWHERE = change -> {};

    private final Clock clock;
    private final Map<CircuitBreaker, Boolean> breakers = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<Bulkhead, BulkheadCounts> bulkheads = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<RateLimiter, Rejections> rateLimiters = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<ThreadPoolBulkhead, Rejections> threadPoolBulkheads =
            Collections.synchronizedMap(new WeakHashMap<>());
    private volatile Consumer<ExperimentReport.StateChange> sink = NOWHERE;

    EventWatches(Clock clock) {
        this.clock = clock;
    }

    /** Sends the breakers' transitions to {@code sink} from now on; {@code null} stops sending. */
    void sendTo(Consumer<ExperimentReport.StateChange> sink) {
        this.sink = sink == null ? NOWHERE : sink;
    }

    void watch(CircuitBreaker breaker) {
        breakers.computeIfAbsent(breaker, b -> {
            String name = b.getName();
            b.getEventPublisher().onStateTransition(event -> {
                try {
                    sink.accept(new ExperimentReport.StateChange(
                            clock.instant(),
                            "circuitBreaker",
                            name,
                            event.getStateTransition().getFromState().name(),
                            event.getStateTransition().getToState().name()));
                } catch (RuntimeException failure) {
                    // runs on the application's thread: a recording that fails must never fail its call
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Recording a transition of breaker " + name + " failed",
                            failure);
                }
            });
            return Boolean.TRUE;
        });
    }

    /** The bulkhead's permitted and rejected calls since it was first watched, and the most calls in flight. */
    BulkheadCounts counts(Bulkhead bulkhead) {
        return bulkheads.computeIfAbsent(bulkhead, b -> {
            BulkheadCounts counts = new BulkheadCounts(b);
            b.getEventPublisher()
                    .onCallPermitted(event -> counts.permitted())
                    .onCallRejected(event -> counts.rejected.increment());
            return counts;
        });
    }

    /** The rate limiter's permitted and rejected calls since it was first watched. */
    Rejections counts(RateLimiter limiter) {
        return rateLimiters.computeIfAbsent(limiter, l -> {
            Rejections counts = new Rejections();
            l.getEventPublisher()
                    .onSuccess(event -> counts.permitted.increment())
                    .onFailure(event -> counts.rejected.increment());
            return counts;
        });
    }

    /** The thread-pool bulkhead's permitted and rejected calls since it was first watched. */
    Rejections counts(ThreadPoolBulkhead bulkhead) {
        return threadPoolBulkheads.computeIfAbsent(bulkhead, b -> {
            Rejections counts = new Rejections();
            b.getEventPublisher()
                    .onCallPermitted(event -> counts.permitted.increment())
                    .onCallRejected(event -> counts.rejected.increment());
            return counts;
        });
    }

    /** The calls a limit let through and those it refused. */
    static class Rejections {
        final LongAdder permitted = new LongAdder();
        final LongAdder rejected = new LongAdder();
    }

    /**
     * A bulkhead's calls, and the most in flight at once: read from its semaphore as each call is let in, which
     * is exact then, rather than counted from its events, whose order under contention is not the calls' (a call
     * is let in before the event of the one that left is published).
     */
    static final class BulkheadCounts extends Rejections {
        private final Bulkhead bulkhead;
        private final AtomicInteger mostInFlight = new AtomicInteger();

        BulkheadCounts(Bulkhead bulkhead) {
            this.bulkhead = bulkhead;
        }

        private int inFlight() {
            return bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                    - bulkhead.getMetrics().getAvailableConcurrentCalls();
        }

        private void permitted() {
            permitted.increment();
            mostInFlight.accumulateAndGet(inFlight(), Math::max);
        }

        /** The most calls in flight at once since {@link #restartPeak()}. */
        int mostInFlight() {
            return mostInFlight.get();
        }

        void restartPeak() {
            mostInFlight.set(Math.max(0, inFlight()));
        }
    }
}
