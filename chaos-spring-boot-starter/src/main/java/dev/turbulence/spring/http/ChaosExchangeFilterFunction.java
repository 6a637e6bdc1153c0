package dev.turbulence.spring.http;

import dev.turbulence.CallSite;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Failures;
import dev.turbulence.Fault;
import dev.turbulence.Injection;
import dev.turbulence.ReactorSignals;
import dev.turbulence.RequestScopes;
import dev.turbulence.http.HttpCallAttributes;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClientException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Injects faults into the calls of a {@code WebClient}: one call site of kind {@code http} named after the
 * client, with the per-call attributes {@code method}, {@code host}, {@code path}, {@code port} and
 * {@code scheme}, decided anew on every subscription (so each retry is a new call).
 *
 * <p>Faults arrive as signals, never as a throw at assembly time, and no thread ever waits: {@code latency}
 * is a {@code Mono.delay} before the real exchange. Every other failure replaces the request, so the server
 * receives nothing: {@code http-status} emits a {@link ClientResponse} that goes through {@code retrieve()}
 * and {@code onStatus} as one from a server would (decoded with the default codecs);
 * {@code connection-refused} connects to a closed loopback port, so the connector signals its own error;
 * {@code read-timeout} sends the request to a loopback socket that never answers, so the caller's
 * {@code timeout()} or the connector's own response timeout fires (or, sooner, the fault's {@code after},
 * the assault's expiry or the kill switch, which signal a {@link TimeoutException}); {@code
 * connection-reset} signals {@code SocketException("Connection reset")}. Those I/O errors arrive in a
 * {@link WebClientRequestException} for the original request, as real ones do; {@code exception} signals
 * the configured exception as it is. {@code corrupt-body} damages the body of the real response, which it
 * buffers whole. From an after-call assault the real exchange runs first; then the latency holds the response
 * back, or the failure takes its place (the response's body is released).
 *
 * <p>A request made while a {@link dev.turbulence.RequestScope} is bound carries its signed context in the {@value
 * RequestScopes#HEADER} header to the hosts the engine's {@link RequestScopes} allows, so the next hop sees the same
 * request-scoped assaults; on a WebFlux server the scope comes from the subscriber's context ({@link
 * ReactiveRequestScopes}), and with request scopes on, each exchange is assembled at subscription to read it.
 *
 * <p>Thread-safe. With chaos off, or no assault aimed at this client, the exchange passes through
 * untouched: one volatile read while chaos is off, a cached lookup while it is on, no allocation
 * while request scopes are off.
 */
public final class ChaosExchangeFilterFunction implements ExchangeFilterFunction {

    private final ChaosEngine engine;
    private final CallSite site;

    private ChaosExchangeFilterFunction(ChaosEngine engine, String clientName) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.site = engine.callSite(CallSiteKind.HTTP, Objects.requireNonNull(clientName, "clientName"), Map.of());
    }

    /**
     * A filter for the client called {@code clientName}: the call-site name that targets match.
     *
     * @throws NullPointerException if {@code engine} or {@code clientName} is null
     */
    public static ChaosExchangeFilterFunction of(ChaosEngine engine, String clientName) {
        return new ChaosExchangeFilterFunction(engine, clientName);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return engine.requestScopes().isOff()
                ? assembled(request, next)
                : ReactiveRequestScopes.assembled(() -> assembled(request, next));
    }

    private Mono<ClientResponse> assembled(ClientRequest sent, ExchangeFunction next) {
        String context = engine.requestScopes().forwardedTo(sent.url().getHost());
        ClientRequest request = context == null
                ? sent
                : ClientRequest.from(sent)
                        .headers(headers -> headers.set(RequestScopes.HEADER, context))
                        .build();
        Injection injection = site.isTargeted()
                ? site.decide(HttpCallAttributes.of(request.method().name(), request.url()))
                : null;
        if (injection == null) {
            return next.exchange(request);
        }
        Mono<ClientResponse> exchange = Mono.defer(() -> assaulted(injection, request, next));
        return injection.latency().isZero()
                ? exchange
                : ReactorSignals.timer(injection, injection.latency()).then(exchange);
    }

    private Mono<ClientResponse> assaulted(Injection injection, ClientRequest request, ExchangeFunction next) {
        if (injection.failure() != null) {
            return injection.failure().in(new Failing(injection, request, next));
        }
        Fault.CorruptBody corruption = injection.corruption();
        Mono<ClientResponse> answered = corruption == null
                ? next.exchange(request)
                : next.exchange(request)
                        .map(response -> response.mutate()
                                .body(body -> damaged(body, corruption))
                                .build());
        Fault.Failure lost = injection.failureAfterCall();
        Duration after = injection.latencyAfterCall();
        if (lost != null) {
            Mono<ClientResponse> failing = lost.in(new Failing(injection, request, next));
            return answered.flatMap(response -> response.releaseBody()
                    .then(
                            after.isZero()
                                    ? failing
                                    : ReactorSignals.timer(injection, after).then(failing)));
        }
        return after.isZero() ? answered : answered.delayUntil(response -> ReactorSignals.timer(injection, after));
    }

    /** What each failure becomes at a WebClient: what a real connector would signal. */
    private final class Failing implements Fault.Shape<Mono<ClientResponse>> {
        private final Injection injection;
        private final ClientRequest request;
        private final ExchangeFunction next;

        Failing(Injection injection, ClientRequest request, ExchangeFunction next) {
            this.injection = injection;
            this.request = request;
            this.next = next;
        }

        @Override
        public Mono<ClientResponse> exception(Fault.ExceptionFault fault) {
            return Mono.error(fault.newThrowable());
        }

        @Override
        public Mono<ClientResponse> jdbc(Fault.JdbcFailure fault) {
            // unreachable through an assault: a JDBC preset needs target.kind jdbc
            throw new IllegalArgumentException("a JDBC preset is not a failure an HTTP client can express");
        }

        @Override
        public Mono<ClientResponse> httpStatus(Fault.HttpStatus fault) {
            return Mono.just(response(fault, request));
        }

        @Override
        public Mono<ClientResponse> connectionRefused(Fault.ConnectionRefused fault) {
            return Mono.fromCallable(Loopback::refusing)
                    .flatMap(refusing -> next.exchange(redirected(request, refusing)))
                    .onErrorMap(error -> requestError(error, request));
        }

        @Override
        public Mono<ClientResponse> connectionReset(Fault.ConnectionReset fault) {
            return Mono.error(requestError(Failures.of(fault), request));
        }

        @Override
        public Mono<ClientResponse> readTimeout(Fault.ReadTimeout fault) {
            return Mono.using(
                    () -> SilentPeer.open(engine, injection.failureDelay()),
                    peer -> next.exchange(redirected(request, peer.uri()))
                            .onErrorMap(error -> requestError(
                                    peer.cutShort() ? new TimeoutException("Read timed out") : error, request)),
                    SilentPeer::close);
        }
    }

    /**
     * What a connector's failure becomes in a real exchange: a request error, here for the original request
     * rather than the loopback address it was sent to.
     */
    private static Throwable requestError(Throwable error, ClientRequest request) {
        if (error instanceof WebClientRequestException redirected) {
            return requestError(redirected.getCause(), request);
        }
        if (error instanceof WebClientException) {
            return error;
        }
        return new WebClientRequestException(error, request.method(), request.url(), request.headers());
    }

    private static ClientRequest redirected(ClientRequest request, URI uri) {
        return ClientRequest.from(request).url(uri).build();
    }

    private static ClientResponse response(Fault.HttpStatus status, ClientRequest request) {
        return ClientResponse.create(HttpStatusCode.valueOf(status.status()), ExchangeStrategies.withDefaults())
                .headers(headers -> status.headers().forEach(headers::add))
                .body(status.body())
                .request(asHttpRequest(request))
                .build();
    }

    private static Flux<DataBuffer> damaged(Flux<DataBuffer> body, Fault.CorruptBody corruption) {
        return DataBufferUtils.join(body)
                .<DataBuffer>map(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    return DefaultDataBufferFactory.sharedInstance.wrap(corruption.damage(bytes));
                })
                .flux();
    }

    private static HttpRequest asHttpRequest(ClientRequest request) {
        return new HttpRequest() {
            @Override
            public HttpMethod getMethod() {
                return request.method();
            }

            @Override
            public URI getURI() {
                return request.url();
            }

            @Override
            public Map<String, Object> getAttributes() {
                return request.attributes();
            }

            @Override
            public HttpHeaders getHeaders() {
                return request.headers();
            }
        };
    }
}
