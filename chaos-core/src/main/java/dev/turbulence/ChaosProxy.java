package dev.turbulence;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** The invocation handler behind {@link ChaosEngine#proxy}: one call site per interface method. */
final class ChaosProxy implements InvocationHandler {

    private final MethodChaos chaos;
    private final Object target;

    ChaosProxy(MethodChaos chaos, Object target) {
        this.chaos = chaos;
        this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(method, args);
        }
        Injection injection = chaos.decide(method);
        if (injection == null) {
            return call(method, args);
        }
        return chaos.apply(injection, method, () -> call(method, args));
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
