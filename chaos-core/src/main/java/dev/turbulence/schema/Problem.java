package dev.turbulence.schema;

import java.util.Objects;

/**
 * One thing wrong with a definition: the field (a schema path such as {@code fault.status}), the value
 * that was given (may be {@code null} when the field is missing) and what is allowed.
 */
public record Problem(String field, Object value, String message) {

    public Problem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + " " + message + ", but was " + (value instanceof String ? "'" + value + "'" : value);
    }
}
