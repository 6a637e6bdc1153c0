package dev.turbulence.resilience4j;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A fallback that can be measured: Resilience4j does not count fallbacks, so decorate the call (typically one
 * already decorated with a circuit breaker, retry or time limiter) with this, and every exception it throws
 * goes to the recovery function, counted in {@code chaos.fallback.calls{name, outcome}}: {@code served} when
 * the recovery returned an answer, {@code failed} when it threw. A recovery that rethrows the original exception
 * (the usual {@code throw failure;} for what it does not handle) propagates it unchanged; one that throws another
 * exception propagates that one, with the original attached as suppressed. To recover from one type only, name
 * it ({@link #decorateSupplier(Fallback, Supplier, Class, Function)}): other exceptions then pass by the fallback
 * unchanged and uncounted, as if it were not there. Calls that succeed are not counted. Both counters exist from {@link #of}
 * on, so a probe can tell an unused fallback from a missing one. Errors ({@link Error}) are never recovered.
 * Thread-safe; unrelated to chaos being on or off.
 */
public final class Fallback {

    /** The name of the counter. */
    public static final String METER = "chaos.fallback.calls";

    private final String name;
    private final Counter served;
    private final Counter failed;

    private Fallback(String name, MeterRegistry registry) {
        this.name = name;
        this.served = counter(registry, name, "served");
        this.failed = counter(registry, name, "failed");
    }

    /** A fallback called {@code name} counting into {@code registry}; several may share a name and counters. */
    public static Fallback of(String name, MeterRegistry registry) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("fallback name is required, but was " + name);
        }
        return new Fallback(name, Objects.requireNonNull(registry, "registry"));
    }

    public String name() {
        return name;
    }

    /** Decorates {@code supplier}: a {@link RuntimeException} it throws is answered by {@code recovery}. */
    public static <T> Supplier<T> decorateSupplier(
            Fallback fallback, Supplier<T> supplier, Function<? super RuntimeException, ? extends T> recovery) {
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(recovery, "recovery");
        return () -> {
            try {
                return supplier.get();
            } catch (RuntimeException failure) {
                return fallback.recover(failure, recovery);
            }
        };
    }

    /** Decorates {@code callable}: an {@link Exception} it throws is answered by {@code recovery}. */
    public static <T> Callable<T> decorateCallable(
            Fallback fallback, Callable<T> callable, Function<? super Exception, ? extends T> recovery) {
        Objects.requireNonNull(callable, "callable");
        Objects.requireNonNull(recovery, "recovery");
        return () -> {
            try {
                return callable.call();
            } catch (Exception failure) {
                return fallback.recover(failure, recovery);
            }
        };
    }

    /**
     * Decorates {@code supplier}: an exception of type {@code handled} it throws is answered by {@code recovery};
     * any other propagates unchanged and is not counted.
     */
    public static <T, X extends RuntimeException> Supplier<T> decorateSupplier(
            Fallback fallback, Supplier<T> supplier, Class<X> handled, Function<? super X, ? extends T> recovery) {
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(handled, "handled");
        Objects.requireNonNull(recovery, "recovery");
        return () -> {
            try {
                return supplier.get();
            } catch (RuntimeException failure) {
                if (!handled.isInstance(failure)) {
                    throw failure;
                }
                return fallback.recover(handled.cast(failure), recovery);
            }
        };
    }

    /**
     * Decorates {@code callable}: an exception of type {@code handled} it throws is answered by {@code recovery};
     * any other propagates unchanged and is not counted.
     */
    public static <T, X extends Exception> Callable<T> decorateCallable(
            Fallback fallback, Callable<T> callable, Class<X> handled, Function<? super X, ? extends T> recovery) {
        Objects.requireNonNull(callable, "callable");
        Objects.requireNonNull(handled, "handled");
        Objects.requireNonNull(recovery, "recovery");
        return () -> {
            try {
                return callable.call();
            } catch (Exception failure) {
                if (!handled.isInstance(failure)) {
                    throw failure;
                }
                return fallback.recover(handled.cast(failure), recovery);
            }
        };
    }

    public <T> Supplier<T> decorateSupplier(
            Supplier<T> supplier, Function<? super RuntimeException, ? extends T> recovery) {
        return decorateSupplier(this, supplier, recovery);
    }

    public <T, X extends RuntimeException> Supplier<T> decorateSupplier(
            Supplier<T> supplier, Class<X> handled, Function<? super X, ? extends T> recovery) {
        return decorateSupplier(this, supplier, handled, recovery);
    }

    public <T> Callable<T> decorateCallable(Callable<T> callable, Function<? super Exception, ? extends T> recovery) {
        return decorateCallable(this, callable, recovery);
    }

    public <T, X extends Exception> Callable<T> decorateCallable(
            Callable<T> callable, Class<X> handled, Function<? super X, ? extends T> recovery) {
        return decorateCallable(this, callable, handled, recovery);
    }

    private <E extends Exception, T> T recover(E failure, Function<? super E, ? extends T> recovery) {
        T answer;
        try {
            answer = recovery.apply(failure);
        } catch (RuntimeException recoveryFailed) {
            failed.increment();
            if (recoveryFailed != failure) {
                recoveryFailed.addSuppressed(failure);
            }
            throw recoveryFailed;
        }
        served.increment();
        return answer;
    }

    /**
     * The counter of the fallback {@code name}'s {@code outcome}, {@code served} or {@code failed}, in
     * {@link #METER}: how every fallback an experiment probes is counted, by this class or by the Spring starter
     * for the fallbacks of Resilience4j's annotations.
     */
    public static Counter counter(MeterRegistry registry, String name, String outcome) {
        return Counter.builder(METER)
                .description("Failed or rejected calls that reached a fallback, by whether it answered")
                .tag("name", name)
                .tag("outcome", outcome)
                .register(registry);
    }
}
