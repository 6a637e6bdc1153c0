package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import dev.turbulence.http.ChaosHttpClient;
import dev.turbulence.resilience4j.junit.ChaosExperimentExtension;
import dev.turbulence.resilience4j.junit.RunExperiment;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

class ChaosExperimentExtensionTest {

    /** The inventory client of these tests: WireMock through the JDK client decorator, breaker, fallback. */
    static Callable<String> inventory(Fixture fixture, Downstream downstream, Function<Exception, String> recovery) {
        CircuitBreaker breaker = fixture.breaker("inventory");
        HttpClient client = ChaosHttpClient.decorate(fixture.engine, "inventory", HttpClient.newHttpClient());
        Callable<String> call = () -> {
            HttpResponse<String> response =
                    client.send(downstream.stockRequest(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                throw new IOException("inventory answered " + response.statusCode());
            }
            return response.body();
        };
        return Fallback.of("inventory", fixture.meters)
                .decorateCallable(CircuitBreaker.decorateCallable(breaker, call), recovery::apply);
    }

    static Experiment outage(Fixture fixture, Callable<String> inventory) throws IOException {
        String yaml = Files.readString(Path.of("src/test/resources/experiments/inventory-outage.yaml"));
        return fixture.runner.load(yaml).withLoad(Load.of(inventory, 100));
    }

    static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .execute()
                .allEvents();
    }

    static List<ReportEntry> reportEntries(Events events) {
        return events.reportingEntryPublished().stream()
                .map(event -> event.getRequiredPayload(ReportEntry.class))
                .toList();
    }

    // ---- a contained outage passes; a broken fallback fails with the verdict's explanation

    static class ContainedAndUncontained {
        static final Fixture fixture = new Fixture();
        static final Downstream downstream = new Downstream();

        @RegisterExtension
        static final ChaosExperimentExtension chaos = ChaosExperimentExtension.of(fixture.runner);

        @AfterAll
        static void close() {
            fixture.close();
            downstream.close();
        }

        @Test
        void cachedStockCoversTheOutage() throws IOException {
            chaos.run(outage(fixture, inventory(fixture, downstream, failure -> "cached")));
        }

        @Test
        void aFallbackWithoutCacheDoesNot() throws IOException {
            chaos.run(outage(fixture, inventory(fixture, downstream, failure -> {
                throw new IllegalStateException("no cache");
            })));
        }
    }

    @Test
    void passesOrFailsTheTestWithTheVerdictsExplanationAndPublishesTheReport() throws IOException {
        Events events = run(ContainedAndUncontained.class);

        List<Event> finished = events.finished().stream()
                .filter(event -> event.getTestDescriptor().isTest())
                .toList();
        assertThat(finished).hasSize(2);
        assertThat(finished)
                .filteredOn(event -> event.getTestDescriptor().getDisplayName().startsWith("cachedStock"))
                .singleElement()
                .extracting(event ->
                        event.getRequiredPayload(TestExecutionResult.class).getStatus())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        Throwable failure = finished.stream()
                .filter(event -> event.getTestDescriptor().getDisplayName().startsWith("aFallbackWithout"))
                .map(event -> event.getRequiredPayload(TestExecutionResult.class))
                .findFirst()
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(failure)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Experiment 'inventory-outage' FAILED: 1 of 5 probes failed: fallback"
                        + " 'inventory' servedAtLeast 0.99: fallback 'inventory' answered 0 of ")
                .hasMessageContaining(" failed or rejected calls (0%), less than 99%; the fallback itself threw ");
        List<ReportEntry> entries = reportEntries(events);
        assertThat(entries).hasSize(2);
        for (ReportEntry entry : entries) {
            Path html = Path.of(entry.getKeyValuePairs().get("turbulence.report.html"));
            Path json = Path.of(entry.getKeyValuePairs().get("turbulence.report.json"));
            assertThat(html).exists().hasParent(ChaosExperimentExtension.DEFAULT_REPORT_DIRECTORY.toAbsolutePath());
            assertThat(ExperimentReport.fromJson(Files.readString(json)).experiment())
                    .isEqualTo("inventory-outage");
        }
        assertThat(entries)
                .anySatisfy(entry -> assertThat(failure.getMessage())
                        .endsWith("\nReport: " + entry.getKeyValuePairs().get("turbulence.report.html")));
    }

    // ---- an experiment file named by an annotation

    static class Annotated {
        static final Fixture fixture = new Fixture();
        static final Downstream downstream = new Downstream();
        static final AtomicReference<ExperimentReport> seen = new AtomicReference<>();

        @RegisterExtension
        static final ChaosExperimentExtension chaos = ChaosExperimentExtension.of(fixture.runner)
                .withLoad(Load.of(inventory(fixture, downstream, failure -> "cached"), 100));

        @AfterAll
        static void close() {
            fixture.close();
            downstream.close();
        }

        @Test
        @RunExperiment("experiments/inventory-outage.yaml")
        void inventoryOutageIsContained(ExperimentReport report) {
            seen.set(report);
        }
    }

    @Test
    void runsTheAnnotatedExperimentFileBeforeTheTestAndHandsItTheReport() {
        Events events = run(Annotated.class);

        assertThat(events.finished().stream()
                        .filter(event -> event.getTestDescriptor().isTest()))
                .extracting(event ->
                        event.getRequiredPayload(TestExecutionResult.class).getStatus())
                .containsExactly(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(Annotated.seen.get().verdict()).isEqualTo(Verdict.PASSED);
        assertThat(Annotated.seen.get().injections().get("inventory-down")).isPositive();
    }

    // ---- nothing leaks from one test into the next

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Leaky {
        static final Fixture fixture = new Fixture();

        @RegisterExtension
        static final ChaosExperimentExtension chaos = ChaosExperimentExtension.of(fixture.runner);

        @AfterAll
        static void close() {
            fixture.close();
        }

        @Test
        @Order(1)
        void leavesAnOpenBreakerAndChaosOn() {
            CircuitBreaker breaker = fixture.breakers.circuitBreaker(
                    "payments",
                    Fixture.quickBreaker(Duration.ofMinutes(1))
                            .clock(fixture.time.clock())
                            .build());
            var pay =
                    CircuitBreaker.decorateSupplier(breaker, fixture.engine.decorateSupplier("payments", () -> "paid"));
            chaos.run(Experiment.builder("leaky")
                    .assault(Assault.builder("payments-down")
                            .target(CallSiteKind.SUPPLIER, "payments")
                            .fault(new Fault.ConnectionReset())
                            .build())
                    .hypothesis(Probe.circuitBreakerOpensWithin("payments", Duration.ofMillis(300)))
                    .duration(Duration.ofMillis(300))
                    .load(Load.of(pay::get, 100))
                    .build());
            fixture.engine
                    .assaults()
                    .put(Assault.builder("left-over")
                            .fault(new Fault.ConnectionRefused())
                            .build());
            fixture.engine.enable();
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        }

        @Test
        @Order(2)
        void startsClean() {
            assertThat(fixture.breakers.circuitBreaker("payments").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(fixture.engine.isEnabled()).isFalse();
            assertThat(fixture.engine.status()).isEmpty();
        }
    }

    @Test
    void resetsTheProbedBreakersAndTheEngineBetweenTests() {
        Events events = run(Leaky.class);

        assertThat(events.finished().stream()
                        .filter(event -> event.getTestDescriptor().isTest()))
                .extracting(event ->
                        event.getRequiredPayload(TestExecutionResult.class).getStatus())
                .containsExactly(TestExecutionResult.Status.SUCCESSFUL, TestExecutionResult.Status.SUCCESSFUL);
    }
}
