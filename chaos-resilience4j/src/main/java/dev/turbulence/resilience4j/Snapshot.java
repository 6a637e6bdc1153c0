package dev.turbulence.resilience4j;

import java.time.Instant;
import java.util.Map;

/**
 * The counts and states a run reads at one moment, by key (such as {@code circuitBreaker:inventory:failed});
 * a count is {@code null} when its meter did not exist.
 */
record Snapshot(Instant at, Map<String, Double> counts, Map<String, String> states) {

    /** How much the count {@code key} grew since {@code earlier}; a count that was not there reads as zero. */
    long grew(Snapshot earlier, String key) {
        Double now = counts.get(key);
        Double before = earlier.counts.get(key);
        return Math.round((now == null ? 0 : now) - (before == null ? 0 : before));
    }

    String state(String key) {
        return states.get(key);
    }
}
