package dev.turbulence.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * One request to the storefront on loopback, as a customer sends it: the traffic of one experiment. Counts
 * the calls and the failures the customers saw (a 5xx or no answer); a failed call throws, so the runner
 * counts it too. A call interrupted because the load stopped is not counted: no customer saw its end.
 * Thread-safe.
 */
final class StorefrontLoad implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final HttpRequest request;
    final LongAdder calls = new LongAdder();
    final LongAdder failures = new LongAdder();

    StorefrontLoad(HttpClient http, String method, URI uri) {
        this.http = http;
        this.request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(TIMEOUT)
                .build();
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException noAnswer) {
            count(false);
            throw noAnswer;
        }
        count(status < 500);
        if (status >= 500) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + status);
        }
        return status;
    }

    private void count(boolean answered) {
        calls.increment();
        if (!answered) {
            failures.increment();
        }
    }
}
