package dev.turbulence;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Faults for methods returning a {@link Mono} or {@link Flux}: error and delay signals on a timer, never a
 * throw at assembly time nor a blocked thread. An after-call failure lets the real publisher complete, drops what it
 * emitted, then signals the error. Each subscription gets its own decision, so an operator that
 * resubscribes (a retry) meets chaos as a new call would. The only class that refers to Reactor: it is
 * loaded for such methods alone, so the core runs without Reactor on the classpath. Its {@link #timer} is public for
 * the reactive adapters of other modules (WebClient, WebFlux endpoints), so that every reactive delay is one timer.
 */
public final class ReactorSignals {

    private ReactorSignals() {}

    /**
     * Wraps {@code publisher}, the real call's result: its first subscription meets {@code first}, each
     * later one the injection {@code next} decides.
     */
    static Object apply(Injection first, Supplier<Injection> next, Object publisher) {
        AtomicReference<Injection> pending = new AtomicReference<>(first);
        Supplier<Injection> decision = () -> {
            Injection injection = pending.getAndSet(null);
            return injection != null ? injection : next.get();
        };
        if (publisher instanceof Mono<?> mono) {
            return Mono.defer(() -> signal(decision.get(), mono));
        }
        if (publisher instanceof Flux<?> flux) {
            return Flux.defer(() -> signal(decision.get(), flux));
        }
        return publisher;
    }

    private static <T> Mono<T> signal(Injection injection, Mono<T> real) {
        if (injection == null) {
            return real;
        }
        if (injection.failure() != null) {
            Mono<T> error = Mono.error(Failures.of(injection.failure()));
            return delayed(injection, injection.latency().plus(injection.failureDelay()), error);
        }
        Fault.ReturnedValue returned = injection.returned();
        if (returned != null && !injection.returnedAfterCall()) {
            return delayed(injection, injection.latency(), Mono.defer(() -> answer(returned)));
        }
        Mono<T> answered = delayed(injection, injection.latency(), real);
        if (returned != null) {
            return answered.then(delayed(injection, injection.latencyAfterCall(), Mono.defer(() -> answer(returned))));
        }
        if (injection.failureAfterCall() != null) {
            Mono<T> lost = Mono.error(Failures.of(injection.failureAfterCall()));
            return answered.then(delayed(injection, afterCallDelay(injection), lost));
        }
        Duration after = injection.latencyAfterCall();
        return after.isZero() ? answered : answered.delayUntil(value -> timer(injection, after));
    }

    /** As for a {@link Mono}; after the call, the latency holds back the Flux's completion, its elements arrived. */
    private static <T> Flux<T> signal(Injection injection, Flux<T> real) {
        if (injection == null) {
            return real;
        }
        if (injection.failure() != null) {
            Flux<T> error = Flux.error(Failures.of(injection.failure()));
            return delayed(injection, injection.latency().plus(injection.failureDelay()), error);
        }
        Fault.ReturnedValue returned = injection.returned();
        if (returned != null && !injection.returnedAfterCall()) {
            return delayed(injection, injection.latency(), Flux.defer(() -> answer(returned)));
        }
        Flux<T> answered = delayed(injection, injection.latency(), real);
        if (returned != null) {
            return answered.thenMany(
                    delayed(injection, injection.latencyAfterCall(), Flux.defer(() -> answer(returned))));
        }
        if (injection.failureAfterCall() != null) {
            Flux<T> lost = Flux.error(Failures.of(injection.failureAfterCall()));
            return answered.thenMany(delayed(injection, afterCallDelay(injection), lost));
        }
        Duration after = injection.latencyAfterCall();
        return after.isZero()
                ? answered
                : answered.concatWith(timer(injection, after).then(Mono.empty()));
    }

    /**
     * The publisher of a returned value: empty for {@code null} or {@code empty}, else the value; its element type is
     * not known, so the value stays as the schema gives it (a string).
     */
    @SuppressWarnings("unchecked")
    private static <T> Mono<T> answer(Fault.ReturnedValue returned) {
        return (Mono<T>) Mono.justOrEmpty(returned.empty() ? null : returned.value());
    }

    /** How long after the real call its after-call failure strikes. */
    private static Duration afterCallDelay(Injection injection) {
        return injection.latencyAfterCall().plus(injection.failureDelay());
    }

    private static <T> Mono<T> delayed(Injection injection, Duration delay, Mono<T> then) {
        return delay.isZero() ? then : timer(injection, delay).then(then);
    }

    private static <T> Flux<T> delayed(Injection injection, Duration delay, Flux<T> then) {
        return delay.isZero() ? then : timer(injection, delay).thenMany(then);
    }

    /**
     * A {@code delay} on Reactor's own timer (so virtual time works in tests) for {@code injection}, cut short when
     * the kill switch goes off: completes, never fails, when either ends.
     */
    public static Mono<?> timer(Injection injection, Duration delay) {
        return Mono.firstWithSignal(Mono.delay(delay), Mono.fromFuture(() -> injection.delay(delay)));
    }
}
