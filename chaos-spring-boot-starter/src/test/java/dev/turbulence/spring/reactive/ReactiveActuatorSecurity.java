package dev.turbulence.spring.reactive;

import dev.turbulence.spring.secured.ActuatorSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

/**
 * The reactive security configuration the README shows, the WebFlux twin of {@link ActuatorSecurity}: actuator
 * behind HTTP basic, the {@code chaos} endpoint for the role {@code CHAOS_ENGINEER} only, with the same users.
 */
@Configuration(proxyBeanMethods = false)
public class ReactiveActuatorSecurity {

    @Bean
    SecurityWebFilterChain actuator(ServerHttpSecurity http) {
        return http.securityMatcher(endpointRequest("toAnyEndpoint", new Class<?>[0]))
                .authorizeExchange(exchanges -> exchanges
                        .matchers(chaos())
                        .hasRole("CHAOS_ENGINEER")
                        .anyExchange()
                        .permitAll())
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(
                        CsrfWebFilter.DEFAULT_CSRF_MATCHER, new NegatedServerWebExchangeMatcher(chaos()))))
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    MapReactiveUserDetailsService users() {
        return new MapReactiveUserDetailsService(
                User.withUsername("engineer")
                        .password("{noop}" + ActuatorSecurity.PASSWORD)
                        .roles("CHAOS_ENGINEER")
                        .build(),
                User.withUsername("viewer")
                        .password("{noop}" + ActuatorSecurity.PASSWORD)
                        .roles("VIEWER")
                        .build());
    }

    private static ServerWebExchangeMatcher chaos() {
        return endpointRequest("to", new Class<?>[] {String[].class}, (Object) new String[] {"chaos"});
    }

    /** Boot's reactive {@code EndpointRequest}, whose package moved between Boot 3.5 and 4, as in the servlet twin. */
    private static ServerWebExchangeMatcher endpointRequest(String method, Class<?>[] types, Object... arguments) {
        return (ServerWebExchangeMatcher) ActuatorSecurity.onThisBoot(
                new String[] {
                    "org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest",
                    "org.springframework.boot.actuate.autoconfigure.security.reactive.EndpointRequest"
                },
                method,
                types,
                arguments);
    }
}
