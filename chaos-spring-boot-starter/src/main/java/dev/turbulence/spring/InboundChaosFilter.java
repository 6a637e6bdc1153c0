package dev.turbulence.spring;

import dev.turbulence.Failures;
import dev.turbulence.Fault;
import dev.turbulence.Injection;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Injects faults into the requests the application's servlet endpoints receive, at the {@link InboundSite}: a
 * {@code latency} holds the request back before the application sees it; {@code http-status} answers in its place
 * with the fault's status, headers and body; {@code exception} is thrown where the application's endpoint would
 * run, so the server answers as it answers the application's own errors (500 from Boot's error handling);
 * {@code connection-reset} sends the status line and headers of a 200, then the server drops the connection without
 * a body, so the caller meets an I/O error reading the answer, as after a reset. The request's own endpoint never
 * runs when a failure strikes.
 *
 * <p>Runs after Spring Security's filter chain (a refused request is refused, not assaulted) and after the
 * observation filter, so the application's own {@code http.server.requests} meter records what its callers saw.
 * Error and asynchronous dispatches pass through. Thread-safe.
 */
final class InboundChaosFilter extends OncePerRequestFilter implements Ordered {

    private final InboundSite site;

    InboundChaosFilter(InboundSite site) {
        this.site = site;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Injection injection = site.isTargeted()
                ? site.decide(request.getMethod(), ChaosRequestBodyFilter.pathWithinApplication(request))
                : null;
        if (injection == null) {
            chain.doFilter(request, response);
            return;
        }
        injection.pause(injection.latency());
        Fault.Failure failure = injection.failure();
        if (failure == null) {
            chain.doFilter(request, response);
        } else {
            failure.in(ANSWERS).answer(response);
        }
    }

    @Override
    public int getOrder() {
        return 0;
    }

    /** What a failure does to the response of a request it replaces. */
    @FunctionalInterface
    private interface Answer {
        void answer(HttpServletResponse response) throws IOException, ServletException;
    }

    /** What each failure becomes at an application's servlet endpoint. */
    private static final Fault.Shape<Answer> ANSWERS = new Fault.Shape<>() {
        @Override
        public Answer exception(Fault.ExceptionFault fault) {
            return response -> {
                throw Failures.sneakyThrow(
                        Failures.forSite(Failures.of(fault), IOException.class, ServletException.class));
            };
        }

        @Override
        public Answer jdbc(Fault.JdbcFailure fault) {
            // unreachable through an assault: a JDBC preset needs target.kind jdbc
            throw new IllegalArgumentException("a JDBC preset is not a failure an endpoint can answer with");
        }

        @Override
        public Answer httpStatus(Fault.HttpStatus fault) {
            return response -> {
                response.setStatus(fault.status());
                fault.headers().forEach(response::addHeader);
                response.getOutputStream().write(fault.body().getBytes(StandardCharsets.UTF_8));
            };
        }

        @Override
        public Answer connectionRefused(Fault.ConnectionRefused fault) {
            // unreachable through an assault: the connection of a request is open already
            throw new IllegalArgumentException("connection-refused is not a failure an endpoint can answer with");
        }

        @Override
        public Answer connectionReset(Fault.ConnectionReset fault) {
            return response -> {
                response.flushBuffer();
                // thrown once the answer has begun, this makes the server close the connection mid-answer
                throw new IOException("Connection reset by an inbound assault");
            };
        }

        @Override
        public Answer readTimeout(Fault.ReadTimeout fault) {
            // unreachable through an assault: target.kind inbound takes latency for a slow answer
            throw new IllegalArgumentException("read-timeout is not a failure an endpoint can answer with");
        }
    };
}
