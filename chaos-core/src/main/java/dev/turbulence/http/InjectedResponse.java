package dev.turbulence.http;

import dev.turbulence.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSession;

/** The response of an {@code http-status} fault: its body is read through the caller's body handler. */
record InjectedResponse<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body, HttpClient.Version version)
        implements HttpResponse<T> {

    /** Completes when the handler's subscriber has read the body, as the JDK's future does. */
    static <T> CompletableFuture<HttpResponse<T>> of(
            Fault.HttpStatus status, HttpRequest request, BodyHandler<T> handler, HttpClient.Version version) {
        Map<String, List<String>> values = status.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, header -> List.of(header.getValue())));
        HttpHeaders headers = HttpHeaders.of(values, (name, value) -> true);
        try {
            BodySubscriber<T> subscriber = handler.apply(new Info(status.status(), headers, version));
            subscriber.onSubscribe(
                    new BytesSubscription(subscriber, status.body().getBytes(StandardCharsets.UTF_8)));
            return subscriber
                    .getBody()
                    .toCompletableFuture()
                    .thenApply(body -> new InjectedResponse<>(status.status(), request, headers, body, version));
        } catch (RuntimeException handlerFailed) {
            return CompletableFuture.failedFuture(handlerFailed);
        }
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return request.uri();
    }

    @Override
    public String toString() {
        return "(" + request.method() + " " + request.uri() + ") " + statusCode;
    }

    private record Info(int statusCode, HttpHeaders headers, HttpClient.Version version) implements ResponseInfo {}
}
