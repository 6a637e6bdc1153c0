package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentSchemaTest {

    static final String ISSUE_EXAMPLE = """
            name: inventory-outage
            steadyState:
              - circuitBreaker: inventory
                state: CLOSED
              - alarm: checkout-errors
                state: OK
            assaults:
              - { name: inventory-down, target: { kind: http, name: inventory }, fault: { type: http-status, status: 503 } }
            hypothesis:
              - circuitBreaker: inventory
                opensWithin: PT10S
              - fallback: inventory
                servedAtLeast: 0.99
              - retry: inventory
                successfulWithRetryAtLeast: 0.0
              - alarm: inventory-errors
                firesWithin: PT30S
            stopConditions:
              - alarm: checkout-error-rate
            duration: PT30S
            recovery:
              - circuitBreaker: inventory
                closesWithin: PT60S
            """;

    @Test
    void readsTheExampleOfTheIssue() {
        Experiment experiment = ExperimentSchema.fromYaml(ISSUE_EXAMPLE);

        assertThat(experiment.name()).isEqualTo("inventory-outage");
        assertThat(experiment.steadyState())
                .containsExactly(
                        Probe.circuitBreakerIs("inventory", CircuitBreaker.State.CLOSED),
                        Probe.alarmIs("checkout-errors", AlarmState.OK));
        assertThat(experiment.assaults()).singleElement().satisfies(assault -> {
            assertThat(assault.name()).isEqualTo("inventory-down");
            assertThat(assault.target().kind()).isEqualTo(CallSiteKind.HTTP);
            assertThat(assault.fault()).isEqualTo(new Fault.HttpStatus(503, Map.of(), null));
        });
        assertThat(experiment.hypothesis())
                .containsExactly(
                        Probe.circuitBreakerOpensWithin("inventory", Duration.ofSeconds(10)),
                        Probe.fallbackServedAtLeast("inventory", 0.99),
                        Probe.retrySuccessfulWithRetryAtLeast("inventory", 0.0),
                        Probe.alarmFiresWithin("inventory-errors", Duration.ofSeconds(30)));
        assertThat(experiment.stopConditions()).containsExactly("checkout-error-rate");
        assertThat(experiment.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(experiment.recovery())
                .containsExactly(Probe.circuitBreakerClosesWithin("inventory", Duration.ofSeconds(60)));
        assertThat(experiment.load()).isNull();
    }

    @Test
    void readsTheDocumentedExampleWithItsAlarms() {
        Experiment experiment = ExperimentSchema.fromYaml("""
                name: inventory-outage
                steadyState:                      # must hold before anything is injected, and again at the end
                  - circuitBreaker: inventory
                    state: CLOSED
                  - alarm: checkout-errors
                    state: OK
                assaults:                         # the assault schema, unchanged
                  - { name: inventory-down, target: { kind: http, name: inventory }, fault: { type: http-status, status: 503 } }
                hypothesis:                       # what must happen while the assaults run
                  - circuitBreaker: inventory
                    opensWithin: PT10S
                  - fallback: inventory
                    servedAtLeast: 0.99           # share of failed or rejected calls answered by the fallback
                  - retry: inventory
                    successfulWithRetryAtLeast: 0.0
                  - alarm: inventory-errors
                    firesWithin: PT30S            # the monitoring catches it
                stopConditions:                   # guard: abort at once if the blast radius is too big
                  - alarm: checkout-error-rate
                alarms:                           # alarms of this experiment only (others come from the runner's monitor)
                  - name: inventory-errors
                    statistic: rate
                    meter: resilience4j.circuitbreaker.calls
                    tags: { name: inventory, kind: failed }
                    comparison: greater-or-equal
                    threshold: 1
                    period: 5s
                    evaluationPeriods: 3
                    datapointsToAlarm: 2
                    missingData: not-breaching
                  - name: checkout-error-rate
                    statistic: ratio
                    meter: http.server.requests
                    tags: { uri: /checkout, outcome: SERVER_ERROR }
                    denominator: { meter: http.server.requests, tags: { uri: /checkout } }
                    comparison: greater-than
                    threshold: 0.05
                    period: 5s
                    for: 15s
                    missingData: ignore
                duration: PT30S
                recovery:                         # after the assaults are removed
                  - circuitBreaker: inventory
                    closesWithin: PT60S
                """);

        assertThat(experiment.alarms())
                .extracting(Alarm::name, Alarm::statistic)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("inventory-errors", Alarm.Statistic.RATE),
                        org.assertj.core.groups.Tuple.tuple("checkout-error-rate", Alarm.Statistic.RATIO));
        assertThat(experiment.alarms().get(1).forDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(experiment.alarms().get(1).denominator())
                .isEqualTo(MeterSelector.of("http.server.requests", "uri", "/checkout"));
        assertThat(experiment.hypothesis()).hasSize(4);
    }

    @Test
    void readsJsonAndFilesIntoTheSameExperimentAsBuiltInJava(@TempDir Path dir) throws IOException {
        Experiment built = Experiment.builder("slow-payments")
                .steadyState(Probe.circuitBreakerFailureRateAtMost("payments", 5))
                .assault(Assault.builder("payments-slow")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.FixedLatency(Duration.ofMillis(300)))
                        .build())
                .hypothesis(
                        Probe.timeLimiterTimeoutsAtLeast("payments", 1),
                        Probe.bulkheadRejectedAtMost("payments", 0),
                        Probe.circuitBreakerNotPermittedAtLeast("payments", 3))
                .stopCondition("checkout-errors")
                .alarm(Alarm.builder("checkout-errors")
                        .ratio(
                                MeterSelector.of("http.server.requests", "status", "500"),
                                MeterSelector.of("http.server.requests"))
                        .threshold(Alarm.Comparison.GREATER_THAN, 0.5)
                        .period(Duration.ofSeconds(1))
                        .forDuration(Duration.ofSeconds(3))
                        .missingData(Alarm.MissingData.IGNORE)
                        .build())
                .duration(Duration.ofMinutes(2))
                .recovery(Probe.alarmIs("checkout-errors", AlarmState.OK))
                .build();
        String json = """
                { "name": "slow-payments",
                  "steadyState": [ { "circuitBreaker": "payments", "failureRateAtMost": 5 } ],
                  "assaults": [ { "name": "payments-slow", "target": { "kind": "supplier", "name": "payments" },
                                  "fault": { "type": "latency", "fixed": "300ms" } } ],
                  "hypothesis": [ { "timeLimiter": "payments", "timeoutsAtLeast": 1 },
                                  { "bulkhead": "payments", "rejectedCallsAtMost": 0 },
                                  { "circuitBreaker": "payments", "notPermittedCallsAtLeast": 3 } ],
                  "stopConditions": [ { "alarm": "checkout-errors" } ],
                  "alarms": [ { "name": "checkout-errors", "statistic": "ratio",
                                "meter": "http.server.requests", "tags": { "status": "500" },
                                "denominator": { "meter": "http.server.requests" },
                                "comparison": "greater-than", "threshold": 0.5,
                                "period": "1s", "for": "3s", "missingData": "ignore" } ],
                  "duration": "2m",
                  "recovery": [ { "alarm": "checkout-errors", "state": "OK" } ] }
                """;
        Path file = dir.resolve("slow-payments.json");
        Files.writeString(file, json);

        assertThat(ExperimentSchema.fromJson(json)).isEqualTo(built);
        assertThat(ExperimentSchema.readFile(file)).isEqualTo(built);
    }

    @Test
    void acceptsKebabCaseKeysAsPropertiesWriteThem() {
        Experiment experiment = ExperimentSchema.fromYaml("""
                name: kebab
                assaults: [ { name: a, fault: { type: connection-reset } } ]
                hypothesis:
                  - circuit-breaker: inventory
                    opens-within: 1s
                stop-conditions: [ { alarm: errors } ]
                duration: 2s
                """);

        assertThat(experiment.hypothesis())
                .containsExactly(Probe.circuitBreakerOpensWithin("inventory", Duration.ofSeconds(1)));
        assertThat(experiment.stopConditions()).containsExactly("errors");
    }

    @Test
    void rejectsABadFileListingEveryProblemAtOnce() {
        String yaml = """
                name: broken
                colour: red
                assaults:
                  - { name: down, rate: 2, fault: { type: connection-reset } }
                hypothesis:
                  - circuitBreaker: inventory
                    opensWithin: -PT1S
                    colour: blue
                  - fallback: inventory
                    servedAtLeast: 1.5
                alarms:
                  - name: errors
                    statistic: count
                    meter: errors
                    comparison: greater-than
                    threshold: 1
                    period: 1s
                    evaluationPeriods: 3
                    datapointsToAlarm: 5
                    missingData: ignore
                duration: -PT30S
                """;

        assertThatThrownBy(() -> ExperimentSchema.fromYaml(yaml))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid experiment 'broken': ")
                .hasMessageContaining("colour is not a known field")
                .hasMessageContaining("assaults[0].rate must be > 0 and <= 1, but was 2.0")
                .hasMessageContaining("hypothesis[0].colour is not a known field")
                .hasMessageContaining("hypothesis[0].opensWithin must be > 0, but was 'PT-1S'")
                .hasMessageContaining("hypothesis[1].servedAtLeast must be a share between 0.0 and 1.0, but was 1.5")
                .hasMessageContaining("alarms[0].datapointsToAlarm must be <= evaluationPeriods (3), but was 5")
                .hasMessageContaining("duration must be > 0 and <= PT12H, but was 'PT-30S'");
        assertThat(problems(yaml)).hasSize(7);
    }

    @Test
    void rejectsProbesPlacedWhereTheyCannotBeDecided() {
        String yaml = """
                name: misplaced
                steadyState: [ { circuitBreaker: inventory, opensWithin: 1s } ]
                assaults: [ { name: down, fault: { type: connection-reset } } ]
                hypothesis: [ { circuitBreaker: inventory, closesWithin: 1s }, { alarm: errors, firesWithin: 5s } ]
                recovery: [ { fallback: inventory, servedAtLeast: 1 } ]
                duration: 2s
                """;

        assertThatThrownBy(() -> ExperimentSchema.fromYaml(yaml))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("steadyState[0] is not allowed in steadyState; allowed there: circuitBreaker"
                        + " state/failureRateAtLeast/failureRateAtMost, alarm state, but was"
                        + " 'circuitBreaker 'inventory' opensWithin PT1S'")
                .hasMessageContaining("hypothesis[0] is not allowed in hypothesis")
                .hasMessageContaining("hypothesis[1].firesWithin must be <= duration (PT2S): nothing is observed"
                        + " after the assaults end, but was 'PT5S'")
                .hasMessageContaining("recovery[0] is not allowed in recovery");
    }

    @Test
    void rejectsAnExperimentThatCouldProveNothing() {
        assertThatThrownBy(() -> ExperimentSchema.fromYaml("name: empty\nduration: 1s"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid experiment 'empty': assaults must list at least one assault, but was null;"
                        + " hypothesis must list at least one probe: an experiment without one proves nothing,"
                        + " but was null");
    }

    @Test
    void rejectsProbesThatNameNothingOrCheckTwoThings() {
        String yaml = """
                name: vague
                assaults: [ { name: down, fault: { type: connection-reset } } ]
                hypothesis:
                  - opensWithin: 1s
                  - circuitBreaker: inventory
                  - circuitBreaker: inventory
                    retry: inventory
                  - circuitBreaker: inventory
                    state: CLOSED
                    opensWithin: 1s
                  - circuitBreaker: inventory
                    state: SHUT
                duration: 2s
                """;

        assertThat(problems(yaml))
                .containsExactly(
                        "hypothesis[0] must name exactly one of [circuitBreaker, retry, bulkhead, timeLimiter,"
                                + " rateLimiter, threadPoolBulkhead, fallback, alarm, requests, meter], but was '[opensWithin]'",
                        "hypothesis[1] must give a check: one of [state, opensWithin, closesWithin,"
                                + " failureRateAtLeast, failureRateAtMost, notPermittedCallsAtLeast], but was"
                                + " 'circuitBreaker inventory'",
                        "hypothesis[2] must name exactly one of [circuitBreaker, retry, bulkhead, timeLimiter,"
                                + " rateLimiter, threadPoolBulkhead, fallback, alarm, requests, meter], but was '[circuitBreaker, retry]'",
                        "hypothesis[3].opensWithin must not be given together with state: a probe makes one check,"
                                + " but was '1s'",
                        "hypothesis[4].state must be one of disabled, metrics-only, closed, open, forced-open,"
                                + " half-open, but was 'SHUT'");
    }

    static List<String> problems(String yaml) {
        try {
            ExperimentSchema.fromYaml(yaml);
        } catch (InvalidDefinitionException invalid) {
            return invalid.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the experiment to be rejected");
    }

    @Test
    void rejectsMalformedYamlNamingTheDocument() {
        assertThatThrownBy(() -> ExperimentSchema.fromYaml("name: [unclosed"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid YAML: (document) must be valid YAML: ");
    }

    @Test
    void rejectsDuplicateNamesInTheBuilderToo() {
        Assault down =
                Assault.builder("down").fault(new Fault.ConnectionReset()).build();

        assertThatThrownBy(() -> Experiment.builder("twice")
                        .assault(down)
                        .assault(down)
                        .hypothesis(Probe.circuitBreakerOpensWithin("inventory", Duration.ofSeconds(1)))
                        .duration(Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid experiment 'twice': assaults[1].name must be unique within the experiment,"
                        + " but was 'down'");
    }
}
