package dev.turbulence.spring.secured;

import dev.turbulence.spring.reactive.SecuredReactiveApplication;
import org.springframework.boot.test.context.SpringBootTest;

/** The bodies of the {@code chaos} endpoint on a WebFlux application (Reactor Netty) have the servlet one's limit. */
@SpringBootTest(
        classes = SecuredReactiveApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "chaos.enabled=true",
            "management.endpoints.web.exposure.include=chaos"
        })
class ReactiveEndpointBodyLimitTest extends EndpointBodyLimitTest {}
