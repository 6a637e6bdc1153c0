package dev.turbulence;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The invocation handler behind {@link ChaosEngine#proxy}: one call site per interface method. */
final class ChaosProxy implements InvocationHandler {

    private final ChaosEngine engine;
    private final Class<?> type;
    private final Object target;
    private final String name;
    private final Map<Method, CallSite> sites = new ConcurrentHashMap<>();

    ChaosProxy(ChaosEngine engine, Class<?> type, Object target, String name) {
        this.engine = engine;
        this.type = type;
        this.target = target;
        this.name = name;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(method, args);
        }
        Injection injection = sites.computeIfAbsent(method, this::siteOf).decide();
        if (injection == null) {
            return call(method, args);
        }
        if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
            return injection.applyAsync(() -> {
                try {
                    return (CompletionStage<?>) call(method, args);
                } catch (Throwable failure) {
                    return CompletableFuture.failedFuture(failure);
                }
            });
        }
        injection.applyBeforeCall(method.getExceptionTypes());
        return call(method, args);
    }

    private CallSite siteOf(Method method) {
        return engine.callSite(
                CallSiteKind.REPOSITORY, name, Map.of("type", type.getSimpleName(), "method", method.getName()));
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
        }
    }

    private Object objectMethod(Method method, Object[] args) throws Throwable {
        return switch (method.getName()) {
            case "equals" -> target.equals(unwrap(args[0]));
            case "hashCode" -> target.hashCode();
            default -> call(method, args);
        };
    }

    private static Object unwrap(Object other) {
        if (other != null
                && Proxy.isProxyClass(other.getClass())
                && Proxy.getInvocationHandler(other) instanceof ChaosProxy chaos) {
            return chaos.target;
        }
        return other;
    }
}
