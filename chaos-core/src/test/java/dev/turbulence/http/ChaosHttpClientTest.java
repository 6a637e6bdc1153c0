package dev.turbulence.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Fault;
import dev.turbulence.Glob;
import dev.turbulence.InjectedFaultException;
import dev.turbulence.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ChaosHttpClientTest {

    private static final WireMockServer server =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    private final ChaosEngine engine = ChaosEngine.create();
    private final HttpClient real = HttpClient.newHttpClient();
    private final HttpClient inventory = ChaosHttpClient.decorate(engine, "inventory", real);
    private final HttpClient billing = ChaosHttpClient.decorate(engine, "billing", real);

    @BeforeAll
    static void startServer() {
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void stubServer() {
        server.resetAll();
        server.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("X-Stock", "42")
                        .withBody("line one\nline two\nline three")));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void passesRequestsAndResponsesThroughWhenChaosIsOff() throws Exception {
        arm(new Fault.ConnectionReset());
        engine.disable();
        HttpRequest post = HttpRequest.newBuilder(uri("/api/orders"))
                .header("X-Trace", "t-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":7}"))
                .build();

        HttpResponse<String> response = inventory.send(post, HttpResponse.BodyHandlers.ofString());
        HttpResponse<InputStream> streamed = inventory
                .sendAsync(get("/api/stock"), HttpResponse.BodyHandlers.ofInputStream())
                .get();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-stock")).contains("42");
        assertThat(response.body()).isEqualTo("line one\nline two\nline three");
        try (InputStream body = streamed.body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).startsWith("line one");
        }
        server.verify(postRequestedFor(urlEqualTo("/api/orders"))
                .withHeader("X-Trace", equalTo("t-1"))
                .withRequestBody(equalTo("{\"sku\":7}")));
    }

    @Test
    void passesThroughCallsNoAssaultTargetsWhileChaosIsOn() throws Exception {
        arm(new Fault.ConnectionReset());

        HttpResponse<java.util.stream.Stream<String>> lines =
                billing.send(get("/api/invoices"), HttpResponse.BodyHandlers.ofLines());

        assertThat(lines.body().collect(Collectors.toList())).containsExactly("line one", "line two", "line three");
        assertThat(paths()).containsExactly("/api/invoices");
    }

    @Test
    void neverLeaksAFaultOntoAnotherClient() throws Exception {
        arm(new Fault.HttpStatus(503, Map.of(), "busy"));

        for (int i = 0; i < 5; i++) {
            assertThat(inventory
                            .send(get("/api/stock"), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(503);
            assertThat(billing.send(get("/api/stock"), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(billing.sendAsync(get("/api/stock"), HttpResponse.BodyHandlers.ofString())
                            .get()
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(server.getAllServeEvents()).hasSize(10);
    }

    @Test
    void targetsRequestsByMethodHostPathPortAndScheme() throws Exception {
        engine.assaults()
                .put(Assault.builder("stock-reads")
                        .target(new Target(
                                CallSiteKind.HTTP,
                                Glob.of("inventory"),
                                Map.of(
                                        "method", Glob.of("GET"),
                                        "host", Glob.of("127.0.0.1"),
                                        "path", Glob.of("/api/stock/**"),
                                        "port", Glob.of(Integer.toString(server.port())),
                                        "scheme", Glob.of("http"))))
                        .fault(new Fault.HttpStatus(503, Map.of(), "busy"))
                        .build());
        engine.enable();

        int stockRead = inventory
                .send(get("/api/stock/7"), HttpResponse.BodyHandlers.ofString())
                .statusCode();
        int stockWrite = inventory
                .send(
                        HttpRequest.newBuilder(uri("/api/stock/7"))
                                .PUT(HttpRequest.BodyPublishers.ofString("3"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
        int otherPath = inventory
                .send(get("/api/prices/7"), HttpResponse.BodyHandlers.ofString())
                .statusCode();

        assertThat(List.of(stockRead, stockWrite, otherPath)).containsExactly(503, 200, 200);
        assertThat(paths()).containsExactlyInAnyOrder("/api/stock/7", "/api/prices/7");
    }

    @Test
    void injectedResponseCarriesTheRequestAndTheClientsVersion() throws Exception {
        arm(new Fault.HttpStatus(503, Map.of("Retry-After", "1"), "busy"));
        HttpRequest request = get("/api/stock");

        HttpResponse<String> response = inventory.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.request()).isSameAs(request);
        assertThat(response.uri()).isEqualTo(request.uri());
        assertThat(response.version()).isEqualTo(real.version());
        assertThat(response.previousResponse()).isEmpty();
        assertThat(response.headers().allValues("retry-after")).containsExactly("1");
        assertThat(response).hasToString("(GET " + request.uri() + ") 503");
    }

    @Test
    void throwsAConfiguredIOExceptionAsItIsAndSendsNothing() {
        arm(new Fault.ExceptionFault(IOException.class, "disk on fire"));

        assertThatThrownBy(() -> inventory.send(get("/api/stock"), HttpResponse.BodyHandlers.ofString()))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("disk on fire")
                .hasNoCause();
        assertThatThrownBy(() -> inventory
                        .sendAsync(get("/api/stock"), HttpResponse.BodyHandlers.ofString())
                        .get())
                .isExactlyInstanceOf(ExecutionException.class)
                .cause()
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("disk on fire");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void throwsUncheckedExceptionsAsTheyAreAndWrapsUndeclaredCheckedOnes() {
        arm(new Fault.ExceptionFault(IllegalStateException.class, "bug"));
        assertThatThrownBy(() -> inventory.send(get("/api/stock"), HttpResponse.BodyHandlers.ofString()))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("bug");

        arm(new Fault.ExceptionFault(TimeoutException.class, "slow"));
        assertThatThrownBy(() -> inventory.send(get("/api/stock"), HttpResponse.BodyHandlers.ofString()))
                .isExactlyInstanceOf(InjectedFaultException.class)
                .cause()
                .isExactlyInstanceOf(TimeoutException.class)
                .hasMessage("slow");
        assertThatThrownBy(() -> inventory
                        .sendAsync(get("/api/stock"), HttpResponse.BodyHandlers.ofString())
                        .get())
                .cause()
                .isExactlyInstanceOf(TimeoutException.class)
                .hasMessage("slow");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void sendAsyncWaitsOutALatencyOnATimerNotOnTheCallersThread() {
        arm(new Fault.FixedLatency(Duration.ofHours(1)));

        CompletableFuture<HttpResponse<String>> pending =
                inventory.sendAsync(get("/api/stock"), HttpResponse.BodyHandlers.ofString());

        assertThat(pending).isNotDone();
        assertThat(server.getAllServeEvents()).isEmpty();

        engine.disable();
        await().until(pending::isDone);
        assertThat(pending.join().statusCode())
                .as("the kill switch ends the wait")
                .isEqualTo(200);
    }

    @Test
    void sendAsyncSendsTheRealRequestOnceTheLatencyHasPassed() {
        arm(new Fault.FixedLatency(Duration.ofMillis(200)));

        CompletableFuture<HttpResponse<String>> pending =
                inventory.sendAsync(get("/api/stock"), HttpResponse.BodyHandlers.ofString());

        await().until(pending::isDone);
        assertThat(pending.join().body()).startsWith("line one");
        assertThat(paths()).containsExactly("/api/stock");
    }

    @Test
    void readTimeoutWithoutARequestTimeoutHangsForAfter() {
        arm(new Fault.ReadTimeout(Duration.ofMillis(200)));

        CompletableFuture<HttpResponse<String>> pending =
                inventory.sendAsync(get("/api/stock"), HttpResponse.BodyHandlers.ofString());

        await().until(pending::isDone);
        assertThatThrownBy(pending::join)
                .cause()
                .isExactlyInstanceOf(java.net.http.HttpTimeoutException.class)
                .hasMessage("request timed out");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void theKillSwitchEndsAPendingLatencyAndTheRealCallGoesOut() throws Exception {
        arm(new Fault.FixedLatency(Duration.ofHours(1)));
        AtomicReference<HttpResponse<String>> response = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                response.set(inventory.send(get("/api/stock"), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        caller.start();
        await().until(() -> caller.getState() == Thread.State.TIMED_WAITING);

        engine.disable();

        caller.join();
        assertThat(response.get().statusCode()).isEqualTo(200);
    }

    @Test
    void anInterruptDuringALatencyThrowsInterruptedExceptionAndSendsNothing() throws Exception {
        arm(new Fault.FixedLatency(Duration.ofHours(1)));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                inventory.send(get("/api/stock"), HttpResponse.BodyHandlers.ofString());
            } catch (Throwable failure) {
                thrown.set(failure);
            }
        });
        caller.start();
        await().until(() -> caller.getState() == Thread.State.TIMED_WAITING);

        caller.interrupt();

        caller.join();
        assertThat(thrown.get()).isExactlyInstanceOf(InterruptedException.class);
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void delegatesTheClientsSettings() {
        HttpClient configured = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(3))
                .build();

        HttpClient chaos = ChaosHttpClient.decorate(engine, "inventory", configured);

        assertThat(chaos.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(chaos.followRedirects()).isEqualTo(HttpClient.Redirect.NORMAL);
        assertThat(chaos.connectTimeout()).contains(Duration.ofSeconds(3));
        assertThat(chaos.sslContext()).isSameAs(configured.sslContext());
        assertThat(chaos.executor()).isEqualTo(configured.executor());
        assertThat(chaos.proxy()).isEqualTo(configured.proxy());
        assertThat(chaos.cookieHandler()).isEqualTo(configured.cookieHandler());
        assertThat(chaos.authenticator()).isEqualTo(configured.authenticator());
        assertThat(chaos.sslParameters().getProtocols())
                .isEqualTo(configured.sslParameters().getProtocols());
    }

    @Test
    void afterTheCallTheServerGetsTheRequestAndTheCallerLosesItsAnswer() throws Exception {
        armAfterCall(new Fault.ConnectionReset());
        HttpRequest charge = HttpRequest.newBuilder(uri("/api/charges"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":10}"))
                .build();

        assertThatThrownBy(() -> inventory.send(charge, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> inventory
                        .sendAsync(charge, HttpResponse.BodyHandlers.ofInputStream())
                        .get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IOException.class);

        server.verify(2, postRequestedFor(urlEqualTo("/api/charges")).withRequestBody(equalTo("{\"amount\":10}")));
    }

    @Test
    void afterTheCallAStatusReplacesTheRealAnswerAndALatencyDelaysIt() throws Exception {
        armAfterCall(new Fault.HttpStatus(504, Map.of(), "gateway timeout"));

        HttpResponse<String> replaced = inventory.send(get("/api/stock"), HttpResponse.BodyHandlers.ofString());

        assertThat(replaced.statusCode()).isEqualTo(504);
        assertThat(replaced.body()).isEqualTo("gateway timeout");
        assertThat(paths()).containsExactly("/api/stock");

        armAfterCall(new Fault.FixedLatency(Duration.ofMinutes(1)));
        CompletableFuture<HttpResponse<String>> delayed =
                inventory.sendAsync(get("/api/stock/1"), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> paths().contains("/api/stock/1"));

        assertThat(delayed).as("answered by the server, held back").isNotDone();
        engine.disable();
        assertThat(delayed.get(10, java.util.concurrent.TimeUnit.SECONDS).body())
                .startsWith("line one");
    }

    private void armAfterCall(Fault fault) {
        engine.assaults().clear();
        engine.assaults()
                .put(Assault.builder("inventory-after-call")
                        .target(CallSiteKind.HTTP, "inventory")
                        .fault(fault)
                        .afterCall(true)
                        .build());
        engine.enable();
    }

    private void arm(Fault fault) {
        engine.assaults().clear();
        engine.assaults()
                .put(Assault.builder("inventory-fault")
                        .target(CallSiteKind.HTTP, "inventory")
                        .fault(fault)
                        .build());
        engine.enable();
    }

    private static List<String> paths() {
        return server.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .map(request -> request.getUrl())
                .collect(Collectors.toList());
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).build();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
