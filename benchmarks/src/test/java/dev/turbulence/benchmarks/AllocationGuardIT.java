package dev.turbulence.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The allocation guard: a short JMH run, with {@code -prof gc}, of the paths that must not allocate — chaos
 * off, chaos on but not targeting the call site, and an assault (a rate, every-Nth) that targets the site but
 * passes the call over — that fails the build when one of them does. Allocation
 * per call is deterministic, unlike time, so the guard is safe in CI; time is never asserted.
 *
 * <p>JMH computes {@code gc.alloc.rate.norm} from the thread's allocation counter over a whole iteration
 * divided by the calls made, so its own bookkeeping shows up as a few thousandths of a byte per call even on
 * a path that allocates nothing. A path that does allocate costs at least one object, 16 bytes, per call it
 * allocates on: the threshold of half a byte per call separates the two with a wide margin and still
 * catches an allocation made on one call in 32.
 *
 * <p>A JDK proxy always allocates the array of arguments it hands to its handler; our repository proxy may
 * cost that much and no more, which the bare JDK proxy measured in the same run tells.
 */
class AllocationGuardIT {

    private static final double NOISE_BYTES_PER_CALL = 0.5;

    private static Map<String, Double> bytesPerCall;

    @BeforeAll
    static void measure() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(SupplierBenchmark.class.getName() + ".decorated$")
                .include(CompletionStageBenchmark.class.getName() + ".decorated$")
                .include(RepositoryProxyBenchmark.class.getName() + ".proxied$")
                .param("chaos", "off", "on-not-targeted", "targeted-rate", "targeted-every-nth")
                .param("proxy", "jdk-proxy", "turbulence-off", "turbulence-on-not-targeted")
                .addProfiler("gc")
                .forks(1)
                .jvmArgs("-Xmx512m")
                .warmupIterations(4)
                .warmupTime(TimeValue.milliseconds(750))
                .measurementIterations(3)
                .measurementTime(TimeValue.milliseconds(500))
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true)
                .build();
        bytesPerCall = byBenchmark(new Runner(options).run());
    }

    private static Map<String, Double> byBenchmark(Collection<RunResult> results) {
        Map<String, Double> measured = new TreeMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            String param = result.getParams().getParamsKeys().stream()
                    .map(key -> result.getParams().getParam(key))
                    .findFirst()
                    .orElseThrow();
            measured.put(
                    name + " " + param,
                    result.getSecondaryResults().get("gc.alloc.rate.norm").getScore());
        }
        return measured;
    }

    @Test
    void decoratorsAllocateNothingWhenChaosIsOffTheirSiteIsNotTargetedOrTheAssaultPassesTheCallOver() {
        assertThat(bytesPerCall)
                .containsKeys(
                        "SupplierBenchmark.decorated off",
                        "SupplierBenchmark.decorated on-not-targeted",
                        "SupplierBenchmark.decorated targeted-rate",
                        "SupplierBenchmark.decorated targeted-every-nth",
                        "CompletionStageBenchmark.decorated off",
                        "CompletionStageBenchmark.decorated on-not-targeted",
                        "CompletionStageBenchmark.decorated targeted-rate",
                        "CompletionStageBenchmark.decorated targeted-every-nth");
        bytesPerCall.entrySet().stream()
                .filter(measured -> measured.getKey().contains(".decorated "))
                .forEach(measured -> assertThat(measured.getValue())
                        .as("bytes allocated per call by %s", measured.getKey())
                        .isLessThan(NOISE_BYTES_PER_CALL));
    }

    @Test
    void repositoryProxyAllocatesNoMoreThanABareJdkProxyWhenChaosIsOffOrItIsNotTargeted() {
        double floor = bytesPerCall.get("RepositoryProxyBenchmark.proxied jdk-proxy");
        assertThat(floor)
                .as("the bare JDK proxy's argument array: proof that the run measures allocation")
                .isGreaterThanOrEqualTo(16);
        for (String proxy : new String[] {"turbulence-off", "turbulence-on-not-targeted"}) {
            assertThat(bytesPerCall.get("RepositoryProxyBenchmark.proxied " + proxy))
                    .as("bytes allocated per call by our proxy (%s), beyond the bare JDK proxy's %.1f", proxy, floor)
                    .isLessThan(floor + NOISE_BYTES_PER_CALL);
        }
    }
}
