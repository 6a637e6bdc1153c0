package dev.turbulence.resilience4j;

import dev.turbulence.schema.Problems;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Traffic an experiment makes itself, for tests and demos: the runner calls {@code call} {@code callsPerSecond}
 * times a second on threads of its own, at most {@code concurrency} calls at once (a tick finding every
 * thread busy is skipped), from the steady-state check until the recovery has been checked. What the call
 * throws is counted as a failed call, never propagated. Built in Java, or declared under {@code load} in an
 * experiment file, where the call is a name registered on the runner or an HTTP request to the application's own
 * server. Immutable.
 *
 * @throws IllegalArgumentException for a rate or concurrency out of bounds
 */
public record Load(Callable<?> call, double callsPerSecond, int concurrency) {

    /** The highest rate a load may have. */
    public static final double MAX_CALLS_PER_SECOND = 1000;

    /** The most calls a load may have in flight. */
    public static final int MAX_CONCURRENCY = 64;

    public Load {
        Objects.requireNonNull(call, "call");
        Problems problems = new Problems();
        check(callsPerSecond, concurrency, "", problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.list().get(0).toString());
        }
    }

    /** The bounds of a load, checked for the constructor and for the schema, with {@code prefix} before each field. */
    static void check(double callsPerSecond, long concurrency, String prefix, Problems problems) {
        if (!(callsPerSecond > 0 && callsPerSecond <= MAX_CALLS_PER_SECOND)) {
            problems.add(prefix + "callsPerSecond", callsPerSecond, "must be > 0 and <= " + MAX_CALLS_PER_SECOND);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            problems.add(prefix + "concurrency", concurrency, "must be between 1 and " + MAX_CONCURRENCY);
        }
    }

    /** One call at a time, {@code callsPerSecond} times a second. */
    public static Load of(Callable<?> call, double callsPerSecond) {
        return new Load(call, callsPerSecond, 1);
    }

    /** One call at a time, {@code callsPerSecond} times a second. */
    public static Load of(Runnable call, double callsPerSecond) {
        Objects.requireNonNull(call, "call");
        return of(
                () -> {
                    call.run();
                    return null;
                },
                callsPerSecond);
    }

    /** A copy allowing {@code concurrency} calls in flight at once, as a bulkhead needs to be tested. */
    public Load withConcurrency(int concurrency) {
        return new Load(call, callsPerSecond, concurrency);
    }
}
