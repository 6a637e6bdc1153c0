package dev.turbulence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What happens to one assaulted call: a latency (possibly zero), then at most one failure, or else a
 * corruption of the response. Adapters turn it into the shape their callers expect. Immutable.
 */
public final class Injection {

    private final Waits waits;
    private final Duration latency;
    private final Fault.Failure failure;
    private final Duration failureDelay;
    private final Fault.CorruptBody corruption;

    Injection(
            Waits waits, Duration latency, Fault.Failure failure, Duration failureDelay, Fault.CorruptBody corruption) {
        this.waits = waits;
        this.latency = latency;
        this.failure = failure;
        this.failureDelay = failureDelay;
        this.corruption = corruption;
    }

    /** The delay before the call (or before the failure); zero when none. */
    public Duration latency() {
        return latency;
    }

    /** The failure replacing the call, or {@code null}. */
    public Fault.Failure failure() {
        return failure;
    }

    /** How long the failure waits before it is raised (a read timeout hangs first); zero for the others. */
    public Duration failureDelay() {
        return failureDelay;
    }

    /** The damage done to the response of the real call, or {@code null}. */
    public Fault.CorruptBody corruption() {
        return corruption;
    }

    /**
     * Blocks for {@code delay}, returning early when chaos is switched off or the thread is interrupted
     * (whose flag is then set again).
     */
    public void pause(Duration delay) {
        waits.pause(delay);
    }

    /**
     * Applies this injection before a synchronous call: waits for the latency, then throws the failure, if
     * any, as the call site can throw it (see {@link Failures#forSite}).
     *
     * @param declared the checked exception types the call site declares
     */
    public void applyBeforeCall(Class<?>... declared) {
        pause(latency);
        if (failure != null) {
            pause(failureDelay);
            throw Failures.sneakyThrow(Failures.forSite(Failures.of(failure), declared));
        }
    }

    /**
     * Applies this injection to an asynchronous call without blocking the caller: the latency delays the
     * call, a failure arrives as a failed stage (after its own delay) and the call is not made.
     */
    public <T> CompletionStage<T> applyAsync(Supplier<? extends CompletionStage<T>> call) {
        if (failure != null) {
            CompletableFuture<T> failed = new CompletableFuture<>();
            Throwable cause = Failures.of(failure);
            waits.after(latency.plus(failureDelay), () -> failed.completeExceptionally(cause));
            return failed;
        }
        if (latency.isZero()) {
            return call.get();
        }
        CompletableFuture<T> delayed = new CompletableFuture<>();
        waits.after(latency, () -> {
            try {
                call.get().whenComplete((value, error) -> {
                    if (error != null) {
                        delayed.completeExceptionally(error);
                    } else {
                        delayed.complete(value);
                    }
                });
            } catch (RuntimeException | Error error) {
                delayed.completeExceptionally(error);
            }
        });
        return delayed;
    }

    /**
     * A stage that completes after {@code delay}, or at once when chaos is switched off: how asynchronous
     * adapters wait out a latency or a hang without blocking a thread.
     */
    public CompletableFuture<Void> delay(Duration delay) {
        return waits.delay(delay);
    }
}
