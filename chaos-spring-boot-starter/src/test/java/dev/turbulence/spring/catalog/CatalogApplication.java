package dev.turbulence.spring.catalog;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A catalog of products in H2, read through a Spring Data JDBC repository. */
@SpringBootApplication
public class CatalogApplication {}
