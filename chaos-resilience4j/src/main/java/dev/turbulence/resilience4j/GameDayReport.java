package dev.turbulence.resilience4j;

import dev.turbulence.schema.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link GameDay} found: each experiment's report in the order run, and the experiments skipped
 * after the kill switch. Written as one JSON document and one HTML index page linking each experiment's own
 * page. Immutable.
 *
 * @param gameDay the game day's name
 * @param reports the reports of the experiments run, in order
 * @param skipped the experiments not run because the kill switch was pulled or the thread interrupted
 */
public record GameDayReport(
        String gameDay, Instant startedAt, Instant endedAt, List<ExperimentReport> reports, List<String> skipped) {

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    public GameDayReport {
        reports = List.copyOf(reports);
        skipped = List.copyOf(skipped);
    }

    /** Each experiment's verdict, by experiment name, in the order run. */
    public Map<String, Verdict> verdicts() {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        reports.forEach(report -> verdicts.put(report.experiment(), report.verdict()));
        return verdicts;
    }

    /** The game day as indented JSON: its name, times, skipped experiments and every report in full. */
    public String toJson() {
        return Json.writeIndented(this);
    }

    /**
     * Writes every experiment's report, then {@code <game day>-<start time>.json} and {@code .html}, the
     * index page, into {@code directory}, creating it; a name already taken gets a number instead of
     * overwriting a file.
     *
     * @return where the index page and the experiments' pages were written
     * @throws UncheckedIOException when a file cannot be written
     */
    public Written writeTo(Path directory) {
        List<ExperimentReport.Written> pages = new ArrayList<>();
        reports.forEach(report -> pages.add(report.writeTo(directory)));
        String base = gameDay + "-" + FILE_TIME.format(startedAt);
        try {
            Files.createDirectories(directory);
            String name = base;
            for (int n = 2;
                    Files.exists(directory.resolve(name + ".json")) || Files.exists(directory.resolve(name + ".html"));
                    n++) {
                name = base + "-" + n;
            }
            Path json = Files.writeString(directory.resolve(name + ".json"), toJson());
            Path html = Files.writeString(directory.resolve(name + ".html"), HtmlReport.render(this, pages));
            return new Written(json, html, pages);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of game day " + gameDay + " to " + directory, e);
        }
    }

    /** Where a game day's report was written: its index page and JSON, and each experiment's page. */
    public record Written(Path json, Path html, List<ExperimentReport.Written> experiments) {}
}
