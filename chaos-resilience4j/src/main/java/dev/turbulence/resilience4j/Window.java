package dev.turbulence.resilience4j;

import java.time.Duration;
import java.time.Instant;

/**
 * The time the assaults ran: from their application to the end of the watch (or the abort), with the
 * snapshots taken at both ends.
 *
 * @param abortedBy the stop condition that cut the window short, or {@code null}
 * @param baseline the time the alarms were watched without faults before, or {@code null} when there was none
 */
record Window(Snapshot start, Snapshot end, Duration planned, String abortedBy, Window baseline) {

    Instant from() {
        return start.at();
    }

    Duration length() {
        return Duration.between(start.at(), end.at());
    }

    long injections() {
        return end.grew(start, "injections");
    }

    boolean cutShort() {
        return abortedBy != null;
    }
}
