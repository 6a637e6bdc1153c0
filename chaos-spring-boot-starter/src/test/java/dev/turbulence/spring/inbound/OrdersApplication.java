package dev.turbulence.spring.inbound;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application with endpoints of its own, served by Spring MVC or WebFlux alike. */
@SpringBootApplication
public class OrdersApplication {

    /** Counts the orders its endpoint took, so that a test sees whether the endpoint ran. */
    @RestController
    public static class Orders {
        private final AtomicInteger placed = new AtomicInteger();

        @GetMapping("/orders/{id}")
        String order(@PathVariable String id) {
            return "order " + id;
        }

        @PostMapping("/orders")
        String place() {
            return "order " + placed.incrementAndGet();
        }

        public int placed() {
            return placed.get();
        }
    }
}
