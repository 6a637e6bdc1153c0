package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.Assault;
import dev.turbulence.AssaultSchema;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Fault;
import dev.turbulence.Stress;
import dev.turbulence.schema.InvalidDefinitionException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code chaos.assaults.<name>} binds to typed records, read by the core schema. */
class AssaultPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChaosAutoConfiguration.class))
            .withPropertyValues("chaos.enabled=true");

    @Test
    void typedPropertiesInEveryShapeBootAcceptsMakeTheAssaultTheSchemaReads() {
        runner.withPropertyValues(
                        "chaos.assaults.slow.target.kind=HTTP",
                        "chaos.assaults.slow.target.name=inventory*",
                        "chaos.assaults.slow.target.attributes.path=/stock/**",
                        "chaos.assaults.slow.fault.type=latency",
                        "chaos.assaults.slow.fault.min=10ms",
                        "chaos.assaults.slow.fault.max=PT0.05S",
                        "chaos.assaults.slow.everyNth=3",
                        "chaos.assaults.slow.duration=90s",
                        "chaos.assaults.declined.fault.type=EXCEPTION",
                        "chaos.assaults.declined.fault.class=java.lang.IllegalStateException",
                        "chaos.assaults.declined.fault.message=payment declined",
                        "chaos.assaults.declined.max-injections=2",
                        "chaos.assaults.hot.fault.type=cpu_burn",
                        "chaos.assaults.hot.fault.load=0.25",
                        "chaos.assaults.hot.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Map<String, Assault> assaults = context.getBean(ChaosEngine.class).status().stream()
                            .collect(Collectors.toMap(status -> status.assault().name(), status -> status.assault()));
                    assertThat(assaults.get("slow").target().kind()).isEqualTo(CallSiteKind.HTTP);
                    assertThat(assaults.get("slow").fault())
                            .isEqualTo(new Fault.UniformLatency(Duration.ofMillis(10), Duration.ofMillis(50)));
                    assertThat(assaults.get("slow").everyNth()).isEqualTo(3);
                    assertThat(assaults.get("slow").duration()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(assaults.get("declined").fault())
                            .isEqualTo(new Fault.ExceptionFault(IllegalStateException.class, "payment declined"));
                    assertThat(assaults.get("declined").maxInjections()).isEqualTo(2);
                    assertThat(assaults.get("hot").stress()).isEqualTo(new Stress.CpuBurn(0.25));
                    assertThat(assaults.get("hot").enabled()).isFalse();
                });
    }

    @Test
    void aPropertyOfAnAssaultThatDoesNotExistFailsStartUpNamingIt() {
        runner.withPropertyValues("chaos.assaults.slow.fault.type=latency", "chaos.assaults.slow.fualt.fixed=10ms")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    while (failure != null && !(failure instanceof UnboundConfigurationPropertiesException)) {
                        failure = failure.getCause();
                    }
                    assertThat(failure)
                            .as(String.valueOf(context.getStartupFailure()))
                            .isNotNull();
                    assertThat(((UnboundConfigurationPropertiesException) failure).getUnboundProperties())
                            .extracting(property -> property.getName().toString())
                            .containsExactly("chaos.assaults.slow.fualt.fixed");
                });
    }

    @Test
    void otherToolsPropertiesUnderChaosAreLeftAlone() {
        runner.withPropertyValues(
                        "chaos.monkey.enabled=true",
                        "chaos.monkey.watcher.repository=true",
                        "chaos.assaults.slow.fault.type=latency",
                        "chaos.assaults.slow.fault.fixed=10ms")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ChaosEngine.class));
    }

    @Test
    void theFaultTypesAreExactlyTheSchemas() {
        String schemaTypes;
        try {
            AssaultSchema.fromTree(Map.of("fault", Map.of("type", "?")), "probe");
            throw new AssertionError("an unknown fault type was accepted");
        } catch (InvalidDefinitionException invalid) {
            schemaTypes = invalid.problems().get(0).message();
        }

        assertThat(schemaTypes)
                .isEqualTo("must be one of "
                        + Arrays.stream(AssaultProperties.Type.values())
                                .map(AssaultProperties.Type::id)
                                .sorted()
                                .toList());
        assertThatThrownBy(() -> AssaultProperties.Type.valueOf("TELEPORT"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
