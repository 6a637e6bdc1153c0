package dev.turbulence.resilience4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpRequest;

/** A real HTTP downstream on loopback: {@code GET /stock} answers 200 with {@code 42}. */
final class Downstream implements AutoCloseable {

    private final WireMockServer server =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    Downstream() {
        server.start();
        server.stubFor(get("/stock").willReturn(aResponse().withStatus(200).withBody("42")));
    }

    HttpRequest stockRequest() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/stock"))
                .GET()
                .build();
    }

    int requestsReceived() {
        return server.getAllServeEvents().size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
