package dev.turbulence.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.turbulence.ChaosEngine;
import dev.turbulence.RequestScope;
import dev.turbulence.RequestScopes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK client decorator carries the bound chaos context to the hosts allowed, and nowhere else. */
class ForwardedContextTest {

    private static final String SECRET = "a-secret-the-services-share-0123456789";
    private static final WireMockServer server =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    private final RequestScopes allowed = RequestScopes.of(SECRET, List.of("127.0.0.1"), Clock.systemUTC());
    private final RequestScopes elsewhere = RequestScopes.of(SECRET, List.of("*.internal"), Clock.systemUTC());
    private final HttpClient real = HttpClient.newHttpClient();
    private ChaosEngine engine;

    @BeforeAll
    static void startServer() {
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void stubServer() {
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void aRequestSentWithinAScopeCarriesItsContextToAnAllowedHost() throws Exception {
        RequestScope scope = scope(allowed);
        HttpClient client = ChaosHttpClient.decorate(engine = engineWith(allowed), "inventory", real);

        try (RequestScope.Binding bound = scope.bind()) {
            client.send(request(), HttpResponse.BodyHandlers.discarding());
            client.sendAsync(request(), HttpResponse.BodyHandlers.discarding()).join();
        }
        client.send(request(), HttpResponse.BodyHandlers.discarding());

        server.verify(2, anyRequestedFor(anyUrl()).withHeader(RequestScopes.HEADER, equalTo(scope.token())));
        server.verify(1, anyRequestedFor(anyUrl()).withHeader(RequestScopes.HEADER, absent()));
    }

    @Test
    void aHostOutsideTheAllowListNeverSeesTheContext() throws Exception {
        HttpClient client = ChaosHttpClient.decorate(engine = engineWith(elsewhere), "inventory", real);

        try (RequestScope.Binding bound = scope(elsewhere).bind()) {
            client.send(request(), HttpResponse.BodyHandlers.discarding());
        }

        server.verify(1, anyRequestedFor(anyUrl()).withHeader(RequestScopes.HEADER, absent()));
    }

    private static ChaosEngine engineWith(RequestScopes scopes) {
        return ChaosEngine.builder().requestScopes(scopes).build();
    }

    private static RequestScope scope(RequestScopes scopes) {
        return scopes.read(scopes.sign(List.of("stock-down"), Instant.now().plusSeconds(60)))
                .scope();
    }

    private static HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/stock"))
                .build();
    }
}
