package dev.turbulence.spring;

import dev.turbulence.ChaosEngine;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request-scoped chaos for a servlet application, only with {@code chaos.request-scope.enabled=true}: the filter that
 * reads each request's signed chaos context; the engine's HTTP clients forward it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "chaos.request-scope", name = "enabled", havingValue = "true")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RequestScopeConfiguration {

    @Bean
    RequestScopeFilter chaosRequestScopeFilter(ChaosEngine engine, ObjectProvider<MeterRegistry> meters) {
        return new RequestScopeFilter(engine.requestScopes(), meters.getIfAvailable());
    }
}
