package dev.turbulence.resilience4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The load declared in an experiment file: a call registered on the runner by name, or an HTTP request to the
 * application's own server. A declared load makes the traffic the hypothesis needs; one the runner cannot make is
 * rejected at load, naming the field, before anything is injected.
 */
class DeclaredLoadTest {

    static final String OUTAGE = """
            name: payments-outage
            steadyState:
              - circuitBreaker: payments
                state: CLOSED
            assaults:
              - name: payments-down
                target: {kind: supplier, name: payments}
                fault: {type: exception, class: java.lang.IllegalStateException, message: payments down}
            hypothesis:
              - circuitBreaker: payments
                opensWithin: 2s
            duration: 2s
            """;

    final Fixture fixture = new Fixture();
    final List<ExperimentRunner> runners = new ArrayList<>();

    @AfterEach
    void close() {
        runners.forEach(ExperimentRunner::close);
        fixture.close();
    }

    ExperimentRunner runner(Map<String, Supplier<?>> calls, URI server) {
        ExperimentRunner.Builder builder = ExperimentRunner.builder(fixture.engine, fixture.meters)
                .circuitBreakers(fixture.breakers)
                .time(fixture.time);
        calls.forEach((name, call) -> builder.call(name, call::get));
        if (server != null) {
            builder.server(() -> server);
        }
        ExperimentRunner runner = builder.build();
        runners.add(runner);
        return runner;
    }

    Supplier<String> payments(AtomicInteger calls) {
        CircuitBreaker breaker = fixture.breaker("payments");
        Supplier<String> pay =
                CircuitBreaker.decorateSupplier(breaker, fixture.engine.decorateSupplier("payments", () -> "paid"));
        return () -> {
            calls.incrementAndGet();
            return pay.get();
        };
    }

    @Test
    void aNamedCallDeclaredInTheFileMakesTheTrafficThatOpensTheBreaker() {
        AtomicInteger calls = new AtomicInteger();
        ExperimentRunner runner = runner(Map.of("payments", payments(calls)), null);

        ExperimentReport report = runner.run(runner.load(OUTAGE + """
                load:
                  callsPerSecond: 50
                  concurrency: 2
                  call: payments
                """));

        assertThat(report.verdict()).as(report.explanation()).isEqualTo(Verdict.PASSED);
        assertThat(report.load().calls()).isEqualTo(calls.get()).isGreaterThanOrEqualTo(50);
        assertThat(report.load().failures()).isPositive();
    }

    @Test
    void theSameExperimentWithoutItsLoadHasNoTrafficAndCannotPass() {
        AtomicInteger calls = new AtomicInteger();
        ExperimentRunner runner = runner(Map.of("payments", payments(calls)), null);

        ExperimentReport report = runner.run(runner.load(OUTAGE));

        assertThat(report.verdict()).isNotEqualTo(Verdict.PASSED);
        assertThat(report.load()).isNull();
        assertThat(calls).hasValue(0);
    }

    @Test
    void aCallTheRunnerDoesNotKnowIsRejectedAtLoadNamingTheRegisteredOnes() {
        ExperimentRunner runner = runner(Map.of("payments", () -> "paid", "orders", () -> "ok"), null);

        assertThatThrownBy(() -> runner.load(OUTAGE + "load: {callsPerSecond: 10, call: payment}\n"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("load.call must name a call registered on the runner"
                        + " (ExperimentRunner.Builder.call); registered: [orders, payments], but was 'payment'");
        assertThat(fixture.chaosActivity()).isEmpty();
    }

    @Test
    void aRequestIsRejectedAtLoadWhenTheRunnerKnowsNoServer() {
        ExperimentRunner runner = runner(Map.of(), null);

        assertThatThrownBy(() -> runner.load(OUTAGE + "load: {callsPerSecond: 10, request: {path: /pay}}\n"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("load.request needs the application's server")
                .hasMessageContaining("but was 'request GET /pay'");
    }

    @Test
    void everyProblemOfADeclaredLoadIsReportedAtOnceWithItsField() {
        assertThat(problems("""
                        load:
                          callsPerSecond: 5000
                          concurrency: 0
                          colour: red
                        """))
                .containsExactlyInAnyOrder(
                        "load.colour is not a known field; known fields are [call, callsPerSecond, concurrency,"
                                + " request], but was 'red'",
                        "load must give exactly one of call (a name registered on the runner) and request, but was"
                                + " null",
                        "load.callsPerSecond must be > 0 and <= 1000.0, but was 5000.0",
                        "load.concurrency must be between 1 and 64, but was 0");
        assertThat(problems("load: {concurrency: 2, call: payments, request: {path: /pay}}\n"))
                .containsExactlyInAnyOrder(
                        "load.callsPerSecond is required, but was null",
                        "load must give exactly one of call (a name registered on the runner) and request, but was"
                                + " null");
        assertThat(problems("load: {callsPerSecond: 10, request: {method: FETCH, path: pay}}\n"))
                .containsExactlyInAnyOrder(
                        "load.request.method must be one of [GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS], but"
                                + " was 'FETCH'",
                        "load.request.path must be a path on the application's own server: one leading slash, no"
                                + " spaces, at most 2048 characters, valid in a URI (encode {, }, | and the like as"
                                + " %7B, %7D, %7C), such as /products/1?view=full, but was 'pay'");
    }

    @Test
    void aRequestPathCannotLeaveTheApplicationsOwnServer() {
        for (String path : List.of(
                "//evil.example/steal",
                "http://evil.example/",
                "@evil.example/",
                "/a b",
                "/\n",
                "/search?q={x}",
                "/bad%zz",
                "/@evil.example/x|y")) {
            assertThat(problems("load: {callsPerSecond: 10, request: {path: " + quoted(path) + "}}\n"))
                    .as(path)
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("load.request.path must be a path on the application's own server");
        }
    }

    /** Seeded random load declarations: each is read whole, or rejected with problems under load only. */
    @ParameterizedTest
    @MethodSource("seeds")
    void aRandomLoadIsReadOrRejectedUnderLoadNeverWithAnotherError(long seed) {
        Random random = new Random(seed);
        String rate = pick(random, "10", "0", "-1", "1000", "1001", "2.5", "NaN", "ten", "[1]", "null");
        String concurrency = pick(random, "1", "64", "65", "0", "3.5", "x", "null", "{}");
        String call = pick(random, "payments", "", "[a]", "{x: 1}", null);
        String method = pick(random, "GET", "post", "TRACE", "", "[GET]", null);
        String path = pick(random, "/pay", "/", "//x", "pay", "/a?b=c&d", "'/ '", "{p: 1}", null);
        StringBuilder load = new StringBuilder("load:\n  callsPerSecond: " + rate + "\n");
        if (random.nextBoolean()) {
            load.append("  concurrency: ").append(concurrency).append('\n');
        }
        if (call != null) {
            load.append("  call: ").append(call.isEmpty() ? "''" : call).append('\n');
        }
        if (method != null || path != null || call == null) {
            load.append("  request:\n");
            load.append(method == null ? "" : "    method: " + (method.isEmpty() ? "''" : method) + "\n");
            load.append(path == null ? "" : "    path: " + path + "\n");
        }
        try {
            Experiment experiment = ExperimentSchema.fromYaml(OUTAGE + load);
            assertThat(experiment.load().call()).isInstanceOf(DeclaredCall.class);
            assertThat(experiment.load().callsPerSecond()).isBetween(Double.MIN_VALUE, Load.MAX_CALLS_PER_SECOND);
        } catch (InvalidDefinitionException invalid) {
            assertThat(invalid.problems())
                    .as(load.toString())
                    .isNotEmpty()
                    .allSatisfy(problem -> assertThat(problem.field()).startsWith("load"));
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @Test
    void aRequestGoesToTheServersAuthorityAndFailsOnlyOnA5xx() throws Exception {
        WireMockServer server =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        try {
            server.stubFor(
                    any(urlEqualTo("/pay?order=7")).willReturn(aResponse().withStatus(404)));
            server.stubFor(get(urlEqualTo("/down")).willReturn(aResponse().withStatus(503)));
            fixture.breaker("payments");
            ExperimentRunner runner =
                    runner(Map.of(), URI.create("http://127.0.0.1:" + server.port() + "/ignored/base"));

            Load pay = runner.resolvedLoad(runner.load(
                    OUTAGE + "load: {callsPerSecond: 10, request: {method: post, path: '/pay?order=7'}}\n"));
            Load down =
                    runner.resolvedLoad(runner.load(OUTAGE + "load: {callsPerSecond: 10, request: {path: /down}}\n"));

            assertThat(pay.call().call())
                    .as("a 4xx is an answer, not a failure")
                    .isEqualTo(404);
            server.verify(1, postRequestedFor(urlEqualTo("/pay?order=7")));
            assertThatThrownBy(() -> down.call().call())
                    .isInstanceOf(IOException.class)
                    .hasMessage("request GET /down answered 503");
            server.verify(2, anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
        } finally {
            server.stop();
        }
    }

    List<String> problems(String load) {
        try {
            ExperimentSchema.fromYaml(OUTAGE + load);
        } catch (InvalidDefinitionException invalid) {
            return invalid.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the load to be rejected");
    }

    static String quoted(String path) {
        return "\"" + path.replace("\n", "\\n") + "\"";
    }

    static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
