package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Fault;
import dev.turbulence.resilience4j.Alarm;
import dev.turbulence.resilience4j.Experiment;
import dev.turbulence.resilience4j.ExperimentSchema;
import dev.turbulence.resilience4j.MeterSelector;
import dev.turbulence.resilience4j.Probe;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code chaos.experiments.<name>} binds to typed records, read by the experiment schema. */
class ExperimentPropertiesTest {

    @Test
    void typedPropertiesInKebabCaseMakeTheExperimentTheSchemaReads() {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("chaos.experiments.outage.assaults[0].name", "inventory-down"),
                Map.entry("chaos.experiments.outage.assaults[0].target.kind", "http"),
                Map.entry("chaos.experiments.outage.assaults[0].fault.type", "exception"),
                Map.entry("chaos.experiments.outage.assaults[0].fault.class", "java.lang.IllegalStateException"),
                Map.entry("chaos.experiments.outage.assaults[0].fault.arguments[0]", "down"),
                Map.entry("chaos.experiments.outage.assaults[0].max-injections", "50"),
                Map.entry("chaos.experiments.outage.steady-state[0].circuit-breaker", "inventory"),
                Map.entry("chaos.experiments.outage.steady-state[0].state", "CLOSED"),
                Map.entry("chaos.experiments.outage.hypothesis[0].circuit-breaker", "inventory"),
                Map.entry("chaos.experiments.outage.hypothesis[0].opens-within", "5s"),
                Map.entry("chaos.experiments.outage.hypothesis[1].alarm", "errors"),
                Map.entry("chaos.experiments.outage.hypothesis[1].fires-within", "10s"),
                Map.entry("chaos.experiments.outage.recovery[0].circuit-breaker", "inventory"),
                Map.entry("chaos.experiments.outage.recovery[0].closes-within", "30s"),
                Map.entry("chaos.experiments.outage.alarms[0].name", "errors"),
                Map.entry("chaos.experiments.outage.alarms[0].statistic", "count"),
                Map.entry("chaos.experiments.outage.alarms[0].meter", "resilience4j.circuitbreaker.calls"),
                Map.entry("chaos.experiments.outage.alarms[0].tags.kind", "failed"),
                Map.entry("chaos.experiments.outage.alarms[0].comparison", "greater-or-equal"),
                Map.entry("chaos.experiments.outage.alarms[0].threshold", "1"),
                Map.entry("chaos.experiments.outage.alarms[0].period", "1s"),
                Map.entry("chaos.experiments.outage.alarms[0].for", "2s"),
                Map.entry("chaos.experiments.outage.alarms[0].missing-data", "not-breaching"),
                Map.entry("chaos.experiments.outage.stop-conditions[0].alarm", "errors"),
                Map.entry("chaos.experiments.outage.load.calls-per-second", "20"),
                Map.entry("chaos.experiments.outage.load.request.path", "/checkout"),
                Map.entry("chaos.experiments.outage.duration", "20s"),
                Map.entry("chaos.experiments.outage.schedule", "0 0 3 * * *"));
        ExperimentProperties outage = new Binder(new MapConfigurationPropertySource(properties))
                .bind("chaos.experiments", Bindable.mapOf(String.class, ExperimentProperties.class))
                .get()
                .get("outage");

        Map<String, Object> tree = outage.toTree();
        tree.put("name", "outage");
        Experiment experiment = ExperimentSchema.fromTree(tree);

        assertThat(outage.schedule()).isEqualTo("0 0 3 * * *");
        assertThat(tree).doesNotContainKeys("schedule", "trigger");
        assertThat(experiment.assaults().get(0).fault())
                .isEqualTo(new Fault.ExceptionFault(IllegalStateException.class, null, java.util.List.of("down")));
        assertThat(experiment.assaults().get(0).maxInjections()).isEqualTo(50);
        assertThat(experiment.hypothesis())
                .containsExactly(
                        new Probe.CircuitBreakerOpens("inventory", Duration.ofSeconds(5)),
                        new Probe.AlarmFires("errors", Duration.ofSeconds(10)));
        Alarm alarm = experiment.alarms().get(0);
        assertThat(alarm.meter()).isEqualTo(MeterSelector.of("resilience4j.circuitbreaker.calls", "kind", "failed"));
        assertThat(alarm.forDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(experiment.stopConditions()).containsExactly("errors");
        assertThat(experiment.load().callsPerSecond()).isEqualTo(20);
        assertThat(experiment.duration()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aPropertyOfAnExperimentThatDoesNotExistFailsStartUpNamingIt() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ChaosAutoConfiguration.class))
                .withPropertyValues(
                        "chaos.enabled=true",
                        "chaos.experiments.quiet.hypothesis[0].circuit-breaker=inventory",
                        "chaos.experiments.quiet.hypothesis[0].opens-witihn=1s")
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
                            .containsExactly("chaos.experiments.quiet.hypothesis[0].opens-witihn");
                });
    }
}
