package dev.turbulence.benchmarks;

import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.spring.http.ChaosClientHttpRequestInterceptor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
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
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * What {@link ChaosClientHttpRequestInterceptor} costs per request, with chaos off and on but not targeting
 * this client, next to the same {@link RestClient} without it, each sending {@code GET} to a loopback JDK
 * HTTP server through the JDK request factory. The difference includes what Spring itself adds once a client
 * has any interceptor.
 *
 * <p>Run it (from the repository root, after {@code mvn -B -pl benchmarks -am package -DskipTests}):
 * {@code java -jar benchmarks/target/benchmarks.jar RestClientBenchmark -t 1 -prof gc}, and again with
 * {@code -t 2}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RestClientBenchmark {

    static final String SITE = "inventory";

    @State(Scope.Benchmark)
    public static class Direct {
        LoopbackServer server;
        JdkClientHttpRequestFactory requests;
        RestClient client;
        URI stock;

        @Setup
        public void setUp() throws IOException {
            server = LoopbackServer.start();
            stock = server.stock();
            requests = new JdkClientHttpRequestFactory(
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
            client = RestClient.builder().requestFactory(requests).build();
        }

        @TearDown
        public void tearDown() {
            server.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Intercepted {
        @Param({"off", "on-not-targeted"})
        public String chaos;

        ChaosEngine engine;
        RestClient client;

        @Setup
        public void setUp(Direct direct) {
            engine = ChaosSetting.of(chaos).engineFor(CallSiteKind.HTTP, SITE);
            client = RestClient.builder()
                    .requestFactory(direct.requests)
                    .requestInterceptor(ChaosClientHttpRequestInterceptor.of(engine, SITE))
                    .build();
        }

        @TearDown
        public void tearDown() {
            engine.close();
        }
    }

    @Benchmark
    public String direct(Direct state) {
        return state.client.get().uri(state.stock).retrieve().body(String.class);
    }

    @Benchmark
    public String intercepted(Intercepted state, Direct direct) {
        return state.client.get().uri(direct.stock).retrieve().body(String.class);
    }
}
