package dev.turbulence.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole loop over real HTTP: a real server, the {@code chaos} endpoint behind the README's security
 * configuration, a RestClient with a Resilience4j breaker and fallback in front of a WireMock "inventory".
 */
@SpringBootTest(
        classes = StorefrontApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chaos.enabled=true",
            "chaos.assaults.from-properties.target.kind=supplier",
            "chaos.assaults.from-properties.target.name=nothing-here",
            "chaos.assaults.from-properties.fault.type=connection-reset",
            "management.endpoints.web.exposure.include=chaos,circuitbreakers,metrics,info",
            "resilience4j.circuitbreaker.instances.inventory.sliding-window-type=COUNT_BASED",
            "resilience4j.circuitbreaker.instances.inventory.sliding-window-size=10",
            "resilience4j.circuitbreaker.instances.inventory.minimum-number-of-calls=5",
            "resilience4j.circuitbreaker.instances.inventory.failure-rate-threshold=50",
            "resilience4j.circuitbreaker.instances.inventory.wait-duration-in-open-state=300ms",
            "resilience4j.circuitbreaker.instances.inventory.permitted-number-of-calls-in-half-open-state=2",
            "resilience4j.circuitbreaker.instances.inventory.automatic-transition-from-open-to-half-open-enabled=true"
        })
class ChaosEndpointIntegrationTest {

    private static final WireMockServer INVENTORY = startInventory();

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    StorefrontApplication.AuditTrail audit;

    @Autowired
    StorefrontApplication.StockService stock;

    @DynamicPropertySource
    static void inventory(DynamicPropertyRegistry registry) {
        registry.add("inventory.url", INVENTORY::baseUrl);
    }

    @AfterAll
    static void stopInventory() {
        INVENTORY.stop();
    }

    @Test
    void anAssaultPostedThroughTheEndpointOpensTheBreakerTheFallbackAnswersAndDeletingItClosesIt() throws Exception {
        assertThat(call("GET", "/products/apple", null).body()).isEqualTo("apple: 7 in stock");

        HttpResponse<String> defined = call("POST", "/actuator/chaos/assaults/inventory-down", """
                { "target": { "kind": "http", "name": "inventoryClient" },
                  "fault": { "type": "http-status", "status": 503, "body": "busy" },
                  "duration": "5m" }""");
        assertThat(defined.statusCode()).isEqualTo(200);
        assertThat(defined.body())
                .contains("\"name\":\"inventory-down\"")
                .contains("\"state\":\"active\"")
                .contains("\"source\":\"memory\"");
        assertThat(call("GET", "/actuator/info", null).body())
                .contains("\"activeAssaults\":[{\"name\":\"from-properties\",\"source\":\"properties\"},"
                        + "{\"name\":\"inventory-down\",\"source\":\"memory\"}]");
        int requestsBefore = INVENTORY
                .countRequestsMatching(
                        getRequestedFor(urlPathMatching("/stock/.*")).build())
                .getCount();

        for (int i = 0; i < 12; i++) {
            assertThat(call("GET", "/products/apple", null).body()).isEqualTo("apple: stock unknown");
        }

        assertThat(INVENTORY
                        .countRequestsMatching(
                                getRequestedFor(urlPathMatching("/stock/.*")).build())
                        .getCount())
                .as("the injected 503 replaces the request: inventory sees none")
                .isEqualTo(requestsBefore);
        assertThat(call("GET", "/actuator/circuitbreakers", null).body()).contains("\"state\":\"OPEN\"");
        assertThat(call(
                                "GET",
                                "/actuator/metrics/resilience4j.circuitbreaker.not.permitted.calls?tag=name:inventory",
                                null)
                        .body())
                .doesNotContain("\"value\":0.0");
        assertThat(call("GET", "/actuator/metrics/chaos.injections?tag=assault:inventory-down", null)
                        .body())
                .as("one success and four injected 503s fill the minimum window of five calls; then it is open")
                .contains("\"value\":4.0");
        assertThat(stock.fallbacks()).isEqualTo(12);
        assertThat(call("GET", "/actuator/metrics/chaos.fallback.calls?tag=name:stockUnknown&tag=outcome:served", null)
                        .body())
                .as("the starter counts the fallbackMethod of @CircuitBreaker as a Fallback counts its own")
                .contains("\"value\":12.0");
        assertThat(call("GET", "/payments/apple", null).body())
                .as("the other client is untouched")
                .isEqualTo("7 in stock");

        assertThat(call("DELETE", "/actuator/chaos/assaults/inventory-down", null)
                        .statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    call("GET", "/products/apple", null);
                    assertThat(call("GET", "/actuator/circuitbreakers", null).body())
                            .contains("\"state\":\"CLOSED\"");
                });
        assertThat(call("GET", "/products/apple", null).body()).isEqualTo("apple: 7 in stock");
        assertThat(audit.events())
                .filteredOn(event -> event.getPrincipal().equals("engineer"))
                .extracting(event -> event.getType())
                .contains("CHAOS_ASSAULT_DEFINED", "CHAOS_ASSAULT_DELETED");
    }

    @Test
    void aBadDefinitionIsAnsweredWith400AndEveryProblemAndChangesNothing() throws Exception {
        call("POST", "/actuator/chaos/assaults/kept", "{\"fault\":{\"type\":\"latency\",\"fixed\":\"1ms\"}}");

        HttpResponse<String> rejected = call("POST", "/actuator/chaos/assaults/kept", """
                { "fault": { "type": "http-status", "status": 900 }, "rate": 3 }""");

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.body())
                .contains("{\"field\":\"rate\",\"value\":3.0,\"message\":\"must be > 0 and <= 1\"}")
                .contains("\"field\":\"fault.status\"");
        assertThat(call("GET", "/actuator/chaos/assaults/kept", null).body()).contains("\"type\":\"latency\"");
        call("DELETE", "/actuator/chaos/assaults/kept", null);
    }

    @Test
    void theKillSwitchStopsStressorsAndTurnsChaosOffAndOnAgain() throws Exception {
        call("POST", "/actuator/chaos/assaults/warm-cpu", """
                { "fault": { "type": "cpu-burn", "load": 0.05, "threads": 1 }, "duration": "1m" }""");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(call("GET", "/actuator/chaos", null).body())
                                .contains("\"stressors\":[{\"name\":\"warm-cpu\"")
                                .containsPattern("\"stressor\":\"(started|reached)\""));

        HttpResponse<String> off = call("POST", "/actuator/chaos", "{\"enabled\": false}");

        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.body()).startsWith("{\"enabled\":false");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(call("GET", "/actuator/chaos", null).body()).contains("\"stressor\":\"stopped\""));
        assertThat(call("GET", "/actuator/info", null).body())
                .contains("\"chaos\":{")
                .contains("\"enabled\":false");

        assertThat(call("POST", "/actuator/chaos", "{\"enabled\": true}").body())
                .startsWith("{\"enabled\":true");
        call("DELETE", "/actuator/chaos/assaults/warm-cpu", null);
    }

    @Test
    void unknownSectionsAndAssaultsAre404() throws Exception {
        assertThat(call("GET", "/actuator/chaos/assaults/never-defined", null).statusCode())
                .isEqualTo(404);
        assertThat(call("DELETE", "/actuator/chaos/weather/never-defined", null).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/actuator/chaos/weather", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aDeleteIsSafeToRepeatAndAnAssaultFromThePropertiesIsChangedOnlyThere() throws Exception {
        assertThat(call("POST", "/actuator/chaos/assaults/short-lived", """
                        { "target": { "kind": "supplier", "name": "nothing-here" },
                          "fault": { "type": "connection-reset" }, "duration": "1m" }""").statusCode())
                .isEqualTo(200);

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> deleted = call("DELETE", "/actuator/chaos/assaults/short-lived", null);
            assertThat(deleted.statusCode()).as("delete #%d", i + 1).isEqualTo(200);
            assertThat(deleted.body()).startsWith("{\"enabled\":").doesNotContain("short-lived");
        }
        assertThat(audit.events())
                .as("only the delete that removed it is audited")
                .filteredOn(event -> event.getType().equals("CHAOS_ASSAULT_DELETED")
                        && "short-lived".equals(event.getData().get("name")))
                .hasSize(1);

        HttpResponse<String> elsewhere = call("DELETE", "/actuator/chaos/assaults/from-properties", null);
        assertThat(elsewhere.statusCode()).isEqualTo(409);
        assertThat(elsewhere.body())
                .contains("\"field\":\"name\"")
                .contains("is defined by another flag source (a file, the properties or a system property);"
                        + " change it there");
        assertThat(call("GET", "/actuator/chaos/assaults/from-properties", null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void listsTheCallSitesChaosCanReachSoThatAUserSeesWhatWasWrapped() throws Exception {
        assertThat(call("GET", "/actuator/chaos", null).body())
                .contains("\"callSites\":[")
                .contains("{\"kind\":\"http\",\"name\":\"inventoryClient\"}");
    }

    private HttpResponse<String> call(String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (path.startsWith("/actuator/")) {
            request.header("Authorization", Http.basic("engineer"));
        }
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static WireMockServer startInventory() {
        WireMockServer server =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching("/stock/.*"))
                .willReturn(aResponse().withStatus(200).withBody("7 in stock")));
        return server;
    }
}
