package dev.turbulence.spring;

import dev.turbulence.Failures;
import dev.turbulence.Fault;
import dev.turbulence.Injection;
import dev.turbulence.ReactorSignals;
import dev.turbulence.RequestScopes;
import dev.turbulence.spring.http.ReactiveRequestScopes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Injects faults into the requests a WebFlux application's endpoints receive, at the {@link InboundSite}, decided
 * once per request; no thread ever waits. A {@code latency} is a {@code Mono.delay} before the application sees the
 * request (cut short by the kill switch); {@code http-status} answers in its place with the fault's status, headers
 * and body; {@code exception} is signalled where the application's handler would run, so the server answers as it
 * answers the application's own errors (500 from Boot's error handling); {@code connection-reset} sends the status
 * line and headers of a 200, then the server drops the connection without a body, so the caller meets an I/O error
 * reading the answer, as after a reset. The request's own handler never runs when a failure strikes.
 *
 * <p>Runs after Spring Security's web filter (a refused request is refused, not assaulted). Thread-safe.
 */
final class InboundChaosWebFilter implements WebFilter, Ordered {

    private final InboundSite site;
    private final RequestScopes scopes;

    InboundChaosWebFilter(InboundSite site, RequestScopes scopes) {
        this.site = site;
        this.scopes = scopes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return scopes.isOff()
                ? assembled(exchange, chain)
                : ReactiveRequestScopes.assembled(() -> assembled(exchange, chain));
    }

    private Mono<Void> assembled(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        Injection injection = site.isTargeted()
                ? site.decide(request.getMethod().name(), request.getPath().pathWithinApplication())
                : null;
        if (injection == null) {
            return chain.filter(exchange);
        }
        Fault.Failure failure = injection.failure();
        Mono<Void> answered = Mono.defer(
                () -> failure == null ? chain.filter(exchange) : failure.in(new Answering(exchange.getResponse())));
        return injection.latency().isZero()
                ? answered
                : ReactorSignals.timer(injection, injection.latency()).then(answered);
    }

    @Override
    public int getOrder() {
        return 0;
    }

    /** What each failure becomes at a WebFlux endpoint: the answer written in the handler's place. */
    private record Answering(ServerHttpResponse response) implements Fault.Shape<Mono<Void>> {

        @Override
        public Mono<Void> exception(Fault.ExceptionFault fault) {
            return Mono.error(Failures.of(fault));
        }

        @Override
        public Mono<Void> jdbc(Fault.JdbcFailure fault) {
            // unreachable through an assault: a JDBC preset needs target.kind jdbc
            throw new IllegalArgumentException("a JDBC preset is not a failure an endpoint can answer with");
        }

        @Override
        public Mono<Void> httpStatus(Fault.HttpStatus fault) {
            response.setStatusCode(HttpStatusCode.valueOf(fault.status()));
            fault.headers().forEach(response.getHeaders()::add);
            DataBuffer body = response.bufferFactory().wrap(fault.body().getBytes(StandardCharsets.UTF_8));
            return response.writeWith(Mono.just(body));
        }

        @Override
        public Mono<Void> connectionRefused(Fault.ConnectionRefused fault) {
            // unreachable through an assault: the connection of a request is open already
            throw new IllegalArgumentException("connection-refused is not a failure an endpoint can answer with");
        }

        @Override
        public Mono<Void> connectionReset(Fault.ConnectionReset fault) {
            response.setStatusCode(HttpStatus.OK);
            // the headers are flushed with an empty first part; the error after it makes the server drop the
            // connection mid-answer
            return response.writeAndFlushWith(Flux.just(
                    Mono.just(response.bufferFactory().allocateBuffer(0)),
                    Mono.error(new IOException("Connection reset by an inbound assault"))));
        }

        @Override
        public Mono<Void> readTimeout(Fault.ReadTimeout fault) {
            // unreachable through an assault: target.kind inbound takes latency for a slow answer
            throw new IllegalArgumentException("read-timeout is not a failure an endpoint can answer with");
        }
    }
}
