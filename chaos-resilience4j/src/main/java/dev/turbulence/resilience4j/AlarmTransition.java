package dev.turbulence.resilience4j;

import java.time.Instant;

/**
 * An alarm changed state, at {@code at} by the monitor's clock.
 *
 * @param value the datapoint that caused it, or {@code null} when that datapoint was missing
 * @param reason why, in words: how many datapoints breached, or for how long
 */
public record AlarmTransition(String alarm, AlarmState from, AlarmState to, Instant at, Double value, String reason) {}
