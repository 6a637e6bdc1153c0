package dev.turbulence.spring.hops.back;

import dev.turbulence.spring.hops.OpenSecurity;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The second hop: the stock service. */
@SpringBootApplication
@Import(OpenSecurity.class)
public class StockApplication {

    @RestController
    static class Stock {
        @GetMapping("/stock")
        String stock() {
            return "in stock";
        }
    }
}
