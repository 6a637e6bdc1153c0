package dev.turbulence.demo;

import java.math.BigDecimal;
import org.springframework.data.annotation.Id;

/** A product of the storefront's catalog, stored in H2. */
public record Product(@Id Long id, String name, BigDecimal price) {}
