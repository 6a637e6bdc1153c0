package dev.turbulence.http;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The per-call attributes an HTTP target matches: {@code method}, {@code host}, {@code path}, {@code port}
 * ({@code 80}/{@code 443} when the URI gives none) and {@code scheme}. One definition for every HTTP adapter.
 */
public final class HttpCallAttributes {

    private HttpCallAttributes() {}

    public static Map<String, String> of(String method, URI uri) {
        String scheme = Objects.requireNonNullElse(uri.getScheme(), "");
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equalsIgnoreCase("https") ? 443 : 80;
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        return Map.of(
                "method", method,
                "host", Objects.requireNonNullElse(uri.getHost(), ""),
                "path", path,
                "port", Integer.toString(port),
                "scheme", scheme);
    }
}
