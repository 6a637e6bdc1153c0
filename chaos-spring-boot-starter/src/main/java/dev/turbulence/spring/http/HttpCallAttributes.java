package dev.turbulence.spring.http;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpMethod;

/** The per-call attributes an HTTP target matches: {@code method}, {@code host}, {@code path}, {@code port}, {@code scheme}. */
final class HttpCallAttributes {

    private HttpCallAttributes() {}

    static Map<String, String> of(HttpMethod method, URI uri) {
        String scheme = Objects.requireNonNullElse(uri.getScheme(), "");
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equalsIgnoreCase("https") ? 443 : 80;
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        return Map.of(
                "method", method.name(),
                "host", Objects.requireNonNullElse(uri.getHost(), ""),
                "path", path,
                "port", Integer.toString(port),
                "scheme", scheme);
    }
}
