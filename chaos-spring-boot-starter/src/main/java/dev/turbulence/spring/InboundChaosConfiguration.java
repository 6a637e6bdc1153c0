package dev.turbulence.spring;

import dev.turbulence.ChaosEngine;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Chaos for the requests the application's own endpoints receive, only with {@code chaos.inbound.enabled=true}: a
 * servlet filter or a WebFlux web filter at the {@link InboundSite}, which leaves actuator's paths alone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "chaos.inbound", name = "enabled", havingValue = "true")
class InboundChaosConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Servlet {

        @Bean
        InboundChaosFilter chaosInboundFilter(ChaosEngine engine, ListableBeanFactory beans, Environment environment) {
            // actuator's paths lie under the DispatcherServlet's own path
            String servletPath = environment.getProperty("spring.mvc.servlet.path", "");
            return new InboundChaosFilter(new InboundSite(engine, managementPaths(beans, servletPath)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class Reactive {

        @Bean
        InboundChaosWebFilter chaosInboundWebFilter(ChaosEngine engine, ListableBeanFactory beans) {
            return new InboundChaosWebFilter(
                    new InboundSite(engine, managementPaths(beans, "")), engine.requestScopes());
        }
    }

    /** The paths actuator serves on this server, under {@code prefix}: none without actuator. */
    private static List<String> managementPaths(ListableBeanFactory beans, String prefix) {
        boolean actuator = ClassUtils.isPresent(
                "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints",
                InboundChaosConfiguration.class.getClassLoader());
        return actuator ? ActuatorPaths.of(beans, prefix.replaceAll("/+$", "")) : List.of();
    }

    /** Kept apart so that its actuator types load only when actuator is on the class path. */
    private static final class ActuatorPaths {

        static List<String> of(ListableBeanFactory beans, String prefix) {
            PathMappedEndpoints endpoints =
                    beans.getBeanProvider(PathMappedEndpoints.class).getIfAvailable();
            if (endpoints == null) {
                return List.of();
            }
            List<String> paths = new ArrayList<>(endpoints.getAllPaths());
            paths.add(endpoints.getBasePath());
            return paths.stream().map(path -> prefix + path).toList();
        }
    }
}
