package dev.turbulence.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns JMH results ({@code -rf json}) into Markdown tables, one per benchmark class: time per call with its
 * error, bytes allocated per call ({@code gc.alloc.rate.norm}, so runs need {@code -prof gc}), and the ratio
 * to and distance from the class's {@code direct} baseline at the same thread count in the same files.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.turbulence.benchmarks.MarkdownReport result.json...}; prints
 * to standard output.
 */
public final class MarkdownReport {

    private static final String BASELINE = "direct";

    /** One measured benchmark at one thread count. */
    record Row(String suite, String method, String params, int threads, double nanos, double error, double bytes) {

        String label() {
            return params.isEmpty() ? method : method + " (" + params + ")";
        }
    }

    private MarkdownReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: MarkdownReport result.json...");
            System.exit(2);
        }
        List<Row> rows = new ArrayList<>();
        for (String file : args) {
            rows.addAll(read(Path.of(file)));
        }
        System.out.print(tables(rows));
    }

    static List<Row> read(Path file) throws IOException {
        JsonNode results = JsonMapper.shared().readTree(Files.readString(file));
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : results.values()) {
            String benchmark = result.path("benchmark").asString();
            String[] parts = benchmark.split("\\.");
            String params = result.path("params").values().stream()
                    .map(JsonNode::asString)
                    .collect(Collectors.joining(", "));
            JsonNode time = result.path("primaryMetric");
            if (!time.path("scoreUnit").asString().equals("ns/op")) {
                throw new IllegalArgumentException(
                        benchmark + " is measured in " + time.path("scoreUnit").asString() + ", but ns/op is needed");
            }
            JsonNode allocation = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
            if (allocation.isMissingNode()) {
                throw new IllegalArgumentException(benchmark + " has no gc.alloc.rate.norm: run it with -prof gc");
            }
            rows.add(new Row(
                    parts[parts.length - 2],
                    parts[parts.length - 1],
                    params,
                    result.path("threads").asInt(),
                    time.path("score").asDouble(),
                    time.path("scoreError").asDouble(Double.NaN),
                    allocation.path("score").asDouble()));
        }
        return rows;
    }

    static String tables(List<Row> rows) {
        Map<String, List<Row>> bySuite = new LinkedHashMap<>();
        rows.forEach(row ->
                bySuite.computeIfAbsent(row.suite(), suite -> new ArrayList<>()).add(row));
        StringBuilder out = new StringBuilder();
        bySuite.forEach((suite, suiteRows) -> {
            out.append("#### ").append(suite).append("\n\n");
            out.append("| case | threads | ns/op | ± error | B/op | × direct | ns over direct |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|\n");
            suiteRows.stream()
                    .sorted(Comparator.comparingInt(Row::threads)
                            .thenComparing(row -> !row.method().equals(BASELINE)))
                    .forEach(row -> out.append(line(row, baseline(suiteRows, row.threads()))));
            out.append('\n');
        });
        return out.toString();
    }

    private static Row baseline(List<Row> suiteRows, int threads) {
        return suiteRows.stream()
                .filter(row -> row.threads() == threads && row.method().equals(BASELINE))
                .findFirst()
                .orElse(null);
    }

    private static String line(Row row, Row baseline) {
        String ratio = baseline == null ? "" : format("%.2f×", row.nanos() / baseline.nanos());
        String over = baseline == null ? "" : format("%+.2f", row.nanos() - baseline.nanos());
        return format(
                "| %s | %d | %.2f | %.2f | %.2f | %s | %s |%n",
                row.label(), row.threads(), row.nanos(), row.error(), row.bytes(), ratio, over);
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
