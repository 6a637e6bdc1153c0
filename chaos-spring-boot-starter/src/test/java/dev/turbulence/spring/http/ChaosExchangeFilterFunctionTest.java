package dev.turbulence.spring.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.ChaosEvent;
import dev.turbulence.Fault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

class ChaosExchangeFilterFunctionTest {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(300);

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
            .build();

    private static Socket closedPort;

    private final List<ChaosEvent> events = new CopyOnWriteArrayList<>();
    private final ChaosEngine engine =
            ChaosEngine.builder().listener(events::add).build();
    private final ChaosExchangeFilterFunction inventory = ChaosExchangeFilterFunction.of(engine, "inventory");

    @BeforeAll
    static void reserveClosedPort() throws IOException {
        closedPort = new Socket();
        closedPort.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterAll
    static void releaseClosedPort() throws IOException {
        closedPort.close();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void httpStatusGoesThroughRetrieveAsAServersResponseDoes(ReactiveConnector connector) {
        server.stubFor(get("/stock")
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Retry-After", "1")
                        .withBody("busy")));
        String real = seen(stock(connector.client(null)));
        serveStockAgain();
        assault(new Fault.HttpStatus(503, Map.of("Retry-After", "1"), "busy"));

        String injected = seen(stock(connector.client(null, inventory)));

        assertThat(injected)
                .isEqualTo(real)
                .isEqualTo("org.springframework.web.reactive.function.client.WebClientResponseException$"
                        + "ServiceUnavailable(503 Service Unavailable from GET " + stockUrl() + ") status=503 "
                        + "SERVICE_UNAVAILABLE text=Service Unavailable body=busy retryAfter=1 request=GET "
                        + stockUrl());
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void httpStatusReachesOnStatusHandlersAsAServersResponseDoes(ReactiveConnector connector) {
        server.stubFor(get("/stock").willReturn(aResponse().withStatus(429).withBody("slow down")));
        String real = seen(stockWithOnStatus(connector.client(null)));
        serveStockAgain();
        assault(new Fault.HttpStatus(429, Map.of(), "slow down"));

        String injected = seen(stockWithOnStatus(connector.client(null, inventory)));

        assertThat(injected)
                .isEqualTo(real)
                .isEqualTo("java.lang.IllegalStateException(429 TOO_MANY_REQUESTS slow down)");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void connectionRefusedSignalsWhatAClosedPortDoes(ReactiveConnector connector) {
        String real = caught(call(connector.client(null), closedPortUrl()));
        serveStock();
        assault(new Fault.ConnectionRefused());

        String injected = caught(stock(connector.client(null, inventory)));

        assertThat(AppView.withoutPorts(injected))
                .isEqualTo(AppView.withoutPorts(real))
                .isEqualTo(AppView.withoutPorts("org.springframework.web.reactive.function.client"
                        + ".WebClientRequestException request=GET " + stockUrl() + " <- java.net.ConnectException"));
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void connectionResetSignalsTheResetTheJdkConnectorReports() {
        // The JDK connector facing a real reset races between several errors (a reset, a closed channel);
        // the injected one is its most common form, checked here without the race.
        serveStock();
        assault(new Fault.ConnectionReset());

        String injected = seen(stock(ReactiveConnector.JDK.client(null, inventory)));

        assertThat(injected).isEqualTo(resetView());
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    /** Reactor Netty on epoll names a real reset in its own native exception; ours is the JDK's. */
    @Test
    void connectionResetOnReactorNettySignalsARequestErrorCausedByTheReset() {
        serveStock();
        assault(new Fault.ConnectionReset());

        String injected = seen(stock(ReactiveConnector.REACTOR_NETTY.client(null, inventory)));

        assertThat(injected).isEqualTo(resetView());
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void readTimeoutEndsInTheConnectorsOwnResponseTimeout(ReactiveConnector connector) {
        server.stubFor(get("/stock").willReturn(ok("late").withFixedDelay(3_000)));
        String real = caught(stock(connector.client(RESPONSE_TIMEOUT)));
        serveStockAgain();
        assault(new Fault.ReadTimeout(null));

        String injected = caught(stock(connector.client(RESPONSE_TIMEOUT, inventory, MARKED)));

        assertThat(injected)
                .isEqualTo(real)
                .startsWith("org.springframework.web.reactive.function.client.WebClientRequestException request=GET "
                        + stockUrl() + " <- ")
                .endsWith("TimeoutException");
        server.verify(0, markedRequests());
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void readTimeoutEndsInTheCallersOwnTimeoutOperator(ReactiveConnector connector) {
        server.stubFor(get("/stock").willReturn(ok("late").withFixedDelay(3_000)));
        String real = caught(stock(connector.client(null)).timeout(RESPONSE_TIMEOUT));
        serveStockAgain();
        assault(new Fault.ReadTimeout(null));

        String injected =
                caught(stock(connector.client(null, inventory, MARKED)).timeout(RESPONSE_TIMEOUT));

        assertThat(injected).isEqualTo(real).isEqualTo("java.util.concurrent.TimeoutException");
        server.verify(0, markedRequests());
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void readTimeoutSignalsATimeoutAtItsOwnLimitWhenNothingElseTimesOut(ReactiveConnector connector) {
        serveStock();
        assault(new Fault.ReadTimeout(Duration.ofMillis(200)));

        String injected = seen(stock(connector.client(null, inventory)));

        assertThat(injected)
                .isEqualTo("org.springframework.web.reactive.function.client.WebClientRequestException(Read timed out)"
                        + " request=GET " + stockUrl() + " <- java.util.concurrent.TimeoutException(Read timed out)");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void killSwitchEndsAHangingReadTimeoutThatBlocksNoThread(ReactiveConnector connector) {
        serveStock();
        assault(new Fault.ReadTimeout(null));

        CompletableFuture<String> call =
                seenLater(stock(connector.client(null, inventory))).toFuture();
        await().until(() -> events.stream().anyMatch(ChaosEvent.Injected.class::isInstance));
        assertThat(call).isNotDone();
        engine.disable();

        assertThat(call)
                .succeedsWithin(Duration.ofSeconds(10))
                .asString()
                .contains("java.util.concurrent.TimeoutException(Read timed out)");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    /** An hour of latency on Reactor's (virtual) clock: a sleeping thread would hang the test instead. */
    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    @Timeout(30)
    void latencyIsADelaySignalBeforeTheRealExchange(ReactiveConnector connector) {
        serveStock();
        assault(new Fault.FixedLatency(Duration.ofHours(1)));
        WebClient client = connector.client(null, inventory);

        StepVerifier.withVirtualTime(() -> stock(client))
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(59))
                .then(() -> server.verify(0, anyRequestedFor(anyUrl())))
                .thenAwait(Duration.ofMinutes(1))
                .expectNext("in stock")
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    @ParameterizedTest
    @EnumSource(Fault.CorruptBody.Mode.class)
    void corruptBodyDamagesTheRealResponse(Fault.CorruptBody.Mode mode) {
        server.stubFor(get("/stock").willReturn(ok("0123456789").withHeader("X-Real", "yes")));
        assault(new Fault.CorruptBody(mode));

        ResponseEntity<byte[]> response = ReactiveConnector.JDK
                .client(null, inventory)
                .get()
                .uri(stockUrl())
                .exchangeToMono(raw -> raw.bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(body -> ResponseEntity.status(raw.statusCode())
                                .headers(raw.headers().asHttpHeaders())
                                .body(body)))
                .block(Duration.ofSeconds(10));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(200));
        assertThat(response.getHeaders().getFirst("X-Real")).isEqualTo("yes");
        assertThat(response.getBody()).isEqualTo(damaged(mode, "0123456789".getBytes()));
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    @Test
    void corruptBodyReachesTheDecoders() {
        server.stubFor(get("/stock").willReturn(ok("0123456789")));
        assault(new Fault.CorruptBody(Fault.CorruptBody.Mode.TRUNCATE));

        String body =
                stock(ReactiveConnector.REACTOR_NETTY.client(null, inventory)).block(Duration.ofSeconds(10));

        assertThat(body).isEqualTo("01234");
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void exceptionFaultIsAnErrorSignalNeverAThrowAtAssembly(ReactiveConnector connector) {
        serveStock();
        assault(new Fault.ExceptionFault(IllegalStateException.class, "inventory exploded"));

        Mono<String> call = stock(connector.client(null, inventory));

        StepVerifier.create(call)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("inventory exploded"))
                .verify(Duration.ofSeconds(10));
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void eachSubscriptionIsANewCallSoARetryCanSucceed(ReactiveConnector connector) {
        serveStock();
        assault(Assault.builder("inventory-once")
                .target(CallSiteKind.HTTP, "inventory")
                .fault(new Fault.HttpStatus(503, Map.of(), "busy"))
                .maxInjections(1));

        String body =
                stock(connector.client(null, inventory)).retryWhen(Retry.max(1)).block(Duration.ofSeconds(10));

        assertThat(body).isEqualTo("in stock");
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void passesRequestAndResponseThroughUntouchedWhenChaosIsOff(ReactiveConnector connector) {
        serveStock();
        define(Assault.builder("inventory-down")
                .target(CallSiteKind.HTTP, "inventory")
                .fault(new Fault.ConnectionReset()));
        Recorder outer = new Recorder();
        Recorder inner = new Recorder();

        String body = stock(connector.client(null, outer, inventory, inner)).block(Duration.ofSeconds(10));

        assertThat(body).isEqualTo("in stock");
        assertThat(inner.request).isSameAs(outer.request);
        assertThat(outer.response).isSameAs(inner.response);
    }

    @Test
    void passesRequestAndResponseThroughUntouchedWhenNoAssaultTargetsTheClient() {
        serveStock();
        assault(Assault.builder("payments-down")
                .target(CallSiteKind.HTTP, "payments")
                .fault(new Fault.ConnectionReset()));
        Recorder outer = new Recorder();
        Recorder inner = new Recorder();

        String body = stock(ReactiveConnector.JDK.client(null, outer, inventory, inner))
                .block(Duration.ofSeconds(10));

        assertThat(body).isEqualTo("in stock");
        assertThat(inner.request).isSameAs(outer.request);
        assertThat(outer.response).isSameAs(inner.response);
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void passesHeadersAndBodiesThroughWhenChaosIsOff(ReactiveConnector connector) {
        server.stubFor(post("/orders").willReturn(ok("created").withHeader("X-Order", "o-1")));

        ResponseEntity<String> response = connector
                .client(null, inventory)
                .post()
                .uri(baseUrl() + "/orders")
                .header("X-Trace", "t-1")
                .bodyValue("{\"sku\":\"a-1\"}")
                .retrieve()
                .toEntity(String.class)
                .block(Duration.ofSeconds(10));

        assertThat(response.getBody()).isEqualTo("created");
        assertThat(response.getHeaders().getFirst("X-Order")).isEqualTo("o-1");
        server.verify(postRequestedFor(urlEqualTo("/orders"))
                .withHeader("X-Trace", equalTo("t-1"))
                .withRequestBody(equalTo("{\"sku\":\"a-1\"}")));
    }

    @Test
    void faultNeverLeaksOntoAnotherClient() {
        serveStock();
        assault(new Fault.HttpStatus(503, Map.of(), "busy"));
        WebClient inventoryClient = ReactiveConnector.JDK.client(null, inventory);
        WebClient paymentsClient =
                ReactiveConnector.JDK.client(null, ChaosExchangeFilterFunction.of(engine, "payments"));

        assertThat(seen(stock(inventoryClient))).contains("WebClientResponseException$ServiceUnavailable");
        assertThat(seen(stock(paymentsClient))).isEqualTo("returned in stock");
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    private static Mono<String> stock(WebClient client) {
        return call(client, stockUrl());
    }

    private static Mono<String> call(WebClient client, String url) {
        return client.get().uri(url).retrieve().bodyToMono(String.class);
    }

    private static Mono<String> stockWithOnStatus(WebClient client) {
        return client.get()
                .uri(stockUrl())
                .retrieve()
                .onStatus(
                        HttpStatusCode::isError,
                        response -> response.bodyToMono(String.class)
                                .map(body -> new IllegalStateException(response.statusCode() + " " + body)))
                .bodyToMono(String.class);
    }

    /** What the app sees of the call's signal: its value or its error. */
    private static String seen(Mono<String> call) {
        return seenLater(call).block(Duration.ofSeconds(10));
    }

    /** What the app's catch blocks can tell apart of the call's signal; see {@link AppView#caught}. */
    private static String caught(Mono<String> call) {
        return call.map(value -> "returned " + value)
                .onErrorResume(error -> Mono.just(AppView.caught(error)))
                .block(Duration.ofSeconds(10));
    }

    private static Mono<String> seenLater(Mono<String> call) {
        return call.map(value -> "returned " + value).onErrorResume(error -> Mono.just(AppView.of(error)));
    }

    private static byte[] damaged(Fault.CorruptBody.Mode mode, byte[] body) {
        return switch (mode) {
            case TRUNCATE -> "01234".getBytes();
            case EMPTY -> new byte[0];
            case GARBAGE -> {
                byte[] inverted = new byte[body.length];
                for (int i = 0; i < body.length; i++) {
                    inverted[i] = (byte) ~body[i];
                }
                yield inverted;
            }
        };
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void afterTheCallTheServerGetsTheRequestAndTheCallerSeesTheReset(ReactiveConnector connector) {
        serveStock();
        assault(inventoryChaos(new Fault.ConnectionReset()).afterCall(true));

        String injected = seen(stock(connector.client(null, inventory)));

        assertThat(injected).isEqualTo(resetView());
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void afterTheCallAStatusTakesThePlaceOfTheRealAnswer(ReactiveConnector connector) {
        serveStock();
        String real = seen(stock(connector.client(null)));
        server.stubFor(get("/stock").willReturn(aResponse().withStatus(504).withBody("gateway timeout")));
        String gateway = seen(stock(connector.client(null)));
        serveStockAgain();
        assault(inventoryChaos(new Fault.HttpStatus(504, Map.of(), "gateway timeout"))
                .afterCall(true));

        String injected = seen(stock(connector.client(null, inventory)));

        assertThat(injected).isEqualTo(gateway).isNotEqualTo(real);
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    private String resetView() {
        return "org.springframework.web.reactive.function.client.WebClientRequestException(Connection reset) "
                + "request=GET " + stockUrl() + " <- java.net.SocketException(Connection reset)";
    }

    private void assault(Fault fault) {
        assault(inventoryChaos(fault));
    }

    private static Assault.Builder inventoryChaos(Fault fault) {
        return Assault.builder("inventory-chaos")
                .target(CallSiteKind.HTTP, "inventory")
                .fault(fault);
    }

    private void assault(Assault.Builder assault) {
        define(assault);
        engine.enable();
    }

    private void define(Assault.Builder assault) {
        engine.assaults().put(assault.build());
    }

    private static void serveStock() {
        server.stubFor(get("/stock").willReturn(ok("in stock")));
    }

    /**
     * Marks the requests of the call under assault, after the chaos filter: the real call made first to learn what
     * a timeout looks like may reach the server late, after its journal was reset, on a slow machine.
     */
    private static final ExchangeFilterFunction MARKED = ExchangeFilterFunction.ofRequestProcessor(request ->
            Mono.just(ClientRequest.from(request).header("X-Assaulted", "true").build()));

    private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder markedRequests() {
        return anyRequestedFor(anyUrl()).withHeader("X-Assaulted", equalTo("true"));
    }

    /** Forgets the failing stub and the requests it saw, then serves the stock normally. */
    private static void serveStockAgain() {
        server.resetAll();
        serveStock();
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private static String stockUrl() {
        return baseUrl() + "/stock";
    }

    private static String closedPortUrl() {
        return "http://127.0.0.1:" + closedPort.getLocalPort() + "/stock";
    }

    /** Records what passes through it, so that two recorders around the chaos filter can be compared. */
    private static final class Recorder implements ExchangeFilterFunction {
        private volatile ClientRequest request;
        private volatile ClientResponse response;

        @Override
        public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
            this.request = request;
            return next.exchange(request).doOnNext(response -> this.response = response);
        }
    }
}
