package dev.turbulence.resilience4j;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Renders reports as self-contained XHTML pages in one style: an {@link ExperimentReport} with an inline SVG
 * timeline, and a {@link GameDayReport}'s index linking its experiments' pages. Inline CSS, no script, no
 * external font, image or style sheet; well-formed XML, so a page can be parsed as such.
 */
final class HtmlReport {

    private static final int WIDTH = 960;
    private static final int LEFT = 150;
    private static final int RIGHT = 20;
    private static final int TOP = 28;
    private static final int PLOT_HEIGHT = 170;
    private static final int LANE = 22;
    private static final double CHAR_WIDTH = 6.5;
    private static final String[][] SERIES = {{"calls", "#1565c0"}, {"failures", "#c62828"}, {"injections", "#ef6c00"}};

    private final ExperimentReport report;
    private final StringBuilder out = new StringBuilder(16_384);

    private HtmlReport(ExperimentReport report) {
        this.report = report;
    }

    static String render(ExperimentReport report) {
        return new HtmlReport(report).page();
    }

    /**
     * The index page of {@code gameDay}: one row per experiment run, linking {@code pages} (its experiments'
     * pages, in the same order), then one per experiment skipped.
     */
    static String render(GameDayReport gameDay, List<ExperimentReport.Written> pages) {
        StringBuilder out = new StringBuilder(4_096);
        head(out, "Game day " + gameDay.gameDay());
        out.append("<h1>Game day <code>")
                .append(escape(gameDay.gameDay()))
                .append("</code></h1>\n<p>")
                .append(escape(gameDay.startedAt() + " to " + gameDay.endedAt()))
                .append("</p>\n<table id=\"experiments\">\n")
                .append("<tr><th>experiment</th><th>verdict</th><th>explanation</th></tr>\n");
        for (int i = 0; i < gameDay.reports().size(); i++) {
            ExperimentReport report = gameDay.reports().get(i);
            out.append("<tr><td><a href=\"")
                    .append(escape(pages.get(i).html().getFileName().toString()))
                    .append("\"><code>")
                    .append(escape(report.experiment()))
                    .append("</code></a></td><td class=\"")
                    .append(report.verdict().name())
                    .append("\">")
                    .append(report.verdict().name())
                    .append("</td><td>")
                    .append(escape(report.explanation()))
                    .append("</td></tr>\n");
        }
        for (String name : gameDay.skipped()) {
            out.append("<tr><td><code>")
                    .append(escape(name))
                    .append("</code></td><td class=\"SKIPPED\">SKIPPED</td>")
                    .append("<td>not run: the game day was stopped (kill switch or interrupt)</td></tr>\n");
        }
        out.append("</table>\n</body>\n</html>\n");
        return out.toString();
    }

    /** Opens a page titled {@code title}, with the one style sheet of every report page, up to its body. */
    private static void head(StringBuilder out, String title) {
        out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>")
                .append(escape(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;color:#212121}\n")
                .append("code{font-family:ui-monospace,monospace}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:left;vertical-align:top}\n")
                .append(".PASSED{color:#2e7d32}.FAILED{color:#c62828}.INCONCLUSIVE,.SKIPPED{color:#ef6c00}\n")
                .append(".badge{font-size:1.6em;font-weight:bold}ul.observed{margin:0;padding-left:1.2em}\n")
                .append("</style>\n</head>\n<body>\n");
    }

    private String page() {
        String verdict = report.verdict().name();
        head(out, "Experiment " + report.experiment() + ": " + verdict);
        out.append("<h1>Experiment <code>").append(escape(report.experiment())).append("</code></h1>\n");
        out.append("<p id=\"verdict\" class=\"badge ")
                .append(verdict)
                .append("\">")
                .append(verdict)
                .append("</p>\n<p id=\"explanation\">")
                .append(escape(report.explanation()))
                .append("</p>\n");
        if (report.abortedBy() != null) {
            out.append("<p id=\"aborted\" class=\"FAILED\">aborted by ")
                    .append(escape(report.abortedBy().alarm()))
                    .append(" at ")
                    .append(escape(String.valueOf(report.abortedBy().at())))
                    .append("</p>\n");
        }
        summary();
        out.append("<h2>Timeline</h2>\n");
        timeline();
        probes();
        stateChanges();
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private void summary() {
        out.append("<table id=\"summary\">\n");
        row("started", String.valueOf(report.startedAt()));
        row("ended", String.valueOf(report.endedAt()));
        report.injections().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> row("injections by " + entry.getKey(), String.valueOf(entry.getValue())));
        if (report.load() != null) {
            row("load", report.load().calls() + " calls, " + report.load().failures() + " failed");
        }
        for (ExperimentReport.Phase phase : report.phases()) {
            row(
                    "phase " + phase.name(),
                    phase.startedAt() + " to " + phase.endedAt() + " ("
                            + Text.duration(Duration.between(phase.startedAt(), phase.endedAt())) + ")");
        }
        out.append("</table>\n");
    }

    private void row(String name, String value) {
        out.append("<tr><th>")
                .append(escape(name))
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>\n");
    }

    private void timeline() {
        List<ExperimentReport.Sample> samples = report.timeline();
        TreeSet<String> breakers = new TreeSet<>();
        TreeSet<String> alarms = new TreeSet<>();
        samples.forEach(sample -> {
            breakers.addAll(sample.circuitBreakers().keySet());
            alarms.addAll(sample.alarms().keySet());
        });
        int lanes = breakers.size() + alarms.size();
        int height = TOP + PLOT_HEIGHT + 30 + lanes * LANE + 40;
        Instant from = report.startedAt();
        Instant to = report.endedAt();
        long span = Math.max(1, Duration.between(from, to).toMillis());
        out.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" font-family=\"system-ui,sans-serif\" font-size=\"11\">\n")
                .append("<title>")
                .append(escape("Timeline of " + report.experiment()
                        + ": calls, failures and injections per sample; breaker and alarm states; phases"))
                .append("</title>\n");
        String[] bands = {"#e3f2fd", "#ffebee", "#e8f5e9", "#f5f5f5"};
        for (int i = 0; i < report.phases().size(); i++) {
            ExperimentReport.Phase phase = report.phases().get(i);
            double x1 = x(phase.startedAt(), from, span);
            double x2 = x(phase.endedAt(), from, span);
            out.append("<rect class=\"phase\" data-phase=\"")
                    .append(escape(phase.name()))
                    .append("\" x=\"")
                    .append(fmt(x1))
                    .append("\" y=\"")
                    .append(TOP - 14)
                    .append("\" width=\"")
                    .append(fmt(Math.max(1, x2 - x1)))
                    .append("\" height=\"")
                    .append(height - TOP - 20)
                    .append("\" fill=\"")
                    .append(bands[Math.min(i, bands.length - 1)])
                    .append("\"><title>")
                    .append(escape("phase " + phase.name()))
                    .append("</title></rect>\n");
        }
        for (ExperimentReport.Phase phase : report.phases()) {
            label(x(phase.startedAt(), from, span), x(phase.endedAt(), from, span), TOP - 2, phase.name());
        }
        plot(samples, from, span);
        int y = TOP + PLOT_HEIGHT + 30;
        for (String breaker : breakers) {
            lane(
                    samples,
                    from,
                    span,
                    y,
                    "breaker " + breaker,
                    sample -> sample.circuitBreakers().get(breaker));
            y += LANE;
        }
        for (String alarm : alarms) {
            lane(
                    samples,
                    from,
                    span,
                    y,
                    "alarm " + alarm,
                    sample -> sample.alarms().get(alarm));
            y += LANE;
        }
        if (report.abortedBy() != null) {
            double xa = x(report.abortedBy().at(), from, span);
            out.append("<line class=\"abort\" x1=\"")
                    .append(fmt(xa))
                    .append("\" x2=\"")
                    .append(fmt(xa))
                    .append("\" y1=\"")
                    .append(TOP)
                    .append("\" y2=\"")
                    .append(y)
                    .append("\" stroke=\"#b71c1c\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\n");
            text(xa + 4, TOP + 12, "aborted by " + report.abortedBy().alarm(), "start");
        }
        for (int tick = 0; tick <= 4; tick++) {
            double xt = LEFT + (WIDTH - LEFT - RIGHT) * tick / 4.0;
            text(xt, y + 14, Text.duration(Duration.ofMillis(span * tick / 4)), "middle");
        }
        double legend = LEFT;
        for (String[] series : SERIES) {
            out.append("<rect x=\"")
                    .append(fmt(legend))
                    .append("\" y=\"")
                    .append(y + 24)
                    .append("\" width=\"12\" height=\"4\" fill=\"")
                    .append(series[1])
                    .append("\"/>\n");
            text(legend + 16, y + 30, series[0] + " per sample", "start");
            legend += 140;
        }
        out.append("</svg>\n");
    }

    private void plot(List<ExperimentReport.Sample> samples, Instant from, long span) {
        List<ToLongFunction<ExperimentReport.Sample>> values = List.of(
                ExperimentReport.Sample::calls, ExperimentReport.Sample::failures, ExperimentReport.Sample::injections);
        long max = 1;
        for (ToLongFunction<ExperimentReport.Sample> value : values) {
            for (long delta : deltas(samples, value)) {
                max = Math.max(max, delta);
            }
        }
        int bottom = TOP + PLOT_HEIGHT;
        out.append("<line x1=\"")
                .append(LEFT)
                .append("\" x2=\"")
                .append(WIDTH - RIGHT)
                .append("\" y1=\"")
                .append(bottom)
                .append("\" y2=\"")
                .append(bottom)
                .append("\" stroke=\"#757575\"/>\n");
        text(LEFT - 6, TOP + 10, String.valueOf(max), "end");
        text(LEFT - 6, bottom, "0", "end");
        for (int i = 0; i < values.size(); i++) {
            long[] deltas = deltas(samples, values.get(i));
            StringBuilder points = new StringBuilder();
            for (int s = 0; s < deltas.length; s++) {
                points.append(fmt(x(samples.get(s).at(), from, span)))
                        .append(',')
                        .append(fmt(bottom - (double) PLOT_HEIGHT * deltas[s] / max))
                        .append(' ');
            }
            out.append("<polyline class=\"series\" data-series=\"")
                    .append(SERIES[i][0])
                    .append("\" fill=\"none\" stroke=\"")
                    .append(SERIES[i][1])
                    .append("\" stroke-width=\"1.5\" points=\"")
                    .append(points.toString().trim())
                    .append("\"/>\n");
        }
    }

    private static long[] deltas(List<ExperimentReport.Sample> samples, ToLongFunction<ExperimentReport.Sample> value) {
        long[] deltas = new long[samples.size()];
        for (int i = 1; i < samples.size(); i++) {
            deltas[i] = Math.max(0, value.applyAsLong(samples.get(i)) - value.applyAsLong(samples.get(i - 1)));
        }
        return deltas;
    }

    private void lane(
            List<ExperimentReport.Sample> samples,
            Instant from,
            long span,
            int y,
            String label,
            Function<ExperimentReport.Sample, String> state) {
        text(LEFT - 6, y + 14, label, "end");
        List<double[]> runs = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            String now = state.apply(samples.get(i));
            if (now == null) {
                continue;
            }
            double x1 = x(samples.get(i).at(), from, span);
            double x2 =
                    i + 1 < samples.size() ? x(samples.get(i + 1).at(), from, span) : x(report.endedAt(), from, span);
            if (!states.isEmpty() && states.get(states.size() - 1).equals(now)) {
                runs.get(runs.size() - 1)[1] = x2;
            } else {
                states.add(now);
                runs.add(new double[] {x1, x2});
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            double[] run = runs.get(i);
            out.append("<rect class=\"state\" data-state=\"")
                    .append(escape(states.get(i)))
                    .append("\" x=\"")
                    .append(fmt(run[0]))
                    .append("\" y=\"")
                    .append(y + 3)
                    .append("\" width=\"")
                    .append(fmt(Math.max(0.5, run[1] - run[0])))
                    .append("\" height=\"")
                    .append(LANE - 6)
                    .append("\" fill=\"")
                    .append(colour(states.get(i)))
                    .append("\"><title>")
                    .append(escape(label + ": " + states.get(i)))
                    .append("</title></rect>\n");
        }
        for (int i = 0; i < runs.size(); i++) {
            label(runs.get(i)[0], runs.get(i)[1], y + 15, states.get(i));
        }
    }

    /** Writes {@code content} at the start of the span from {@code x1} to {@code x2} when it fits there. */
    private void label(double x1, double x2, double y, String content) {
        if (x2 - x1 >= content.length() * CHAR_WIDTH + 6) {
            text(x1 + 3, y, content, "start");
        }
    }

    private static String colour(String state) {
        return switch (state) {
            case "CLOSED", "OK" -> "#a5d6a7";
            case "HALF_OPEN" -> "#ffe082";
            case "OPEN", "FORCED_OPEN", "ALARM" -> "#ef9a9a";
            default -> "#e0e0e0";
        };
    }

    private void probes() {
        out.append("<h2>Probes</h2>\n<table id=\"probes\">\n<thead><tr><th>phase</th><th>probe</th><th>verdict</th>")
                .append("<th>observed</th><th>explanation</th></tr></thead>\n<tbody>\n");
        for (ProbeResult result : report.probes()) {
            out.append("<tr class=\"probe\"><td>")
                    .append(escape(result.phase()))
                    .append("</td><td><code>")
                    .append(escape(result.probe()))
                    .append("</code></td><td class=\"verdict ")
                    .append(result.verdict().name())
                    .append("\">")
                    .append(result.verdict().name())
                    .append("</td><td><ul class=\"observed\">");
            result.observed()
                    .forEach((name, value) -> out.append("<li><code>")
                            .append(escape(name))
                            .append("</code> = ")
                            .append(escape(value == null ? "none" : String.valueOf(value)))
                            .append("</li>"));
            out.append("</ul></td><td>").append(escape(result.explanation())).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private void stateChanges() {
        out.append("<h2>State changes</h2>\n<table id=\"state-changes\">\n")
                .append("<thead><tr><th>at</th><th>what</th><th>from</th><th>to</th></tr></thead>\n<tbody>\n");
        for (ExperimentReport.StateChange change : report.stateChanges()) {
            out.append("<tr><td>")
                    .append(escape(String.valueOf(change.at())))
                    .append("</td><td>")
                    .append(escape(change.kind() + " " + change.name()))
                    .append("</td><td>")
                    .append(escape(change.from()))
                    .append("</td><td>")
                    .append(escape(change.to()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private void text(double x, double y, String content, String anchor) {
        out.append("<text x=\"")
                .append(fmt(x))
                .append("\" y=\"")
                .append(fmt(y))
                .append("\" text-anchor=\"")
                .append(anchor)
                .append("\">")
                .append(escape(content))
                .append("</text>\n");
    }

    private static double x(Instant at, Instant from, long span) {
        double share =
                Math.min(1, Math.max(0, (double) Duration.between(from, at).toMillis() / span));
        return LEFT + (WIDTH - LEFT - RIGHT) * share;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        escaped.append(' ');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
