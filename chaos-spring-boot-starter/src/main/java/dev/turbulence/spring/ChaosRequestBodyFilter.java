package dev.turbulence.spring;

import dev.turbulence.schema.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Guards the bodies of requests to the {@code chaos} endpoint on a servlet management server, where only the
 * management context registers it, as {@link EndpointBodies} says. A body over {@value EndpointBodies#LIMIT} bytes is
 * answered with 413 without being read whole: at once when its {@code Content-Length} says so, otherwise after
 * {@value EndpointBodies#LIMIT} + 1 bytes. Everything else — exposure, access, port, base path, path mapping,
 * security — stays actuator's: this filter opens no path of its own.
 *
 * <p>Runs after Spring Security's filter chain, so a request that is refused there is never read. Thread-safe.
 */
final class ChaosRequestBodyFilter extends OncePerRequestFilter implements Ordered {

    private static final int LIMIT = EndpointBodies.LIMIT;

    private final EndpointBodies bodies;

    /** @param endpointPath the {@code chaos} endpoint's path under the management server's servlet */
    ChaosRequestBodyFilter(String endpointPath) {
        this.bodies = new EndpointBodies(endpointPath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PathContainer path = pathWithinApplication(request);
        if (!bodies.guards(path)) {
            chain.doFilter(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        byte[] body = declared > LIMIT ? null : readAtMost(request.getInputStream(), LIMIT);
        if (body == null) {
            reject(
                    response,
                    413,
                    EndpointBodies.tooLarge(declared > LIMIT ? declared : "more than " + LIMIT + " bytes"));
            return;
        }
        if (bodies.isDefinition(request.getMethod(), path)) {
            byte[] definition = EndpointBodies.handedOn(body);
            if (definition == null) {
                reject(response, 400, EndpointBodies.notUtf8(body.length));
                return;
            }
            body = definition;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    @Override
    public int getOrder() {
        return 0;
    }

    /** The request's path within the application, parsed as Spring MVC parses it, leaving the request as it was. */
    static PathContainer pathWithinApplication(HttpServletRequest request) {
        if (ServletRequestPathUtils.hasParsedRequestPath(request)) {
            return ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication();
        }
        PathContainer path = ServletRequestPathUtils.parseAndCache(request).pathWithinApplication();
        ServletRequestPathUtils.clearParsedRequestPath(request);
        return path;
    }

    /** The stream's bytes, or {@code null} if it holds more than {@code limit}; reads at most {@code limit + 1}. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int read; (read = in.read(buffer, 0, Math.min(buffer.length, limit + 1 - total))) > 0; ) {
            total += read;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static void reject(HttpServletResponse response, int status, Problem problem) throws IOException {
        response.setStatus(status);
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.getOutputStream().write(EndpointBodies.errors(problem));
    }

    /** The request with its body read already: {@code body} in place of the stream. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] target, int offset, int length) {
                    return in.read(target, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body is read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            return "Content-Length".equalsIgnoreCase(name) ? String.valueOf(body.length) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Content-Length".equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(String.valueOf(body.length)))
                    : super.getHeaders(name);
        }
    }
}
