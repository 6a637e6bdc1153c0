package dev.turbulence.demo;

import java.math.BigDecimal;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClientException;
import org.springframework.web.server.ResponseStatusException;

/**
 * The storefront: {@code GET /products/{id}} (the product from the catalog, its stock from inventory) and
 * {@code POST /products/{id}/buy} (charged at payments). A failing catalog answers 503, a failing payment 502.
 */
@RestController
class StorefrontController {

    private final ProductRepository products;
    private final InventoryService inventory;
    private final PaymentsService payments;

    StorefrontController(ProductRepository products, InventoryService inventory, PaymentsService payments) {
        this.products = products;
        this.inventory = inventory;
        this.payments = payments;
    }

    @GetMapping("/products/{id}")
    ProductPage product(@PathVariable long id) {
        Product product = find(id);
        return new ProductPage(product.id(), product.name(), product.price(), inventory.stock(id));
    }

    @PostMapping("/products/{id}/buy")
    Order buy(@PathVariable long id) {
        Product product = find(id);
        PaymentsService.Payment payment = payments.charge(id, product.price());
        return new Order(product.id(), product.price(), payment.paymentId(), payment.status());
    }

    private Product find(long id) {
        return products.findById(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no product " + id));
    }

    @ExceptionHandler
    ProblemDetail catalogUnavailable(DataAccessException failure) {
        return ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "the catalog is unavailable: " + failure.getMostSpecificCause());
    }

    @ExceptionHandler
    ProblemDetail paymentFailed(RestClientException failure) {
        return ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_GATEWAY, "the payment failed: " + failure.getMostSpecificCause());
    }

    record ProductPage(long id, String name, BigDecimal price, Stock stock) {}

    record Order(long productId, BigDecimal amount, String paymentId, String status) {}
}
