package dev.turbulence.spring.catalog;

import org.springframework.data.repository.CrudRepository;

/** Products, by Spring Data JDBC. */
public interface ProductRepository extends CrudRepository<Product, Long> {}
