package dev.turbulence.spring;

import dev.turbulence.ChaosEngine;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request-scoped chaos, only with {@code chaos.request-scope.enabled=true}: the filter that reads each request's
 * signed chaos context, for a servlet or a WebFlux application; the engine's HTTP clients forward it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "chaos.request-scope", name = "enabled", havingValue = "true")
class RequestScopeConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Servlet {

        @Bean
        RequestScopeFilter chaosRequestScopeFilter(ChaosEngine engine, ObjectProvider<MeterRegistry> meters) {
            return new RequestScopeFilter(engine.requestScopes(), new IgnoredRequestScopes(meters.getIfAvailable()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class Reactive {

        @Bean
        RequestScopeWebFilter chaosRequestScopeWebFilter(ChaosEngine engine, ObjectProvider<MeterRegistry> meters) {
            return new RequestScopeWebFilter(engine.requestScopes(), new IgnoredRequestScopes(meters.getIfAvailable()));
        }
    }
}
