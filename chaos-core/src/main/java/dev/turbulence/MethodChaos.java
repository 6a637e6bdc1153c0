package dev.turbulence;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chaos for the methods of one object: each method is a call site of one kind and name, with attributes
 * {@code type} (the simple name of the type) and {@code method}. Behind {@link ChaosEngine#proxy} and
 * framework interceptors. Faults take the shape of the method: declared checked exceptions as they are,
 * a failed or delayed stage for a {@link CompletionStage}, error and delay signals for a Reactor
 * {@code Mono} or {@code Flux}, decided per subscription. Thread-safe.
 */
public final class MethodChaos {

    private final CallContext context;
    private final CallSiteKind kind;
    private final String name;
    private final String typeName;
    private final Map<Method, CallSite> sites = new ConcurrentHashMap<>();

    MethodChaos(CallContext context, CallSiteKind kind, String name, Class<?> type) {
        CallSite.requireConcrete(kind);
        this.context = context;
        this.kind = kind;
        this.name = name;
        this.typeName = type.getSimpleName();
    }

    /** The real call, made when no fault replaces it. */
    @FunctionalInterface
    public interface Invocation {
        Object proceed() throws Throwable;
    }

    /**
     * Decides what happens to one call of {@code method}: one volatile read while chaos is off, a cached
     * lookup while no assault targets it; allocation-free on both paths.
     *
     * @return the injection for {@link #apply}, or {@code null} when the call goes through untouched
     */
    public Injection decide(Method method) {
        Plan plan = context.live();
        if (plan == null) {
            return null;
        }
        CallSite site = sites.get(method);
        if (site == null) {
            site = sites.computeIfAbsent(method, this::siteOf);
        }
        return site.decide(plan);
    }

    /** Runs {@code invocation} of {@code method} with {@code injection} applied in the method's own shape. */
    public Object apply(Injection injection, Method method, Invocation invocation) throws Throwable {
        if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
            return injection.applyAsync(() -> stage(invocation));
        }
        if (isMonoOrFlux(method.getReturnType())) {
            return ReactorSignals.apply(injection, () -> decide(method), invocation.proceed());
        }
        return injection.applyAround(invocation::proceed, method.getReturnType(), method.getExceptionTypes());
    }

    /** Compares names, so that no Reactor class is loaded where Reactor is absent. */
    private static boolean isMonoOrFlux(Class<?> type) {
        String name = type.getName();
        return name.equals("reactor.core.publisher.Mono") || name.equals("reactor.core.publisher.Flux");
    }

    private static CompletionStage<?> stage(Invocation invocation) {
        try {
            return (CompletionStage<?>) invocation.proceed();
        } catch (Throwable failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    private CallSite siteOf(Method method) {
        return new CallSite(context, kind, name, Map.of("type", typeName, "method", method.getName()));
    }
}
