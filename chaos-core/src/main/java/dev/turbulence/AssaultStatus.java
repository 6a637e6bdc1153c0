package dev.turbulence;

import java.time.Instant;

/**
 * An assault as the engine holds it now.
 *
 * @param source the name of the flag source it came from ({@code memory}, {@code properties},
 *     {@code file:/etc/chaos.yaml}, {@code openfeature:chaos-assaults} …), the first of those defining its name
 * @param state {@code ACTIVE} while it can still inject; otherwise why it cannot
 * @param injections how many calls it has assaulted (dry-run decisions included)
 */
public record AssaultStatus(
        Assault assault, String source, State state, long injections, Instant activatedAt, Instant expiresAt) {

    /** Whether an assault can inject now. */
    public enum State {
        ACTIVE,
        /** switched off in its definition ({@code enabled: false}) */
        DISABLED,
        /** its budget ({@code maxInjections}) is used up */
        EXHAUSTED,
        EXPIRED
    }
}
