package dev.turbulence.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The storefront's two downstreams, real HTTP servers on loopback (WireMock, random ports), and the
 * {@link RestClient} beans that call them. The starter adds chaos to each client under its bean name:
 * {@code inventoryClient} and {@code paymentsClient}.
 */
@Configuration(proxyBeanMethods = false)
class Downstreams {

    @Bean(destroyMethod = "stop")
    WireMockServer inventoryServer() {
        WireMockServer server = started();
        stock(server, 1, 12);
        stock(server, 2, 3);
        stock(server, 3, 0);
        return server;
    }

    @Bean(destroyMethod = "stop")
    WireMockServer paymentsServer() {
        WireMockServer server = started();
        server.stubFor(post("/payments")
                .withRequestBody(matchingJsonPath("$.productId"))
                .withRequestBody(matchingJsonPath("$.amount"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"paymentId\": \"pay-20261126-0042\", \"status\": \"CAPTURED\"}")
                        .withUniformRandomDelay(10, 40)));
        return server;
    }

    @Bean
    RestClient inventoryClient(RestClient.Builder builder, WireMockServer inventoryServer) {
        return builder.baseUrl(loopback(inventoryServer)).build();
    }

    @Bean
    RestClient paymentsClient(RestClient.Builder builder, WireMockServer paymentsServer) {
        return builder.baseUrl(loopback(paymentsServer)).build();
    }

    static String loopback(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    private static WireMockServer started() {
        WireMockServer server =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    private static void stock(WireMockServer inventory, long productId, int available) {
        inventory.stubFor(get("/stock/" + productId)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"productId\": " + productId + ", \"available\": " + available + "}")
                        .withUniformRandomDelay(5, 25)));
    }
}
