package dev.turbulence.benchmarks;

import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.http.ChaosHttpClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
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
 * What {@link ChaosHttpClient} costs per request, with chaos off and on but not targeting this client, next
 * to the same JDK {@link HttpClient} undecorated, each sending {@code GET} to a loopback JDK HTTP server.
 *
 * <p>Run it (from the repository root, after {@code mvn -B -pl benchmarks -am package -DskipTests}):
 * {@code java -jar benchmarks/target/benchmarks.jar JdkHttpClientBenchmark -t 1 -prof gc}, and again with
 * {@code -t 2}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class JdkHttpClientBenchmark {

    static final String SITE = "inventory";

    @State(Scope.Benchmark)
    public static class Direct {
        LoopbackServer server;
        HttpClient client;
        HttpRequest request;

        @Setup
        public void setUp() throws IOException {
            server = LoopbackServer.start();
            client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            request = HttpRequest.newBuilder(server.stock()).build();
        }

        @TearDown
        public void tearDown() {
            server.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Decorated {
        @Param({"off", "on-not-targeted"})
        public String chaos;

        ChaosEngine engine;
        HttpClient client;

        @Setup
        public void setUp(Direct direct) {
            engine = ChaosSetting.of(chaos).engineFor(CallSiteKind.HTTP, SITE);
            client = ChaosHttpClient.decorate(engine, SITE, direct.client);
        }

        @TearDown
        public void tearDown() {
            engine.close();
        }
    }

    @Benchmark
    public String direct(Direct state) throws IOException, InterruptedException {
        return state.client
                .send(state.request, HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Benchmark
    public String decorated(Decorated state, Direct direct) throws IOException, InterruptedException {
        return state.client
                .send(direct.request, HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
