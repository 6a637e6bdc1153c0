package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.schema.InvalidDefinitionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlarmTest {

    @Test
    void readsACloudWatchStyleAlarmAsTheBuilderMakesIt() {
        Alarm read = AlarmSchema.fromYaml("""
                name: inventory-errors
                statistic: rate
                meter: resilience4j.circuitbreaker.calls
                tags: { name: inventory, kind: failed }
                comparison: greater-or-equal
                threshold: 5
                period: 1s
                evaluationPeriods: 3
                datapointsToAlarm: 2
                missingData: not-breaching
                """);

        assertThat(read)
                .isEqualTo(Alarm.builder("inventory-errors")
                        .rate(MeterSelector.of(
                                "resilience4j.circuitbreaker.calls", "name", "inventory", "kind", "failed"))
                        .threshold(Alarm.Comparison.GREATER_OR_EQUAL, 5)
                        .period(Duration.ofSeconds(1))
                        .datapoints(2, 3)
                        .missingData(Alarm.MissingData.NOT_BREACHING)
                        .build());
        assertThat(read.describe())
                .isEqualTo("rate of resilience4j.circuitbreaker.calls{kind=failed,name=inventory} >= 5.0 in 2 of 3"
                        + " periods of PT1S, missing data not-breaching");
    }

    @Test
    void readsAPrometheusStylePercentileAlarm() {
        Alarm read = AlarmSchema.fromYaml("""
                { name: slow-checkout, statistic: percentile, percentile: 0.99, meter: checkout.latency,
                  comparison: greater-than, threshold: 250, period: 500ms, for: 2s, missingData: breaching }
                """);

        assertThat(read.forDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(read.evaluationPeriods()).isNull();
        assertThat(read.describe())
                .isEqualTo("p99 of checkout.latency (ms) > 250.0 for PT2S (evaluated every PT0.5S), missing data"
                        + " breaching");
    }

    @Test
    void rejectsMoreDatapointsToAlarmThanEvaluationPeriods() {
        assertThatThrownBy(() -> Alarm.builder("errors")
                        .count(MeterSelector.of("errors"))
                        .threshold(Alarm.Comparison.GREATER_THAN, 0)
                        .period(Duration.ofSeconds(1))
                        .datapoints(4, 3)
                        .missingData(Alarm.MissingData.IGNORE)
                        .build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid alarm 'errors': datapointsToAlarm must be <= evaluationPeriods (3), but was 4");
    }

    @Test
    void rejectsAnAlarmThatLeavesItsSemanticsImplicit() {
        assertThatThrownBy(() -> AlarmSchema.fromYaml("""
                        name: vague
                        statistic: ratio
                        meter: errors
                        percentile: 0.5
                        threshold: 1
                        period: 0s
                        evaluationPeriods: 2
                        datapointsToAlarm: 1
                        for: 10s
                        """))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid alarm: denominator is required with statistic ratio, but was null;"
                        + " percentile is only allowed with statistic percentile, but was 0.5;"
                        + " comparison is required: one of greater-than, greater-or-equal, less-than, less-or-equal,"
                        + " but was null;"
                        + " period must be > 0, but was 'PT0S';"
                        + " for must not be given together with evaluationPeriods and datapointsToAlarm, but was"
                        + " 'PT10S';"
                        + " missingData is required: one of breaching, not-breaching, ignore, but was null");
    }

    @Test
    void rejectsUnknownFieldsAndValuesNamingWhatIsAllowed() {
        assertThatThrownBy(() -> AlarmSchema.fromYaml("""
                        { name: Errors!, statistic: median, meter: errors, comparison: above, threshold: x,
                          period: soon, for: -PT1S, missingData: zero, colour: red }
                        """))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("name must match [a-z0-9][a-z0-9._-]{0,63}, but was 'Errors!'")
                .hasMessageContaining(
                        "statistic must be one of count, rate, ratio, gauge, percentile, but was 'median'")
                .hasMessageContaining("comparison must be one of greater-than, greater-or-equal, less-than,"
                        + " less-or-equal, but was 'above'")
                .hasMessageContaining("threshold must be a number, but was 'x'")
                .hasMessageContaining("period must be a duration such as PT10S, 500ms, 10s, 5m or 1h, but was 'soon'")
                .hasMessageContaining("for must be >= 0, but was 'PT-1S'")
                .hasMessageContaining("missingData must be one of breaching, not-breaching, ignore, but was 'zero'")
                .hasMessageContaining("colour is not a known field");
    }
}
