package dev.turbulence.spring.hops.reactivefront;

import dev.turbulence.spring.hops.OpenSecurity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/** The first hop on WebFlux: its checkout asks the stock service over a WebClient, within the handler's Mono. */
@SpringBootApplication
@Import(OpenSecurity.class)
public class ReactiveFrontApplication {

    @Bean
    WebClient stockClient(@Value("${stock.url}") String url) {
        return WebClient.create(url);
    }

    @RestController
    static class Checkout {
        private final WebClient stockClient;

        Checkout(WebClient stockClient) {
            this.stockClient = stockClient;
        }

        @GetMapping("/checkout")
        Mono<ResponseEntity<String>> checkout() {
            return stockClient
                    .get()
                    .uri("/stock")
                    .retrieve()
                    .bodyToMono(String.class)
                    .map(ResponseEntity::ok)
                    .onErrorResume(
                            WebClientResponseException.class,
                            stockFailed -> Mono.just(ResponseEntity.status(502)
                                    .body("stock answered "
                                            + stockFailed.getStatusCode().value())));
        }
    }
}
