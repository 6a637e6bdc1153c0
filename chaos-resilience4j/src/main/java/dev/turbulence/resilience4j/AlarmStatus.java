package dev.turbulence.resilience4j;

import java.time.Instant;

/**
 * An alarm as the monitor holds it now.
 *
 * @param since when it entered {@code state} (when it was added, for its first state)
 * @param lastValue the latest datapoint, or {@code null} when it was missing or none was taken yet
 * @param lastEvaluatedAt when the latest datapoint was taken, or {@code null} before the first
 * @param datapoints how many datapoints were taken
 * @param missingDatapoints how many of them were missing
 * @param breachingDatapoints how many of them breached (missing ones as {@code missingData} counts them)
 * @param meterSeen whether the meter existed at any evaluation
 */
public record AlarmStatus(
        Alarm alarm,
        AlarmState state,
        Instant since,
        Double lastValue,
        Instant lastEvaluatedAt,
        long datapoints,
        long missingDatapoints,
        long breachingDatapoints,
        boolean meterSeen) {}
