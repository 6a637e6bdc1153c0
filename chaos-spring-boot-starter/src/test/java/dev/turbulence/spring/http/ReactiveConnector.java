package dev.turbulence.spring.http;

import java.time.Duration;
import java.util.List;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/** The connectors a {@code WebClient} runs on in the tests: the JDK's client and Reactor Netty. */
enum ReactiveConnector {
    JDK,
    REACTOR_NETTY;

    /** A client with these filters; {@code responseTimeout} null for none. */
    WebClient client(Duration responseTimeout, ExchangeFilterFunction... filters) {
        return WebClient.builder()
                .clientConnector(connector(responseTimeout))
                .filters(list -> list.addAll(List.of(filters)))
                .build();
    }

    private ClientHttpConnector connector(Duration responseTimeout) {
        if (this == JDK) {
            JdkClientHttpConnector jdk = new JdkClientHttpConnector();
            if (responseTimeout != null) {
                jdk.setReadTimeout(responseTimeout);
            }
            return jdk;
        }
        return new ReactorClientHttpConnector(HttpClient.create().responseTimeout(responseTimeout));
    }
}
