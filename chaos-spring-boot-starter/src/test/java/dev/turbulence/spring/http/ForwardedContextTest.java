package dev.turbulence.spring.http;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.turbulence.ChaosEngine;
import dev.turbulence.RequestScope;
import dev.turbulence.RequestScopes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

/** WebClient and RestTemplate carry the bound chaos context to the hosts allowed, and nowhere else. */
class ForwardedContextTest {

    private static final String SECRET = "a-secret-the-services-share-0123456789";

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
            .build();

    private final RequestScopes scopes = RequestScopes.of(SECRET, List.of("127.0.0.1"), Clock.systemUTC());
    private final ChaosEngine engine =
            ChaosEngine.builder().requestScopes(scopes).build();
    private final RequestScope scope = scopes.read(
                    scopes.sign(List.of("stock-down"), Instant.now().plusSeconds(60)))
            .scope();

    @BeforeEach
    void serveStock() {
        server.stubFor(get("/stock").willReturn(ok("in stock")));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @ParameterizedTest
    @EnumSource(ReactiveConnector.class)
    void aWebClientCallSubscribedWithinTheScopeCarriesItsContext(ReactiveConnector connector) {
        var client = connector.client(null, ChaosExchangeFilterFunction.of(engine, "inventory"));

        try (RequestScope.Binding bound = scope.bind()) {
            client.get().uri(stockUrl()).retrieve().toBodilessEntity().block();
        }
        client.get().uri(stockUrl()).retrieve().toBodilessEntity().block();

        server.verify(1, anyRequestedFor(anyUrl()).withHeader(RequestScopes.HEADER, equalTo(scope.token())));
        server.verify(1, anyRequestedFor(anyUrl()).withHeader(RequestScopes.HEADER, absent()));
    }

    @ParameterizedTest
    @EnumSource(Hosts.class)
    void aRestTemplateCallCarriesItsContextOnlyToAHostAllowed(Hosts hosts) {
        ChaosEngine forwarding = ChaosEngine.builder()
                .requestScopes(RequestScopes.of(SECRET, List.of(hosts.glob), Clock.systemUTC()))
                .build();
        RestTemplate client = new RestTemplate(new JdkClientHttpRequestFactory());
        client.getInterceptors().add(ChaosClientHttpRequestInterceptor.of(forwarding, "inventory"));

        try (forwarding;
                RequestScope.Binding bound = scope.bind()) {
            client.getForObject(stockUrl(), String.class);
        }

        server.verify(
                1,
                anyRequestedFor(anyUrl())
                        .withHeader(RequestScopes.HEADER, hosts == Hosts.ALLOWED ? equalTo(scope.token()) : absent()));
    }

    private static String stockUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/stock";
    }

    /** Where the context may go. */
    enum Hosts {
        ALLOWED("127.0.0.1"),
        ELSEWHERE("*.internal");

        final String glob;

        Hosts(String glob) {
            this.glob = glob;
        }
    }
}
