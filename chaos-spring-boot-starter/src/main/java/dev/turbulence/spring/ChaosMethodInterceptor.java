package dev.turbulence.spring;

import dev.turbulence.Injection;
import dev.turbulence.MethodChaos;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

/** Spring AOP advice that gives each method of one bean the faults its assaults decide. */
final class ChaosMethodInterceptor implements MethodInterceptor {

    private final MethodChaos chaos;

    ChaosMethodInterceptor(MethodChaos chaos) {
        this.chaos = chaos;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Injection injection = chaos.decide(invocation.getMethod());
        if (injection == null) {
            return invocation.proceed();
        }
        return chaos.apply(injection, invocation.getMethod(), invocation::proceed);
    }
}
