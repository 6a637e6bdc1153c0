package dev.turbulence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** How an injection waits out a latency or a hang: never past the kill switch. Implemented by {@link KillSwitch}. */
interface Waits {

    /** Sleeps for {@code delay}, waking early on the kill switch or an interrupt (whose flag is then set again). */
    void pause(Duration delay);

    /** Completes after {@code delay}, or at once when chaos is (or gets) switched off; blocks no thread. */
    CompletableFuture<Void> delay(Duration delay);
}
