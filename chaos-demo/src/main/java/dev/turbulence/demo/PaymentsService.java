package dev.turbulence.demo;

import java.math.BigDecimal;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/**
 * Charges a purchase at the payments service — deliberately <b>unprotected</b>: no circuit breaker, retry or
 * fallback surrounds the call (the {@code payments} breaker in {@code application.yaml} is configured, but no
 * code uses it), so every failure of payments reaches the customer. The game day's last experiment shows it.
 */
@Service
public class PaymentsService {

    private final RestClient paymentsClient;

    PaymentsService(RestClient paymentsClient) {
        this.paymentsClient = paymentsClient;
    }

    /**
     * Charges {@code amount} for the product.
     *
     * @throws org.springframework.web.client.RestClientException when payments fails, as it is
     */
    public Payment charge(long productId, BigDecimal amount) {
        return paymentsClient
                .post()
                .uri("/payments")
                .body(new Charge(productId, amount))
                .retrieve()
                .body(Payment.class);
    }

    record Charge(long productId, BigDecimal amount) {}

    /** What the payments service answers. */
    public record Payment(String paymentId, String status) {}
}
