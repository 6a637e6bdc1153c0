package dev.turbulence.spring.http;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * What application code sees of one call. {@link #of} is the whole exception chain with types, messages and the
 * response details a status handler reads: for chains our own injection builds. {@link #caught} is what a catch
 * block can tell apart: for comparing an injected fault with a real server's, whose JDK-internal causes and
 * messages change with races inside the JDK's clients.
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
     * The type the caller catches, with the response details a status handler reads, and the first network
     * failure among its causes (a {@link SocketException}, such as {@code ConnectException}, or a {@code
     * *TimeoutException}): the one cause resilience code tests for. No messages, no other causes.
     */
    static String caught(Callable<?> call) {
        try {
            return "returned " + call.call();
        } catch (Throwable failure) {
            return caught(failure);
        }
    }

    static String caught(Throwable failure) {
        String view = failure.getClass().getName() + details(failure);
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                // a connector's own subclass (Netty's AnnotatedConnectException) is caught as this one
                return view + " <- " + ConnectException.class.getName();
            }
            if (cause instanceof SocketException
                    || cause.getClass().getSimpleName().endsWith("TimeoutException")) {
                return view + " <- " + cause.getClass().getName();
            }
        }
        return view;
    }

    /**
     * Makes views of calls to different loopback ports comparable: a refused call goes to another port than
     * the server's. Tests that normalise also check that the original address is still named.
     */
    static String withoutPorts(String view) {
        return view.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>");
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
