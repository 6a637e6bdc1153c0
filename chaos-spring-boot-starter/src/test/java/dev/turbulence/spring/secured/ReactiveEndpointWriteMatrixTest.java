package dev.turbulence.spring.secured;

import dev.turbulence.spring.reactive.ReactiveActuatorSecurity;
import dev.turbulence.spring.reactive.SecuredReactiveApplication;
import dev.turbulence.spring.secured.EndpointWriteMatrixTest.Matrix;
import dev.turbulence.spring.secured.EndpointWriteMatrixTest.Place;
import dev.turbulence.spring.secured.EndpointWriteMatrixTest.Reach;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * On a WebFlux application served by a real Reactor Netty server, every write of the {@code chaos} endpoint answers
 * as on a servlet one ({@link EndpointWriteMatrixTest}): only where actuator serves the endpoint over the web with
 * write access, behind the README's reactive security ({@link ReactiveActuatorSecurity}).
 */
class ReactiveEndpointWriteMatrixTest {

    @Nested
    @SpringBootTest(
            classes = SecuredReactiveApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.main.web-application-type=reactive",
                "chaos.enabled=true",
                "management.endpoints.web.exposure.include=chaos"
            })
    class OnTheApplicationsPort extends Matrix {
        @Override
        List<Place> places() {
            return List.of(new Place(serverPort, "/actuator/chaos", Reach.WRITABLE));
        }
    }

    @Nested
    @SpringBootTest(
            classes = SecuredReactiveApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.main.web-application-type=reactive",
                "chaos.enabled=true",
                "management.endpoints.web.exposure.include=chaos",
                "management.server.port=0",
                // Tomcat, on this class path for the servlet tests, offers a reactive management server beside
                // Netty's; a WebFlux application has only one
                "spring.main.allow-bean-definition-overriding=true"
            })
    class OnASeparateManagementPort extends Matrix {

        @Value("${local.management.port}")
        int managementPort;

        @Override
        List<Place> places() {
            return List.of(
                    new Place(managementPort, "/actuator/chaos", Reach.WRITABLE),
                    new Place(serverPort, "/actuator/chaos", Reach.ABSENT));
        }
    }

    @Nested
    @SpringBootTest(
            classes = SecuredReactiveApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.main.web-application-type=reactive",
                "chaos.enabled=true",
                "management.endpoints.web.exposure.include=chaos",
                "management.endpoint.chaos.access=read-only"
            })
    class WithReadOnlyAccess extends Matrix {
        @Override
        List<Place> places() {
            return List.of(new Place(serverPort, "/actuator/chaos", Reach.READ_ONLY));
        }
    }

    @Nested
    @SpringBootTest(
            classes = SecuredReactiveApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.main.web-application-type=reactive",
                "chaos.enabled=true",
                "management.endpoints.web.exposure.include=chaos",
                "management.endpoints.web.base-path=/manage",
                "management.endpoints.web.path-mapping.chaos=turbulence",
                "spring.webflux.base-path=/app"
            })
    class UnderABasePathAPathMappingAndAWebFluxBasePath extends Matrix {
        @Override
        List<Place> places() {
            return List.of(
                    new Place(serverPort, "/app/manage/turbulence", Reach.WRITABLE),
                    new Place(serverPort, "/manage/turbulence", Reach.ABSENT),
                    new Place(serverPort, "/app/actuator/chaos", Reach.ABSENT));
        }
    }

    @Nested
    @SpringBootTest(
            classes = SecuredReactiveApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.main.web-application-type=reactive",
                "chaos.enabled=true",
                "management.endpoints.web.exposure.include=chaos",
                "management.server.port=-1"
            })
    class WithTheManagementServerOff extends Matrix {
        @Override
        List<Place> places() {
            return List.of(new Place(serverPort, "/actuator/chaos", Reach.ABSENT_BEHIND_SECURITY));
        }
    }

    @Nested
    @SpringBootTest(
            classes = SecuredReactiveApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.main.web-application-type=reactive",
                "chaos.enabled=true",
                "management.endpoints.web.exposure.include=chaos",
                "management.endpoint.chaos.access=none"
            })
    class WithNoAccess extends Matrix {
        @Override
        List<Place> places() {
            return List.of(new Place(serverPort, "/actuator/chaos", Reach.ABSENT));
        }
    }

    @Nested
    @SpringBootTest(
            classes = SecuredReactiveApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.main.web-application-type=reactive",
                "chaos.enabled=true",
                "spring.jmx.enabled=true",
                "spring.jmx.unique-names=true",
                "management.endpoints.jmx.exposure.include=*"
            })
    class ExposedOverJmxOnly extends Matrix {
        @Override
        List<Place> places() {
            return List.of(new Place(serverPort, "/actuator/chaos", Reach.ABSENT));
        }
    }

    @Nested
    @SpringBootTest(
            classes = SecuredReactiveApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.main.web-application-type=reactive",
                "chaos.enabled=true",
                "management.endpoints.web.exposure.include=chaos",
                "management.endpoints.web.base-path=/",
                "spring.webflux.base-path=/app"
            })
    class UnderTheRootBasePathAndAWebFluxBasePath extends Matrix {
        @Override
        List<Place> places() {
            return List.of(
                    new Place(serverPort, "/app/chaos", Reach.WRITABLE),
                    new Place(serverPort, "/chaos", Reach.ABSENT),
                    new Place(serverPort, "/app/actuator/chaos", Reach.ABSENT));
        }
    }
}
