package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turbulence.schema.InvalidDefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What JSON and YAML documents must not get away with: each is refused naming the field, the value and what
 * is allowed, both when read alone and through a watched file, whose previous plan stays in force.
 */
class SchemaStrictnessTest {

    private static final String GOOD = "{name: good, fault: {type: connection-reset}}";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {name: a, fault: {type: connection-reset}, rate: "0.5"}              | rate must be a number, but was '0.5'
            {name: a, fault: {type: connection-reset}, everyNth: "3"}            | everyNth must be a whole number, but was '3'
            {name: a, fault: {type: connection-reset}, dryRun: "true"}           | dryRun must be true or false, but was 'true'
            {name: a, fault: {type: http-status, status: "503"}, target: {kind: http}} | fault.status must be a whole number, but was '503'
            {name: 42, fault: {type: connection-reset}}                          | name must be a string, but was 42
            {name: a, fault: {type: connection-reset}, EveryNth: 3}              | EveryNth is not a known field; keys are case-sensitive: write everyNth or every-nth, but was 3
            {name: a, fault: {type: connection-reset}, every-nth: 3, everyNth: 4} | everyNth is given twice, as every-nth and everyNth; give it once, but was 4
            {name: a, fault: {type: connection-reset}, rate: 0.5, rate: 0.7}     | rate is given twice; give each key once, but was 0.7
            {name: a, fault: {type: connection-reset}, rate: null}               | rate must not be null; leave it out for the default, 1 (every matching call), but was null
            {name: a, fault: {type: connection-reset}, enabled: null}            | enabled must not be null; leave it out for the default, true, but was null
            {name: a, fault: {type: connection-reset}, target: {kind: null}}     | target.kind must not be null; leave it out for the default, any, but was null
            {name: a, fault: {type: latency, fixed: 13h}}                        | fault.fixed must be <= PT12H, the longest lifetime of an assault, but was 'PT13H'
            {name: a, fault: {type: latency, min: 1s, max: 13h}}                 | fault.max must be <= PT12H, the longest lifetime of an assault, but was 'PT13H'
            {name: a, fault: {type: read-timeout, after: 13h}}                   | fault.after must be <= PT12H, the longest lifetime of an assault, but was 'PT13H'
            {name: a, fault: {type: exception, class: java.lang.VirtualMachineError}} | fault.class must name a concrete class, not an abstract one, but was 'java.lang.VirtualMachineError'
            {name: a, fault: {type: exception, class: java.lang.ThreadDeath}}    | fault.class must not be java.lang.ThreadDeath or a subclass of it, which ends threads silently, but was 'java.lang.ThreadDeath'
            {name: a, fault: {type: exception, class: dev.turbulence.SchemaStrictnessTest$QuietDeath}} | fault.class must not be java.lang.ThreadDeath or a subclass of it, which ends threads silently, but was 'dev.turbulence.SchemaStrictnessTest$QuietDeath'
            {name: a, fault: {type: connection-reset}, rate: .nan}               | rate must be a finite number, but was null
            {name: a, fault: {type: connection-reset}, rate: .inf}               | rate must be a finite number, but was null
            {name: a, fault: {type: latency, distribution: lognormal, median: 1s, sigma: -.inf}} | fault.sigma must be a finite number, but was null
            {name: a, fault: {type: connection-reset}, rate: 1e400}              | rate must be a finite number, but was Infinity
            """)
    void refusesItNamingFieldValueAndWhatIsAllowedAndKeepsThePreviousPlan(String yaml, String message)
            throws IOException {
        assertThatThrownBy(() -> AssaultSchema.fromYaml(yaml))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(message);

        Path file = dir.resolve("chaos.yaml");
        Files.writeString(file, "assaults:\n  - " + GOOD + "\n");
        List<ChaosEvent> events = new CopyOnWriteArrayList<>();
        try (ChaosEngine engine = ChaosEngine.builder()
                .source(new FileFlagSource(file))
                .listener(events::add)
                .build()) {
            long version = engine.planVersion();

            Edits.replace(file, "assaults:\n  - " + yaml + "\n");
            engine.refresh();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> events.stream()
                            .anyMatch(event -> event instanceof ChaosEvent.SourceFailed failed
                                    && failed.reason().contains(message)));
            assertThat(engine.status())
                    .singleElement()
                    .satisfies(status -> assertThat(status.assault().name()).isEqualTo("good"));
            assertThat(engine.planVersion()).isEqualTo(version);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"name":"a","fault":{"type":"connection-reset"},"rate":"0.5"}       | rate must be a number, but was '0.5'
            {"name":"a","fault":{"type":"connection-reset"},"seed":1,"seed":2}  | seed is given twice; give each key once, but was 2
            {"name":"a","fault":{"type":"connection-reset","type":"latency"}}   | fault.type is given twice
            {"name":"a","fault":{"type":"connection-reset"},"target":{"name":"*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x"}} | target.name must be at most 256 characters long, but has 260
            """)
    void refusesJsonTheSameWay(String json, String message) {
        assertThatThrownBy(() -> AssaultSchema.fromJson(json))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(message);
    }

    /** A subclass of ThreadDeath, as dangerous as ThreadDeath itself. */
    public static class QuietDeath extends ThreadDeath {}
}
