package dev.turbulence.spring;

import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

/**
 * Adds chaos to every Spring Data repository, inside the repository's own proxy: each method is a call
 * site of kind {@code repository} named after the repository bean, so the fault lands inside whatever
 * Resilience4j decorators the callers put around it.
 */
final class ChaosRepositoryPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<ChaosEngine> engine;

    ChaosRepositoryPostProcessor(ObjectProvider<ChaosEngine> engine) {
        this.engine = engine;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof RepositoryFactoryBeanSupport<?, ?, ?> factory) {
            factory.addRepositoryFactoryCustomizer(repositories -> repositories.addRepositoryProxyPostProcessor(
                    (proxy, information) -> proxy.addAdvice(new ChaosMethodInterceptor(engine.getObject()
                            .methodChaos(CallSiteKind.REPOSITORY, beanName, information.getRepositoryInterface())))));
        }
        return bean;
    }
}
