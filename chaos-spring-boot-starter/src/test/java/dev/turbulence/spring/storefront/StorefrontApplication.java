package dev.turbulence.spring.storefront;

import dev.turbulence.spring.secured.ActuatorSecurity;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/** A small storefront whose stock comes from an "inventory" service behind a circuit breaker and a fallback. */
@SpringBootApplication
@Import(ActuatorSecurity.class)
public class StorefrontApplication {

    @Bean
    RestClient inventoryClient(RestClient.Builder builder, @Value("${inventory.url}") String url) {
        return builder.baseUrl(url).build();
    }

    @Bean
    RestClient paymentsClient(RestClient.Builder builder, @Value("${inventory.url}") String url) {
        return builder.baseUrl(url).build();
    }

    /** Keeps the audit events the application published, as an audit repository would. */
    @Component
    public static class AuditTrail {
        private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(AuditApplicationEvent event) {
            events.add(event.getAuditEvent());
        }

        public List<AuditEvent> events() {
            return List.copyOf(events);
        }
    }

    @Service
    public static class StockService {
        private final RestClient inventoryClient;
        private final AtomicInteger fallbacks = new AtomicInteger();

        StockService(RestClient inventoryClient) {
            this.inventoryClient = inventoryClient;
        }

        @CircuitBreaker(name = "inventory", fallbackMethod = "stockUnknown")
        public String stock(String sku) {
            return inventoryClient.get().uri("/stock/{sku}", sku).retrieve().body(String.class);
        }

        public int fallbacks() {
            return fallbacks.get();
        }

        String stockUnknown(String sku, Throwable failure) {
            fallbacks.incrementAndGet();
            return "stock unknown";
        }
    }

    @RestController
    static class Storefront {
        private final StockService stock;
        private final RestClient paymentsClient;

        Storefront(StockService stock, RestClient paymentsClient) {
            this.stock = stock;
            this.paymentsClient = paymentsClient;
        }

        @GetMapping("/products/{sku}")
        String product(@PathVariable String sku) {
            return sku + ": " + stock.stock(sku);
        }

        @GetMapping("/payments/{sku}")
        String payment(@PathVariable String sku) {
            return paymentsClient.get().uri("/stock/{sku}", sku).retrieve().body(String.class);
        }
    }
}
