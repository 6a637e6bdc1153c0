package dev.turbulence.resilience4j;

import dev.turbulence.AssaultSchema;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of an {@link Experiment} found: the verdict with its explanation, each probe's verdict with
 * the values observed, the phases, the injections, the state changes of breakers and alarms, and a timeline.
 * Written as JSON ({@link #toJson()}, field names as documented and stable within {@code schemaVersion}) and
 * as one self-contained HTML page ({@link #toHtml()}). Immutable.
 *
 * @param schemaVersion the version of this JSON form; grows only when a field changes meaning or goes away
 * @param experiment the experiment's name
 * @param verdict PASSED only when every probe passed and the experiment ran to its end
 * @param explanation why, in words; starts with {@code aborted by <alarm> at <time>} when a stop condition fired
 * @param abortedBy the stop condition that aborted the run, or {@code null}
 * @param phases the phases walked, in order: {@code steadyState}, {@code assaults}, {@code recovery}
 * @param probes every probe's result, in the order steady state, hypothesis, recovery, steady state after
 * @param injections faults injected per assault of the experiment
 * @param load the calls the experiment's own load made, or {@code null} when it had none
 * @param stateChanges circuit breaker and alarm transitions seen during the run
 * @param timeline samples taken at a fixed interval over the whole run
 */
public record ExperimentReport(
        int schemaVersion,
        String experiment,
        Verdict verdict,
        String explanation,
        Instant startedAt,
        Instant endedAt,
        Abort abortedBy,
        List<Phase> phases,
        List<ProbeResult> probes,
        Map<String, Long> injections,
        LoadSummary load,
        List<StateChange> stateChanges,
        List<Sample> timeline) {

    /** The version of the JSON form written now. */
    public static final int SCHEMA_VERSION = 1;

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    public ExperimentReport {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(startedAt, "startedAt");
        phases = List.copyOf(phases);
        probes = List.copyOf(probes);
        injections = Map.copyOf(injections);
        stateChanges = List.copyOf(stateChanges);
        timeline = List.copyOf(timeline);
    }

    /** A stop condition that went to ALARM and aborted the run. */
    public record Abort(String alarm, Instant at) {}

    /** One phase of the run, from start to end. */
    public record Phase(String name, Instant startedAt, Instant endedAt) {}

    /** The calls the experiment's own load made, and how many threw. */
    public record LoadSummary(long calls, long failures) {}

    /**
     * A state change: {@code kind} is {@code circuitBreaker} or {@code alarm}, {@code name} the instance.
     */
    public record StateChange(Instant at, String kind, String name, String from, String to) {}

    /**
     * One point of the timeline. Counts are cumulative since the run started: {@code calls} and
     * {@code failures} as the probed circuit breakers recorded them (failures include refused calls), or as
     * the load saw them when no breaker is probed; {@code injections} faults injected by the experiment.
     */
    public record Sample(
            Instant at,
            String phase,
            long calls,
            long failures,
            long injections,
            Map<String, String> circuitBreakers,
            Map<String, String> alarms) {
        public Sample {
            circuitBreakers = Map.copyOf(circuitBreakers);
            alarms = Map.copyOf(alarms);
        }
    }

    /** The report as indented JSON. */
    public String toJson() {
        return Json.writeIndented(this);
    }

    /**
     * Reads a report back from its JSON form.
     *
     * @throws IllegalArgumentException when {@code json} is not a report, naming what does not fit
     */
    public static ExperimentReport fromJson(String json) {
        try {
            return Json.read(AssaultSchema.parseTree(json), ExperimentReport.class);
        } catch (InvalidDefinitionException malformed) {
            throw new IllegalArgumentException("not an experiment report: " + malformed.getMessage(), malformed);
        } catch (IllegalArgumentException | NullPointerException misfit) {
            throw new IllegalArgumentException("not an experiment report: " + misfit.getMessage(), misfit);
        }
    }

    /** The report as one self-contained XHTML page: no scripts, no external fonts or styles. */
    public String toHtml() {
        return HtmlReport.render(this);
    }

    /**
     * Writes {@code <experiment>-<start time>.json} and {@code .html} into {@code directory}, creating it; a
     * report of the same experiment started in the same millisecond gets a numbered name instead of
     * overwriting it.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public Written writeTo(Path directory) {
        String base = experiment + "-" + FILE_TIME.format(startedAt);
        try {
            Files.createDirectories(directory);
            String name = base;
            for (int n = 2; Files.exists(directory.resolve(name + ".json")); n++) {
                name = base + "-" + n;
            }
            Path json = Files.writeString(directory.resolve(name + ".json"), toJson());
            Path html = Files.writeString(directory.resolve(name + ".html"), toHtml());
            return new Written(json, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + experiment + " to " + directory, e);
        }
    }

    /** Where a report was written. */
    public record Written(Path json, Path html) {}
}
