package dev.turbulence;

import java.util.Comparator;
import java.util.List;

/** One immutable version of the assaults in force, ordered as faults apply. */
final class Plan {

    static final Plan EMPTY = new Plan(0, List.of());

    /** Stressors come after every fault: no call site consults them. */
    private static final int STRESS_ORDER = Integer.MAX_VALUE;

    final long version;
    final List<ActiveAssault> assaults;

    Plan(long version, List<ActiveAssault> assaults) {
        this.version = version;
        this.assaults = assaults.stream()
                .sorted(Comparator.comparingInt((ActiveAssault active) -> active.assault.fault() != null
                                ? active.assault.fault().order()
                                : STRESS_ORDER)
                        .thenComparing(active -> active.assault.name()))
                .toList();
    }

    ActiveAssault find(String name) {
        for (ActiveAssault active : assaults) {
            if (active.assault.name().equals(name)) {
                return active;
            }
        }
        return null;
    }
}
