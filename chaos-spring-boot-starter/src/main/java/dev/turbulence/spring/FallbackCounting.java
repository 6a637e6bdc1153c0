package dev.turbulence.spring;

import dev.turbulence.resilience4j.Fallback;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.spring6.fallback.FallbackExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aspectj.lang.ProceedingJoinPoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the fallbacks of Resilience4j's annotations ({@code @CircuitBreaker(fallbackMethod = "cachedStock")} and
 * the others) into {@code chaos.fallback.calls{name, outcome}}, as a {@code Fallback} counts its own, named after the
 * fallback method: {@code served} when the fallback answered a failed call, {@code failed} when it threw. Wraps
 * Resilience4j's {@link FallbackExecutor}, through which every annotation's fallback runs, and registers both
 * counters of every fallback method the beans' annotations name ({@link ResilienceAnnotations}) once the singletons
 * are made, so that an experiment naming one is accepted before its first call. Synchronous methods, those
 * returning a {@link CompletionStage} and those returning a {@code Mono} or a {@code Flux} are counted, the last per
 * subscription ({@link ReactiveFallbacks}).
 */
final class FallbackCounting implements BeanPostProcessor, SmartInitializingSingleton {

    private final ObjectProvider<MeterRegistry> meters;
    private final ObjectProvider<ResilienceAnnotations> annotations;

    FallbackCounting(ObjectProvider<MeterRegistry> meters, ObjectProvider<ResilienceAnnotations> annotations) {
        this.meters = meters;
        this.annotations = annotations;
    }

    /** Wraps the fallback executor. */
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof FallbackExecutor executor ? new Counted(executor, meters) : bean;
    }

    /** Registers the counters of every fallback method named, once the meter registry is surely made. */
    @Override
    public void afterSingletonsInstantiated() {
        MeterRegistry registry = meters.getIfAvailable();
        ResilienceAnnotations named = annotations.getIfAvailable();
        if (registry != null && named != null) {
            named.names().getOrDefault("fallback", Set.of()).forEach(fallback -> {
                Fallback.counter(registry, fallback, "served");
                Fallback.counter(registry, fallback, "failed");
            });
        }
    }

    /** Compares names, so that no Reactor class is loaded where Reactor is absent. */
    private static boolean returnsMonoOrFlux(Method method) {
        String type = method.getReturnType().getName();
        return type.equals("reactor.core.publisher.Mono") || type.equals("reactor.core.publisher.Flux");
    }

    /** The application's fallback executor, counting what each fallback does with the failures it is given. */
    private static final class Counted extends FallbackExecutor {
        private final FallbackExecutor delegate;
        private final ObjectProvider<MeterRegistry> meters;

        Counted(FallbackExecutor delegate, ObjectProvider<MeterRegistry> meters) {
            super(null, null);
            this.delegate = delegate;
            this.meters = meters;
        }

        @Override
        public Object execute(
                ProceedingJoinPoint point, Method method, String fallbackMethod, CheckedSupplier<Object> primary)
                throws Throwable {
            MeterRegistry registry = meters.getIfAvailable();
            if (registry == null || fallbackMethod == null || fallbackMethod.isBlank()) {
                return delegate.execute(point, method, fallbackMethod, primary);
            }
            if (returnsMonoOrFlux(method)) {
                Object answer =
                        delegate.execute(point, method, fallbackMethod, () -> ReactiveFallbacks.watched(primary.get()));
                return ReactiveFallbacks.counted(
                        answer,
                        () -> Fallback.counter(registry, fallbackMethod, "served")
                                .increment(),
                        () -> Fallback.counter(registry, fallbackMethod, "failed")
                                .increment());
            }
            AtomicBoolean primaryFailed = new AtomicBoolean();
            CheckedSupplier<Object> watched = () -> {
                Object result;
                try {
                    result = primary.get();
                } catch (Throwable failure) {
                    primaryFailed.set(true);
                    throw failure;
                }
                return result instanceof CompletionStage<?> stage
                        ? stage.whenComplete((value, failure) -> primaryFailed.compareAndSet(false, failure != null))
                        : result;
            };
            Object answer;
            try {
                answer = delegate.execute(point, method, fallbackMethod, watched);
            } catch (Throwable thrown) {
                if (primaryFailed.get()) {
                    Fallback.counter(registry, fallbackMethod, "failed").increment();
                }
                throw thrown;
            }
            if (answer instanceof CompletionStage<?> stage) {
                return stage.whenComplete((value, failure) -> {
                    if (primaryFailed.get()) {
                        Fallback.counter(registry, fallbackMethod, failure == null ? "served" : "failed")
                                .increment();
                    }
                });
            }
            if (primaryFailed.get()) {
                Fallback.counter(registry, fallbackMethod, "served").increment();
            }
            return answer;
        }
    }
}
