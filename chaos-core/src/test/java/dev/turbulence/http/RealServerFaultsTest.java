package dev.turbulence.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fault, row by row: the same call against a real failing server (WireMock's own faults, a closed
 * port) and against the injected fault must look the same to the application, from {@code send} and from
 * {@code sendAsync}; a fault that replaces the call must leave the server's request journal empty. "The same"
 * means the types the application's code can catch: the JDK's internal cause chains and its own messages
 * depend on races inside its client and are never compared.
 */
@Timeout(30)
class RealServerFaultsTest {

    private static final WireMockServer server =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    private final ChaosEngine engine = ChaosEngine.create();

    @BeforeAll
    static void startServer() {
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void stubTheHealthyEndpoint() {
        server.resetAll();
        server.stubFor(
                get(urlEqualTo("/stock")).willReturn(aResponse().withStatus(200).withBody("abcdef")));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void connectionRefusedLooksLikeAClosedPort(HttpClient.Version version) throws IOException {
        Supplier<HttpClient> client = clients(version);
        List<String> real = outcomes(client, request(closedPortUri()));
        server.resetAll();

        List<String> injected = outcomes(assaulted(client, new Fault.ConnectionRefused()), request(stock()));

        assertThat(injected).isEqualTo(real).first().isEqualTo("java.net.ConnectException");
        assertNoRequestReachedTheServer();
    }

    @Test
    void connectionResetLooksLikeAResetByThePeer() {
        Supplier<HttpClient> client = clients(HttpClient.Version.HTTP_1_1);
        server.stubFor(get(urlEqualTo("/reset"))
                .willReturn(
                        aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        List<String> real = outcomes(client, request(uri("/reset")));
        server.resetAll();

        List<String> injected = outcomes(assaulted(client, new Fault.ConnectionReset()), request(stock()));

        assertThat(injected).isEqualTo(real).first().asString().endsWith("java.net.SocketException");
        assertNoRequestReachedTheServer();
    }

    @Test
    void connectionResetOverHttp2FailsAsTheJdkReportsAResetPeer() {
        Supplier<HttpClient> client = clients(HttpClient.Version.HTTP_2);

        List<String> injected = outcomes(assaulted(client, new Fault.ConnectionReset()), request(stock()));

        assertThat(injected)
                .containsExactly(
                        "java.io.IOException <- java.net.SocketException",
                        "java.net.SocketException",
                        "java.util.concurrent.CompletionException <- java.net.SocketException");
        assertNoRequestReachedTheServer();
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void readTimeoutLooksLikeASlowServerPastTheRequestTimeout(HttpClient.Version version) {
        Supplier<HttpClient> client = clients(version);
        server.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withFixedDelay(2_000)));
        List<String> real = outcomes(client, request(uri("/slow")).timeout(Duration.ofMillis(200)));
        server.resetAll();

        List<String> injected = outcomes(
                assaulted(client, new Fault.ReadTimeout(null)), request(stock()).timeout(Duration.ofMillis(200)));

        assertThat(injected).isEqualTo(real).first().isEqualTo("java.net.http.HttpTimeoutException");
        assertNoRequestReachedTheServer();
    }

    @Test
    void latencyBeyondTheRequestTimeoutLooksLikeASlowServer() {
        Supplier<HttpClient> client = clients(HttpClient.Version.HTTP_2);
        server.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withFixedDelay(2_000)));
        List<String> real = outcomes(client, request(uri("/slow")).timeout(Duration.ofMillis(200)));
        server.resetAll();

        List<String> injected = outcomes(
                assaulted(client, new Fault.FixedLatency(Duration.ofSeconds(2))),
                request(stock()).timeout(Duration.ofMillis(200)));

        assertThat(injected).isEqualTo(real).first().isEqualTo("java.net.http.HttpTimeoutException");
        assertNoRequestReachedTheServer();
    }

    @Test
    void latencyLooksLikeASlowServerThatAnswers() {
        Supplier<HttpClient> client = clients(HttpClient.Version.HTTP_2);
        server.stubFor(get(urlEqualTo("/slow"))
                .willReturn(aResponse().withStatus(200).withBody("abcdef").withFixedDelay(100)));
        List<String> real = outcomes(client, request(uri("/slow")).timeout(Duration.ofSeconds(10)));

        List<String> injected = outcomes(
                assaulted(client, new Fault.FixedLatency(Duration.ofMillis(100))),
                request(stock()).timeout(Duration.ofSeconds(10)));

        assertThat(injected).isEqualTo(real).first().isEqualTo("200 abcdef");
        assertThat(server.findAll(
                        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/stock"))))
                .as("latency delays the real call, it does not replace it")
                .hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void httpStatusLooksLikeTheServersOwnResponse(HttpClient.Version version) {
        Supplier<HttpClient> client = clients(version);
        server.stubFor(get(urlEqualTo("/busy"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Retry-After", "1")
                        .withBody("busy")));
        List<String> real = outcomes(client, request(uri("/busy")));
        server.resetAll();

        List<String> injected = outcomes(
                assaulted(client, new Fault.HttpStatus(503, Map.of("Retry-After", "1"), "busy")), request(stock()));

        assertThat(injected).isEqualTo(real).first().isEqualTo("503 busy Retry-After=1");
        assertNoRequestReachedTheServer();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyHandlers")
    void httpStatusBodyReadsThroughAnyBodyHandler(String handlerName, HttpResponse.BodyHandler<?> handler)
            throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        server.stubFor(get(urlEqualTo("/busy"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "text/plain; charset=UTF-8")
                        .withBody("line one\nline two")));
        Object real = readBody(client.send(request(uri("/busy")).build(), handler));
        server.resetAll();
        HttpClient chaos = assaulted(
                        () -> client,
                        new Fault.HttpStatus(
                                503, Map.of("Content-Type", "text/plain; charset=UTF-8"), "line one\nline two"))
                .get();

        Object fromSend = readBody(chaos.send(request(stock()).build(), handler));
        Object fromSendAsync =
                readBody(chaos.sendAsync(request(stock()).build(), handler).get());

        assertThat(fromSend).isEqualTo(real).isEqualTo(fromSendAsync);
        assertNoRequestReachedTheServer();
    }

    static List<Object[]> bodyHandlers() {
        return List.of(
                new Object[] {"ofString", HttpResponse.BodyHandlers.ofString()},
                new Object[] {"ofByteArray", HttpResponse.BodyHandlers.ofByteArray()},
                new Object[] {"ofInputStream", HttpResponse.BodyHandlers.ofInputStream()},
                new Object[] {"ofLines", HttpResponse.BodyHandlers.ofLines()},
                new Object[] {"ofPublisher", HttpResponse.BodyHandlers.ofPublisher()},
                new Object[] {"discarding", HttpResponse.BodyHandlers.discarding()},
                new Object[] {
                    "mapped",
                    (HttpResponse.BodyHandler<Integer>) info -> HttpResponse.BodySubscribers.mapping(
                            HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), String::length)
                });
    }

    @ParameterizedTest
    @EnumSource(Fault.CorruptBody.Mode.class)
    void corruptBodyLooksLikeAServerThatSentTheDamagedBody(Fault.CorruptBody.Mode mode) {
        byte[] damaged = switch (mode) {
            case TRUNCATE -> "abc".getBytes(StandardCharsets.UTF_8);
            case EMPTY -> new byte[0];
            case GARBAGE -> invert("abcdef".getBytes(StandardCharsets.UTF_8));
        };
        Supplier<HttpClient> client = clients(HttpClient.Version.HTTP_2);
        server.stubFor(get(urlEqualTo("/damaged"))
                .willReturn(aResponse().withStatus(200).withBody(damaged)));
        List<String> real = outcomes(client, request(uri("/damaged")));

        List<String> injected = outcomes(assaulted(client, new Fault.CorruptBody(mode)), request(stock()));

        assertThat(injected).isEqualTo(real);
        assertThat(server.findAll(
                        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/stock"))))
                .as("the request is sent, only its response is damaged")
                .hasSize(2);
    }

    private Supplier<HttpClient> assaulted(Supplier<HttpClient> clients, Fault fault) {
        engine.assaults()
                .put(Assault.builder("stock-fault")
                        .target(CallSiteKind.HTTP, "inventory")
                        .fault(fault)
                        .build());
        engine.enable();
        return () -> ChaosHttpClient.decorate(engine, "inventory", clients.get());
    }

    private static Supplier<HttpClient> clients(HttpClient.Version version) {
        return () -> HttpClient.newBuilder().version(version).build();
    }

    /**
     * What the application sees: from {@code send}, from the future of {@code sendAsync} ({@code get}), and
     * what a {@code handle} stage on that future receives. Each call has a client of its own, so that a
     * connection left in the pool by one call does not change the next call's failure.
     */
    private static List<String> outcomes(Supplier<HttpClient> clients, HttpRequest.Builder request) {
        List<String> outcomes = new ArrayList<>();
        try {
            outcomes.add(describe(clients.get().send(request.build(), HttpResponse.BodyHandlers.ofByteArray())));
        } catch (IOException | InterruptedException failed) {
            outcomes.add(caught(failed));
        }
        CompletableFuture<HttpResponse<byte[]>> future =
                clients.get().sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            outcomes.add(describe(future.get()));
        } catch (ExecutionException | InterruptedException failed) {
            outcomes.add(caught(failed.getCause()));
        }
        outcomes.add(future.handle((response, failure) -> failure == null ? describe(response) : handed(failure))
                .join());
        return outcomes;
    }

    private static String describe(HttpResponse<byte[]> response) {
        String retryAfter = response.headers()
                .firstValue("retry-after")
                .map(value -> " Retry-After=" + value)
                .orElse("");
        return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8) + retryAfter;
    }

    /**
     * The type a caller's {@code catch} sees; below a bare {@link IOException}, which the JDK client wraps around
     * the network's own failure (once or more), also the type of that failure.
     */
    private static String caught(Throwable failure) {
        if (failure.getClass() != IOException.class) {
            return failure.getClass().getName();
        }
        Throwable cause = failure.getCause();
        while (cause != null && cause.getClass() == IOException.class) {
            cause = cause.getCause();
        }
        return cause == null
                ? IOException.class.getName()
                : IOException.class.getName() + " <- " + cause.getClass().getName();
    }

    /** What a {@code handle} stage receives: the future's failure, wrapped in a {@link CompletionException}. */
    private static String handed(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null
                ? failure.getClass().getName() + " <- " + caught(failure.getCause())
                : caught(failure);
    }

    private static Object readBody(HttpResponse<?> response) throws IOException {
        Object body = response.body();
        if (body instanceof byte[] bytes) {
            return response.statusCode() + " " + new String(bytes, StandardCharsets.UTF_8);
        }
        if (body instanceof InputStream stream) {
            try (stream) {
                return response.statusCode() + " " + new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (body instanceof java.util.stream.Stream<?> lines) {
            return response.statusCode() + " " + lines.map(String::valueOf).collect(Collectors.toList());
        }
        if (body instanceof java.util.concurrent.Flow.Publisher<?> publisher) {
            @SuppressWarnings("unchecked")
            java.util.concurrent.Flow.Publisher<List<java.nio.ByteBuffer>> buffers =
                    (java.util.concurrent.Flow.Publisher<List<java.nio.ByteBuffer>>) publisher;
            HttpResponse.BodySubscriber<String> text = HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
            buffers.subscribe(text);
            return response.statusCode() + " "
                    + text.getBody().toCompletableFuture().join();
        }
        return response.statusCode() + " " + body;
    }

    private static byte[] invert(byte[] bytes) {
        byte[] inverted = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            inverted[i] = (byte) (bytes[i] ^ 0xFF);
        }
        return inverted;
    }

    private static void assertNoRequestReachedTheServer() {
        assertThat(server.getAllServeEvents())
                .as("requests the server received")
                .isEmpty();
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri);
    }

    private static URI stock() {
        return uri("/stock");
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static URI closedPortUri() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/stock");
        }
    }
}
