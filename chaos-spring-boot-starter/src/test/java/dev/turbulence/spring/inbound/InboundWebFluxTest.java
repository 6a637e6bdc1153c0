package dev.turbulence.spring.inbound;

import dev.turbulence.spring.hops.OpenSecurity;
import org.springframework.boot.test.context.SpringBootTest;

/** Inbound assaults on a WebFlux application served by a real Reactor Netty server, every request let through. */
@SpringBootTest(
        classes = {OrdersApplication.class, OpenSecurity.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "chaos.enabled=true",
            "chaos.inbound.enabled=true",
            "management.endpoints.web.exposure.include=health,chaos"
        })
class InboundWebFluxTest extends InboundRequests {}
