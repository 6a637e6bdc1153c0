package dev.turbulence.spring.secured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Assault;
import dev.turbulence.AssaultStatus;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Fault;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.lang.Nullable;

/**
 * Every write of the {@code chaos} endpoint exists only where actuator serves the endpoint over the web with
 * write access — its port, base path, path mapping and servlet path — behind the README's security; anywhere
 * else it is 404. Each request checks the status and what the engine holds afterwards.
 */
class EndpointWriteMatrixTest {

    private static final String DEFINITION = "{\"fault\":{\"type\":\"latency\",\"fixed\":\"1ms\"},\"duration\":\"5m\"}";

    /** One write the endpoint offers, and how to see whether it took effect. */
    enum Write {
        DEFINE("POST", "/assaults/probe", DEFINITION, 200),
        DELETE("DELETE", "/assaults/kept", null, 200),
        DISABLE("POST", "", "{\"enabled\":false}", 200),
        START_EXPERIMENT("POST", "/experiments/no-such-experiment", "", 404);

        final String method;
        final String path;
        final String body;
        /** what the endpoint itself answers when the write reaches it */
        final int reached;

        Write(String method, String path, @Nullable String body, int reached) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.reached = reached;
        }

        boolean tookEffect(ChaosEngine engine, HttpResponse<String> response) {
            List<String> names = engine.status().stream()
                    .map(AssaultStatus::assault)
                    .map(Assault::name)
                    .toList();
            return switch (this) {
                case DEFINE -> names.contains("probe");
                case DELETE -> !names.contains("kept");
                case DISABLE -> !engine.isEnabled();
                case START_EXPERIMENT ->
                    response.body().matches(".*\"(name|value)\":\"(experiments/)?no-such-experiment\".*");
            };
        }
    }

    /** Who asks: nobody, a user without the chaos role, the chaos engineer. */
    enum Who {
        ANONYMOUS(null),
        VIEWER("viewer"),
        ENGINEER("engineer");

        final String user;

        Who(@Nullable String user) {
            this.user = user;
        }
    }

    /** What actuator serves at a place. */
    enum Reach {
        /** the endpoint with write access: security decides, then the write runs */
        WRITABLE,
        /** the endpoint, read-only: security decides, then no write is mapped */
        READ_ONLY,
        /** no endpoint, but a path the security chain still claims for actuator (management port -1) */
        ABSENT_BEHIND_SECURITY,
        /** no endpoint at all */
        ABSENT;

        int status(Write write, Who who) {
            if (this == ABSENT) {
                return 404;
            }
            return switch (who) {
                case ANONYMOUS -> 401;
                case VIEWER -> 403;
                case ENGINEER -> this == WRITABLE ? write.reached : this == READ_ONLY ? 405 : 404;
            };
        }
    }

    /** The chaos endpoint's root at {@code port}, e.g. {@code /actuator/chaos}, and what is served there. */
    record Place(int port, String root, Reach reach) {}

    abstract static class Matrix {

        private final Http http = new Http();

        @Autowired
        ChaosEngine engine;

        @Value("${local.server.port}")
        int serverPort;

        abstract List<Place> places();

        @TestFactory
        Stream<DynamicTest> everyWriteAnswersAsActuatorServesTheEndpointThere() {
            return places().stream()
                    .flatMap(place -> Arrays.stream(Write.values())
                            .flatMap(write -> Arrays.stream(Who.values())
                                    .map(who -> DynamicTest.dynamicTest(
                                            write + " by " + who + " at :"
                                                    + (place.port() == serverPort ? "app" : "mgmt") + place.root(),
                                            () -> check(place, write, who)))));
        }

        private void check(Place place, Write write, Who who) {
            engine.enable();
            engine.define(Assault.builder("kept")
                    .fault(new Fault.FixedLatency(Duration.ofMillis(1)))
                    .build());
            engine.assaults().remove("probe");

            HttpResponse<String> response =
                    http.send(write.method, place.port(), place.root() + write.path, write.body, who.user);

            int expected = place.reach().status(write, who);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
            assertThat(write.tookEffect(engine, response))
                    .as("took effect")
                    .isEqualTo(place.reach() == Reach.WRITABLE && who == Who.ENGINEER);
        }
    }

    @Nested
    @SpringBootTest(
            classes = SecuredApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"chaos.enabled=true", "management.endpoints.web.exposure.include=chaos"})
    class OnTheApplicationsPort extends Matrix {
        @Override
        List<Place> places() {
            return List.of(new Place(serverPort, "/actuator/chaos", Reach.WRITABLE));
        }
    }

    @Nested
    @SpringBootTest(
            classes = SecuredApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "chaos.enabled=true",
                "management.endpoints.web.exposure.include=chaos",
                "management.server.port=0"
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
            classes = SecuredApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
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
            classes = SecuredApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
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
            classes = SecuredApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
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
            classes = SecuredApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
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
            classes = SecuredApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "chaos.enabled=true",
                "management.endpoints.web.exposure.include=chaos",
                "management.endpoints.web.base-path=/",
                "spring.mvc.servlet.path=/app"
            })
    class UnderTheRootBasePathAndAServletPath extends Matrix {
        @Override
        List<Place> places() {
            return List.of(
                    new Place(serverPort, "/app/chaos", Reach.WRITABLE),
                    new Place(serverPort, "/chaos", Reach.ABSENT),
                    new Place(serverPort, "/app/actuator/chaos", Reach.ABSENT));
        }
    }

    @Nested
    @SpringBootTest(
            classes = SecuredApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "chaos.enabled=true",
                "management.endpoints.web.exposure.include=chaos",
                "management.endpoints.web.base-path=/manage",
                "management.endpoints.web.path-mapping.chaos=turbulence"
            })
    class UnderABasePathAndAPathMapping extends Matrix {
        @Override
        List<Place> places() {
            return List.of(
                    new Place(serverPort, "/manage/turbulence", Reach.WRITABLE),
                    new Place(serverPort, "/manage/chaos", Reach.ABSENT),
                    new Place(serverPort, "/actuator/chaos", Reach.ABSENT));
        }
    }
}
