package dev.turbulence.spring.http;

import dev.turbulence.ChaosEngine;
import dev.turbulence.ChaosEvent;
import dev.turbulence.ChaosListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A loopback listener for one read-timeout call: the kernel accepts the connection and the request, nobody
 * ever answers, so the client waits for its own read timeout and raises its own exception. The wait is cut
 * short at {@code limit} or by the kill switch: the listener closes, the client's connection is reset, and
 * {@link #cutShort()} tells the adapter to report a timeout instead of that reset.
 */
final class SilentPeer implements AutoCloseable {

    private final ChaosEngine engine;
    private final ServerSocket listener;
    private final CompletableFuture<Void> deadline = new CompletableFuture<>();
    private final ChaosListener killSwitch = event -> {
        if (event instanceof ChaosEvent.Switched switched && !switched.enabled()) {
            cut();
        }
    };
    private volatile boolean cutShort;

    private SilentPeer(ChaosEngine engine, Duration limit) throws IOException {
        this.engine = engine;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        engine.addListener(killSwitch);
        if (!engine.isEnabled()) {
            cut();
        }
        deadline.completeOnTimeout(null, limit.toNanos(), TimeUnit.NANOSECONDS).thenRun(this::cut);
    }

    /** Opens a silent listener that closes itself after {@code limit} or when chaos is switched off. */
    static SilentPeer open(ChaosEngine engine, Duration limit) throws IOException {
        return new SilentPeer(engine, limit);
    }

    /** Where to send the request. */
    URI uri() {
        return Loopback.uri(listener.getLocalPort());
    }

    /** Whether the wait ended at the limit or by the kill switch, rather than by the client's own timeout. */
    boolean cutShort() {
        return cutShort;
    }

    private void cut() {
        cutShort = true;
        closeListener();
    }

    @Override
    public void close() {
        engine.removeListener(killSwitch);
        deadline.cancel(false);
        closeListener();
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // the listener is gone either way
        }
    }
}
