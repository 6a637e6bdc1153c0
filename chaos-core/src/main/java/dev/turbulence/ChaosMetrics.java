package dev.turbulence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes the engine's work as meters: counter {@code chaos.injections} tagged {@code assault},
 * {@code fault} and {@code target} (the call-site name, so cardinality stays bounded by the code), and
 * gauge {@code chaos.assaults.active}; for running stressors, gauges {@code chaos.stress.disk.bytes},
 * {@code chaos.stress.heap.bytes}, {@code chaos.stress.cpu.threads} and {@code chaos.stress.executor.threads}
 * (what they hold now, 0 when none runs). The counters of an assault are removed with it from the plan, so
 * creating and deleting assaults leaves no meters behind. Binds to the registry it is given, never to the
 * global one.
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
        stressGauge(registry, "chaos.stress.disk.bytes", Stress.DiskFill.class, "bytes", "Disk written by stressors");
        stressGauge(registry, "chaos.stress.heap.bytes", Stress.HeapPressure.class, "bytes", "Heap held by stressors");
        stressGauge(registry, "chaos.stress.cpu.threads", Stress.CpuBurn.class, "threads", "Threads burning CPU");
        stressGauge(
                registry,
                "chaos.stress.executor.threads",
                Stress.ThreadExhaustion.class,
                "threads",
                "Executor threads occupied by stressors");
        Map<InjectionKey, Counter> counters = new ConcurrentHashMap<>();
        engine.addListener(event -> {
            if (event instanceof ChaosEvent.Injected injected) {
                count(registry, counters, injected);
            } else if (event instanceof ChaosEvent.PlanChanged changed) {
                Set<String> defined = Set.copyOf(changed.assaults());
                counters.keySet().stream()
                        .filter(key -> !defined.contains(key.assault()))
                        .toList()
                        .forEach(key -> forget(registry, counters, key));
            }
        });
    }

    private void count(MeterRegistry registry, Map<InjectionKey, Counter> counters, ChaosEvent.Injected injected) {
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
        if (!engine.defines(key.assault())) {
            // removed while this call was being assaulted: its plan change may have been seen already
            forget(registry, counters, key);
        }
    }

    private static void forget(MeterRegistry registry, Map<InjectionKey, Counter> counters, InjectionKey key) {
        Counter counter = counters.remove(key);
        if (counter != null) {
            registry.remove(counter);
        }
    }

    private void stressGauge(
            MeterRegistry registry, String name, Class<? extends Stress> type, String unit, String description) {
        Gauge.builder(name, engine, e -> e.stressors.held(type))
                .description(description)
                .baseUnit(unit)
                .strongReference(true)
                .register(registry);
    }

    private record InjectionKey(String assault, String fault, String target) {}
}
