package dev.turbulence.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.turbulence.spring.secured.Http;
import dev.turbulence.spring.storefront.StorefrontApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Experiments declared in properties, started through the endpoint, verified from the real breaker: with traffic
 * the test makes, and with the load the experiment declares as requests to the application's own server.
 */
@SpringBootTest(
        classes = StorefrontApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chaos.enabled=true",
            "management.endpoints.web.exposure.include=chaos",
            "resilience4j.circuitbreaker.instances.inventory.sliding-window-size=10",
            "resilience4j.circuitbreaker.instances.inventory.minimum-number-of-calls=5",
            "resilience4j.circuitbreaker.instances.inventory.wait-duration-in-open-state=200ms",
            "resilience4j.circuitbreaker.instances.inventory.permitted-number-of-calls-in-half-open-state=2",
            "resilience4j.circuitbreaker.instances.inventory.automatic-transition-from-open-to-half-open-enabled=true",
            "chaos.experiments.inventory-outage.assaults[0].name=inventory-down",
            "chaos.experiments.inventory-outage.assaults[0].target.kind=http",
            "chaos.experiments.inventory-outage.assaults[0].target.name=inventoryClient",
            "chaos.experiments.inventory-outage.assaults[0].fault.type=http-status",
            "chaos.experiments.inventory-outage.assaults[0].fault.status=503",
            "chaos.experiments.inventory-outage.hypothesis[0].circuitBreaker=inventory",
            "chaos.experiments.inventory-outage.hypothesis[0].opensWithin=2s",
            "chaos.experiments.inventory-outage.duration=2s",
            "chaos.experiments.inventory-outage.recovery[0].circuitBreaker=inventory",
            "chaos.experiments.inventory-outage.recovery[0].closesWithin=10s",
            "chaos.game-days.weekly=inventory-outage",
            "chaos.experiments.shoppers-outage.assaults[0].name=inventory-down",
            "chaos.experiments.shoppers-outage.assaults[0].target.kind=http",
            "chaos.experiments.shoppers-outage.assaults[0].target.name=inventoryClient",
            "chaos.experiments.shoppers-outage.assaults[0].fault.type=http-status",
            "chaos.experiments.shoppers-outage.assaults[0].fault.status=503",
            "chaos.experiments.shoppers-outage.hypothesis[0].circuitBreaker=inventory",
            "chaos.experiments.shoppers-outage.hypothesis[0].opensWithin=2s",
            "chaos.experiments.shoppers-outage.hypothesis[1].requests=/products/{sku}",
            "chaos.experiments.shoppers-outage.hypothesis[1].method=GET",
            "chaos.experiments.shoppers-outage.hypothesis[1].succeeded-at-least=0.99",
            "chaos.experiments.shoppers-outage.hypothesis[2].fallback=stockUnknown",
            "chaos.experiments.shoppers-outage.hypothesis[2].served-at-least=0.99",
            "chaos.experiments.shoppers-outage.duration=2s",
            "chaos.experiments.shoppers-outage.recovery[0].circuitBreaker=inventory",
            "chaos.experiments.shoppers-outage.recovery[0].closesWithin=10s",
            "chaos.experiments.shoppers-outage.load.calls-per-second=50",
            "chaos.experiments.shoppers-outage.load.concurrency=2",
            "chaos.experiments.shoppers-outage.load.request.path=/products/apple"
        })
class ExperimentsIntegrationTest {

    private static final WireMockServer INVENTORY = startInventory();
    private static final Path REPORTS = createReportsDirectory();

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("inventory.url", INVENTORY::baseUrl);
        registry.add("chaos.reports-directory", REPORTS::toString);
    }

    @AfterAll
    static void stopInventory() {
        INVENTORY.stop();
    }

    @Test
    void runsADeclaredExperimentOnRequestAndServesItsReport() throws Exception {
        assertThat(call("GET", "/actuator/chaos/experiments").body())
                .contains("\"name\":\"inventory-outage\"")
                .contains("\"name\":\"weekly\",\"kind\":\"gameDay\"");
        assertThat(call("POST", "/actuator/chaos/experiments/no-such-thing").statusCode())
                .isEqualTo(404);
        HttpResponse<String> noReport = call("GET", "/actuator/chaos/experiments/weekly");
        assertThat(noReport.statusCode()).isEqualTo(404);
        assertThat(noReport.body()).contains("has no report yet: start it with POST experiments/weekly");
        assertThat(call("GET", "/actuator/chaos/experiments/no-such-thing").body())
                .contains("must name an experiment or game day declared in chaos.experiments or chaos.game-days;"
                        + " declared are [");

        AtomicBoolean traffic = new AtomicBoolean(true);
        ExecutorService shoppers = Executors.newSingleThreadExecutor();
        try {
            shoppers.execute(() -> {
                while (traffic.get()) {
                    try {
                        call("GET", "/products/apple");
                    } catch (IOException | InterruptedException stopped) {
                        return;
                    }
                }
            });
            HttpResponse<String> started = call("POST", "/actuator/chaos/experiments/inventory-outage");
            assertThat(started.statusCode()).isEqualTo(202);
            assertThat(started.body()).contains("\"runId\":\"inventory-outage-");
            assertThat(call("POST", "/actuator/chaos/experiments/weekly").statusCode())
                    .as("one experiment at a time")
                    .isEqualTo(409);

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(call("GET", "/actuator/chaos/experiments/inventory-outage")
                                    .body())
                            .contains("\"verdict\":\"PASSED\""));
        } finally {
            traffic.set(false);
            shoppers.shutdownNow();
        }
        assertThat(call("GET", "/actuator/chaos/experiments/inventory-outage/html")
                        .body())
                .contains("<svg")
                .contains("inventory-outage");
        assertThat(call("GET", "/actuator/chaos").body()).contains("\"lastVerdict\":\"PASSED\"");
        try (var files = Files.list(REPORTS)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("inventory-outage-") && name.endsWith(".html"));
        }
        assertThat(call("GET", "/actuator/chaos/assaults").body())
                .as("the run removed its assaults")
                .isEqualTo("[]");
    }

    @Test
    void aDeclaredLoadSendsItsRequestsToTheApplicationsOwnServer() throws Exception {
        int served = INVENTORY.getAllServeEvents().size();

        assertThat(call("POST", "/actuator/chaos/experiments/shoppers-outage").statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(call("GET", "/actuator/chaos/experiments/shoppers-outage")
                                .body())
                        .contains("\"verdict\":\"PASSED\""));
        String report =
                call("GET", "/actuator/chaos/experiments/shoppers-outage").body();
        assertThat(report).containsPattern("\"load\":\\{\"calls\":[1-9][0-9]+,\"failures\":0}");
        assertThat(report)
                .as("the annotation's fallbackMethod answered the failed calls")
                .containsPattern("\"probe\":\"fallback 'stockUnknown' servedAtLeast 0.99\",\"verdict\":\"PASSED\"");
        assertThat(report)
                .as("the fallback kept the shoppers' own requests free of server errors")
                .containsPattern("\"probe\":\"requests '/products/\\{sku}' method GET succeededAtLeast 0.99\","
                        + "\"verdict\":\"PASSED\"");
        assertThat(INVENTORY.getAllServeEvents().size())
                .as("the storefront called the inventory for the declared requests")
                .isGreaterThan(served);
    }

    @Test
    void aRunThatCannotStartIsRefusedWithTheReasonNever202() throws Exception {
        HttpRequest define = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/chaos/assaults/inventory-down"))
                .header("Content-Type", "application/json")
                .header("Authorization", Http.basic("engineer"))
                .POST(
                        HttpRequest.BodyPublishers.ofString(
                                "{\"target\":{\"kind\":\"http\",\"name\":\"elsewhere\"},\"fault\":{\"type\":\"connection-reset\"}}"))
                .build();
        assertThat(http.send(define, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        try {
            HttpResponse<String> refused = call("POST", "/actuator/chaos/experiments/inventory-outage");

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body())
                    .contains("\"runId\":null")
                    .contains("cannot start: chaos.experiments.inventory-outage.assaults[0].name is already defined in"
                            + " the engine");
            assertThat(call("GET", "/actuator/chaos/experiments").body()).doesNotContain("\"running\":true");
        } finally {
            call("DELETE", "/actuator/chaos/assaults/inventory-down");
        }
    }

    private HttpResponse<String> call(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", Http.basic("engineer"))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static WireMockServer startInventory() {
        WireMockServer server =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching("/stock/.*"))
                .willReturn(aResponse().withStatus(200).withBody("7 in stock")));
        return server;
    }

    private static Path createReportsDirectory() {
        try {
            return Files.createTempDirectory("chaos-reports");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
