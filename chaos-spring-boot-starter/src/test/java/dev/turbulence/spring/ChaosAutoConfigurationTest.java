package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.Assault;
import dev.turbulence.AssaultStatus;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Fault;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

class ChaosAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ChaosAutoConfiguration.class, ChaosEndpointAutoConfiguration.class));

    @Test
    void addingTheStarterChangesNothingUntilChaosIsEnabled() {
        runner.withPropertyValues("chaos.assaults.x.fault.type=connection-reset")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(ChaosEngine.class)
                        .doesNotHaveBean(ChaosEndpoint.class)
                        .doesNotHaveBean(ChaosBeanPostProcessor.class));
    }

    @Test
    void theApplicationsTaskDecoratorCarriesItsMdcToTheCallADelayedStageMakes() {
        runner.withPropertyValues("chaos.enabled=true")
                .withBean(TaskDecorator.class, () -> task -> {
                    Map<String, String> captured = MDC.getCopyOfContextMap();
                    return () -> {
                        MDC.setContextMap(captured);
                        try {
                            task.run();
                        } finally {
                            MDC.clear();
                        }
                    };
                })
                .run(context -> {
                    ChaosEngine engine = context.getBean(ChaosEngine.class);
                    engine.define(Assault.builder("slow")
                            .target(CallSiteKind.SUPPLIER, "stock")
                            .fault(new Fault.FixedLatency(Duration.ofMillis(50)))
                            .build());
                    MDC.put("requestId", "req-42");
                    try {
                        assertThat(engine.decorateCompletionStage(
                                                "stock", () -> CompletableFuture.completedFuture(MDC.get("requestId")))
                                        .get()
                                        .toCompletableFuture()
                                        .get(10, TimeUnit.SECONDS))
                                .isEqualTo("req-42");
                    } finally {
                        MDC.clear();
                    }
                });
    }

    @Test
    void enablesTheEngineWithTheAssaultsOfTheProperties() {
        runner.withPropertyValues(
                        "chaos.enabled=true",
                        "chaos.default-duration=2m",
                        "chaos.assaults.inventory-down.target.kind=http",
                        "chaos.assaults.inventory-down.target.name=inventory*",
                        "chaos.assaults.inventory-down.target.attributes.path=/api/**",
                        "chaos.assaults.inventory-down.fault.type=http-status",
                        "chaos.assaults.inventory-down.fault.status=503",
                        "chaos.assaults.inventory-down.every-nth=2",
                        "chaos.assaults.slow.fault.type=latency",
                        "chaos.assaults.slow.fault.fixed=20ms",
                        "chaos.assaults.slow.maxInjections=5")
                .run(context -> {
                    ChaosEngine engine = context.getBean(ChaosEngine.class);
                    assertThat(engine.isEnabled()).isTrue();
                    assertThat(engine.status())
                            .extracting(AssaultStatus::assault)
                            .containsExactly(
                                    Assault.builder("inventory-down")
                                            .target(new dev.turbulence.Target(
                                                    CallSiteKind.HTTP,
                                                    dev.turbulence.Glob.of("inventory*"),
                                                    java.util.Map.of("path", dev.turbulence.Glob.of("/api/**"))))
                                            .fault(new Fault.HttpStatus(503, java.util.Map.of(), null))
                                            .everyNth(2)
                                            .build(),
                                    Assault.builder("slow")
                                            .fault(new Fault.FixedLatency(Duration.ofMillis(20)))
                                            .maxInjections(5)
                                            .build());
                    assertThat(engine.status().get(0).expiresAt())
                            .isEqualTo(engine.status().get(0).activatedAt().plus(Duration.ofMinutes(2)));
                    assertThat(context).hasSingleBean(dev.turbulence.ChaosMetrics.class);
                });
    }

    @Test
    void offersTheEndpointOnlyOnceTheUserExposesIt() {
        WebApplicationContextRunner web = new WebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ChaosAutoConfiguration.class, ChaosEndpointAutoConfiguration.class))
                .withPropertyValues("chaos.enabled=true");

        web.run(context ->
                assertThat(context).doesNotHaveBean(ChaosEndpoint.class).hasSingleBean(ChaosInfoContributor.class));
        web.withPropertyValues("management.endpoints.web.exposure.include=chaos")
                .run(context -> assertThat(context).hasSingleBean(ChaosEndpoint.class));
    }

    @Test
    void invalidAssaultPropertiesFailStartUpNamingThePropertyTheValueAndWhatIsAllowed() {
        runner.withPropertyValues(
                        "chaos.enabled=true",
                        "chaos.assaults.broken.fault.type=http-status",
                        "chaos.assaults.broken.fault.status=700",
                        "chaos.assaults.broken.rate=1.5")
                .run(context -> {
                    assertThat(context).hasFailed();
                    InvalidChaosPropertiesException invalid =
                            rootCause(context.getStartupFailure(), InvalidChaosPropertiesException.class);
                    assertThat(invalid.getMessage())
                            .contains("chaos.assaults.broken.fault.status must be between 100 and 599, but was 700")
                            .contains("chaos.assaults.broken.rate must be > 0 and <= 1, but was 1.5");
                    FailureAnalysis analysis =
                            new InvalidChaosPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .startsWith("Chaos is misconfigured:")
                            .contains("chaos.assaults.broken.rate must be > 0 and <= 1, but was 1.5");
                });
    }

    @Test
    void aThreadExhaustionNamingNoExecutorBeanFailsStartUpAndOneNamingABeanIsRegistered() {
        String[] poolFull = {
            "chaos.enabled=true",
            "chaos.assaults.pool-full.target.kind=process",
            "chaos.assaults.pool-full.fault.type=thread-exhaustion",
            "chaos.assaults.pool-full.fault.threads=1"
        };
        runner.withPropertyValues(poolFull)
                .withPropertyValues("chaos.assaults.pool-full.fault.executor=orders-pool")
                .withBean("reportsPool", java.util.concurrent.Executor.class, () -> Runnable::run)
                .run(context -> assertThat(new InvalidChaosPropertiesFailureAnalyzer()
                                .analyze(context.getStartupFailure())
                                .getDescription())
                        .startsWith("Chaos is misconfigured:")
                        .contains("chaos.assaults.pool-full.fault.executor must name an Executor bean; executor beans:"
                                + " [reportsPool], but was 'orders-pool'"));
        runner.withPropertyValues(poolFull)
                .withPropertyValues("chaos.assaults.pool-full.fault.executor=reportsPool")
                .withBean(
                        "reportsPool",
                        java.util.concurrent.Executor.class,
                        () -> java.util.concurrent.Executors.newFixedThreadPool(2, task -> {
                            Thread thread = new Thread(task, "reports");
                            thread.setDaemon(true);
                            return thread;
                        }))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ChaosEngine.class).status())
                            .extracting(status -> status.assault().name())
                            .containsExactly("pool-full");
                    context.getBean(ChaosEngine.class).disable();
                });
    }

    @Test
    void durationsBeyondTheConfiguredMaximumFailStartUp() {
        runner.withPropertyValues(
                        "chaos.enabled=true",
                        "chaos.max-duration=1h",
                        "chaos.default-duration=90m",
                        "chaos.assaults.long.fault.type=connection-reset",
                        "chaos.assaults.long.duration=2h")
                .run(context -> assertThat(rootCause(context.getStartupFailure(), InvalidChaosPropertiesException.class)
                                .problems())
                        .extracting(Object::toString)
                        .containsExactly(
                                "chaos.default-duration must be > 0 and <= chaos.max-duration (PT1H), but was 'PT1H30M'",
                                "chaos.assaults.long.duration must be <= chaos.max-duration (PT1H), but was 'PT2H'"));
        runner.withPropertyValues(
                        "chaos.enabled=true",
                        "chaos.max-duration=1h",
                        "chaos.assaults.slow.fault.type=latency",
                        "chaos.assaults.slow.fault.fixed=2h")
                .run(
                        context -> assertThat(
                                        rootCause(context.getStartupFailure(), InvalidChaosPropertiesException.class)
                                                .problems())
                                .extracting(Object::toString)
                                .containsExactly(
                                        "chaos.assaults.slow.fault.fixed must be <= chaos.max-duration (PT1H), but was 'PT2H'"));
        runner.withPropertyValues("chaos.enabled=true", "chaos.max-duration=13h")
                .run(context -> assertThat(
                                rootCause(context.getStartupFailure(), InvalidChaosPropertiesException.class))
                        .hasMessageContaining("chaos.max-duration must be > 0 and <= PT12H, but was 'PT13H'"));
    }

    @Test
    void theProductionGuardKeepsChaosOffUnderAProductionProfile() {
        runner.withPropertyValues("chaos.enabled=true", "spring.profiles.active=prod")
                .run(context -> {
                    assertThat(context.getBean(ChaosEngine.class).isEnabled()).isFalse();
                    assertThat(context.getBean(ChaosGuard.class).reason())
                            .isEqualTo(
                                    "production profile [prod] is active and chaos.allow-in-production is false; chaos stays off");
                });
        runner.withPropertyValues(
                        "chaos.enabled=true", "spring.profiles.active=production,eu", "chaos.allow-in-production=true")
                .run(context -> assertThat(context.getBean(ChaosEngine.class).isEnabled())
                        .isTrue());
        runner.withPropertyValues("chaos.enabled=true", "spring.profiles.active=live", "chaos.production-profiles=live")
                .run(context -> assertThat(context.getBean(ChaosEngine.class).isEnabled())
                        .isFalse());
    }

    @Test
    void theProductionGuardSeesTheDefaultProfilesWhileNoneIsActive() {
        runner.withPropertyValues("chaos.enabled=true", "spring.profiles.default=prod")
                .run(context -> {
                    assertThat(context.getBean(ChaosEngine.class).isEnabled()).isFalse();
                    assertThat(context.getBean(ChaosGuard.class).reason())
                            .isEqualTo("production profile [prod] is in force as a default profile"
                                    + " and chaos.allow-in-production is false; chaos stays off");
                });
        runner.withPropertyValues(
                        "chaos.enabled=true", "spring.profiles.default=prod", "spring.profiles.active=staging")
                .run(context -> assertThat(context.getBean(ChaosEngine.class).isEnabled())
                        .as("an active profile replaces the default ones")
                        .isTrue());
    }

    @Test
    void theEngineItselfRefusesToEnableChaosUnderAProductionProfileWhoeverCalls() {
        runner.withPropertyValues("chaos.enabled=true", "spring.profiles.default=Prod")
                .run(context -> {
                    ChaosEngine engine = context.getBean(ChaosEngine.class);

                    assertThatThrownBy(engine::enable)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("production profile [prod] is in force and chaos is not allowed in production;"
                                    + " chaos stays off");
                    assertThat(engine.isEnabled()).isFalse();
                });
    }

    @Test
    void theProductionGuardMatchesProfilesWhateverTheirCase() {
        runner.withPropertyValues("chaos.enabled=true", "spring.profiles.active=Prod")
                .run(context ->
                        assertThat(context.getBean(ChaosGuard.class).blocked()).isTrue());
        runner.withPropertyValues("chaos.enabled=true", "spring.profiles.active=live", "chaos.production-profiles=LIVE")
                .run(context -> assertThat(context.getBean(ChaosEngine.class).isEnabled())
                        .isFalse());
    }

    @Test
    void theProfilesInForceAreTheActiveOnesElseTheDefaultOnes() {
        org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment();
        assertThat(ChaosGuard.profilesInForce(environment)).containsExactly("default");
        environment.setDefaultProfiles("prod", "eu");
        assertThat(ChaosGuard.profilesInForce(environment)).containsExactly("prod", "eu");
        environment.setActiveProfiles("staging");
        assertThat(ChaosGuard.profilesInForce(environment)).containsExactly("staging");
    }

    @Test
    void backsOffForAUserDefinedEngine() {
        runner.withPropertyValues("chaos.enabled=true")
                .withUserConfiguration(OwnEngine.class)
                .run(context -> assertThat(context.getBean(ChaosEngine.class))
                        .isSameAs(context.getBean(OwnEngine.class).engine));
    }

    private static <T extends Throwable> T rootCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEngine {
        final ChaosEngine engine = ChaosEngine.create();

        @Bean
        ChaosEngine chaosEngine() {
            return engine;
        }
    }
}
