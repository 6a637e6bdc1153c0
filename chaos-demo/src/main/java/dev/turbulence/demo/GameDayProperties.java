package dev.turbulence.demo;

import dev.turbulence.resilience4j.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo's game day, {@code demo.game-day.*}: which experiments run in which order, the traffic each
 * gets, and the verdict each is expected to reach.
 *
 * @param name the game day's name, used in the report's file names
 * @param experiments run in this order
 * @param duration overrides every experiment's own duration, to shorten the game day (tests); none by default
 * @param callsPerSecond the load's rate, per experiment
 * @param concurrency the most load calls in flight at once
 * @param reportsDirectory where the HTML and JSON reports are written
 * @param instanceId this storefront's id, the targeting key when a flag gives an experiment its assaults
 */
@ConfigurationProperties("demo.game-day")
public record GameDayProperties(
        @DefaultValue("storefront-game-day") String name,
        List<Planned> experiments,
        Duration duration,
        @DefaultValue("25") double callsPerSecond,
        @DefaultValue("8") int concurrency,
        @DefaultValue("chaos-reports") Path reportsDirectory,
        @DefaultValue("storefront-1") String instanceId) {

    private static final Set<String> METHODS = Set.of("GET", "POST");

    public GameDayProperties {
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
        if (experiments.isEmpty()) {
            throw new IllegalArgumentException("demo.game-day.experiments must list at least one experiment");
        }
        for (int i = 0; i < experiments.size(); i++) {
            experiments.get(i).check("demo.game-day.experiments[" + i + "]");
        }
    }

    /**
     * One experiment of the game day.
     *
     * @param resource the experiment's YAML, a class-path resource in the chaos-resilience4j schema
     * @param load the storefront request the load sends, {@code METHOD /path}, e.g. {@code GET /products/1}
     * @param expect the verdict the storefront as built is expected to get
     * @param assaultsFlag when given, a flagd flag file (a class-path resource) whose flag {@code chaos-assaults}
     *     gives the experiment its assaults, evaluated for this instance; the experiment's YAML then has none
     */
    public record Planned(String resource, String load, Verdict expect, String assaultsFlag) {

        void check(String prefix) {
            if (resource == null || resource.isBlank()) {
                throw new IllegalArgumentException(prefix + ".resource is required, but was " + resource);
            }
            if (expect == null) {
                throw new IllegalArgumentException(
                        prefix + ".expect must be PASSED, FAILED or INCONCLUSIVE, but was missing");
            }
            String[] parts = load == null ? new String[0] : load.trim().split("\\s+");
            if (parts.length != 2
                    || !METHODS.contains(parts[0].toUpperCase(Locale.ROOT))
                    || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException(
                        prefix + ".load must be 'GET /path' or 'POST /path', but was '" + load + "'");
            }
        }

        String method() {
            return load.trim().split("\\s+")[0].toUpperCase(Locale.ROOT);
        }

        String path() {
            return load.trim().split("\\s+")[1];
        }
    }
}
