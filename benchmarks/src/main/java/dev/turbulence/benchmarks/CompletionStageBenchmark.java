package dev.turbulence.benchmarks;

import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * What {@link ChaosEngine#decorateCompletionStage} costs per call, in each {@link ChaosSetting}, next to
 * calling the same asynchronous supplier directly. The supplier hands out one completed stage, so only the
 * decoration is measured.
 *
 * <p>Run it (from the repository root, after {@code mvn -B -pl benchmarks -am package -DskipTests}):
 * {@code java -jar benchmarks/target/benchmarks.jar CompletionStageBenchmark -t 1 -prof gc}, and again with
 * {@code -t 2}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CompletionStageBenchmark {

    static final String SITE = "pricing";

    @State(Scope.Benchmark)
    public static class Direct {
        private final CompletionStage<String> price = CompletableFuture.completedFuture("9.99");
        Supplier<CompletionStage<String>> supplier = () -> price;
    }

    /** A bare wrapper that only calls the supplier: the floor of any decorator, the control of the decorated cases. */
    @State(Scope.Benchmark)
    public static class PassThrough {
        Supplier<CompletionStage<String>> supplier;

        @Setup
        public void setUp(Direct direct) {
            Supplier<CompletionStage<String>> wrapped = direct.supplier;
            supplier = () -> wrapped.get();
        }
    }

    @State(Scope.Benchmark)
    public static class Decorated {
        @Param({"off", "on-not-targeted", "targeted-rate", "targeted-every-nth", "dry-run"})
        public String chaos;

        ChaosEngine engine;
        Supplier<CompletionStage<String>> supplier;

        @Setup
        public void setUp(Direct direct) {
            engine = ChaosSetting.of(chaos).engineFor(CallSiteKind.SUPPLIER, SITE);
            supplier = engine.decorateCompletionStage(SITE, direct.supplier);
        }

        @TearDown
        public void tearDown() {
            engine.close();
        }
    }

    @Benchmark
    public CompletionStage<String> direct(Direct state) {
        return state.supplier.get();
    }

    @Benchmark
    public CompletionStage<String> decorated(Decorated state) {
        return state.supplier.get();
    }

    @Benchmark
    public CompletionStage<String> passThrough(PassThrough state) {
        return state.supplier.get();
    }
}
