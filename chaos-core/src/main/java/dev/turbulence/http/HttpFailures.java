package dev.turbulence.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;

/**
 * The exceptions the JDK client produces for the real failures, as measured against a real server: first
 * as its {@code sendAsync} future fails, then as its {@code send} throws them.
 */
final class HttpFailures {

    private HttpFailures() {}

    /** A connection refused, as the future of {@code sendAsync} fails with it. */
    static ConnectException refused() {
        ConnectException refused = new ConnectException();
        refused.initCause(new ClosedChannelException());
        return refused;
    }

    /** A connection reset by the peer, as the future of {@code sendAsync} fails with it over {@code version}. */
    static IOException reset(HttpClient.Version version) {
        SocketException reset = new SocketException("Connection reset");
        return version == HttpClient.Version.HTTP_1_1
                ? new IOException("HTTP/1.1 header parser received no bytes", reset)
                : reset;
    }

    /** A request whose own timeout passed. */
    static HttpTimeoutException timedOut() {
        return new HttpTimeoutException("request timed out");
    }

    /** As {@code send} throws what failed its exchange: a copy of the same type, the failure as its cause. */
    static IOException asThrownBySend(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof HttpTimeoutException) {
            return new HttpTimeoutException(message);
        }
        if (failure instanceof ConnectException) {
            ConnectException refused = new ConnectException(message);
            refused.initCause(failure);
            return refused;
        }
        return new IOException(message, failure);
    }
}
