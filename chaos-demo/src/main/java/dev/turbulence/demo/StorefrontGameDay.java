package dev.turbulence.demo;

import dev.turbulence.Assault;
import dev.turbulence.AssaultSchema;
import dev.turbulence.resilience4j.Experiment;
import dev.turbulence.resilience4j.ExperimentReport;
import dev.turbulence.resilience4j.ExperimentRunner;
import dev.turbulence.resilience4j.ExperimentSchema;
import dev.turbulence.resilience4j.GameDay;
import dev.turbulence.resilience4j.GameDayReport;
import dev.turbulence.resilience4j.Load;
import dev.turbulence.resilience4j.Verdict;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Runs the demo's game day against the storefront on its own port: reads each experiment of
 * {@code demo.game-day.experiments} (checked against the runner's registries), gives it its load, runs them
 * in order with a live progress line, writes the reports and prints the verdicts next to the expected ones.
 * One game day at a time.
 */
@Component
public class StorefrontGameDay {

    private final GameDayProperties properties;
    private final ExperimentRunner runner;
    private final CircuitBreakerRegistry breakers;
    private final Environment environment;
    private static final int WARM_UP_CALLS = 10;

    private final PrintStream out = System.out;

    StorefrontGameDay(
            GameDayProperties properties,
            ExperimentRunner runner,
            CircuitBreakerRegistry breakers,
            Environment environment) {
        this.properties = properties;
        this.runner = runner;
        this.breakers = breakers;
        this.environment = environment;
    }

    /**
     * Runs the game day to its end.
     *
     * @throws dev.turbulence.resilience4j.InvalidDefinitionException when an experiment is invalid; nothing runs
     */
    public synchronized Outcome run() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, Verdict> expected = new LinkedHashMap<>();
        Map<String, StorefrontLoad> loads = new LinkedHashMap<>();
        List<Experiment> experiments = new ArrayList<>();
        for (GameDayProperties.Planned planned : properties.experiments()) {
            Experiment experiment = shortened(load(planned));
            StorefrontLoad load = new StorefrontLoad(http, planned.method(), storefront(planned.path()));
            experiments.add(experiment.withLoad(new Load(load, properties.callsPerSecond(), properties.concurrency())));
            expected.put(experiment.name(), planned.expect());
            loads.put(experiment.name(), load);
        }
        warmUp(http);
        GameDay gameDay = new GameDay(properties.name(), experiments);
        out.printf(
                "%nGame day '%s': %d experiments against the storefront at %s%n%n",
                gameDay.name(), experiments.size(), storefront(""));
        GameDayReport report;
        try (ProgressLine progress =
                new ProgressLine(out, System.console() != null, experiments.size(), runner, breakers)) {
            report = gameDay.run(
                    runner,
                    experiment -> progress.starting(experiment, loads.get(experiment.name())),
                    finished -> progress.finished(finished, expected.get(finished.experiment())));
        }
        Outcome outcome = new Outcome(report, report.writeTo(properties.reportsDirectory()), expected);
        printVerdicts(outcome);
        return outcome;
    }

    /**
     * Sends each experiment's GET request a few times (a POST would change the shop), then closes the breakers: on a
     * JVM just started, the first calls can outlast the inventory's 500 ms time limit and open its breaker, and a game
     * day starts from the steady state of a storefront that has served traffic, as a staging application has.
     */
    private void warmUp(HttpClient http) {
        for (GameDayProperties.Planned planned : properties.experiments()) {
            if (!planned.method().equals("GET")) {
                continue;
            }
            StorefrontLoad request = new StorefrontLoad(http, planned.method(), storefront(planned.path()));
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                try {
                    request.call();
                } catch (IOException slowOrRefused) {
                    // what the first calls of a cold storefront answer is not what the game day is about
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    /** Prints the requests to play with the storefront and its chaos by hand. */
    public void printPlayground() {
        String base = storefront("").toString();
        out.printf("""

                The storefront keeps running at %1$s (Ctrl+C stops it). Chaos is on, with no assault defined.
                  curl -s %1$s/products/1
                  curl -s %1$s/actuator/chaos
                  curl -s -X POST %1$s/actuator/chaos/assaults/inventory-down -H 'Content-Type: application/json' \\
                       -d '{"target":{"kind":"http","name":"inventoryClient"},"fault":{"type":"http-status","status":503},"duration":"5m"}'
                  for i in $(seq 20); do curl -s %1$s/products/1; echo; done
                  curl -s %1$s/actuator/circuitbreakers
                  curl -s -X DELETE %1$s/actuator/chaos/assaults/inventory-down
                  curl -s -X POST %1$s/actuator/chaos -H 'Content-Type: application/json' -d '{"enabled":false}'
                %n""", base);
    }

    private void printVerdicts(Outcome outcome) {
        GameDayReport report = outcome.report();
        out.printf(
                "%nVerdicts of '%s' (%.0f s):%n",
                report.gameDay(),
                Duration.between(report.startedAt(), report.endedAt()).toMillis() / 1000.0);
        out.printf("  %-20s %-13s %-13s %s%n", "experiment", "expected", "verdict", "explanation");
        for (ExperimentReport experiment : report.reports()) {
            Verdict expected = outcome.expected().get(experiment.experiment());
            out.printf(
                    "  %-20s %-13s %-13s %s%n",
                    experiment.experiment(),
                    expected,
                    experiment.verdict() == expected ? experiment.verdict() : experiment.verdict() + " (!)",
                    experiment.explanation());
        }
        report.skipped().forEach(name -> out.printf("  %-20s %-13s %-13s %s%n", name, "", "SKIPPED", "not run"));
        out.printf(
                "%n%s%nReport: %s%n",
                outcome.asExpected()
                        ? "Every verdict is the expected one."
                        : "Some verdicts are not the expected ones (marked (!)).",
                outcome.written().html().toAbsolutePath().normalize());
    }

    /**
     * The planned experiment, checked against the runner: as its YAML says, or with the assaults its flag gives this
     * instance.
     */
    private Experiment load(GameDayProperties.Planned planned) {
        String yaml = read(planned.resource());
        if (planned.assaultsFlag() == null) {
            return runner.load(yaml);
        }
        List<Assault> assaults = FlagAssaults.of(planned.assaultsFlag(), properties.instanceId());
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) AssaultSchema.parseTree(yaml);
        tree.put("assaults", assaults.stream().map(AssaultSchema::toTree).toList());
        Experiment experiment = ExperimentSchema.fromTree(tree);
        runner.check(experiment);
        out.printf(
                "%s takes its assaults from the flag chaos-assaults in %s (flagd, instance %s): %s%n",
                experiment.name(),
                planned.assaultsFlag(),
                properties.instanceId(),
                assaults.stream().map(Assault::name).toList());
        return experiment;
    }

    private Experiment shortened(Experiment experiment) {
        Duration duration = properties.duration();
        return duration == null ? experiment : experiment.withDuration(duration);
    }

    private URI storefront(String path) {
        return URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") + path);
    }

    private static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the experiment " + resource, e);
        }
    }

    /**
     * What a game day found.
     *
     * @param report every experiment's report
     * @param written where the reports were written
     * @param expected the verdict expected of each experiment, by name
     */
    public record Outcome(GameDayReport report, GameDayReport.Written written, Map<String, Verdict> expected) {

        /** Whether every experiment ran and got the verdict expected of it. */
        public boolean asExpected() {
            return report.skipped().isEmpty() && report.verdicts().equals(expected);
        }
    }
}
