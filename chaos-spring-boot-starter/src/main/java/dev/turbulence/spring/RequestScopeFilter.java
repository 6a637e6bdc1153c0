package dev.turbulence.spring;

import dev.turbulence.RequestScope;
import dev.turbulence.RequestScopes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the signed chaos context of each request the application receives ({@value RequestScopes#HEADER}) and binds
 * its {@link RequestScope} to the thread that serves the request, for as long as it does: the request-scoped
 * assaults it names apply to that request's calls — its own endpoint, when inbound chaos is on, and its outgoing
 * HTTP calls, which forward the context — and to no other request. A context that is malformed, forged, expired or
 * too long is ignored and counted on {@code chaos.request.scope.ignored} (tag {@code reason}). Runs after Spring
 * Security's filter chain and before the inbound chaos filter. Thread-safe.
 */
final class RequestScopeFilter extends OncePerRequestFilter implements Ordered {

    private final RequestScopes scopes;
    private final IgnoredRequestScopes ignored;

    RequestScopeFilter(RequestScopes scopes, IgnoredRequestScopes ignored) {
        this.scopes = scopes;
        this.ignored = ignored;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RequestScopes.Reading reading = scopes.read(request.getHeader(RequestScopes.HEADER));
        ignored.count(reading);
        if (reading.scope() == null) {
            chain.doFilter(request, response);
            return;
        }
        try (RequestScope.Binding bound = reading.scope().bind()) {
            chain.doFilter(request, response);
        }
    }

    @Override
    public int getOrder() {
        return -50;
    }
}
