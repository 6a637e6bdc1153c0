package dev.turbulence.spring;

import dev.turbulence.RequestScope;
import dev.turbulence.RequestScopes;
import dev.turbulence.spring.http.ReactiveRequestScopes;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The WebFlux twin of {@link RequestScopeFilter}: reads each request's signed chaos context and puts its {@link
 * RequestScope} in the Reactor context of the request's handling, where the inbound chaos filter and the WebClient
 * filter find it (a WebClient call made within the handler's Mono carries it on). Ignored contexts are counted on
 * {@code chaos.request.scope.ignored}. Runs after Spring Security's web filter and before the inbound chaos filter.
 * Thread-safe.
 */
final class RequestScopeWebFilter implements WebFilter, Ordered {

    private final RequestScopes scopes;
    private final IgnoredRequestScopes ignored;

    RequestScopeWebFilter(RequestScopes scopes, IgnoredRequestScopes ignored) {
        this.scopes = scopes;
        this.ignored = ignored;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RequestScopes.Reading reading =
                scopes.read(exchange.getRequest().getHeaders().getFirst(RequestScopes.HEADER));
        ignored.count(reading);
        return reading.scope() == null
                ? chain.filter(exchange)
                : ReactiveRequestScopes.within(reading.scope(), chain.filter(exchange));
    }

    @Override
    public int getOrder() {
        return -50;
    }
}
