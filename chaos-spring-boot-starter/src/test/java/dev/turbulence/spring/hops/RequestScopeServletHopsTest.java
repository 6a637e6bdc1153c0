package dev.turbulence.spring.hops;

import dev.turbulence.spring.hops.front.FrontApplication;
import org.springframework.boot.WebApplicationType;

/** The two hops on Spring MVC and Tomcat, the front calling with a RestClient. */
class RequestScopeServletHopsTest extends RequestScopeHops {

    @Override
    WebApplicationType web() {
        return WebApplicationType.SERVLET;
    }

    @Override
    Class<?> frontApplication() {
        return FrontApplication.class;
    }
}
