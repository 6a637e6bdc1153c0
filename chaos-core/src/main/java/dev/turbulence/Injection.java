package dev.turbulence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What happens to one assaulted call: a latency (possibly zero), then at most one failure, or else a
 * corruption of the response. The failure replaces the call, or, from an {@linkplain Assault#afterCall() after-call}
 * assault, strikes once the real call has returned, losing its answer; an after-call latency delays the answer.
 * Adapters turn it into the shape their callers expect. Immutable.
 */
public final class Injection {

    private final Waits waits;
    private final Duration latency;
    private final Fault.Failure failure;
    private final boolean failureAfterCall;
    private final Duration failureDelay;
    private final Fault.CorruptBody corruption;
    private final Duration latencyAfterCall;
    private final Fault.ReturnedValue returned;
    private final boolean returnedAfterCall;

    Injection(
            Waits waits,
            Duration latency,
            Fault.Failure failure,
            boolean failureAfterCall,
            Duration failureDelay,
            Fault.CorruptBody corruption,
            Duration latencyAfterCall,
            Fault.ReturnedValue returned,
            boolean returnedAfterCall) {
        this.waits = waits;
        this.latency = latency;
        this.failure = failure;
        this.failureAfterCall = failure != null && failureAfterCall;
        this.failureDelay = failureDelay;
        this.corruption = corruption;
        this.latencyAfterCall = latencyAfterCall;
        this.returned = returned;
        this.returnedAfterCall = returned != null && returnedAfterCall;
    }

    /** The delay before the call (or before the failure that replaces it); zero when none. */
    public Duration latency() {
        return latency;
    }

    /** The failure replacing the call, or {@code null} (also when the failure strikes after the call). */
    public Fault.Failure failure() {
        return failureAfterCall ? null : failure;
    }

    /** The delay between the real call's return and its answer reaching the caller; zero when none. */
    public Duration latencyAfterCall() {
        return latencyAfterCall;
    }

    /** The failure that strikes once the real call has returned, losing its answer, or {@code null}. */
    public Fault.Failure failureAfterCall() {
        return failureAfterCall ? failure : null;
    }

    /** The value the call answers instead of its own (after the real call when from an after-call assault), or null. */
    public Fault.ReturnedValue returned() {
        return returned;
    }

    /** Whether the {@linkplain #returned() returned value} replaces the real call's answer rather than the call. */
    public boolean returnedAfterCall() {
        return returnedAfterCall;
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
        if (failure() != null) {
            fail(declared);
        }
    }

    /** A synchronous call an injection is applied around. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws Throwable;
    }

    /**
     * Makes the synchronous {@code call} with this injection applied around it: {@link #applyBeforeCall} before it
     * (a failure replaces it), the after-call latency and failure once it returned; a
     * {@linkplain #returned() returned value} replaces its answer (or the call, before it). Throws what the call
     * throws.
     *
     * @param returnType what the call returns, {@code Object} when unknown: then an after-call returned value takes
     *     the class of the real answer
     * @param declared the checked exception types the call site declares
     * @throws IllegalArgumentException when the returned value cannot be a {@code returnType}
     */
    public <T> T applyAround(Call<T> call, Class<?> returnType, Class<?>... declared) {
        applyBeforeCall(declared);
        if (returned != null && !returnedAfterCall) {
            return answer(returnType);
        }
        T value;
        try {
            value = call.run();
        } catch (Throwable thrown) {
            throw Failures.sneakyThrow(thrown);
        }
        applyAfterCall(declared);
        return returned == null
                ? value
                : answer(returnType == Object.class && value != null ? value.getClass() : returnType);
    }

    /** The returned value, as a {@code type}. */
    @SuppressWarnings("unchecked")
    private <T> T answer(Class<?> type) {
        return (T) returned.answerAs(type);
    }

    /**
     * Applies this injection once a synchronous call has returned: waits for the after-call latency, then throws the
     * after-call failure, if any, as {@link #applyBeforeCall} throws one. A call that threw meets nothing here.
     *
     * @param declared the checked exception types the call site declares
     */
    private void applyAfterCall(Class<?>... declared) {
        pause(latencyAfterCall);
        if (failureAfterCall) {
            fail(declared);
        }
    }

    /** Waits out the failure's delay, then throws it as a call site declaring {@code declared} can. */
    private void fail(Class<?>... declared) {
        pause(failureDelay);
        throw Failures.sneakyThrow(Failures.forSite(Failures.of(failure), declared));
    }

    /** Whether anything strikes once the real call has returned. */
    public boolean strikesAfterCall() {
        return failureAfterCall || returnedAfterCall || !latencyAfterCall.isZero();
    }

    /**
     * Applies this injection to an asynchronous call without blocking the caller: the latency delays the
     * call, a failure arrives as a failed stage (after its own delay) and the call is not made; after the call's
     * stage completed normally, the after-call latency delays its value and the after-call failure replaces it.
     */
    public <T> CompletionStage<T> applyAsync(Supplier<? extends CompletionStage<T>> call) {
        CompletionStage<T> answered = beforeAsync(call);
        if (!strikesAfterCall()) {
            return answered;
        }
        Duration delay = failureAfterCall ? latencyAfterCall.plus(failureDelay) : latencyAfterCall;
        CompletableFuture<T> after = new CompletableFuture<>();
        answered.whenComplete((value, error) -> {
            if (error != null) {
                after.completeExceptionally(error);
            } else if (failureAfterCall) {
                Throwable lost = Failures.of(failure);
                waits.after(delay, () -> after.completeExceptionally(lost));
            } else if (returnedAfterCall) {
                waits.after(delay, () -> completeWithAnswer(after, value == null ? Object.class : value.getClass()));
            } else {
                waits.after(delay, () -> after.complete(value));
            }
        });
        return after;
    }

    private <T> void completeWithAnswer(CompletableFuture<T> stage, Class<?> type) {
        try {
            stage.complete(answer(type));
        } catch (IllegalArgumentException unfit) {
            stage.completeExceptionally(unfit);
        }
    }

    private <T> CompletionStage<T> beforeAsync(Supplier<? extends CompletionStage<T>> call) {
        if (returned != null && !returnedAfterCall) {
            CompletableFuture<T> answered = new CompletableFuture<>();
            waits.after(latency, () -> completeWithAnswer(answered, Object.class));
            return answered;
        }
        if (failure() != null) {
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
