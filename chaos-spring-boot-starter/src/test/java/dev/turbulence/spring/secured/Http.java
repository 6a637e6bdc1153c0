package dev.turbulence.spring.secured;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.lang.Nullable;

/** Real HTTP calls to a test server on the loopback address, as a user of the README's security or anonymously. */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** The {@code Authorization} header of {@code user} with {@link ActuatorSecurity#PASSWORD}. */
    public static String basic(String user) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + ActuatorSecurity.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code method} to {@code http://127.0.0.1:<port><path>}, with {@code json} as an
     * {@code application/json} body when given, as {@code user} or anonymously when {@code null}.
     */
    public HttpResponse<String> send(
            String method, int port, String path, @Nullable String json, @Nullable String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }
}
