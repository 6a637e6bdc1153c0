package dev.turbulence.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

    @TempDir
    Path dir;

    @Test
    void comparesEachCaseWithTheDirectBaselineOfItsSuiteAndThreadCount() throws IOException {
        Path results = write(
                "run.json",
                "["
                        + result("SupplierBenchmark.decorated", 1, "{\"chaos\":\"off\"}", 1.5, "0.25", 0.00001)
                        + "," + result("SupplierBenchmark.direct", 1, "{}", 0.5, "0.05", 0.00001)
                        + "," + result("SupplierBenchmark.direct", 2, "{}", 1.0, "NaN", 0.0)
                        + "," + result("SupplierBenchmark.decorated", 2, "{\"chaos\":\"off\"}", 4.0, "1.0", 24.0)
                        + "]");

        String table = MarkdownReport.tables(MarkdownReport.read(results));

        assertThat(table).isEqualTo("""
                #### SupplierBenchmark

                | case | threads | ns/op | ± error | B/op | × direct | ns over direct |
                |---|---:|---:|---:|---:|---:|---:|
                | direct | 1 | 0.50 | 0.05 | 0.00 | 1.00× | +0.00 |
                | decorated (off) | 1 | 1.50 | 0.25 | 0.00 | 3.00× | +1.00 |
                | direct | 2 | 1.00 | NaN | 0.00 | 1.00× | +0.00 |
                | decorated (off) | 2 | 4.00 | 1.00 | 24.00 | 4.00× | +3.00 |

                """);
    }

    @Test
    void rejectsResultsMeasuredWithoutTheGcProfiler() throws IOException {
        Path results = write(
                "run.json",
                "[{\"benchmark\":\"dev.turbulence.benchmarks.SupplierBenchmark.direct\",\"threads\":1,"
                        + "\"params\":{},\"primaryMetric\":{\"score\":0.5,\"scoreError\":0.1,\"scoreUnit\":\"ns/op\"},"
                        + "\"secondaryMetrics\":{}}]");

        assertThatThrownBy(() -> MarkdownReport.read(results))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dev.turbulence.benchmarks.SupplierBenchmark.direct has no gc.alloc.rate.norm: run it with"
                        + " -prof gc");
    }

    private static String result(
            String benchmark, int threads, String params, double score, String error, double bytes) {
        return "{\"benchmark\":\"dev.turbulence.benchmarks." + benchmark + "\",\"threads\":" + threads
                + ",\"params\":" + params + ",\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":\""
                + error + "\",\"scoreUnit\":\"ns/op\"},\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":"
                + bytes + ",\"scoreUnit\":\"B/op\"}}}";
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }
}
