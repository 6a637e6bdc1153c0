package dev.turbulence.spring;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * What the {@code chaos} endpoint needs on the management server, registered only in the management
 * context — the application's own context when actuator shares its port, actuator's child context on a
 * separate {@code management.server.port}, nowhere with port {@code -1} — and only while the endpoint is
 * exposed over the web: the filter that limits and hands on its request bodies.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.filter.OncePerRequestFilter")
@ConditionalOnBean({ChaosEndpoint.class, PathMappedEndpoints.class})
@ConditionalOnAvailableEndpoint(endpoint = ChaosEndpoint.class, exposure = EndpointExposure.WEB)
class ChaosManagementContextConfiguration {

    @Bean
    ChaosRequestBodyFilter chaosRequestBodyFilter(PathMappedEndpoints endpoints) {
        return new ChaosRequestBodyFilter(endpoints.getPath(EndpointId.of("chaos")));
    }
}
