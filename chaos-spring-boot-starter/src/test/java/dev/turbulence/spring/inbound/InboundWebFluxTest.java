package dev.turbulence.spring.inbound;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** Inbound assaults on a WebFlux application served by a real Reactor Netty server. */
@SpringBootTest(
        classes = {OrdersApplication.class, InboundWebFluxTest.OpenSecurity.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "chaos.enabled=true",
            "chaos.inbound.enabled=true",
            "management.endpoints.web.exposure.include=health,chaos"
        })
class InboundWebFluxTest extends InboundRequests {

    /** Every request let through, as this test is about chaos rather than access; never picked up by scanning. */
    @TestConfiguration(proxyBeanMethods = false)
    static class OpenSecurity {
        @Bean
        SecurityWebFilterChain open(ServerHttpSecurity http) {
            return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                    .csrf(ServerHttpSecurity.CsrfSpec::disable)
                    .build();
        }
    }
}
