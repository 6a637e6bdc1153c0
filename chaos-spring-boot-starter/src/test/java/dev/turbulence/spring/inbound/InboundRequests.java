package dev.turbulence.spring.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turbulence.Assault;
import dev.turbulence.AssaultSchema;
import dev.turbulence.ChaosEngine;
import dev.turbulence.spring.secured.Http;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * What inbound assaults do to the requests a real server receives, whatever serves them: the servlet filter and the
 * WebFlux web filter pass the same tests. Requests are real HTTP calls to the loopback address.
 */
abstract class InboundRequests {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @Autowired
    ChaosEngine engine;

    @Autowired
    OrdersApplication.Orders orders;

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void noAssaults() {
        engine.assaults().clear();
        engine.enable();
    }

    @Test
    void anHttpStatusAnswersTheTargetedRequestsInTheEndpointsPlace() throws Exception {
        define("""
                {"name": "orders-down", "target": {"kind": "inbound", "attributes": {"method": "POST", "path": "/orders"}},
                 "fault": {"type": "http-status", "status": 503, "headers": {"Retry-After": "7"}, "body": "come back"}}""");
        int placed = orders.placed();

        HttpResponse<String> refused = send("POST", "/orders");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(refused.body()).isEqualTo("come back");
        assertThat(orders.placed()).isEqualTo(placed);
        // another method, another path: untouched
        assertThat(send("GET", "/orders/42").body()).isEqualTo("order 42");
    }

    @Test
    void anExceptionIsAnsweredAsTheApplicationsOwnErrorsAre() throws Exception {
        define("""
                {"name": "orders-broken", "target": {"kind": "inbound", "attributes": {"path": "/orders**"}},
                 "fault": {"type": "exception", "class": "java.lang.IllegalStateException", "message": "injected"}}""");
        int placed = orders.placed();

        assertThat(send("POST", "/orders").statusCode()).isEqualTo(500);
        assertThat(send("GET", "/orders/1").statusCode()).isEqualTo(500);
        assertThat(orders.placed()).isEqualTo(placed);
    }

    @Test
    void aConnectionResetCutsTheAnswerOffSoTheCallerMeetsAnIoError() {
        define("""
                {"name": "orders-reset", "target": {"kind": "inbound", "attributes": {"method": "POST"}},
                 "fault": {"type": "connection-reset"}}""");
        int placed = orders.placed();

        assertThatThrownBy(() -> send("POST", "/orders")).isInstanceOf(IOException.class);
        assertThat(orders.placed()).isEqualTo(placed);
    }

    @Test
    void aLatencyHoldsTheRequestBackAndTheKillSwitchLetsItGoAtOnce() throws Exception {
        define("""
                {"name": "orders-slow", "target": {"kind": "inbound", "attributes": {"path": "/orders/*"}},
                 "fault": {"type": "latency", "fixed": "250ms"}}""");
        long start = System.nanoTime();
        assertThat(send("GET", "/orders/7").body()).isEqualTo("order 7");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));

        define("""
                {"name": "orders-stuck", "target": {"kind": "inbound", "attributes": {"path": "/orders/*"}},
                 "fault": {"type": "latency", "fixed": "1h"}}""");
        CompletableFuture<HttpResponse<String>> stuck =
                client.sendAsync(request("GET", "/orders/8"), HttpResponse.BodyHandlers.ofString());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !stuck.isDone());
        engine.disable();
        await().atMost(Duration.ofSeconds(10)).until(stuck::isDone);
        assertThat(stuck.get().body()).isEqualTo("order 8");
    }

    @Test
    void actuatorsPathsAreNeverAssaultedSoTheKillSwitchStaysReachable() throws Exception {
        define("""
                {"name": "everything-down", "target": {"kind": "inbound"}, "fault": {"type": "http-status", "status": 503}}""");

        assertThat(send("GET", "/orders/1").statusCode()).isEqualTo(503);
        assertThat(send("GET", "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator").statusCode()).isEqualTo(200);
        assertThat(new Http()
                        .send("POST", port, "/actuator/chaos", "{\"enabled\": false}", "engineer")
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/orders/1").statusCode()).isEqualTo(200);
    }

    @Test
    void anAssaultThatNamesNoKindLeavesTheEndpointsAlone() throws Exception {
        define("""
                {"name": "everything", "fault": {"type": "exception", "class": "java.lang.IllegalStateException"}}""");

        assertThat(send("GET", "/orders/3").body()).isEqualTo("order 3");
    }

    private void define(String json) {
        Assault assault = AssaultSchema.fromJson(json);
        engine.define(assault);
    }

    private HttpRequest request(String method, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return client.send(request(method, path), HttpResponse.BodyHandlers.ofString());
    }
}
