package dev.turbulence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** How an injection waits out a latency or a hang: never past the kill switch. Implemented by {@link KillSwitch}. */
interface Waits {

    /** Sleeps for {@code delay}, waking early on the kill switch or an interrupt (whose flag is then set again). */
    void pause(Duration delay);

    /** Completes after {@code delay}, or at once when chaos is (or gets) switched off; blocks no thread. */
    CompletableFuture<Void> delay(Duration delay);

    /**
     * Runs {@code action} once {@link #delay} ends, on the timer's thread (or on this one when it ends at once),
     * wrapped on this thread by the engine's task decorator, so that what this thread carries — a logging MDC,
     * Micrometer's context — can be carried to it.
     */
    void after(Duration delay, Runnable action);
}
