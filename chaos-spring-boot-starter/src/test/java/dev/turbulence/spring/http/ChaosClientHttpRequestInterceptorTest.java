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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.ChaosEvent;
import dev.turbulence.Fault;
import dev.turbulence.Glob;
import dev.turbulence.Target;
import java.io.IOException;
import java.io.InterruptedIOException;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;

class ChaosClientHttpRequestInterceptorTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(300);

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
            .build();

    private static Socket closedPort;

    private final List<ChaosEvent> events = new CopyOnWriteArrayList<>();
    private final ChaosEngine engine =
            ChaosEngine.builder().listener(events::add).build();
    private final ChaosClientHttpRequestInterceptor inventory =
            ChaosClientHttpRequestInterceptor.of(engine, "inventory");

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
    @EnumSource(SyncClient.class)
    void httpStatusReachesTheStatusHandlersAsAServersResponseDoes(SyncClient client) {
        server.stubFor(get("/stock")
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Retry-After", "1")
                        .withBody("busy")));
        String real = AppView.of(() -> client.get(null).call(stockUrl()));
        serveStockAgain();
        assault(new Fault.HttpStatus(503, Map.of("Retry-After", "1"), "busy"));

        String injected = AppView.of(() -> client.get(null, inventory).call(stockUrl()));

        assertThat(injected)
                .isEqualTo(real)
                .startsWith("org.springframework.web.client.HttpServerErrorException$ServiceUnavailable(503 "
                        + "Service Unavailable")
                .contains("body=busy retryAfter=1");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void httpStatusReachesRestClientOnStatusHandlersAsAServersResponseDoes() {
        server.stubFor(get("/stock").willReturn(aResponse().withStatus(429).withBody("slow down")));
        String real = AppView.of(() -> statusSeenByOnStatus(restClient()));
        serveStockAgain();
        assault(new Fault.HttpStatus(429, Map.of(), "slow down"));

        String injected = AppView.of(() -> statusSeenByOnStatus(restClient(inventory)));

        assertThat(injected).isEqualTo(real).isEqualTo("returned 429 TOO_MANY_REQUESTS Too Many Requests: slow down");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(SyncClient.class)
    void connectionRefusedFailsAsAClosedPortDoes(SyncClient client) {
        String real = AppView.caught(() -> client.get(null).call(closedPortUrl()));
        serveStock();
        assault(new Fault.ConnectionRefused());

        String injected = AppView.caught(() -> client.get(null, inventory).call(stockUrl()));

        assertThat(injected)
                .isEqualTo(real)
                .isEqualTo("org.springframework.web.client.ResourceAccessException <- java.net.ConnectException");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(
            value = SyncClient.class,
            names = {"REST_CLIENT_ON_SIMPLE_FACTORY", "REST_TEMPLATE_ON_SIMPLE_FACTORY"})
    void connectionResetFailsAsAResetByThePeerDoes(SyncClient client) {
        server.stubFor(get("/stock")
                .willReturn(
                        aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        String real = AppView.caught(() -> client.get(null).call(stockUrl()));
        serveStockAgain();
        assault(new Fault.ConnectionReset());

        String injected = AppView.caught(() -> client.get(null, inventory).call(stockUrl()));

        assertThat(injected)
                .isEqualTo(real)
                .isEqualTo("org.springframework.web.client.ResourceAccessException <- java.net.SocketException");
        assertThat(AppView.of(() -> client.get(null, inventory).call(stockUrl())))
                .isEqualTo(resetView());
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    /** The JDK client's own reaction to a reset varies from run to run, so its usual one is the reference. */
    @ParameterizedTest
    @EnumSource(
            value = SyncClient.class,
            names = {"REST_CLIENT_ON_JDK_FACTORY", "REST_TEMPLATE_ON_JDK_FACTORY"})
    void connectionResetFailsOnTheJdkFactoryAsItsUsualResetDoes(SyncClient client) {
        serveStock();
        assault(new Fault.ConnectionReset());

        String injected = AppView.of(() -> client.get(null, inventory).call(stockUrl()));

        assertThat(injected).isEqualTo(resetView());
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(SyncClient.class)
    void readTimeoutEndsInTheRequestFactorysOwnReadTimeout(SyncClient client) {
        server.stubFor(get("/stock").willReturn(ok("late").withFixedDelay(3_000)));
        String real = AppView.caught(() -> client.get(READ_TIMEOUT).call(stockUrl()));
        serveStockAgain();
        assault(new Fault.ReadTimeout(null));

        String injected =
                AppView.caught(() -> client.get(READ_TIMEOUT, inventory, MARKED).call(stockUrl()));

        assertThat(injected)
                .isEqualTo(real)
                .isEqualTo("org.springframework.web.client.ResourceAccessException <- "
                        + (client.onJdkFactory()
                                ? "java.net.http.HttpTimeoutException"
                                : "java.net.SocketTimeoutException"));
        server.verify(0, anyRequestedFor(anyUrl()).withHeader("X-Assaulted", equalTo("true")));
    }

    @ParameterizedTest
    @EnumSource(SyncClient.class)
    void readTimeoutEndsAtItsOwnLimitWhenTheClientHasNoReadTimeout(SyncClient client) {
        serveStock();
        assault(new Fault.ReadTimeout(Duration.ofMillis(200)));

        String injected = AppView.of(() -> client.get(null, inventory).call(stockUrl()));

        assertThat(injected)
                .isEqualTo("org.springframework.web.client.ResourceAccessException(I/O error on GET request for \""
                        + stockUrl() + "\": Read timed out) <- java.net.SocketTimeoutException(Read timed out)");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void killSwitchEndsAHangingReadTimeout() {
        serveStock();
        assault(new Fault.ReadTimeout(null));
        SyncClient.Get get = SyncClient.REST_CLIENT_ON_JDK_FACTORY.get(null, inventory);

        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> AppView.of(() -> get.call(stockUrl())));
        await().until(() -> events.stream().anyMatch(ChaosEvent.Injected.class::isInstance));
        engine.disable();

        assertThat(call)
                .succeedsWithin(Duration.ofSeconds(10))
                .asString()
                .endsWith("java.net.SocketTimeoutException(Read timed out)");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(SyncClient.class)
    void latencyDelaysTheCallThenSendsItToTheServer(SyncClient client) {
        serveStock();
        assault(new Fault.FixedLatency(Duration.ofMillis(300)));
        long start = System.nanoTime();

        String body = client.get(null, inventory).call(stockUrl());

        assertThat(body).isEqualTo("in stock");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    @ParameterizedTest
    @EnumSource(Fault.CorruptBody.Mode.class)
    void corruptBodyDamagesTheRealResponse(Fault.CorruptBody.Mode mode) {
        server.stubFor(get("/stock").willReturn(ok("0123456789").withHeader("X-Real", "yes")));
        assault(new Fault.CorruptBody(mode));

        ResponseEntity<byte[]> response = restClient(inventory)
                .get()
                .uri(stockUrl())
                .exchange((request, raw) -> ResponseEntity.status(raw.getStatusCode())
                        .headers(raw.getHeaders())
                        .body(raw.getBody().readAllBytes()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(200));
        assertThat(response.getHeaders().getFirst("X-Real")).isEqualTo("yes");
        assertThat(response.getBody()).isEqualTo(damaged(mode, "0123456789".getBytes()));
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    @Test
    void corruptBodyReachesRestTemplateMessageConverters() {
        server.stubFor(get("/stock").willReturn(ok("0123456789")));
        assault(new Fault.CorruptBody(Fault.CorruptBody.Mode.TRUNCATE));

        String body =
                SyncClient.REST_TEMPLATE_ON_SIMPLE_FACTORY.get(null, inventory).call(stockUrl());

        assertThat(body).isEqualTo("01234");
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    @ParameterizedTest
    @EnumSource(SyncClient.class)
    void exceptionFaultIsThrownAsConfigured(SyncClient client) {
        serveStock();
        assault(new Fault.ExceptionFault(IllegalStateException.class, "inventory exploded"));

        assertThatThrownBy(() -> client.get(null, inventory).call(stockUrl()))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("inventory exploded");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(SyncClient.class)
    void injectedIoExceptionIsWrappedAsTheClientWrapsARealOne(SyncClient client) {
        serveStock();
        assault(new Fault.ExceptionFault(InterruptedIOException.class, "stalled"));

        String injected = AppView.of(() -> client.get(null, inventory).call(stockUrl()));

        assertThat(injected)
                .isEqualTo("org.springframework.web.client.ResourceAccessException(I/O error on GET request for \""
                        + stockUrl() + "\": stalled) <- java.io.InterruptedIOException(stalled)");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @EnumSource(SyncClient.class)
    void passesRequestAndResponseThroughUntouchedWhenChaosIsOff(SyncClient client) {
        serveStock();
        define(Assault.builder("inventory-down")
                .target(CallSiteKind.HTTP, "inventory")
                .fault(new Fault.ConnectionReset()));
        Recorder outer = new Recorder();
        Recorder inner = new Recorder();

        String body = client.get(null, outer, inventory, inner).call(stockUrl());

        assertThat(body).isEqualTo("in stock");
        assertThat(inner.request).isSameAs(outer.request);
        assertThat(inner.body).isSameAs(outer.body);
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

        String body = SyncClient.REST_CLIENT_ON_JDK_FACTORY
                .get(null, outer, inventory, inner)
                .call(stockUrl());

        assertThat(body).isEqualTo("in stock");
        assertThat(inner.request).isSameAs(outer.request);
        assertThat(outer.response).isSameAs(inner.response);
    }

    @Test
    void passesHeadersAndBodiesThroughWhenChaosIsOff() {
        server.stubFor(post("/orders").willReturn(ok("created").withHeader("X-Order", "o-1")));

        ResponseEntity<String> response = restClient(inventory)
                .post()
                .uri(baseUrl() + "/orders")
                .header("X-Trace", "t-1")
                .body("{\"sku\":\"a-1\"}")
                .retrieve()
                .toEntity(String.class);

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
        SyncClient.Get inventoryClient = SyncClient.REST_CLIENT_ON_JDK_FACTORY.get(null, inventory);
        SyncClient.Get paymentsClient = SyncClient.REST_CLIENT_ON_JDK_FACTORY.get(
                null, ChaosClientHttpRequestInterceptor.of(engine, "payments"));

        assertThatThrownBy(() -> inventoryClient.call(stockUrl()))
                .isInstanceOf(HttpServerErrorException.ServiceUnavailable.class);
        assertThat(paymentsClient.call(stockUrl())).isEqualTo("in stock");
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    @Test
    void targetsMatchEachCallsMethodHostPathPortAndScheme() {
        server.stubFor(get(urlPathMatching("/.*")).willReturn(ok("fine")));
        assault(Assault.builder("stock-down")
                .target(new Target(
                        CallSiteKind.HTTP,
                        Glob.of("inventory"),
                        Map.of(
                                "method", Glob.of("GET"),
                                "host", Glob.of("127.0.0.1"),
                                "path", Glob.of("/stock/**"),
                                "port", Glob.of(Integer.toString(server.getPort())),
                                "scheme", Glob.of("http"))))
                .fault(new Fault.HttpStatus(503, Map.of(), "busy")));
        SyncClient.Get get = SyncClient.REST_CLIENT_ON_JDK_FACTORY.get(null, inventory);

        assertThatThrownBy(() -> get.call(baseUrl() + "/stock/a-1"))
                .isInstanceOf(HttpServerErrorException.ServiceUnavailable.class);
        assertThat(get.call(baseUrl() + "/prices/a-1")).isEqualTo("fine");
        server.verify(1, anyRequestedFor(anyUrl()));
    }

    private static String statusSeenByOnStatus(RestClient client) {
        return client.get()
                .uri(stockUrl())
                .exchange((request, response) -> response.getStatusCode() + " " + response.getStatusText() + ": "
                        + new String(response.getBody().readAllBytes()));
    }

    private static RestClient restClient(ClientHttpRequestInterceptor... interceptors) {
        return RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .requestInterceptors(list -> list.addAll(List.of(interceptors)))
                .build();
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
    @EnumSource(SyncClient.class)
    void afterTheCallTheServerGetsTheRequestAndTheCallerSeesTheReset(SyncClient client) {
        serveStock();
        assault(inventoryChaos(new Fault.ConnectionReset()).afterCall(true));

        String injected = AppView.of(() -> client.get(null, inventory).call(stockUrl()));

        assertThat(injected).isEqualTo(resetView());
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    @ParameterizedTest
    @EnumSource(SyncClient.class)
    void afterTheCallAStatusTakesThePlaceOfTheRealAnswer(SyncClient client) {
        serveStock();
        String real = AppView.of(() -> client.get(null).call(stockUrl()));
        server.stubFor(get("/stock").willReturn(aResponse().withStatus(504).withBody("gateway timeout")));
        String gateway = AppView.of(() -> client.get(null).call(stockUrl()));
        serveStockAgain();
        assault(inventoryChaos(new Fault.HttpStatus(504, Map.of(), "gateway timeout"))
                .afterCall(true));

        String injected = AppView.of(() -> client.get(null, inventory).call(stockUrl()));

        assertThat(injected).isEqualTo(gateway).isNotEqualTo(real);
        server.verify(1, getRequestedFor(urlEqualTo("/stock")));
    }

    private String resetView() {
        return "org.springframework.web.client.ResourceAccessException(I/O error on GET request for \"" + stockUrl()
                + "\": Connection reset) <- java.net.SocketException(Connection reset)";
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
     * Marks the requests of the call under assault, after the chaos interceptor: the real call made first to learn
     * what a timeout looks like may reach the server late, after its journal was reset, on a slow machine.
     */
    private static final ClientHttpRequestInterceptor MARKED = (request, body, execution) -> {
        request.getHeaders().add("X-Assaulted", "true");
        return execution.execute(request, body);
    };

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

    /** Records what passes through it, so that two recorders around the chaos interceptor can be compared. */
    private static final class Recorder implements ClientHttpRequestInterceptor {
        private HttpRequest request;
        private byte[] body;
        private ClientHttpResponse response;

        @Override
        public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
                throws IOException {
            this.request = request;
            this.body = body;
            this.response = execution.execute(request, body);
            return response;
        }
    }
}
