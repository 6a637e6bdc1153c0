package dev.turbulence.spring.http;

import dev.turbulence.CallSite;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Failures;
import dev.turbulence.Fault;
import dev.turbulence.Injection;
import dev.turbulence.RequestScopes;
import dev.turbulence.http.HttpCallAttributes;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * Injects faults into the calls of a {@code RestClient} or {@code RestTemplate}: one call site of kind
 * {@code http} named after the client, with the per-call attributes {@code method}, {@code host},
 * {@code path}, {@code port} and {@code scheme}. Add it last, so that it sits closest to the network.
 *
 * <p>Each fault takes the shape the real failure has for the client's request factory, and replaces the
 * request, so the server receives nothing: {@code http-status} returns a response the client's status
 * handlers see as if a server had sent it; {@code connection-refused} connects to a closed loopback port, so
 * the request factory raises its own exception; {@code read-timeout} sends the request to a loopback socket
 * that never answers, so the factory's own read timeout fires (or, sooner, the fault's {@code after}, the
 * assault's expiry or the kill switch, which end in a {@link SocketTimeoutException}); {@code
 * connection-reset} throws {@code SocketException("Connection reset")}; {@code exception} throws the
 * configured exception (a checked one that is no {@link IOException} inside an
 * {@code InjectedFaultException}). The client wraps every {@link IOException} in a
 * {@code ResourceAccessException}, as it does for real ones. {@code latency} blocks the calling thread
 * (ending early on the kill switch), then sends the request; {@code corrupt-body} sends it, then damages the
 * body of the real response, which it reads whole. From an after-call assault the request is sent and answered
 * first; then the latency holds the response back, or the failure takes its place (the response is closed).
 *
 * <p>A request made while a {@link dev.turbulence.RequestScope} is bound carries its signed context in the {@value
 * RequestScopes#HEADER} header to the hosts the engine's {@link RequestScopes} allows, so the next hop sees the same
 * request-scoped assaults.
 *
 * <p>Thread-safe. With chaos off, or no assault aimed at this client, the request and the response pass
 * through untouched: one volatile read while chaos is off, a cached lookup while it is on, no allocation.
 */
public final class ChaosClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

    private final ChaosEngine engine;
    private final CallSite site;

    private ChaosClientHttpRequestInterceptor(ChaosEngine engine, String clientName) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.site = engine.callSite(CallSiteKind.HTTP, Objects.requireNonNull(clientName, "clientName"), Map.of());
    }

    /**
     * An interceptor for the client called {@code clientName}: the call-site name that targets match.
     *
     * @throws NullPointerException if {@code engine} or {@code clientName} is null
     */
    public static ChaosClientHttpRequestInterceptor of(ChaosEngine engine, String clientName) {
        return new ChaosClientHttpRequestInterceptor(engine, clientName);
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String context = engine.requestScopes().forwardedTo(request.getURI().getHost());
        if (context != null) {
            request.getHeaders().set(RequestScopes.HEADER, context);
        }
        Injection injection = site.isTargeted()
                ? site.decide(HttpCallAttributes.of(request.getMethod().name(), request.getURI()))
                : null;
        return injection == null ? execution.execute(request, body) : assaulted(injection, request, body, execution);
    }

    private ClientHttpResponse assaulted(
            Injection injection, HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        injection.pause(injection.latency());
        if (injection.failure() != null) {
            return injection
                    .failure()
                    .in(new Failing(injection, request, body, execution))
                    .get();
        }
        ClientHttpResponse response = execution.execute(request, body);
        injection.pause(injection.latencyAfterCall());
        Fault.Failure lost = injection.failureAfterCall();
        if (lost != null) {
            response.close();
            return lost.in(new Failing(injection, request, body, execution)).get();
        }
        return injection.corruption() == null
                ? response
                : InjectedClientHttpResponse.corrupted(response, injection.corruption());
    }

    /** The answer to one failing request: a response, or what the request throws. */
    @FunctionalInterface
    private interface Answer {
        ClientHttpResponse get() throws IOException;
    }

    /** What each failure becomes at a {@code ClientHttpRequestInterceptor}: what a real connector would do. */
    private final class Failing implements Fault.Shape<Answer> {
        private final Injection injection;
        private final HttpRequest request;
        private final byte[] body;
        private final ClientHttpRequestExecution execution;

        Failing(Injection injection, HttpRequest request, byte[] body, ClientHttpRequestExecution execution) {
            this.injection = injection;
            this.request = request;
            this.body = body;
            this.execution = execution;
        }

        @Override
        public Answer exception(Fault.ExceptionFault fault) {
            return () -> {
                throw Failures.sneakyThrow(Failures.forSite(fault.newThrowable(), IOException.class));
            };
        }

        @Override
        public Answer jdbc(Fault.JdbcFailure fault) {
            // unreachable through an assault: a JDBC preset needs target.kind jdbc
            throw new IllegalArgumentException("a JDBC preset is not a failure an HTTP client can express");
        }

        @Override
        public Answer httpStatus(Fault.HttpStatus fault) {
            return () -> InjectedClientHttpResponse.of(fault);
        }

        @Override
        public Answer connectionRefused(Fault.ConnectionRefused fault) {
            return () -> execution.execute(redirected(request, Loopback.refusing()), body);
        }

        @Override
        public Answer connectionReset(Fault.ConnectionReset fault) {
            return () -> {
                throw Failures.sneakyThrow(Failures.forSite(Failures.of(fault), IOException.class));
            };
        }

        @Override
        public Answer readTimeout(Fault.ReadTimeout fault) {
            return () -> hang(injection.failureDelay(), request, body, execution);
        }
    }

    private ClientHttpResponse hang(
            Duration limit, HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
        try (SilentPeer peer = SilentPeer.open(engine, limit)) {
            try {
                return execution.execute(redirected(request, peer.uri()), body);
            } catch (IOException failure) {
                if (peer.cutShort()) {
                    throw new SocketTimeoutException("Read timed out");
                }
                throw failure;
            }
        }
    }

    private static HttpRequest redirected(HttpRequest request, URI uri) {
        return new HttpRequestWrapper(request) {
            @Override
            public URI getURI() {
                return uri;
            }
        };
    }
}
