package dev.turbulence.benchmarks;

import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link ChaosEngine#decorateSupplier} costs per call, in each {@link ChaosSetting}, next to calling the
 * same supplier directly. All threads share one decorated supplier, as they share one in an application.
 *
 * <p>Run it (from the repository root, after {@code mvn -B -pl benchmarks -am package -DskipTests}):
 * {@code java -jar benchmarks/target/benchmarks.jar SupplierBenchmark -t 1 -prof gc}, and again with
 * {@code -t 2}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SupplierBenchmark {

    static final String SITE = "inventory";

    /** The supplier under test: returns a field, so the call itself costs next to nothing. */
    @State(Scope.Benchmark)
    public static class Direct {
        private final String stock = "42 in stock";
        Supplier<String> supplier = () -> stock;
    }

    /** A bare wrapper that only calls the supplier: the floor of any decorator, the control of the decorated cases. */
    @State(Scope.Benchmark)
    public static class PassThrough {
        Supplier<String> supplier;

        @Setup
        public void setUp(Direct direct) {
            Supplier<String> wrapped = direct.supplier;
            supplier = () -> wrapped.get();
        }
    }

    @State(Scope.Benchmark)
    public static class Decorated {
        @Param({"off", "on-not-targeted", "targeted-rate", "targeted-every-nth", "dry-run"})
        public String chaos;

        ChaosEngine engine;
        Supplier<String> supplier;

        @Setup
        public void setUp(Direct direct) {
            engine = ChaosSetting.of(chaos).engineFor(CallSiteKind.SUPPLIER, SITE);
            supplier = engine.decorateSupplier(SITE, direct.supplier);
        }

        @TearDown
        public void tearDown() {
            engine.close();
        }
    }

    @Benchmark
    public String direct(Direct state) {
        return state.supplier.get();
    }

    @Benchmark
    public String decorated(Decorated state) {
        return state.supplier.get();
    }

    @Benchmark
    public String passThrough(PassThrough state) {
        return state.supplier.get();
    }
}
