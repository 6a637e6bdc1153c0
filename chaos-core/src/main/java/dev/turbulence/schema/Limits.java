package dev.turbulence.schema;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The limits every definition shares, written once: what a name looks like, and how long anything chaos starts may
 * last. Assaults, stressors, experiments, alarms and game days all check their names and lifetimes here.
 */
public final class Limits {

    /** The longest lifetime of an assault or an experiment, and the longest wait a fault may ask for. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(12);

    /** What a lifetime must be, as a problem's message says it. */
    public static final String LIFETIME_RULE = "must be > 0 and <= PT12H";

    /** The pattern of every name: of an assault, a stressor, an experiment, an alarm, a game day. */
    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    private Limits() {}

    /** Whether {@code name} matches {@link #NAME_PATTERN}; {@code false} for {@code null}. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Adds the problem with {@code name} under {@code field}, if it has one: it is required and must be a name. */
    public static void checkName(Problems problems, String field, String name) {
        if (name == null) {
            problems.add(field, null, "is required");
        } else if (!isName(name)) {
            problems.add(field, name, "must match " + NAME_PATTERN);
        }
    }

    /** Whether {@code lifetime} is more than zero and at most {@link #MAX_LIFETIME}; {@code false} for {@code null}. */
    public static boolean isLifetime(Duration lifetime) {
        return lifetime != null
                && !lifetime.isNegative()
                && !lifetime.isZero()
                && lifetime.compareTo(MAX_LIFETIME) <= 0;
    }
}
