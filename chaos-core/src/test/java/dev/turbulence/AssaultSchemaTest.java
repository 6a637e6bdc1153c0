package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.turbulence.schema.InvalidDefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssaultSchemaTest {

    @Test
    void readsTheDocumentedExample() {
        Assault assault = AssaultSchema.fromJson("""
                { "name": "inventory-503",
                  "target": { "kind": "http", "name": "inventory*",
                              "attributes": { "host": "*.internal", "path": "/api/stock/**", "method": "GET" } },
                  "fault":  { "type": "http-status", "status": 503, "headers": { "Retry-After": "1" }, "body": "busy" },
                  "rate": 0.25,            "everyNth": null,       "maxInjections": 100,
                  "duration": "PT10M",     "seed": 42,             "dryRun": false,   "enabled": true }
                """);

        assertThat(assault.name()).isEqualTo("inventory-503");
        assertThat(assault.target().kind()).isEqualTo(CallSiteKind.HTTP);
        assertThat(assault.target().matchesSite(CallSiteKind.HTTP, "inventory-client"))
                .isTrue();
        assertThat(assault.target()
                        .matchesAttributes(
                                Map.of("host", "stock.internal", "path", "/api/stock/42/items", "method", "GET")))
                .isTrue();
        assertThat(assault.fault()).isEqualTo(new Fault.HttpStatus(503, Map.of("Retry-After", "1"), "busy"));
        assertThat(assault.rate()).isEqualTo(0.25);
        assertThat(assault.everyNth()).isNull();
        assertThat(assault.maxInjections()).isEqualTo(100);
        assertThat(assault.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(assault.seed()).isEqualTo(42);
        assertThat(assault.dryRun()).isFalse();
        assertThat(assault.enabled()).isTrue();
    }

    @Test
    void readsYamlWithKebabCaseKeysAsPropertiesWriteThem() {
        Assault assault = AssaultSchema.fromYaml("""
                name: slow-orders
                target: { kind: repository, name: orders-repo, attributes: { method: find* } }
                fault: { type: latency, min: 100ms, max: 2s }
                every-nth: 3
                max-injections: 7
                dry-run: true
                """);

        assertThat(assault.fault()).isEqualTo(new Fault.UniformLatency(Duration.ofMillis(100), Duration.ofSeconds(2)));
        assertThat(assault.everyNth()).isEqualTo(3);
        assertThat(assault.maxInjections()).isEqualTo(7);
        assertThat(assault.dryRun()).isTrue();
        assertThat(assault.duration())
                .as("absent: the engine's default lifetime applies")
                .isNull();
        assertThat(assault.target().kind()).isEqualTo(CallSiteKind.REPOSITORY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"name":"a","fault":{"type":"latency","fixed":"250ms"},"seed":3,"duration":"1h"}
            {"name":"b","fault":{"type":"latency","min":"1ms","max":"2s"},"everyNth":4,"maxInjections":9}
            {"name":"c","fault":{"type":"latency","distribution":"lognormal","median":"100ms","sigma":0.5},"dryRun":true}
            {"name":"d","fault":{"type":"exception","class":"java.io.IOException","message":"disk"},"enabled":false}
            {"name":"e","target":{"kind":"http","name":"inv*","attributes":{"path":"/a/**"}},"fault":{"type":"http-status","status":503,"headers":{"Retry-After":"1"},"body":"busy"},"rate":0.25}
            {"name":"f","target":{"kind":"http"},"fault":{"type":"corrupt-body","mode":"truncate"}}
            {"name":"g","fault":{"type":"read-timeout","after":"5s"}}
            {"name":"i","target":{"kind":"http"},"fault":{"type":"connection-reset"},"afterCall":true}
            {"name":"h","target":{"kind":"repository","name":"orders"},"fault":{"type":"connection-refused"}}
            """)
    void writesWhatItReadsBackEqual(String json) {
        Assault assault = AssaultSchema.fromJson(json);

        assertThat(AssaultSchema.fromTree(AssaultSchema.toTree(assault))).isEqualTo(assault);
    }

    @Test
    void readsPropertiesWhoseValuesAreAllStringsInEveryKeyFormSpringGives() {
        Map<String, Object> properties = Map.of(
                "target", Map.of("kind", "repository", "name", "orders-repo"),
                "fault", Map.of("type", "latency", "min", "100ms", "max", "2s"),
                "everynth", "3",
                "max-injections", "7",
                "dryRun", "true");

        Assault assault = AssaultSchema.fromTree(properties, "slow-orders");

        assertThat(assault.everyNth()).isEqualTo(3);
        assertThat(assault.maxInjections()).isEqualTo(7);
        assertThat(assault.dryRun()).isTrue();
    }

    @Test
    void absentTargetMeansEveryCallSite() {
        Assault assault = AssaultSchema.fromJson("{\"name\":\"all\",\"fault\":{\"type\":\"connection-reset\"}}");

        assertThat(assault.target()).isEqualTo(Target.everything());
        for (CallSiteKind kind : List.of(CallSiteKind.SUPPLIER, CallSiteKind.HTTP, CallSiteKind.JDBC)) {
            assertThat(assault.target().matchesSite(kind, "anything/at/all")).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"latency","fixed":"250ms"}                                   | FixedLatency[delay=PT0.25S]
            {"type":"latency","distribution":"lognormal","median":"PT0.1S","sigma":0.5} | LogNormalLatency[median=PT0.1S, sigma=0.5]
            {"type":"exception","class":"java.io.IOException","message":"disk"}  | ExceptionFault[exceptionClass=class java.io.IOException, message=disk, arguments=null]
            {"type":"exception","class":"java.lang.IllegalStateException"}       | ExceptionFault[exceptionClass=class java.lang.IllegalStateException, message=null, arguments=null]
            {"type":"connection-refused"}                                        | ConnectionRefused[]
            {"type":"connection-reset"}                                          | ConnectionReset[]
            {"type":"read-timeout","after":"5s"}                                 | ReadTimeout[after=PT5S]
            {"type":"read-timeout"}                                              | ReadTimeout[after=null]
            """)
    void readsEveryCallSiteFaultType(String fault, String expected) {
        Assault assault = AssaultSchema.fromJson("{\"name\":\"a\",\"fault\":" + fault + "}");

        assertThat(assault.fault()).hasToString(expected);
    }

    @Test
    void takesAfterCallForLatencyAndTheFailuresACallMeetsOnceItsWorkIsDone() {
        Assault charged = AssaultSchema.fromYaml(
                "{name: charged, target: {kind: http}, fault: {type: http-status, status: 504}, afterCall: true}");

        assertThat(charged.afterCall()).isTrue();
        assertThat(AssaultSchema.fromYaml("{name: quick, fault: {type: latency, fixed: 1s}}")
                        .afterCall())
                .isFalse();
        assertThatThrownBy(() ->
                        AssaultSchema.fromYaml("{name: refused, fault: {type: connection-refused}, afterCall: true}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid assault 'refused': afterCall applies to latency and to the failures a call can"
                        + " meet once its work is done (exception, http-status, connection-reset, read-timeout);"
                        + " connection-refused means the request never left, but was true");
        assertThatThrownBy(() ->
                        AssaultSchema.fromYaml("{name: burn, fault: {type: cpu-burn, load: 0.5}, afterCall: true}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(
                        "afterCall applies to calls; a stressor (cpu-burn) runs for the assault's" + " whole lifetime");
    }

    @Test
    void readsCorruptBodyForHttpTargets() {
        Assault assault = AssaultSchema.fromYaml(
                "{name: garbled, target: {kind: http}, fault: {type: corrupt-body, mode: garbage}}");

        assertThat(assault.fault()).isEqualTo(new Fault.CorruptBody(Fault.CorruptBody.Mode.GARBAGE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "rate": 1.5                      | rate must be > 0 and <= 1, but was 1.5
            "rate": 0                        | rate must be > 0 and <= 1, but was 0.0
            "rate": "often"                  | rate must be a number, but was 'often'
            "everyNth": 0                    | everyNth must be >= 1, but was 0
            "everyNth": 2, "rate": 0.5       | everyNth must not be given together with rate, but was 2
            "maxInjections": -1              | maxInjections must be >= 1, but was -1
            "maxInjections": 2.5             | maxInjections must be a whole number, but was 2.5
            "duration": "PT13H"              | duration must be > 0 and <= PT12H, but was 'PT13H'
            "duration": "soon"               | duration must be a duration such as PT10S, 500ms, 10s, 5m or 1h, but was 'soon'
            "dryRun": "maybe"                | dryRun must be true or false, but was 'maybe'
            "colour": "red"                  | colour is not a known field; known fields are
            "target": {"kind": "queue"}      | target.kind must be one of supplier, http, repository, jdbc, bean, inbound, process, any, but was 'queue'
            "target": {"host": "x"}          | target.host is not a known field
            """)
    void namesFieldValueAndWhatIsAllowed(String field, String message) {
        assertThatThrownBy(() -> AssaultSchema.fromJson(
                        "{\"name\":\"a\",\"fault\":{\"type\":\"connection-reset\"}," + field + "}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid assault 'a': ")
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"explode"}                                  | fault.type must be one of [connection-refused, connection-reset, corrupt-body, cpu-burn, disk-fill, exception, heap-pressure, http-status, latency, read-timeout, returned-value, thread-exhaustion], but was 'explode'
            {"type":"latency"}                                  | fault.fixed is required, or min and max, or distribution lognormal with median and sigma
            {"type":"latency","fixed":"0s"}                     | fault.fixed must be > 0, but was 'PT0S'
            {"type":"latency","min":"2s","max":"1s"}            | fault.max must be >= min (PT2S), but was 'PT1S'
            {"type":"latency","min":"2s"}                       | fault.max is required, but was null
            {"type":"latency","distribution":"lognormal","median":"1s","sigma":9} | fault.sigma must be > 0 and <= 4, but was 9.0
            {"type":"latency","distribution":"pareto"}          | fault.distribution must be one of fixed, uniform, lognormal, but was 'pareto'
            {"type":"exception","class":"com.example.Missing"}  | fault.class must name a class on the classpath, but was 'com.example.Missing'
            {"type":"exception","class":"java.lang.String"}     | fault.class must name a Throwable, but was 'java.lang.String'
            {"type":"exception","class":"dev.turbulence.AssaultSchemaTest$NoUsableConstructor"} | fault.class must have a public (String) or () constructor
            {"type":"exception"}                                | fault.class is required, but was null
            {"type":"http-status","status":700}                 | fault.status must be between 100 and 599, but was 700
            {"type":"connection-reset","delay":"1s"}            | fault.delay is not a known field
            """)
    void rejectsBadFaults(String fault, String message) {
        assertThatThrownBy(() -> AssaultSchema.fromJson("{\"name\":\"a\",\"fault\":" + fault + "}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsHttpFaultsAimedAtOtherCallSites() {
        assertThatThrownBy(() -> AssaultSchema.fromYaml(
                        "{name: a, target: {kind: supplier}, fault: {type: http-status, status: 503}}"))
                .hasMessageContaining(
                        "fault.type needs target.kind http or inbound (target.kind is supplier), but was 'http-status'");
        assertThatThrownBy(() -> AssaultSchema.fromYaml("{name: a, fault: {type: corrupt-body, mode: empty}}"))
                .hasMessageContaining("fault.type needs target.kind http (target.kind is any)");
    }

    @Test
    void listsEveryProblemAtOnceWithItsField() {
        assertThatThrownBy(() -> AssaultSchema.fromJson("""
                        { "name": "Bad Name", "rate": 2, "maxInjections": 0, "duration": "-5s",
                          "fault": { "type": "http-status", "status": 42 } }
                        """))
                .asInstanceOf(type(InvalidDefinitionException.class))
                .extracting(InvalidDefinitionException::problems)
                .asList()
                .extracting("field")
                .containsExactlyInAnyOrder("name", "rate", "maxInjections", "duration", "fault.status");
    }

    @Test
    void requiresNameAndFault() {
        assertThatThrownBy(() -> AssaultSchema.fromJson("{}"))
                .hasMessage("Invalid assault: name is required, but was null; fault is required, but was null");
    }

    @Test
    void rejectsMalformedJson() {
        assertThatThrownBy(() -> AssaultSchema.fromJson("{\"name\": "))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid JSON: (document) must be valid JSON");
    }

    @Test
    void takesTheNameFromTheKeyAndRejectsADifferentOne() {
        Map<String, Object> tree = Map.of("fault", Map.of("type", "connection-refused"));
        assertThat(AssaultSchema.fromTree(tree, "from-key").name()).isEqualTo("from-key");

        Map<String, Object> conflicting = Map.of("name", "other", "fault", Map.of("type", "connection-refused"));
        assertThatThrownBy(() -> AssaultSchema.fromTree(conflicting, "from-key"))
                .hasMessageContaining(
                        "name must be 'from-key' as the assault is defined under that name, but was 'other'");
    }

    @Test
    void readsAFileOfAssaultsAndRejectsItWholeWhenOneIsBad(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("chaos.yaml"), """
                assaults:
                  - { name: one, fault: { type: connection-reset } }
                  - { name: two, fault: { type: latency, fixed: 1s }, rate: 0.5 }
                """);
        assertThat(AssaultSchema.readFile(file)).extracting(Assault::name).containsExactly("one", "two");

        Files.writeString(file, """
                assaults:
                  - { name: one, fault: { type: connection-reset } }
                  - { name: one, fault: { type: latency, fixed: 1s }, rate: 5 }
                """);
        assertThatThrownBy(() -> AssaultSchema.readFile(file))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("assaults[1].rate must be > 0 and <= 1, but was 5.0");
    }

    @Test
    void rejectsDuplicateNamesInAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(
                dir.resolve("chaos.json"),
                "{\"assaults\":[{\"name\":\"x\",\"fault\":{\"type\":\"connection-reset\"}},"
                        + "{\"name\":\"x\",\"fault\":{\"type\":\"connection-refused\"}}]}");

        assertThatThrownBy(() -> AssaultSchema.readFile(file))
                .hasMessageContaining("assaults must have unique names, but was 'x'");
    }

    @Test
    void builderAppliesTheSameValidation() {
        assertThatThrownBy(() -> Assault.builder("ok")
                        .fault(new Fault.ConnectionReset())
                        .rate(1.5)
                        .build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid assault 'ok': rate must be > 0 and <= 1, but was 1.5");
    }

    /** A throwable the schema must refuse: it cannot be created from a message or from nothing. */
    public static class NoUsableConstructor extends RuntimeException {
        public NoUsableConstructor(int code) {
            super("code " + code);
        }
    }
}
