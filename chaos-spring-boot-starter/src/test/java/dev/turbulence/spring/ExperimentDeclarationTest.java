package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turbulence.Assault;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Fault;
import dev.turbulence.schema.Problem;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ExperimentDeclarationTest {

    private static final String[] QUIET_EXPERIMENT = {
        "chaos.enabled=true",
        "chaos.experiments.quiet.assaults[0].name=quiet-latency",
        "chaos.experiments.quiet.assaults[0].target.kind=supplier",
        "chaos.experiments.quiet.assaults[0].fault.type=latency",
        "chaos.experiments.quiet.assaults[0].fault.fixed=1ms",
        "chaos.experiments.quiet.hypothesis[0].circuitBreaker=inventory",
        "chaos.experiments.quiet.hypothesis[0].state=CLOSED",
        "chaos.experiments.quiet.duration=100ms"
    };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChaosAutoConfiguration.class))
            .withUserConfiguration(Resilience.class)
            .withPropertyValues(QUIET_EXPERIMENT);

    @Test
    void invalidDeclarationsFailStartUpWithEveryProblem() {
        runner.withPropertyValues(
                        "chaos.experiments.quiet.schedule=every monday",
                        "chaos.experiments.broken.duration=-5s",
                        "chaos.game-days.weekly=quiet,missing")
                .run(context -> {
                    InvalidChaosPropertiesException failure = startUpFailure(context);
                    assertThat(failure.problems())
                            .extracting(dev.turbulence.schema.Problem::field)
                            .contains(
                                    "chaos.experiments.quiet.schedule",
                                    "chaos.experiments.broken.duration",
                                    "chaos.game-days.weekly");
                    assertThat(failure.getMessage())
                            .contains("chaos.experiments.quiet.schedule must be a cron expression of six fields")
                            .contains("chaos.game-days.weekly must name experiments declared in chaos.experiments");
                });
    }

    @Test
    void aDeclaredLoadThatTheStarterCannotMakeFailsStartUpNamingTheProperty() {
        runner.withPropertyValues(
                        "chaos.experiments.quiet.load.calls-per-second=10",
                        "chaos.experiments.quiet.load.call=checkout",
                        "chaos.experiments.other.assaults[0].name=other-latency",
                        "chaos.experiments.other.assaults[0].target.kind=supplier",
                        "chaos.experiments.other.assaults[0].fault.type=latency",
                        "chaos.experiments.other.assaults[0].fault.fixed=1ms",
                        "chaos.experiments.other.hypothesis[0].circuitBreaker=inventory",
                        "chaos.experiments.other.hypothesis[0].state=CLOSED",
                        "chaos.experiments.other.duration=100ms",
                        "chaos.experiments.other.load.calls-per-second=10",
                        "chaos.experiments.other.load.request.path=//elsewhere.example/steal")
                .run(context -> {
                    InvalidChaosPropertiesException failure = startUpFailure(context);
                    assertThat(failure.problems())
                            .extracting(dev.turbulence.schema.Problem::field)
                            .containsExactlyInAnyOrder(
                                    "chaos.experiments.quiet.load.call", "chaos.experiments.other.load.request.path");
                    assertThat(failure.getMessage())
                            .contains("in a Spring Boot application declare the load as a request to the application")
                            .contains("must be a path on the application's own server");
                });
    }

    @Test
    void aDeclaredRequestGoesToTheLocalServerOverPlainHttpOnly() {
        assertThat(localServer("local.server.port", "8081")).hasToString("http://127.0.0.1:8081");
        assertThat(localServer("local.server.port", "8081", "server.address", "0.0.0.0"))
                .hasToString("http://127.0.0.1:8081");
        assertThat(localServer("local.server.port", "8081", "server.address", "::1"))
                .hasToString("http://[::1]:8081");
        assertThat(localServer("local.server.port", "8081", "server.ssl.enabled", "false", "server.ssl.bundle", "web"))
                .hasToString("http://127.0.0.1:8081");
        assertThatThrownBy(() -> localServer())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a load request needs the application's web server; none runs here");
        assertThatThrownBy(() -> localServer("local.server.port", "8443", "server.ssl.bundle", "web"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("serves HTTPS");
    }

    private static InvalidChaosPropertiesException startUpFailure(
            org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (!(failure instanceof InvalidChaosPropertiesException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return assertThat(failure)
                .asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.type(InvalidChaosPropertiesException.class))
                .actual();
    }

    private static java.net.URI localServer(String... properties) {
        org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment();
        for (int i = 0; i < properties.length; i += 2) {
            environment.setProperty(properties[i], properties[i + 1]);
        }
        return ChaosAutoConfiguration.Experiments.localServer(environment);
    }

    @Test
    void anApplicationEventNamedAsTriggerStartsTheExperiment() {
        runner.withPropertyValues("chaos.experiments.quiet.trigger=Deployed").run(context -> {
            ChaosExperiments experiments = context.getBean(ChaosExperiments.class);
            assertThat(experiments.list())
                    .singleElement()
                    .satisfies(view -> assertThat(view.get("lastRunId")).isNull());

            context.publishEvent(new Deployed(this));

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(experiments.lastReport("quiet")).isPresent());
            assertThat(experiments.list().get(0).get("lastVerdict")).isEqualTo("PASSED");
        });
    }

    @Test
    void aScheduledExperimentRunsByItself() {
        runner.withPropertyValues("chaos.experiments.quiet.schedule=* * * * * *")
                .run(context -> {
                    ChaosExperiments experiments = context.getBean(ChaosExperiments.class);
                    await().atMost(Duration.ofSeconds(10))
                            .untilAsserted(() ->
                                    assertThat(experiments.lastReport("quiet")).isPresent());
                });
    }

    @Test
    void theProductionGuardKeepsExperimentsFromStartingInAnyWay() {
        runner.withPropertyValues(
                        "spring.profiles.active=prod",
                        "chaos.experiments.quiet.schedule=* * * * * *",
                        "chaos.experiments.quiet.trigger=Deployed")
                .run(context -> {
                    ChaosExperiments experiments = context.getBean(ChaosExperiments.class);

                    assertThat(experiments.start("quiet", null).outcome()).isEqualTo(ChaosExperiments.Outcome.BLOCKED);
                    context.publishEvent(new Deployed(this));

                    await().during(Duration.ofMillis(1500))
                            .atMost(Duration.ofSeconds(3))
                            .until(() -> experiments.lastReport("quiet").isEmpty()
                                    && !context.getBean(dev.turbulence.ChaosEngine.class)
                                            .isEnabled());
                });
    }

    @Test
    void declaredExperimentsWithoutTheExperimentsModuleFailStartUpNamingTheDependency() {
        runner.withClassLoader(new FilteredClassLoader("dev.turbulence.resilience4j"))
                .withPropertyValues("chaos.game-days.weekly=quiet")
                .run(context -> {
                    InvalidChaosPropertiesException failure = startUpFailure(context);
                    assertThat(failure.problems())
                            .extracting(dev.turbulence.schema.Problem::field)
                            .containsExactly("chaos.experiments", "chaos.game-days");
                    assertThat(failure.getMessage())
                            .contains("chaos.experiments needs dev.turbulence:chaos-resilience4j on the class path");
                });
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ChaosAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("dev.turbulence.resilience4j"))
                .withPropertyValues("chaos.enabled=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anExperimentNamingWhatDoesNotExistHereFailsStartUpNamingTheProperty() {
        runner.withPropertyValues(
                        "chaos.experiments.quiet.hypothesis[0].circuitBreaker=inventroy",
                        "chaos.experiments.quiet.stop-conditions[0].alarm=checkout-errors")
                .run(context -> {
                    InvalidChaosPropertiesException failure = startUpFailure(context);
                    assertThat(failure.problems())
                            .extracting(Problem::toString)
                            .containsExactly(
                                    "chaos.experiments.quiet.hypothesis[0].circuitBreaker must name a circuit breaker"
                                            + " of the application (in its registry, configured, or named by an"
                                            + " annotation); known: [inventory], but was 'inventroy'",
                                    "chaos.experiments.quiet.stopConditions[0].alarm must name an alarm of the"
                                            + " experiment or of the runner's alarm monitor; known alarms: [], but was"
                                            + " 'checkout-errors'");
                });
    }

    @Test
    void aRunThatCannotStartIsRefusedWithTheReasonAndInjectsNothing() {
        runner.run(context -> {
            ChaosExperiments experiments = context.getBean(ChaosExperiments.class);
            ChaosEngine engine = context.getBean(ChaosEngine.class);
            engine.assaults()
                    .put(Assault.builder("quiet-latency")
                            .fault(new Fault.FixedLatency(Duration.ofMillis(1)))
                            .build());

            ChaosExperiments.Start start = experiments.start("quiet", null);

            assertThat(start.outcome()).isEqualTo(ChaosExperiments.Outcome.INVALID);
            assertThat(start.runId()).isNull();
            assertThat(start.message())
                    .startsWith("cannot start: chaos.experiments.quiet.assaults[0].name is already defined in the"
                            + " engine");
            assertThat(experiments.list().get(0))
                    .containsEntry("running", false)
                    .containsEntry("lastRunId", null);
        });
    }

    /** The user's deploy event. */
    static final class Deployed extends ApplicationEvent {
        Deployed(Object source) {
            super(source);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Resilience {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
            CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
            registry.circuitBreaker("inventory");
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
            return registry;
        }
    }
}
