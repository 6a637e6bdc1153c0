package dev.turbulence.resilience4j;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A declared {@link DeclaredCall.Request} made real: sends it, without a body, to the scheme and authority of
 * {@code server}, and fails when the answer is a 5xx, as the application's callers would see a failure. The
 * answer's body is discarded. Thread-safe.
 */
final class RequestCall implements Callable<Object> {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http;
    private final DeclaredCall.Request request;
    private final URI uri;

    RequestCall(HttpClient http, DeclaredCall.Request request, URI server) {
        this.http = http;
        this.request = request;
        this.uri = URI.create(server.getScheme() + "://" + server.getRawAuthority() + request.path());
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * @throws IOException when the server answers a 5xx or cannot be reached
     * @throws InterruptedException when the load stops during the request
     */
    @Override
    public Object call() throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(uri)
                        .method(request.method(), HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() >= 500) {
            throw new IOException(request.describe() + " answered " + response.statusCode());
        }
        return response.statusCode();
    }
}
