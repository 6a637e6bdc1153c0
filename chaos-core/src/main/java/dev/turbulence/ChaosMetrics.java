package dev.turbulence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes the engine's work as meters: counter {@code chaos.injections} tagged {@code assault},
 * {@code fault} and {@code target} (the call-site name, so cardinality stays bounded by the code), and
 * gauge {@code chaos.assaults.active}. Binds to the registry it is given, never to the global one.
 */
public final class ChaosMetrics implements MeterBinder {

    private final ChaosEngine engine;

    public ChaosMetrics(ChaosEngine engine) {
        this.engine = engine;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("chaos.assaults.active", engine, ChaosEngine::activeAssaultCount)
                .description("Assaults that can inject now")
                .strongReference(true)
                .register(registry);
        Map<InjectionKey, Counter> counters = new ConcurrentHashMap<>();
        engine.addListener(event -> {
            if (event instanceof ChaosEvent.Injected injected) {
                InjectionKey key = new InjectionKey(injected.assault(), injected.fault(), injected.callSite());
                counters.computeIfAbsent(
                                key,
                                k -> Counter.builder("chaos.injections")
                                        .description("Faults injected into calls")
                                        .tag("assault", k.assault())
                                        .tag("fault", k.fault())
                                        .tag("target", k.target())
                                        .register(registry))
                        .increment();
            }
        });
    }

    private record InjectionKey(String assault, String fault, String target) {}
}
