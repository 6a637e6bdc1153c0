package dev.turbulence.demo;

import org.springframework.data.repository.CrudRepository;

/** The catalog: a Spring Data JDBC repository, which the starter wraps as call site {@code productRepository}. */
public interface ProductRepository extends CrudRepository<Product, Long> {}
