package dev.turbulence.http;

import dev.turbulence.Failures;
import dev.turbulence.Fault;
import dev.turbulence.Injection;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;

/**
 * One assaulted exchange: after {@link #delay()}, it fails, answers with an injected response, or sends the
 * (possibly shortened) request with a (possibly corrupting) body handler.
 */
final class Exchange<T> {

    private final Duration delay;
    private final Throwable failure;
    private final boolean failureAsConfigured;
    private final Fault.HttpStatus status;
    private final HttpRequest request;
    private final HttpResponse.BodyHandler<T> handler;
    private final HttpClient.Version version;

    private Exchange(
            Duration delay,
            Throwable failure,
            boolean failureAsConfigured,
            Fault.HttpStatus status,
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpClient.Version version) {
        this.delay = delay;
        this.failure = failure;
        this.failureAsConfigured = failureAsConfigured;
        this.status = status;
        this.request = request;
        this.handler = handler;
        this.version = version;
    }

    static <T> Exchange<T> of(
            Injection injection, HttpRequest request, HttpResponse.BodyHandler<T> handler, HttpClient.Version version) {
        Duration latency = injection.latency();
        Duration timeout = request.timeout().orElse(null);
        if (timeout != null && latency.compareTo(timeout) >= 0) {
            return failing(timeout, HttpFailures.timedOut(), false, request, handler, version);
        }
        if (injection.failure() != null) {
            return injection.failure().in(new Failing<>(latency, injection.failureDelay(), request, handler, version));
        }
        Fault.CorruptBody corruption = injection.corruption();
        return new Exchange<>(
                latency,
                null,
                false,
                null,
                withTimeoutLeft(request, latency),
                corruption == null ? handler : CorruptingSubscriber.handler(handler, corruption),
                version);
    }

    /**
     * What the caller gets once the real exchange has answered, when {@code injection} strikes after the call: after
     * the after-call latency, the real response, or in its place the after-call failure.
     */
    static <T> HttpResponse<T> afterCall(
            Injection injection,
            HttpResponse<T> response,
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpClient.Version version)
            throws IOException, InterruptedException {
        Fault.Failure lost = injection.failureAfterCall();
        if (lost == null) {
            injection.pause(injection.latencyAfterCall());
            return response;
        }
        discard(response);
        Exchange<T> failing = lost.in(
                new Failing<>(injection.latencyAfterCall(), injection.failureDelay(), request, handler, version));
        injection.pause(failing.delay());
        return failing.send(null); // a failing exchange answers without a client
    }

    /** {@link #afterCall} without blocking: the injection's timer waits out the delay. */
    static <T> CompletableFuture<HttpResponse<T>> afterCallAsync(
            Injection injection,
            HttpResponse<T> response,
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpClient.Version version) {
        Fault.Failure lost = injection.failureAfterCall();
        if (lost == null) {
            return injection.delay(injection.latencyAfterCall()).thenApply(ignored -> response);
        }
        discard(response);
        return lost.in(new Failing<>(injection.latencyAfterCall(), injection.failureDelay(), request, handler, version))
                .sendAsync(injection, null); // a failing exchange answers without a client
    }

    /** Gives back what a response whose answer is lost still holds: a body still to be read. */
    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof AutoCloseable body) {
            try {
                body.close();
            } catch (Exception ignored) {
                // the caller gets the injected failure either way
            }
        }
    }

    /**
     * What each failure becomes at the JDK client: the exchange that fails, or answers, as a real server's would,
     * after {@code latency}.
     */
    private record Failing<T>(
            Duration latency,
            Duration failureDelay,
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpClient.Version version)
            implements Fault.Shape<Exchange<T>> {

        @Override
        public Exchange<T> exception(Fault.ExceptionFault fault) {
            return failing(latency, fault.newThrowable(), true, request, handler, version);
        }

        @Override
        public Exchange<T> jdbc(Fault.JdbcFailure fault) {
            // unreachable through an assault: a JDBC preset needs target.kind jdbc
            throw new IllegalArgumentException("a JDBC preset is not a failure an HTTP client can express");
        }

        @Override
        public Exchange<T> httpStatus(Fault.HttpStatus fault) {
            return new Exchange<>(latency, null, false, fault, request, handler, version);
        }

        @Override
        public Exchange<T> connectionRefused(Fault.ConnectionRefused fault) {
            return failing(latency, HttpFailures.refused(), false, request, handler, version);
        }

        @Override
        public Exchange<T> connectionReset(Fault.ConnectionReset fault) {
            return failing(latency, HttpFailures.reset(version), false, request, handler, version);
        }

        /** Hangs until the request's own timeout, when it comes first, then fails as a timed-out request. */
        @Override
        public Exchange<T> readTimeout(Fault.ReadTimeout fault) {
            Duration timeout = request.timeout().orElse(null);
            Duration hang = failureDelay;
            if (timeout != null && timeout.minus(latency).compareTo(hang) < 0) {
                hang = timeout.minus(latency);
            }
            return failing(latency.plus(hang), HttpFailures.timedOut(), false, request, handler, version);
        }
    }

    private static <T> Exchange<T> failing(
            Duration delay,
            Throwable failure,
            boolean asConfigured,
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpClient.Version version) {
        return new Exchange<>(delay, failure, asConfigured, null, request, handler, version);
    }

    /** The request with what is left of its own timeout once {@code spent} has passed. */
    private static HttpRequest withTimeoutLeft(HttpRequest request, Duration spent) {
        if (spent.isZero() || request.timeout().isEmpty()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true)
                .timeout(request.timeout().get().minus(spent))
                .build();
    }

    /** How long the exchange waits before it fails, answers or sends. */
    Duration delay() {
        return delay;
    }

    /** Completes the exchange on the caller's thread, once {@link #delay()} has passed. */
    HttpResponse<T> send(HttpClient client) throws IOException, InterruptedException {
        if (failure != null) {
            if (failureAsConfigured) {
                throw Failures.sneakyThrow(Failures.forSite(failure, IOException.class, InterruptedException.class));
            }
            throw HttpFailures.asThrownBySend(failure);
        }
        if (status != null) {
            try {
                return InjectedResponse.of(status, request, handler, version).get();
            } catch (ExecutionException failed) {
                throw HttpFailures.asThrownBySend(failed.getCause());
            }
        }
        return client.send(request, handler);
    }

    /**
     * Completes the exchange without blocking: {@code injection}'s timer waits out {@link #delay()}, and ends
     * early on the kill switch.
     */
    CompletableFuture<HttpResponse<T>> sendAsync(
            Injection injection,
            BiFunction<HttpRequest, HttpResponse.BodyHandler<T>, CompletableFuture<HttpResponse<T>>> client) {
        return injection.delay(delay).thenCompose(ignored -> {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (status != null) {
                return InjectedResponse.of(status, request, handler, version);
            }
            return client.apply(request, handler);
        });
    }
}
