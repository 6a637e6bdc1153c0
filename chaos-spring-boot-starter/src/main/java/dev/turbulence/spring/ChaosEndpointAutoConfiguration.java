package dev.turbulence.spring;

import dev.turbulence.ChaosEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * The {@code chaos} actuator endpoint and the {@code chaos} info contribution, where actuator is present
 * and chaos is on. The endpoint is reachable over HTTP only once the user exposes it
 * ({@code management.endpoints.web.exposure.include=chaos}); its request bodies are guarded on the management
 * server by {@link ChaosManagementContextConfiguration}.
 */
@AutoConfiguration(after = ChaosAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(ChaosEngine.class)
public final class ChaosEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = ChaosEndpoint.class)
    ChaosEndpoint chaosEndpoint(
            ChaosEngine engine,
            ChaosGuard guard,
            ApplicationEventPublisher events,
            ObjectProvider<ChaosExperiments> experiments) {
        return new ChaosEndpoint(engine, guard, events, experiments.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = ChaosEndpoint.class)
    ChaosWebEndpointExtension chaosWebEndpointExtension(ChaosEndpoint endpoint) {
        return new ChaosWebEndpointExtension(endpoint);
    }

    @Bean
    @ConditionalOnMissingBean
    ChaosInfoContributor chaosInfoContributor(ChaosEngine engine, ChaosGuard guard) {
        return new ChaosInfoContributor(engine, guard);
    }
}
