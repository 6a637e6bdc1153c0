package dev.turbulence.spring;

import dev.turbulence.schema.Problem;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards the bodies of requests to the {@code chaos} endpoint on a WebFlux management server, where only the
 * management context registers it, as {@link EndpointBodies} says. A body over {@value EndpointBodies#LIMIT} bytes is
 * answered with 413 without being read whole: at once when its {@code Content-Length} says so, otherwise as soon as
 * more than {@value EndpointBodies#LIMIT} bytes have arrived. Everything else — exposure, access, port, base path,
 * path mapping, security — stays actuator's: this filter opens no path of its own.
 *
 * <p>Runs after Spring Security's web filter, so a request that is refused there is never read. Thread-safe.
 */
final class ChaosReactiveRequestBodyFilter implements WebFilter, Ordered {

    private final EndpointBodies bodies;

    /** @param endpointPath the {@code chaos} endpoint's path within the management server's application */
    ChaosReactiveRequestBodyFilter(String endpointPath) {
        this.bodies = new EndpointBodies(endpointPath);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        PathContainer path = request.getPath().pathWithinApplication();
        if (!bodies.guards(path)) {
            return chain.filter(exchange);
        }
        long declared = request.getHeaders().getContentLength();
        if (declared > EndpointBodies.LIMIT) {
            return reject(exchange.getResponse(), 413, EndpointBodies.tooLarge(declared));
        }
        return DataBufferUtils.join(request.getBody(), EndpointBodies.LIMIT)
                .map(ChaosReactiveRequestBodyFilter::bytes)
                .defaultIfEmpty(new byte[0])
                .map(Optional::of)
                .onErrorResume(DataBufferLimitException.class, tooLarge -> Mono.just(Optional.empty()))
                .flatMap(read -> {
                    if (read.isEmpty()) {
                        return reject(
                                exchange.getResponse(),
                                413,
                                EndpointBodies.tooLarge("more than " + EndpointBodies.LIMIT + " bytes"));
                    }
                    byte[] body = read.get();
                    if (bodies.isDefinition(request.getMethod().name(), path)) {
                        byte[] definition = EndpointBodies.handedOn(body);
                        if (definition == null) {
                            return reject(exchange.getResponse(), 400, EndpointBodies.notUtf8(body.length));
                        }
                        body = definition;
                    }
                    return chain.filter(exchange.mutate()
                            .request(new ReadBody(request, body))
                            .build());
                });
    }

    @Override
    public int getOrder() {
        return 0;
    }

    private static byte[] bytes(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }

    private static Mono<Void> reject(ServerHttpResponse response, int status, Problem problem) {
        response.setStatusCode(HttpStatusCode.valueOf(status));
        response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(EndpointBodies.errors(problem))));
    }

    /** The request with its body read already: {@code body} in place of the stream. */
    private static final class ReadBody extends ServerHttpRequestDecorator {

        private final byte[] body;

        ReadBody(ServerHttpRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            // an empty body stays empty, not one empty buffer, which a decoder would take for a malformed document
            return body.length == 0
                    ? Flux.empty()
                    : Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
        }
    }
}
