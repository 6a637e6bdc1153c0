package dev.turbulence.resilience4j;

import dev.turbulence.ChaosEvent;
import dev.turbulence.ChaosListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** What one run records as it goes: the injections of its assaults, state changes and timeline samples. */
final class Recorder implements ChaosListener {

    private final Map<String, LongAdder> injections = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    final List<ExperimentReport.StateChange> stateChanges = new CopyOnWriteArrayList<>();
    final List<ExperimentReport.Sample> timeline = new CopyOnWriteArrayList<>();

    Recorder(Set<String> assaults) {
        assaults.forEach(name -> injections.put(name, new LongAdder()));
    }

    @Override
    public void onEvent(ChaosEvent event) {
        if (event instanceof ChaosEvent.Injected injected) {
            LongAdder count = injections.get(injected.assault());
            if (count != null) {
                count.increment();
                total.increment();
            }
        }
    }

    void stateChanged(ExperimentReport.StateChange change) {
        stateChanges.add(change);
    }

    long injections() {
        return total.sum();
    }

    Map<String, Long> injectionsByAssault() {
        Map<String, Long> counts = new TreeMap<>();
        injections.forEach((name, count) -> counts.put(name, count.sum()));
        return counts;
    }
}
