package dev.turbulence.resilience4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict of one probe, with what was observed and an explanation in words. Immutable.
 *
 * @param phase where the probe stood: {@code steadyState}, {@code hypothesis}, {@code recovery} or
 *     {@code steadyStateAfter} (the steady state checked again at the end)
 * @param probe the probe as one line, such as {@code circuitBreaker 'inventory' opensWithin PT10S}
 * @param observed the values the verdict rests on, by name: strings, whole numbers ({@link Long}), numbers
 *     ({@link Double}) and booleans
 */
public record ProbeResult(
        String phase, String probe, Verdict verdict, String explanation, Map<String, Object> observed) {

    public ProbeResult {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(explanation, "explanation");
        Map<String, Object> normalized = new LinkedHashMap<>();
        observed.forEach((key, value) -> normalized.put(key, normalize(value)));
        observed = java.util.Collections.unmodifiableMap(normalized);
    }

    private static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value == null || value instanceof Boolean || value instanceof String) {
            return value;
        }
        return value.toString();
    }
}
