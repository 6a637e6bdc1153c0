package dev.turbulence.spring.hops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.RequestScopes;
import dev.turbulence.spring.hops.back.StockApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A request's signed chaos context travels over two real hops on loopback: the front application's HTTP client
 * forwards it to the stock service, whose request-scoped assault fails that request alone. Unsigned, forged and
 * expired contexts, requests without one and contexts the front may not forward leave the stock service alone. Run
 * on servlet and on WebFlux applications alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RequestScopeHops {

    private static final String SECRET = "the-secret-both-services-share-0123456789";

    private ConfigurableApplicationContext stock;
    private ConfigurableApplicationContext front;
    private ConfigurableApplicationContext closedFront;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final RequestScopes signer = RequestScopes.of(SECRET, List.of(), Clock.systemUTC());

    /** The server both hops run on. */
    abstract WebApplicationType web();

    /** The front application, which calls the stock service with the client of its kind of server. */
    abstract Class<?> frontApplication();

    @BeforeAll
    void startBothHops() {
        stock = new SpringApplicationBuilder(StockApplication.class)
                .web(web())
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "chaos.enabled=true",
                        "chaos.inbound.enabled=true",
                        "chaos.request-scope.enabled=true",
                        "chaos.request-scope.secret=" + SECRET,
                        "chaos.assaults.stock-down.request-scoped=true",
                        "chaos.assaults.stock-down.target.kind=inbound",
                        "chaos.assaults.stock-down.target.attributes.path=/stock",
                        "chaos.assaults.stock-down.fault.type=http-status",
                        "chaos.assaults.stock-down.fault.status=503")
                .run();
        front = front("127.0.0.1");
        closedFront = front("stock.internal");
    }

    private ConfigurableApplicationContext front(String forwardHosts) {
        return new SpringApplicationBuilder(frontApplication())
                .web(web())
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "stock.url=http://127.0.0.1:" + port(stock),
                        "chaos.enabled=true",
                        "chaos.request-scope.enabled=true",
                        "chaos.request-scope.secret=" + SECRET,
                        "chaos.request-scope.forward-hosts=" + forwardHosts)
                .run();
    }

    @AfterAll
    void stopBothHops() {
        for (ConfigurableApplicationContext context :
                new ConfigurableApplicationContext[] {closedFront, front, stock}) {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void aSignedRequestFailsAtTheSecondHop() throws Exception {
        HttpResponse<String> checkout = checkout(front, signer.sign(List.of("stock-down"), inAMinute()));

        assertThat(checkout.statusCode()).isEqualTo(502);
        assertThat(checkout.body()).isEqualTo("stock answered 503");
    }

    @Test
    void everyRequestWithoutTheContextIsLeftAlone() throws Exception {
        assertThat(checkout(front, null).body()).isEqualTo("in stock");
        // a context naming another assault lets nothing apply
        assertThat(checkout(front, signer.sign(List.of("payments-down"), inAMinute()))
                        .body())
                .isEqualTo("in stock");
    }

    @Test
    void aForgedOrExpiredContextIsIgnoredAndCounted() throws Exception {
        String signed = signer.sign(List.of("stock-down"), inAMinute());
        String forged = signed.substring(0, signed.lastIndexOf(':') + 1) + "A".repeat(43);
        String otherSecret = RequestScopes.of(
                        "not-the-shared-secret-but-long-enough-0123", List.of(), Clock.systemUTC())
                .sign(List.of("stock-down"), inAMinute());
        String unsigned = "v1:" + inAMinute().getEpochSecond() + ":stock-down:";
        double before = ignored(front, "bad signature");

        for (String context : List.of(forged, otherSecret, unsigned)) {
            assertThat(checkout(front, context).body()).as(context).isEqualTo("in stock");
        }
        assertThat(ignored(front, "bad signature") - before).isEqualTo(3);
    }

    @Test
    void theContextIsNeverForwardedToAHostOutsideTheAllowList() throws Exception {
        String signed = signer.sign(List.of("stock-down"), inAMinute());

        assertThat(checkout(closedFront, signed).body()).isEqualTo("in stock");
        // the same context, sent to the stock service itself, is valid there
        assertThat(send(port(stock), "/stock", signed).statusCode()).isEqualTo(503);
    }

    private static Instant inAMinute() {
        return Instant.now().plusSeconds(60);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static double ignored(ConfigurableApplicationContext context, String reason) {
        var counter = context.getBean(MeterRegistry.class)
                .find("chaos.request.scope.ignored")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private HttpResponse<String> checkout(ConfigurableApplicationContext app, String context)
            throws IOException, InterruptedException {
        return send(port(app), "/checkout", context);
    }

    private HttpResponse<String> send(int port, String path, String context) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (context != null) {
            request.header(RequestScopes.HEADER, context);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
