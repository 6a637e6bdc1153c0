package dev.turbulence.spring;

import dev.turbulence.RequestScopes;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.lang.Nullable;

/** Counts the chaos contexts requests carried that were ignored, on {@code chaos.request.scope.ignored}. */
final class IgnoredRequestScopes {

    @Nullable
    private final MeterRegistry meters;

    IgnoredRequestScopes(@Nullable MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts {@code reading} under its reason when its context was ignored; without a meter registry, nothing. */
    void count(RequestScopes.Reading reading) {
        if (reading.ignoredBecause() != null && meters != null) {
            meters.counter("chaos.request.scope.ignored", "reason", reading.ignoredBecause())
                    .increment();
        }
    }
}
