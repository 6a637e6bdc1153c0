package dev.turbulence.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A JDK HTTP server on 127.0.0.1 at a free port that answers every request with a short {@code 200}. */
final class LoopbackServer implements AutoCloseable {

    private static final byte[] BODY = "42 in stock".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(2);

    private LoopbackServer(HttpServer server) {
        this.server = server;
    }

    static LoopbackServer start() throws IOException {
        // Without it, Nagle's algorithm and delayed acknowledgements hold each response for about 40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/stock", exchange -> {
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(BODY);
            }
        });
        LoopbackServer loopback = new LoopbackServer(server);
        server.setExecutor(loopback.handlers);
        server.start();
        return loopback;
    }

    URI stock() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/stock");
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
