package dev.turbulence.spring.hops.front;

import dev.turbulence.spring.hops.OpenSecurity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;

/** The first hop: its checkout asks the stock service, the second hop, over a RestClient. */
@SpringBootApplication
@Import(OpenSecurity.class)
public class FrontApplication {

    @Bean
    RestClient stockClient(RestClient.Builder builder, @Value("${stock.url}") String url) {
        return builder.baseUrl(url).build();
    }

    @RestController
    static class Checkout {
        private final RestClient stockClient;

        Checkout(RestClient stockClient) {
            this.stockClient = stockClient;
        }

        @GetMapping("/checkout")
        ResponseEntity<String> checkout() {
            try {
                return ResponseEntity.ok(
                        stockClient.get().uri("/stock").retrieve().body(String.class));
            } catch (HttpServerErrorException stockFailed) {
                return ResponseEntity.status(502)
                        .body("stock answered " + stockFailed.getStatusCode().value());
            }
        }
    }
}
