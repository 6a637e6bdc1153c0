package dev.turbulence.benchmarks;

import org.springframework.stereotype.Repository;

/**
 * One stored order, returned for every id: the repository call itself costs next to nothing, so a proxy's
 * cost stands out. Annotated as a Spring repository so that Chaos Monkey for Spring Boot watches it.
 */
@Repository
public class InMemoryOrderRepository implements OrderRepository {

    private final Order order = new Order("o-1", "shipped");

    @Override
    public Order findById(String id) {
        return order;
    }
}
