package dev.turbulence.benchmarks;

/** The repository every proxy in {@link RepositoryProxyBenchmark} wraps. */
public interface OrderRepository {

    /** An order found by its id. */
    record Order(String id, String status) {}

    Order findById(String id);
}
