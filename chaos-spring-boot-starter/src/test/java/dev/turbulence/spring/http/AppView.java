package dev.turbulence.spring.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * What application code sees of one call: the value, or the exception chain with types, messages and the
 * response details a status handler reads. Comparing two views compares the app-visible outcome.
 */
final class AppView {

    private AppView() {}

    static String of(Callable<?> call) {
        try {
            return "returned " + call.call();
        } catch (Throwable failure) {
            return of(failure);
        }
    }

    static String of(Throwable failure) {
        List<String> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            chain.add(cause.getClass().getName() + "(" + cause.getMessage() + ")" + details(cause));
        }
        return String.join(" <- ", chain);
    }

    /**
     * Makes views of calls to different loopback ports comparable: a refused call goes to another port than
     * the server's. Tests that normalise also check that the original address is still named.
     */
    static String withoutPorts(String view) {
        return view.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>");
    }

    /**
     * Spring's JDK request factory reports its own read timeout with the message {@code null} or {@code
     * Request cancelled}, depending on a race inside it; this makes both the same.
     */
    static String withoutJdkTimeoutRace(String view) {
        return view.replace("Request cancelled", "null");
    }

    private static String details(Throwable failure) {
        if (failure instanceof RestClientResponseException response) {
            return " status=" + response.getStatusCode() + " text=" + response.getStatusText() + " body="
                    + response.getResponseBodyAsString() + " retryAfter="
                    + response.getResponseHeaders().getFirst("Retry-After");
        }
        if (failure instanceof WebClientResponseException response) {
            return " status=" + response.getStatusCode() + " text=" + response.getStatusText() + " body="
                    + response.getResponseBodyAsString() + " retryAfter="
                    + response.getHeaders().getFirst("Retry-After") + " request="
                    + response.getRequest().getMethod() + " "
                    + response.getRequest().getURI();
        }
        if (failure instanceof WebClientRequestException request) {
            return " request=" + request.getMethod() + " " + request.getUri();
        }
        return "";
    }
}
