package dev.turbulence.spring.catalog;

import org.springframework.data.annotation.Id;

/** A row of the catalog. */
public record Product(@Id Long id, String name) {}
