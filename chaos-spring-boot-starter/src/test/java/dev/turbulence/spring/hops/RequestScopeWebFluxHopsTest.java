package dev.turbulence.spring.hops;

import dev.turbulence.spring.hops.reactivefront.ReactiveFrontApplication;
import org.springframework.boot.WebApplicationType;

/** The two hops on WebFlux and Reactor Netty, the front calling with a WebClient within its handler's Mono. */
class RequestScopeWebFluxHopsTest extends RequestScopeHops {

    @Override
    WebApplicationType web() {
        return WebApplicationType.REACTIVE;
    }

    @Override
    Class<?> frontApplication() {
        return ReactiveFrontApplication.class;
    }
}
