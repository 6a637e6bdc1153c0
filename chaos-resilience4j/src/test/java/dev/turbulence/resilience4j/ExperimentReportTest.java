package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ExperimentReportTest {

    static final String XHTML = "http://www.w3.org/1999/xhtml";
    static final String SVG = "http://www.w3.org/2000/svg";

    static Fixture fixture;
    static ExperimentReport report;

    /** One real run whose probes pass, fail and cannot be decided. */
    @BeforeAll
    static void runAnExperiment() {
        fixture = new Fixture();
        Supplier<String> pay = Fallback.of("payments", fixture.meters)
                .decorateSupplier(
                        CircuitBreaker.decorateSupplier(
                                fixture.breaker("payments"), fixture.engine.decorateSupplier("payments", () -> "paid")),
                        failure -> {
                            throw new IllegalStateException("no fallback yet");
                        });
        Fallback.of("unused", fixture.meters);
        Duration duration = Duration.ofMillis(400);
        report = fixture.runner.run(Experiment.builder("payments-outage")
                .steadyState(Probe.circuitBreakerIs("payments", CircuitBreaker.State.CLOSED))
                .assault(Assault.builder("payments-down")
                        .target(CallSiteKind.SUPPLIER, "payments")
                        .fault(new Fault.ExceptionFault(IllegalStateException.class, "down"))
                        .build())
                .hypothesis(
                        Probe.circuitBreakerOpensWithin("payments", duration),
                        Probe.fallbackServedAtLeast("payments", 0.99),
                        Probe.fallbackServedAtLeast("unused", 0.99),
                        Probe.alarmFiresWithin("payment-errors", duration))
                .alarm(Alarm.builder("payment-errors")
                        .count(MeterSelector.of(Verifier.BREAKER_CALLS, "name", "payments", "kind", "failed"))
                        .threshold(Alarm.Comparison.GREATER_OR_EQUAL, 1)
                        .period(Duration.ofMillis(40))
                        .datapoints(1, 1)
                        .missingData(Alarm.MissingData.NOT_BREACHING)
                        .build())
                .duration(duration)
                .recovery(Probe.circuitBreakerClosesWithin("payments", Duration.ofSeconds(2)))
                .load(Load.of(
                        () -> {
                            try {
                                return pay.get();
                            } catch (IllegalStateException fallbackFailed) {
                                return "failed";
                            }
                        },
                        100))
                .build());
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void theRunBehindTheseTestsHasEveryKindOfVerdict() {
        assertThat(report.probes())
                .extracting(ProbeResult::verdict)
                .contains(Verdict.PASSED, Verdict.FAILED, Verdict.INCONCLUSIVE);
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.timeline()).hasSizeGreaterThan(10);
    }

    @Test
    void readsItsJsonBackToTheSameReport() {
        assertThat(ExperimentReport.fromJson(report.toJson())).isEqualTo(report);
    }

    @Test
    void writesTheDocumentedFieldNames() {
        JsonNode json = JsonMapper.builder().build().readTree(report.toJson());

        assertThat(json.propertyNames())
                .containsExactly(
                        "schemaVersion",
                        "experiment",
                        "verdict",
                        "explanation",
                        "startedAt",
                        "endedAt",
                        "abortedBy",
                        "phases",
                        "probes",
                        "injections",
                        "load",
                        "stateChanges",
                        "timeline");
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("startedAt").asString())
                .isEqualTo(report.startedAt().toString());
        assertThat(json.get("abortedBy").isNull()).isTrue();
        assertThat(json.get("phases").get(0).propertyNames()).containsExactly("name", "startedAt", "endedAt");
        assertThat(json.get("probes").get(0).propertyNames())
                .containsExactly("phase", "probe", "verdict", "explanation", "observed");
        assertThat(json.get("probes").get(0).get("observed").get("state").asString())
                .isEqualTo("CLOSED");
        assertThat(json.get("injections").get("payments-down").asLong()).isPositive();
        assertThat(json.get("load").propertyNames()).containsExactly("calls", "failures");
        assertThat(json.get("stateChanges").get(0).propertyNames()).containsExactly("at", "kind", "name", "from", "to");
        assertThat(json.get("timeline").get(0).propertyNames())
                .containsExactly("at", "phase", "calls", "failures", "injections", "circuitBreakers", "alarms");
    }

    @Test
    void rejectsJsonThatIsNotAReport() {
        assertThatThrownBy(() -> ExperimentReport.fromJson("[1, 2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an experiment report: ");
    }

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Document document, String namespace, String name) {
        NodeList nodes = document.getElementsByTagNameNS(namespace, name);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    @Test
    void rendersAWellFormedPageWithTheTimelineChartAndEveryVerdict() throws Exception {
        Document page = parse(report.toHtml());

        Element svg = elements(page, SVG, "svg").get(0);
        assertThat(svg.getAttribute("id")).isEqualTo("timeline");
        assertThat(elements(page, SVG, "polyline"))
                .extracting(line -> line.getAttribute("data-series"))
                .containsExactly("calls", "failures", "injections");
        assertThat(elements(page, SVG, "rect"))
                .filteredOn(rect -> rect.getAttribute("class").equals("phase"))
                .extracting(rect -> rect.getAttribute("data-phase"))
                .containsExactly("baseline", "steadyState", "assaults", "recovery");
        assertThat(elements(page, SVG, "rect"))
                .filteredOn(rect -> rect.getAttribute("class").equals("state"))
                .extracting(rect -> rect.getAttribute("data-state"))
                .contains("CLOSED", "OPEN", "OK", "ALARM");
        List<Element> rows = elements(page, XHTML, "tr").stream()
                .filter(row -> row.getAttribute("class").equals("probe"))
                .toList();
        assertThat(rows).hasSameSizeAs(report.probes());
        for (int i = 0; i < rows.size(); i++) {
            ProbeResult result = report.probes().get(i);
            String row = rows.get(i).getTextContent();
            assertThat(row).contains(result.probe(), result.verdict().name(), result.explanation());
            result.observed().keySet().forEach(name -> assertThat(row).contains(name + " = "));
        }
        assertThat(page.getElementById("verdict")).isNull();
        assertThat(elements(page, XHTML, "p"))
                .filteredOn(p -> p.getAttribute("id").equals("verdict"))
                .singleElement()
                .extracting(Element::getTextContent)
                .isEqualTo("FAILED");
    }

    @Test
    void rendersAPageThatLoadsNothingFromOutside() throws Exception {
        String html = report.toHtml();
        Document page = parse(html);

        assertThat(elements(page, XHTML, "script")).isEmpty();
        assertThat(elements(page, XHTML, "link")).isEmpty();
        assertThat(elements(page, XHTML, "img")).isEmpty();
        assertThat(html).doesNotContain("src=", "href=", "url(", "@import", "@font-face");
        assertThat(html.replace("xmlns=\"" + XHTML + "\"", "").replace("xmlns=\"" + SVG + "\"", ""))
                .doesNotContain("http://", "https://");
    }

    @Test
    void marksAnAbortInTheTextAndOnTheChart() throws Exception {
        Instant start = Instant.parse("2026-11-26T10:00:00Z");
        ExperimentReport aborted = new ExperimentReport(
                1,
                "guarded",
                Verdict.FAILED,
                "aborted by checkout-errors at 2026-11-26T10:00:01Z: the stop condition went to ALARM",
                start,
                start.plusSeconds(2),
                new ExperimentReport.Abort("checkout-errors", start.plusSeconds(1)),
                List.of(new ExperimentReport.Phase("assaults", start, start.plusSeconds(2))),
                List.of(new ProbeResult(
                        "hypothesis",
                        "alarm 'x' firesWithin PT5S",
                        Verdict.INCONCLUSIVE,
                        "undecided <sic>",
                        Map.of("injections", 3))),
                Map.of("down", 3L),
                null,
                List.of(),
                List.of(
                        new ExperimentReport.Sample(
                                start, "assaults", 0, 0, 0, Map.of(), Map.of("checkout-errors", "OK")),
                        new ExperimentReport.Sample(
                                start.plusSeconds(1),
                                "assaults",
                                5,
                                5,
                                3,
                                Map.of(),
                                Map.of("checkout-errors", "ALARM"))));

        String html = aborted.toHtml();
        Document page = parse(html);

        assertThat(html).contains("undecided &lt;sic&gt;");

        assertThat(page.getDocumentElement().getTextContent())
                .contains("aborted by checkout-errors at 2026-11-26T10:00:01Z");
        assertThat(elements(page, SVG, "line"))
                .filteredOn(line -> line.getAttribute("class").equals("abort"))
                .hasSize(1);
        assertThat(ExperimentReport.fromJson(aborted.toJson())).isEqualTo(aborted);
    }

    @Test
    void writesBothFilesIntoADirectory(@TempDir Path directory) throws Exception {
        ExperimentReport.Written written = report.writeTo(directory.resolve("reports"));

        assertThat(written.json().getFileName().toString())
                .startsWith("payments-outage-")
                .endsWith(".json");
        assertThat(ExperimentReport.fromJson(Files.readString(written.json()))).isEqualTo(report);
        assertThat(parse(Files.readString(written.html())).getDocumentElement().getLocalName())
                .isEqualTo("html");
    }
}
