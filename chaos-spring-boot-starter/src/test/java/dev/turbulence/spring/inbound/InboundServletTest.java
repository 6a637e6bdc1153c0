package dev.turbulence.spring.inbound;

import dev.turbulence.spring.secured.ActuatorSecurity;
import org.springframework.boot.test.context.SpringBootTest;

/** Inbound assaults on a Spring MVC application served by a real Tomcat, actuator behind the README's security. */
@SpringBootTest(
        classes = {OrdersApplication.class, ActuatorSecurity.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chaos.enabled=true",
            "chaos.inbound.enabled=true",
            "management.endpoints.web.exposure.include=health,chaos"
        })
class InboundServletTest extends InboundRequests {}
