package dev.turbulence.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.turbulence.resilience4j.ExperimentReport;
import dev.turbulence.resilience4j.GameDayReport;
import dev.turbulence.resilience4j.Verdict;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole game day against the real storefront, its downstreams and its database, with shorter experiments. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"demo.game-day.duration=4s", "demo.game-day.reports-directory=target/game-day-test-reports"})
class StorefrontGameDayTest {

    static final String XHTML = "http://www.w3.org/1999/xhtml";

    @Autowired
    StorefrontGameDay gameDay;

    @LocalServerPort
    int port;

    @Test
    void fourDefencesHoldAndTheUnprotectedPaymentsFailAsExpected() throws Exception {
        StorefrontGameDay.Outcome outcome = gameDay.run();

        GameDayReport report = outcome.report();
        assertThat(report.verdicts())
                .containsExactly(
                        entry("inventory-outage", Verdict.PASSED),
                        entry("inventory-slow", Verdict.PASSED),
                        entry("inventory-flaky", Verdict.PASSED),
                        entry("catalog-link-failure", Verdict.PASSED),
                        entry("payments-reset", Verdict.FAILED));
        assertThat(outcome.asExpected()).isTrue();
        assertThat(report.reports())
                .allSatisfy(experiment -> assertThat(experiment.injections().values())
                        .as("faults were injected in %s", experiment.experiment())
                        .allSatisfy(count -> assertThat(count).isPositive()));
        assertThat(report.reports().get(2).injections())
                .as("inventory-flaky's assault came from the feature flag, evaluated for this instance")
                .containsOnlyKeys("inventory-resets");
        assertThat(report.reports().get(4).explanation())
                .contains(
                        "breaker 'payments' stayed CLOSED",
                        "it saw none of the calls",
                        "alarm 'checkout-errors' is ALARM");

        GameDayReport.Written written = outcome.written();
        assertThat(written.experiments()).hasSize(5);
        for (int i = 0; i < 5; i++) {
            ExperimentReport.Written files = written.experiments().get(i);
            ExperimentReport read = ExperimentReport.fromJson(Files.readString(files.json()));
            assertThat(read.experiment()).isEqualTo(report.reports().get(i).experiment());
            assertThat(read.verdict()).isEqualTo(report.reports().get(i).verdict());
            assertThat(xhtml(files.html())
                            .getElementsByTagNameNS(XHTML, "h1")
                            .item(0)
                            .getTextContent())
                    .isEqualTo("Experiment " + read.experiment());
        }
        NodeList links = xhtml(written.html()).getElementsByTagNameNS(XHTML, "a");
        assertThat(links.getLength()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            String href = links.item(i).getAttributes().getNamedItem("href").getNodeValue();
            assertThat(written.html().resolveSibling(href))
                    .isEqualTo(written.experiments().get(i).html());
        }
        JsonNode combined = JsonMapper.builder().build().readTree(Files.readString(written.json()));
        assertThat(combined.get("gameDay").asString()).isEqualTo("storefront-game-day");
        assertThat(combined.get("reports")).hasSize(5);
    }

    @Test
    void showsProductsWithTheirStockAndTakesOrders() throws Exception {
        // a cold first call can outlast the 500 ms time limit on a loaded machine and get the fallback
        await().atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(send("GET", "/products/1"))
                        .contains("\"name\":\"Trail running shoes\"", "\"available\":12", "\"text\":\"12 in stock\""));
        assertThat(send("POST", "/products/2/buy")).contains("\"amount\":89.5", "\"status\":\"CAPTURED\"");
    }

    String send(String method, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    static Document xhtml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readString(file).getBytes(StandardCharsets.UTF_8)));
    }
}
