package dev.turbulence.spring;

import dev.turbulence.schema.Json;
import dev.turbulence.schema.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.PathContainer;
import org.springframework.lang.Nullable;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The bodies of requests to the {@code chaos} endpoint, as its servlet and reactive filters guard them: at most
 * {@value #LIMIT} bytes, and the body of {@code POST <chaos path>/assaults/{name}} handed on as the one field
 * {@code definition} of {@link ChaosEndpoint#write}, its text unchanged (actuator binds a body as flat fields, while
 * an assault definition is a nested document). Immutable.
 */
final class EndpointBodies {

    /** The largest body accepted, in bytes (64 KiB). */
    static final int LIMIT = 64 * 1024;

    private final PathPattern endpoint;
    private final PathPattern definition;

    /** @param endpointPath the {@code chaos} endpoint's path, as the filters see request paths */
    EndpointBodies(String endpointPath) {
        PathPatternParser parser = PathPatternParser.defaultInstance;
        this.endpoint = parser.parse(endpointPath + "/**");
        this.definition = parser.parse(endpointPath + "/assaults/{name}");
    }

    /** Whether {@code path} is the endpoint's or below it. */
    boolean guards(PathContainer path) {
        return endpoint.matches(path);
    }

    /** Whether a request's body is an assault definition, handed on by {@link #handedOn}. */
    boolean isDefinition(String method, PathContainer path) {
        return "POST".equals(method) && definition.matches(path);
    }

    /**
     * The body of a definition as the endpoint binds it, {@code {"definition": "<body>"}}.
     *
     * @return {@code null} when {@code body} is not UTF-8
     */
    @Nullable
    static byte[] handedOn(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
        return Json.write(Map.of("definition", text)).getBytes(StandardCharsets.UTF_8);
    }

    /** The problem of a body over the limit, {@code size} being its declared length or what was read of it. */
    static Problem tooLarge(Object size) {
        return new Problem("(body)", size, "must be at most " + LIMIT + " bytes (64 KiB)");
    }

    /** The problem of a definition that is not UTF-8. */
    static Problem notUtf8(int size) {
        return new Problem("(body)", size + " bytes", "must be UTF-8 JSON");
    }

    /** The endpoint's JSON answer for {@code problem}. */
    static byte[] errors(Problem problem) {
        return Json.write(new ChaosEndpoint.Errors(List.of(problem))).getBytes(StandardCharsets.UTF_8);
    }
}
