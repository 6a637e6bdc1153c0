package dev.turbulence;

import dev.turbulence.stress.Stressor;
import java.time.Instant;
import java.util.List;

/**
 * Something the engine did: every injection and every change of state is one event, delivered
 * to each {@link ChaosListener} as it describes.
 */
public sealed interface ChaosEvent {

    /** When it happened, by the engine's clock. */
    Instant at();

    /** A fault was injected into a call at {@code callSite}. */
    record Injected(Instant at, String assault, String fault, CallSiteKind kind, String callSite)
            implements ChaosEvent {}

    /** A dry-run assault chose a call: it would have injected {@code fault}, and did not. */
    record WouldInject(Instant at, String assault, String fault, CallSiteKind kind, String callSite)
            implements ChaosEvent {}

    /** The plan changed to {@code version}, because of {@code source}; {@code assaults} are the names now defined. */
    record PlanChanged(Instant at, long version, String source, List<String> assaults) implements ChaosEvent {
        public PlanChanged {
            assaults = List.copyOf(assaults);
        }
    }

    /** A flag source could not be read; the engine keeps its last good assaults or, lacking any, none. */
    record SourceFailed(Instant at, String source, String reason) implements ChaosEvent {}

    /** An assault reached the end of its lifetime and stopped injecting. */
    record AssaultExpired(Instant at, String assault) implements ChaosEvent {}

    /** The engine was switched on or off (the kill switch). */
    record Switched(Instant at, boolean enabled) implements ChaosEvent {}

    /**
     * The stressor of assault {@code assault} changed state; {@code held} is what it holds now (bytes of disk
     * or heap, threads) and {@code detail} its target, why it stopped or how it failed. Delivered on the
     * stressor's own thread.
     */
    record StressorChanged(Instant at, String assault, String fault, Stressor.State state, long held, String detail)
            implements ChaosEvent {}
}
