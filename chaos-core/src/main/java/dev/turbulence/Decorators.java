package dev.turbulence;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's decorators: each wraps one call in a call site of its own and applies what the site decides in the
 * call's own shape. See the engine's methods of the same names for their contracts. Thread-safe.
 */
final class Decorators {

    private final CallContext context;
    private final CallSites wrapped = new CallSites();

    Decorators(CallContext context) {
        this.context = context;
    }

    /** The call sites wrapped so far, by kind and name. */
    List<WrappedCallSite> wrapped() {
        return wrapped.list();
    }

    CallSite callSite(CallSiteKind kind, String name, Map<String, String> attributes) {
        CallSite site = new CallSite(context, kind, name, attributes);
        wrapped.add(kind, name);
        return site;
    }

    <T> Supplier<T> supplier(String name, Supplier<T> supplier) {
        return decorated(name, supplier, injection -> injection.applyAround(supplier::get, Object.class));
    }

    <T> Callable<T> callable(String name, Callable<T> callable) {
        CallSite site = callSite(CallSiteKind.SUPPLIER, name, Map.of());
        CallContext context = this.context;
        return () -> {
            Injection injection = decide(context, site);
            return injection == null
                    ? callable.call()
                    : injection.applyAround(callable::call, Object.class, Exception.class);
        };
    }

    Runnable runnable(String name, Runnable runnable) {
        CallSite site = callSite(CallSiteKind.SUPPLIER, name, Map.of());
        CallContext context = this.context;
        return () -> {
            Injection injection = decide(context, site);
            if (injection == null) {
                runnable.run();
            } else {
                injection.applyAround(
                        () -> {
                            runnable.run();
                            return null;
                        },
                        void.class);
            }
        };
    }

    <T, R> Function<T, R> function(String name, Function<T, R> function) {
        CallSite site = callSite(CallSiteKind.SUPPLIER, name, Map.of());
        CallContext context = this.context;
        return input -> {
            Injection injection = decide(context, site);
            return injection == null
                    ? function.apply(input)
                    : injection.applyAround(() -> function.apply(input), Object.class);
        };
    }

    <T> Supplier<CompletionStage<T>> completionStage(String name, Supplier<CompletionStage<T>> supplier) {
        return decorated(name, supplier, injection -> injection.applyAsync(supplier));
    }

    /**
     * A supplier call site: {@code supplier} untouched while chaos is off or the site decides nothing, else what
     * {@code injected} makes of the injection. Generic in what it supplies, so that its lambda returns the supplied
     * value without a cast: a supplier of a {@code CompletionStage} would otherwise check that interface type on
     * every call.
     */
    private <R> Supplier<R> decorated(String name, Supplier<R> supplier, Function<Injection, R> injected) {
        CallSite site = callSite(CallSiteKind.SUPPLIER, name, Map.of());
        CallContext context = this.context;
        return () -> {
            Injection injection = decide(context, site);
            return injection == null ? supplier.get() : injected.apply(injection);
        };
    }

    <T> T proxy(Class<T> type, T target, String name) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException("type must be an interface, but was " + type.getName());
        }
        Objects.requireNonNull(target, "target");
        Object proxy = Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                new ChaosProxy(methodChaos(CallSiteKind.REPOSITORY, name, type), target));
        return type.cast(proxy);
    }

    MethodChaos methodChaos(CallSiteKind kind, String name, Class<?> type) {
        MethodChaos chaos = new MethodChaos(context, kind, name, type);
        wrapped.add(kind, name);
        return chaos;
    }

    /**
     * What {@code site} decides for one call, asking the context first: a decorator's call with chaos off then
     * reads one field of the decorator and one of the context, not the site's too.
     */
    private static Injection decide(CallContext context, CallSite site) {
        Plan plan = context.live();
        return plan == null ? null : site.decide(plan);
    }
}
