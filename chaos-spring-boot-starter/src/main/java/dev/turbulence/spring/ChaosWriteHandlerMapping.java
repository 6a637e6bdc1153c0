package dev.turbulence.spring;

import dev.turbulence.AssaultSchema;
import dev.turbulence.InvalidAssaultException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.Ordered;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves {@code POST <actuator base path>/chaos/assaults/{name}} with the assault's JSON as the body.
 * Actuator operations read request bodies as flat strings only, so this one write, whose body is the
 * nested assault schema, is answered here — ahead of actuator's own mapping, only where the {@code chaos}
 * endpoint is exposed — and handed to {@link ChaosEndpoint#define}.
 */
final class ChaosWriteHandlerMapping implements HandlerMapping, Ordered {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChaosEndpoint endpoint;
    private final String prefix;

    ChaosWriteHandlerMapping(ChaosEndpoint endpoint, String basePath) {
        this.endpoint = endpoint;
        this.prefix = basePath + "/chaos/assaults/";
    }

    @Override
    public HandlerExecutionChain getHandler(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!"POST".equals(request.getMethod())
                || !path.startsWith(prefix)
                || path.indexOf('/', prefix.length()) >= 0) {
            return null;
        }
        String name = path.substring(prefix.length());
        return new HandlerExecutionChain((HttpRequestHandler) (req, res) -> define(name, req, res));
    }

    private void define(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
        WebEndpointResponse<Object> result;
        try {
            Object tree = AssaultSchema.parseTree(
                    new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            result = endpoint.define(name, tree, request.getUserPrincipal());
        } catch (InvalidAssaultException unreadable) {
            result = new WebEndpointResponse<>(
                    new ChaosEndpoint.Errors(unreadable.problems()), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        response.setStatus(result.getStatus());
        response.setContentType("application/json");
        response.getOutputStream().write(JSON.writeValueAsBytes(result.getBody()));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
