package dev.turbulence.benchmarks;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the protection an application already pays for costs per call: Resilience4j's
 * {@link CircuitBreaker#decorateSupplier} and {@link Retry#decorateSupplier} (default configurations) on the
 * same supplier as {@link SupplierBenchmark}, next to calling it directly.
 *
 * <p>Run it (from the repository root, after {@code mvn -B -pl benchmarks -am package -DskipTests}):
 * {@code java -jar benchmarks/target/benchmarks.jar Resilience4jBenchmark -t 1 -prof gc}, and again with
 * {@code -t 2}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class Resilience4jBenchmark {

    @State(Scope.Benchmark)
    public static class Suppliers {
        private final String stock = "42 in stock";
        Supplier<String> direct = () -> stock;
        Supplier<String> circuitBreaker =
                CircuitBreaker.decorateSupplier(CircuitBreaker.ofDefaults("inventory"), direct);
        Supplier<String> retry = Retry.decorateSupplier(Retry.ofDefaults("inventory"), direct);
    }

    @Benchmark
    public String direct(Suppliers state) {
        return state.direct.get();
    }

    @Benchmark
    public String circuitBreaker(Suppliers state) {
        return state.circuitBreaker.get();
    }

    @Benchmark
    public String retry(Suppliers state) {
        return state.retry.get();
    }
}
