package dev.turbulence;

import java.util.Objects;

/**
 * A call site that chaos can reach: a decorated supplier, a proxied repository, a wrapped HTTP client, bean or data
 * source. Assaults target it by {@code kind} and {@code name}.
 */
public record WrappedCallSite(CallSiteKind kind, String name) {

    public WrappedCallSite {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }
}
