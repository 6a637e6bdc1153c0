package dev.turbulence.resilience4j;

import static dev.turbulence.resilience4j.ExperimentReportTest.elements;
import static dev.turbulence.resilience4j.ExperimentReportTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.ChaosEvent;
import dev.turbulence.schema.InvalidDefinitionException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GameDayTest {

    static final String XHTML = "http://www.w3.org/1999/xhtml";

    final Fixture fixture = new Fixture();
    final List<String> told = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** A call to "inventory" inside the breaker of that name, inside a counted fallback answering "cached". */
    Callable<String> stock() {
        return fallback(CircuitBreaker.decorateCallable(fixture.breaker("inventory"), inventory()));
    }

    /** The same call with no breaker around it, although a breaker "catalog" exists. */
    Callable<String> unguardedStock() {
        fixture.breaker("catalog");
        return fallback(inventory());
    }

    Callable<String> inventory() {
        return fixture.engine.decorateCallable("inventory", () -> "42");
    }

    Callable<String> fallback(Callable<String> call) {
        return Fallback.of("inventory", fixture.meters).decorateCallable(call, failure -> "cached");
    }

    /** An outage of "inventory" whose hypothesis is about breaker {@code breaker}. */
    Experiment outage(String name, String breaker, Callable<String> load) {
        return fixture.runner.load("""
                        name: %1$s
                        steadyState:
                          - { circuitBreaker: %2$s, state: CLOSED }
                        assaults:
                          - { name: %1$s-down, target: { kind: supplier, name: inventory },
                              fault: { type: exception, class: java.lang.IllegalStateException } }
                        hypothesis:
                          - { circuitBreaker: %2$s, opensWithin: 300ms }
                          - { fallback: inventory, servedAtLeast: 0.99 }
                        duration: 300ms
                        recovery:
                          - { circuitBreaker: %2$s, closesWithin: 3s }
                        """.formatted(name, breaker)).withLoad(Load.of(load, 100));
    }

    GameDay gameDay() {
        Callable<String> stock = stock();
        return new GameDay(
                "storefront",
                List.of(
                        outage("first-outage", "inventory", stock),
                        outage("catalog-outage", "catalog", unguardedStock()),
                        outage("second-outage", "inventory", stock)));
    }

    GameDayReport run(GameDay gameDay) {
        return gameDay.run(
                fixture.runner,
                experiment -> told.add("starting " + experiment.name()),
                report -> told.add("finished " + report.experiment() + " " + report.verdict()));
    }

    @Test
    void runsTheExperimentsInOrderTellingBeforeAndAfterEachAndRestoresChaos() {
        GameDayReport report = run(gameDay());

        assertThat(told)
                .containsExactly(
                        "starting first-outage",
                        "finished first-outage PASSED",
                        "starting catalog-outage",
                        "finished catalog-outage FAILED",
                        "starting second-outage",
                        "finished second-outage PASSED");
        assertThat(report.verdicts())
                .containsExactly(
                        Map.entry("first-outage", Verdict.PASSED),
                        Map.entry("catalog-outage", Verdict.FAILED),
                        Map.entry("second-outage", Verdict.PASSED));
        assertThat(report.reports().get(1).explanation())
                .contains("breaker 'catalog' stayed CLOSED", "it saw none of the calls");
        assertThat(report.skipped()).isEmpty();
        assertThat(report.startedAt()).isBeforeOrEqualTo(report.reports().get(0).startedAt());
        assertThat(report.endedAt()).isAfterOrEqualTo(report.reports().get(2).endedAt());
        assertThat(fixture.engine.isEnabled()).as("chaos off again, as before").isFalse();
        assertThat(fixture.engine.status()).as("every assault removed").isEmpty();
        assertThat(fixture.events)
                .filteredOn(ChaosEvent.Switched.class::isInstance)
                .as("chaos switched on once for the whole game day, and off once at its end")
                .extracting(event -> ((ChaosEvent.Switched) event).enabled())
                .containsExactly(true, false);
    }

    @Test
    void writesAnIndexPageLinkingEveryExperimentsPageAndAJsonThatParses(@TempDir Path directory) throws Exception {
        GameDayReport report = run(gameDay());

        GameDayReport.Written written = report.writeTo(directory.resolve("reports"));

        assertThat(written.html().getFileName().toString())
                .startsWith("storefront-")
                .endsWith(".html");
        assertThat(written.experiments()).hasSize(3);
        for (ExperimentReport.Written page : written.experiments()) {
            assertThat(ExperimentReport.fromJson(Files.readString(page.json())).verdict())
                    .isIn(Verdict.PASSED, Verdict.FAILED);
            assertThat(parse(Files.readString(page.html())).getDocumentElement().getLocalName())
                    .isEqualTo("html");
        }
        Document index = parse(Files.readString(written.html()));
        assertThat(elements(index, XHTML, "a"))
                .extracting(link -> link.getAttribute("href"))
                .containsExactlyElementsOf(written.experiments().stream()
                        .map(page -> page.html().getFileName().toString())
                        .toList());
        assertThat(elements(index, XHTML, "tr"))
                .extracting(Element::getTextContent)
                .anySatisfy(row -> assertThat(row).contains("catalog-outage", "FAILED", "it saw none of the calls"));
        assertThat(elements(index, XHTML, "style"))
                .extracting(Element::getTextContent)
                .as("one style for every report page")
                .containsExactlyElementsOf(
                        elements(
                                        parse(Files.readString(
                                                written.experiments().get(0).html())),
                                        XHTML,
                                        "style")
                                .stream()
                                .map(Element::getTextContent)
                                .toList());

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(written.json()));
        assertThat(json.get("gameDay").asString()).isEqualTo("storefront");
        assertThat(json.get("reports")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(ExperimentReport.fromJson(json.get("reports").get(i).toString()))
                    .isEqualTo(ExperimentReport.fromJson(report.reports().get(i).toJson()));
        }
    }

    @Test
    void keepsEveryFileWhenAnExperimentIsNamedLikeTheGameDay(@TempDir Path directory) {
        GameDayReport report = run(new GameDay("storefront", List.of(outage("storefront", "inventory", stock()))));

        GameDayReport.Written first = report.writeTo(directory);
        GameDayReport.Written again = report.writeTo(directory);

        assertThat(List.of(
                        first.json(),
                        first.html(),
                        first.experiments().get(0).json(),
                        again.json(),
                        again.experiments().get(0).json()))
                .doesNotHaveDuplicates()
                .allSatisfy(file -> assertThat(file).exists());
    }

    @Test
    void theKillSwitchEndsTheExperimentUnderWayAndSkipsTheRest(@TempDir Path directory) throws Exception {
        GameDay gameDay = gameDay();
        Callable<String> stock = stock();
        Callable<String> pullsTheKillSwitch = () -> {
            String answer = stock.call();
            if (answer.equals("cached")) {
                fixture.engine.disable();
            }
            return answer;
        };
        List<Experiment> experiments = gameDay.experiments();
        GameDay killed = new GameDay(
                "storefront",
                List.of(
                        experiments.get(0).withLoad(Load.of(pullsTheKillSwitch, 100)),
                        experiments.get(1),
                        experiments.get(2)));

        GameDayReport report = run(killed);

        assertThat(told).containsExactly("starting first-outage", "finished first-outage INCONCLUSIVE");
        assertThat(report.reports().get(0).explanation())
                .startsWith("stopped by the kill switch at ")
                .endsWith(": chaos was switched off while the assaults ran, and they were removed");
        assertThat(report.skipped()).containsExactly("catalog-outage", "second-outage");
        assertThat(fixture.engine.isEnabled()).isFalse();
        assertThat(fixture.engine.status()).as("the run removed its assaults").isEmpty();
        assertThat(elements(parse(Files.readString(report.writeTo(directory).html())), XHTML, "tr"))
                .extracting(Element::getTextContent)
                .anySatisfy(row -> assertThat(row).contains("second-outage", "SKIPPED", "not run"));
    }

    @Test
    void aKillSwitchPulledAsAnExperimentStartsInjectsNothing() {
        GameDay gameDay = gameDay();
        AtomicBoolean pulled = new AtomicBoolean();

        GameDayReport report = gameDay.run(
                fixture.runner,
                experiment -> {
                    if (pulled.compareAndSet(false, true)) {
                        fixture.engine.disable();
                    }
                },
                finished -> {});

        ExperimentReport first = report.reports().get(0);
        assertThat(first.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(first.explanation())
                .startsWith("stopped by the kill switch at ")
                .endsWith(": chaos was switched off before the assaults were applied, so nothing was injected");
        assertThat(first.injections()).containsEntry("first-outage-down", 0L);
        assertThat(fixture.events)
                .filteredOn(ChaosEvent.Injected.class::isInstance)
                .isEmpty();
        assertThat(report.skipped()).containsExactly("catalog-outage", "second-outage");
        assertThat(fixture.engine.isEnabled()).isFalse();
    }

    @Test
    void checksEveryExperimentBeforeRunningAny() {
        Experiment unknownBreaker = Experiment.builder("unknown-breaker")
                .assault(gameDay().experiments().get(0).assaults().get(0))
                .hypothesis(Probe.circuitBreakerOpensWithin("inventroy", java.time.Duration.ofMillis(100)))
                .duration(java.time.Duration.ofMillis(100))
                .build();
        GameDay gameDay = new GameDay("checked", List.of(gameDay().experiments().get(0), unknownBreaker));

        assertThatThrownBy(() -> run(gameDay))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(
                        "hypothesis[0].circuitBreaker must name a circuit breaker of the runner's registry");
        assertThat(told).isEmpty();
        assertThat(fixture.chaosActivity()).isEmpty();
    }

    @Test
    void rejectsABadNameAndExperimentsOfTheSameName() {
        Experiment experiment = gameDay().experiments().get(0);

        assertThatThrownBy(() -> new GameDay("Game Day", List.of(experiment)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must match [a-z0-9][a-z0-9._-]{0,63}, but was 'Game Day'");
        assertThatThrownBy(() -> new GameDay("day", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("experiments must list at least one experiment, but was empty");
        assertThatThrownBy(() -> new GameDay("day", List.of(experiment, experiment)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("experiments must have unique names, but 'first-outage' appears twice");
    }
}
