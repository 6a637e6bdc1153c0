package dev.turbulence.resilience4j;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** One alarm's evaluation state inside an {@link AlarmMonitor}. Thread-safe: every method is synchronized. */
final class TrackedAlarm {

    private final Alarm alarm;
    private final Instant addedAt;
    private final Deque<Boolean> window = new ArrayDeque<>();
    private AlarmState state = AlarmState.OK;
    private Instant since;
    private Instant breachingSince;
    private Instant lastEvaluatedAt;
    private Double lastValue;
    private double lastCount;
    private double lastDenominator;
    private long datapoints;
    private long missing;
    private long breachingDatapoints;
    private boolean meterSeen;

    TrackedAlarm(Alarm alarm, MeterRegistry registry, Instant now) {
        this.alarm = alarm;
        this.addedAt = now;
        this.since = now;
        Double count = Meters.count(registry, alarm.meter());
        lastCount = count == null ? 0 : count;
        if (alarm.denominator() != null) {
            Double denominator = Meters.count(registry, alarm.denominator());
            lastDenominator = denominator == null ? 0 : denominator;
        }
    }

    Alarm alarm() {
        return alarm;
    }

    synchronized AlarmState state() {
        return state;
    }

    synchronized AlarmStatus status() {
        return new AlarmStatus(
                alarm, state, since, lastValue, lastEvaluatedAt, datapoints, missing, breachingDatapoints, meterSeen);
    }

    /** Takes one datapoint at {@code now}; returns the transition it caused, or {@code null}. */
    synchronized AlarmTransition evaluate(MeterRegistry registry, Instant now) {
        Double value = datapoint(registry, now);
        datapoints++;
        lastValue = value;
        lastEvaluatedAt = now;
        if (value == null) {
            missing++;
        }
        Boolean breaching = value != null
                ? Boolean.valueOf(alarm.breaches(value))
                : switch (alarm.missingData()) {
                    case BREACHING -> Boolean.TRUE;
                    case NOT_BREACHING -> Boolean.FALSE;
                    case IGNORE -> null;
                };
        if (breaching == null) {
            return null;
        }
        if (breaching) {
            breachingDatapoints++;
        }
        AlarmState next;
        String reason;
        if (alarm.forDuration() != null) {
            breachingSince = breaching ? (breachingSince == null ? now : breachingSince) : null;
            Duration breached = breachingSince == null ? Duration.ZERO : Duration.between(breachingSince, now);
            next = breachingSince != null && breached.compareTo(alarm.forDuration()) >= 0
                    ? AlarmState.ALARM
                    : AlarmState.OK;
            reason = breachingSince == null
                    ? "the latest datapoint does not breach " + threshold()
                    : "datapoints breached " + threshold() + " for " + breached + " (for " + alarm.forDuration() + ")";
        } else {
            window.addLast(breaching);
            if (window.size() > alarm.evaluationPeriods()) {
                window.removeFirst();
            }
            long breachingCount = window.stream().filter(Boolean::booleanValue).count();
            next = breachingCount >= alarm.datapointsToAlarm() ? AlarmState.ALARM : AlarmState.OK;
            reason = breachingCount + " of the last " + window.size() + " datapoints breached " + threshold() + " ("
                    + alarm.datapointsToAlarm() + " of " + alarm.evaluationPeriods() + " needed)";
        }
        if (next == state) {
            return null;
        }
        AlarmTransition transition = new AlarmTransition(
                alarm.name(),
                state,
                next,
                now,
                value,
                reason + "; latest datapoint " + (value == null ? "missing" : value));
        state = next;
        since = now;
        return transition;
    }

    private String threshold() {
        return alarm.comparison().symbol() + " " + alarm.threshold();
    }

    private Double datapoint(MeterRegistry registry, Instant now) {
        Instant previous = lastEvaluatedAt == null ? addedAt : lastEvaluatedAt;
        return switch (alarm.statistic()) {
            case COUNT -> growth(registry);
            case RATE -> {
                Double growth = growth(registry);
                double seconds = Duration.between(previous, now).toNanos() / 1e9;
                yield growth == null || seconds <= 0 ? null : growth / seconds;
            }
            case RATIO -> {
                Double growth = growth(registry);
                Double denominator = Meters.count(registry, alarm.denominator());
                Double denominatorGrowth = denominator == null ? null : denominator - lastDenominator;
                if (denominator != null) {
                    lastDenominator = denominator;
                }
                yield growth == null || denominatorGrowth == null || denominatorGrowth <= 0
                        ? null
                        : growth / denominatorGrowth;
            }
            case GAUGE -> seen(Meters.gauge(registry, alarm.meter()), registry);
            case PERCENTILE -> seen(Meters.percentile(registry, alarm.meter(), alarm.percentile()), registry);
        };
    }

    private Double growth(MeterRegistry registry) {
        Double count = Meters.count(registry, alarm.meter());
        if (count == null && !registry.find(alarm.meter().name()).meters().isEmpty()) {
            // the meter exists with other tags only (an error series not created yet): no such event so far
            count = 0.0;
        }
        if (count == null) {
            return null;
        }
        meterSeen = true;
        double growth = count - lastCount;
        lastCount = count;
        return growth;
    }

    private Double seen(Double value, MeterRegistry registry) {
        meterSeen |= !Meters.find(registry, alarm.meter()).isEmpty();
        return value;
    }
}
