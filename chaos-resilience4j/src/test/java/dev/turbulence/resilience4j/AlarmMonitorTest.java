package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AlarmMonitorTest {

    static final Duration PERIOD = Duration.ofSeconds(1);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-11-26T10:00:00Z"));
    final AlarmMonitor monitor = AlarmMonitor.create(registry, time);
    final List<AlarmTransition> transitions = new CopyOnWriteArrayList<>();
    final Counter errors = registry.counter("errors");
    final Counter requests = registry.counter("requests");

    AlarmMonitorTest() {
        monitor.addListener(transitions::add);
    }

    @AfterEach
    void stopMonitor() {
        monitor.close();
    }

    static Alarm.Builder alarm(String name) {
        return Alarm.builder(name)
                .period(PERIOD)
                .threshold(Alarm.Comparison.GREATER_OR_EQUAL, 3)
                .missingData(Alarm.MissingData.NOT_BREACHING);
    }

    void period(int errorsInIt) {
        errors.increment(errorsInIt);
        time.advance(PERIOD);
        monitor.evaluate();
    }

    @Test
    void firesWhenDatapointsToAlarmOfTheLastEvaluationPeriodsBreachAndClearsWhenTheyNoLongerDo() {
        monitor.add(alarm("errors")
                .count(MeterSelector.of("errors"))
                .datapoints(2, 3)
                .build());

        period(5);
        assertThat(monitor.state("errors")).isEqualTo(AlarmState.OK);
        period(0);
        assertThat(monitor.state("errors")).isEqualTo(AlarmState.OK);
        period(4);
        assertThat(monitor.state("errors")).isEqualTo(AlarmState.ALARM);
        period(3);
        assertThat(monitor.state("errors")).isEqualTo(AlarmState.ALARM);
        period(0);
        assertThat(monitor.state("errors")).isEqualTo(AlarmState.ALARM);
        period(0);

        assertThat(monitor.state("errors")).isEqualTo(AlarmState.OK);
        assertThat(transitions)
                .extracting(AlarmTransition::from, AlarmTransition::to, AlarmTransition::at, AlarmTransition::value)
                .containsExactly(
                        tuple(AlarmState.OK, AlarmState.ALARM, time.now().minus(PERIOD.multipliedBy(3)), 4.0),
                        tuple(AlarmState.ALARM, AlarmState.OK, time.now(), 0.0));
        assertThat(transitions.get(0).reason())
                .isEqualTo("2 of the last 3 datapoints breached >= 3.0 (2 of 3 needed); latest datapoint 4.0");
    }

    @Test
    void publishesItsStateAsAGaugeUntilRemoved() {
        monitor.add(alarm("errors")
                .count(MeterSelector.of("errors"))
                .datapoints(1, 1)
                .build());
        var gauge =
                registry.get(AlarmMonitor.STATE_METER).tag("alarm", "errors").gauge();
        assertThat(gauge.value()).isZero();

        period(3);
        assertThat(gauge.value()).isEqualTo(1.0);
        period(0);
        assertThat(gauge.value()).isZero();

        assertThat(monitor.remove("errors")).isTrue();
        assertThat(registry.find(AlarmMonitor.STATE_METER).gauges()).isEmpty();
        assertThat(monitor.names()).isEmpty();
    }

    @Test
    void measuresRatePerSecondOfClockTime() {
        monitor.add(alarm("error-rate")
                .rate(MeterSelector.of("errors"))
                .datapoints(1, 1)
                .build());

        errors.increment(5);
        time.advance(Duration.ofSeconds(2));
        monitor.evaluate();
        assertThat(monitor.status("error-rate").orElseThrow().lastValue()).isEqualTo(2.5);
        assertThat(monitor.state("error-rate")).isEqualTo(AlarmState.OK);

        errors.increment(6);
        time.advance(Duration.ofSeconds(2));
        monitor.evaluate();
        assertThat(monitor.state("error-rate")).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void measuresTheRatioOfTwoCountersAndCallsItMissingWithoutDenominator() {
        monitor.add(Alarm.builder("error-ratio")
                .ratio(MeterSelector.of("errors"), MeterSelector.of("requests"))
                .threshold(Alarm.Comparison.GREATER_THAN, 0.5)
                .period(PERIOD)
                .datapoints(1, 1)
                .missingData(Alarm.MissingData.BREACHING)
                .build());

        errors.increment(1);
        requests.increment(4);
        time.advance(PERIOD);
        monitor.evaluate();
        assertThat(monitor.status("error-ratio").orElseThrow().lastValue()).isEqualTo(0.25);
        assertThat(monitor.state("error-ratio")).isEqualTo(AlarmState.OK);

        time.advance(PERIOD);
        monitor.evaluate();
        AlarmStatus status = monitor.status("error-ratio").orElseThrow();
        assertThat(status.lastValue()).isNull();
        assertThat(status.missingDatapoints()).isEqualTo(1);
        assertThat(status.state()).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void readsGaugesAndTimerPercentiles() {
        AtomicReference<Double> queue = new AtomicReference<>(1.0);
        registry.gauge("queue.size", queue, AtomicReference::get);
        Timer latency =
                Timer.builder("checkout.latency").publishPercentiles(0.99).register(registry);
        monitor.add(alarm("queue")
                .gauge(MeterSelector.of("queue.size"))
                .datapoints(1, 1)
                .build());
        monitor.add(Alarm.builder("slow")
                .percentile(MeterSelector.of("checkout.latency"), 0.99)
                .threshold(Alarm.Comparison.GREATER_THAN, 200)
                .period(PERIOD)
                .datapoints(1, 1)
                .missingData(Alarm.MissingData.NOT_BREACHING)
                .build());

        queue.set(7.0);
        for (int i = 0; i < 50; i++) {
            latency.record(Duration.ofMillis(400));
        }
        time.advance(PERIOD);
        monitor.evaluate();

        assertThat(monitor.state("queue")).isEqualTo(AlarmState.ALARM);
        assertThat(monitor.status("slow").orElseThrow().lastValue()).isBetween(350.0, 450.0);
        assertThat(monitor.state("slow")).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void forDurationFiresOnlyAfterBreachingWithoutABreak() {
        monitor.add(alarm("sustained")
                .count(MeterSelector.of("errors"))
                .forDuration(Duration.ofSeconds(2))
                .build());

        period(3);
        period(3);
        assertThat(monitor.state("sustained")).isEqualTo(AlarmState.OK);
        period(0);
        period(3);
        period(3);
        assertThat(monitor.state("sustained")).isEqualTo(AlarmState.OK);
        period(3);

        assertThat(monitor.state("sustained")).isEqualTo(AlarmState.ALARM);
        assertThat(transitions.get(0).reason())
                .isEqualTo("datapoints breached >= 3.0 for PT2S (for PT2S); latest datapoint 3.0");
    }

    @Test
    void appliesTheMissingDataPolicyWhenTheMeterDoesNotExist() {
        MeterSelector absent = MeterSelector.of("never.registered");
        monitor.add(alarm("breaching")
                .count(absent)
                .datapoints(1, 1)
                .missingData(Alarm.MissingData.BREACHING)
                .build());
        monitor.add(alarm("not-breaching")
                .count(absent)
                .datapoints(1, 1)
                .missingData(Alarm.MissingData.NOT_BREACHING)
                .build());
        monitor.add(alarm("ignore")
                .count(MeterSelector.of("errors"))
                .datapoints(1, 1)
                .missingData(Alarm.MissingData.IGNORE)
                .build());

        period(3);
        registry.remove(errors);
        period(0);

        assertThat(monitor.state("breaching")).isEqualTo(AlarmState.ALARM);
        assertThat(monitor.state("not-breaching")).isEqualTo(AlarmState.OK);
        assertThat(monitor.state("ignore")).as("missing data keeps the state").isEqualTo(AlarmState.ALARM);
        assertThat(monitor.status("not-breaching").orElseThrow().meterSeen()).isFalse();
        assertThat(monitor.status("ignore").orElseThrow().missingDatapoints()).isEqualTo(1);
    }

    @Test
    void countsNoEventsForTagsNotSeenYetWhileTheMeterExistsWithOthers() {
        registry.counter("http.errors", "status", "503").increment();
        monitor.add(alarm("server-errors")
                .count(MeterSelector.of("http.errors", "status", "500"))
                .datapoints(1, 1)
                .build());
        monitor.add(alarm("misspelt")
                .count(MeterSelector.of("http.erors"))
                .datapoints(1, 1)
                .build());

        period(0);
        registry.counter("http.errors", "status", "500").increment(3);
        period(0);

        assertThat(monitor.status("server-errors").orElseThrow()).satisfies(status -> {
            assertThat(status.missingDatapoints()).isZero();
            assertThat(status.meterSeen()).isTrue();
            assertThat(status.state()).isEqualTo(AlarmState.ALARM);
        });
        assertThat(monitor.status("misspelt").orElseThrow().missingDatapoints())
                .as("a meter name that exists nowhere stays missing")
                .isEqualTo(2);
    }

    @Test
    void evaluatesOncePerPeriodOnItsTimekeepersTimersOnceStarted() {
        monitor.add(alarm("errors")
                .count(MeterSelector.of("errors"))
                .datapoints(1, 1)
                .build());
        monitor.start();

        errors.increment(3);
        time.advance(PERIOD.multipliedBy(3));

        assertThat(transitions)
                .extracting(AlarmTransition::to, AlarmTransition::at)
                .containsExactly(
                        tuple(AlarmState.ALARM, time.now().minus(PERIOD.multipliedBy(2))),
                        tuple(AlarmState.OK, time.now().minus(PERIOD)));
        assertThat(monitor.status("errors").orElseThrow().datapoints()).isEqualTo(3);
    }

    @Test
    void evaluatesInRealTimeOnceStarted() {
        AlarmMonitor live = AlarmMonitor.create(registry);
        List<AlarmTransition> seen = new CopyOnWriteArrayList<>();
        live.addListener(seen::add);
        try (live) {
            live.add(Alarm.builder("live")
                    .count(MeterSelector.of("errors"))
                    .threshold(Alarm.Comparison.GREATER_THAN, 0)
                    .period(Duration.ofMillis(20))
                    .datapoints(1, 1)
                    .missingData(Alarm.MissingData.NOT_BREACHING)
                    .build());
            live.start();
            live.start();

            errors.increment();

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(seen)
                            .extracting(AlarmTransition::to)
                            .containsExactly(AlarmState.ALARM, AlarmState.OK));
            assertThat(live.isStarted()).isTrue();
        }
        assertThat(live.isStarted()).isFalse();
    }

    @Test
    void keepsEvaluatingWhenAListenerThrows() {
        monitor.addListener(transition -> {
            throw new IllegalStateException("listener bug");
        });
        monitor.add(alarm("errors")
                .count(MeterSelector.of("errors"))
                .datapoints(1, 1)
                .build());

        period(3);
        period(0);

        assertThat(transitions).hasSize(2);
    }

    @Test
    void namesTheMonitoredAlarmsWhenAskedForAnUnknownOne() {
        monitor.add(alarm("errors")
                .count(MeterSelector.of("errors"))
                .datapoints(1, 1)
                .build());

        assertThatThrownBy(() -> monitor.state("eror"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no alarm 'eror' is monitored; monitored alarms: [errors]");
        assertThatThrownBy(() -> monitor.add(alarm("errors")
                        .count(MeterSelector.of("x"))
                        .datapoints(1, 1)
                        .build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("alarm 'errors' is already monitored");
    }

    static Stream<Long> seeds() {
        return LongStream.range(1, 21).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void isInAlarmExactlyWhenDatapointsToAlarmOfTheLastEvaluationPeriodsBreach(long seed) {
        Random random = new Random(seed);
        int evaluationPeriods = 1 + random.nextInt(5);
        int datapointsToAlarm = 1 + random.nextInt(evaluationPeriods);
        monitor.add(alarm("errors")
                .count(MeterSelector.of("errors"))
                .datapoints(datapointsToAlarm, evaluationPeriods)
                .build());
        List<Boolean> breached = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            int count = random.nextInt(6);
            breached.add(count >= 3);
            period(count);

            List<Boolean> last = breached.subList(Math.max(0, breached.size() - evaluationPeriods), breached.size());
            long breaching = last.stream().filter(b -> b).count();
            assertThat(monitor.state("errors"))
                    .as("after %s with %d of %d", breached, datapointsToAlarm, evaluationPeriods)
                    .isEqualTo(breaching >= datapointsToAlarm ? AlarmState.ALARM : AlarmState.OK);
        }
        assertThat(transitions).allSatisfy(t -> assertThat(t.from()).isNotEqualTo(t.to()));
    }
}
