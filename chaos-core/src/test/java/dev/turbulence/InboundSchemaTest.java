package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.schema.InvalidDefinitionException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Assaults on the application's own endpoints: only those naming target.kind inbound reach them. */
class InboundSchemaTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{type: latency, fixed: 50ms}",
                "{type: exception, class: java.lang.IllegalStateException}",
                "{type: http-status, status: 503, headers: {Retry-After: '1'}}",
                "{type: connection-reset}"
            })
    void readsTheFaultsAnEndpointCanAnswerWith(String fault) {
        Assault assault = AssaultSchema.fromYaml(
                "{name: a, target: {kind: inbound, attributes: {method: POST, path: /orders/**}}, fault: " + fault
                        + "}");

        assertThat(assault.target().matchesSite(CallSiteKind.INBOUND, "server")).isTrue();
        assertThat(assault.target().matchesAttributes(Map.of("method", "POST", "path", "/orders/42")))
                .isTrue();
        assertThat(assault.target().matchesAttributes(Map.of("method", "GET", "path", "/orders/42")))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {type: connection-refused}                | fault.type must be latency, exception, http-status or connection-reset for target.kind inbound: the faults an application's own endpoint can answer with, but was 'connection-refused'
            {type: read-timeout}                      | fault.type must be latency, exception, http-status or connection-reset for target.kind inbound: the faults an application's own endpoint can answer with, but was 'read-timeout'
            {type: corrupt-body, mode: truncate}      | fault.type needs target.kind http (target.kind is inbound), but was 'corrupt-body'
            {type: exception, preset: deadlock}       | fault.preset needs target.kind jdbc (target.kind is inbound), but was 'deadlock'
            {type: returned-value, empty: true}       | target.kind must be supplier, repository or bean for fault.type returned-value: the call sites whose calls return a value, but was 'inbound'
            {type: heap-pressure, fraction: 0.1}      | fault.type needs target.kind process (target.kind is inbound), but was 'heap-pressure'
            """)
    void rejectsTheFaultsNoEndpointAnswersWith(String fault, String message) {
        assertThatThrownBy(() -> AssaultSchema.fromYaml("{name: a, target: {kind: inbound}, fault: " + fault + "}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid assault 'a': " + message);
    }

    @Test
    void rejectsAFaultAfterTheCallOfAnEndpoint() {
        assertThatThrownBy(() -> AssaultSchema.fromYaml(
                        "{name: a, target: {kind: inbound}, afterCall: true, fault: {type: connection-reset}}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid assault 'a': afterCall applies to the calls an application makes; an inbound"
                        + " fault strikes before its endpoint runs, but was true");
    }

    @Test
    void anAssaultThatNamesNoKindNeverReachesTheApplicationsOwnEndpoints() {
        Assault everywhere = Assault.builder("everywhere")
                .fault(new Fault.FixedLatency(Duration.ofMillis(5)))
                .build();

        for (CallSiteKind kind : CallSiteKind.values()) {
            boolean reached = everywhere.target().matchesSite(kind, "server");
            assertThat(reached).as(kind.id()).isEqualTo(kind != CallSiteKind.INBOUND);
        }
        try (ChaosEngine engine = ChaosEngine.builder().build()) {
            engine.enable();
            engine.assaults().put(everywhere);
            assertThat(engine.callSite(CallSiteKind.INBOUND, "server", Map.of()).decide(Map.of()))
                    .isNull();
            assertThat(engine.callSite(CallSiteKind.SUPPLIER, "server", Map.of())
                            .decide())
                    .isNotNull();
        }
    }
}
