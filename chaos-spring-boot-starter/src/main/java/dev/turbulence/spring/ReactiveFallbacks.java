package dev.turbulence.spring;

import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The counting of the fallbacks of methods that return a {@code Mono} or a {@code Flux}, per subscription: a
 * subscription whose primary publisher failed, and which Resilience4j's fallback therefore answered, counts
 * {@code served} when the answer completes and {@code failed} when it ends in an error; a subscription that never
 * failed, or that was cancelled, counts nothing. The subscription's flag travels in its Reactor context from the
 * answer, where it is made, to the primary, which sets it. The only class of the starter's fallback counting that
 * touches Reactor, loaded only for such methods.
 */
final class ReactiveFallbacks {

    /** The key of the subscription's flag in its context. */
    private static final Object PRIMARY_FAILED = ReactiveFallbacks.class;

    private ReactiveFallbacks() {}

    /** {@code primary}, a {@code Mono} or a {@code Flux}, marking the subscriptions in which it fails. */
    static Object watched(Object primary) {
        if (primary instanceof Mono<?> mono) {
            return Mono.deferContextual(context -> mono.doOnError(failure -> marked(context)));
        }
        if (primary instanceof Flux<?> flux) {
            return Flux.deferContextual(context -> flux.doOnError(failure -> marked(context)));
        }
        return primary;
    }

    private static void marked(ContextView context) {
        context.<AtomicBoolean>getOrEmpty(PRIMARY_FAILED).ifPresent(failed -> failed.set(true));
    }

    /**
     * {@code answer}, what the fallback executor made of the {@linkplain #watched watched} primary, running
     * {@code served} or {@code failed} at the end of each subscription in which the primary failed.
     */
    static Object counted(Object answer, Runnable served, Runnable failed) {
        if (answer instanceof Mono<?> mono) {
            return Mono.defer(() -> {
                AtomicBoolean primaryFailed = new AtomicBoolean();
                return mono.doOnSuccess(value -> runIf(primaryFailed, served))
                        .doOnError(error -> runIf(primaryFailed, failed))
                        .contextWrite(context -> context.put(PRIMARY_FAILED, primaryFailed));
            });
        }
        if (answer instanceof Flux<?> flux) {
            return Flux.defer(() -> {
                AtomicBoolean primaryFailed = new AtomicBoolean();
                return flux.doOnComplete(() -> runIf(primaryFailed, served))
                        .doOnError(error -> runIf(primaryFailed, failed))
                        .contextWrite(context -> context.put(PRIMARY_FAILED, primaryFailed));
            });
        }
        return answer;
    }

    private static void runIf(AtomicBoolean primaryFailed, Runnable count) {
        if (primaryFailed.get()) {
            count.run();
        }
    }
}
