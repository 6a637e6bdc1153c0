package dev.turbulence.spring;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the {@code chaos} endpoint needs on the management server, registered only in the management
 * context — the application's own context when actuator shares its port, actuator's child context on a
 * separate {@code management.server.port}, nowhere with port {@code -1} — and only while the endpoint is
 * exposed over the web: the filter that limits and hands on its request bodies, for a servlet or a WebFlux
 * management server.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnBean({ChaosEndpoint.class, PathMappedEndpoints.class})
@ConditionalOnAvailableEndpoint(endpoint = ChaosEndpoint.class, exposure = EndpointExposure.WEB)
class ChaosManagementContextConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Servlet {

        @Bean
        ChaosRequestBodyFilter chaosRequestBodyFilter(PathMappedEndpoints endpoints) {
            return new ChaosRequestBodyFilter(endpoints.getPath(EndpointId.of("chaos")));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class Reactive {

        @Bean
        ChaosReactiveRequestBodyFilter chaosReactiveRequestBodyFilter(PathMappedEndpoints endpoints) {
            return new ChaosReactiveRequestBodyFilter(endpoints.getPath(EndpointId.of("chaos")));
        }
    }
}
