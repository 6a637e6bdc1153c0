package dev.turbulence.resilience4j;

/** The state of an {@link Alarm}: it starts {@link #OK}; the gauge {@code chaos.alarm.state} reads 0 or 1. */
public enum AlarmState {
    OK,
    ALARM;

    /** The value of the gauge {@code chaos.alarm.state}: 0 for OK, 1 for ALARM. */
    public int gaugeValue() {
        return this == ALARM ? 1 : 0;
    }
}
