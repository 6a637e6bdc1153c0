package dev.turbulence.benchmarks;

import dev.turbulence.Assault;
import dev.turbulence.CallSite;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Fault;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The states of chaos the suites compare, each set up as a fresh engine for one call site. The values of
 * {@link #id()} are the {@code @Param} values of the suites.
 *
 * <p>The two targeted settings measure a call site that an assault targets on a call that the assault does
 * not choose. So that no measured call fires, each assault has a budget of one injection, spent before the
 * measurement through a second call site of the same name: every measured call still runs the full
 * decision (clock, counter, draw), and the one call in 10,000 (or 1,000,000) that the assault chooses
 * finds the budget empty.
 */
enum ChaosSetting {
    /** An assault targets the site, chaos is off (the default, and the kill switch). */
    OFF("off"),
    /** Chaos on, one assault in force, but for another call site. */
    ON_NOT_TARGETED("on-not-targeted"),
    /** Chaos on, an assault with {@code rate} 0.0001 targets the site. */
    TARGETED_RATE("targeted-rate"),
    /** Chaos on, an assault with {@code everyNth} 1,000,000 targets the site. */
    TARGETED_EVERY_NTH("targeted-every-nth"),
    /** Chaos on, a dry-run assault chooses every call: each one is recorded as "would inject" and goes through. */
    DRY_RUN("dry-run");

    /** Longer than any fork lives, so that no assault expires during a measurement. */
    private static final Duration LIFETIME = Duration.ofHours(1);

    private static final Fault FAILURE = new Fault.ExceptionFault(IllegalStateException.class, "injected");

    private final String id;

    ChaosSetting(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static ChaosSetting of(String id) {
        return Arrays.stream(values())
                .filter(setting -> setting.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("chaos must be one of "
                        + Arrays.stream(values()).map(ChaosSetting::id).toList() + ", but was " + id));
    }

    /** A new engine in this state for the call site of {@code kind} called {@code site}. */
    ChaosEngine engineFor(CallSiteKind kind, String site) {
        ChaosEngine engine = ChaosEngine.create();
        switch (this) {
            case OFF -> engine.assaults().put(assault("targeted", kind, site).build());
            case ON_NOT_TARGETED ->
                engine.assaults()
                        .put(assault("elsewhere", kind, site + "-elsewhere").build());
            case TARGETED_RATE ->
                engine.assaults()
                        .put(assault("rare", kind, site)
                                .rate(0.0001)
                                .maxInjections(1)
                                .build());
            case TARGETED_EVERY_NTH ->
                engine.assaults()
                        .put(assault("every-millionth", kind, site)
                                .everyNth(1_000_000)
                                .maxInjections(1)
                                .build());
            case DRY_RUN ->
                engine.assaults()
                        .put(assault("rehearsal", kind, site).dryRun(true).build());
        }
        if (this != OFF) {
            engine.enable();
        }
        if (this == TARGETED_RATE || this == TARGETED_EVERY_NTH) {
            spendBudget(engine.callSite(kind, site, Map.of()));
        }
        return engine;
    }

    private static Assault.Builder assault(String name, CallSiteKind kind, String site) {
        return Assault.builder(name)
                .target(kind, site)
                .fault(FAILURE)
                .duration(LIFETIME)
                .seed(42);
    }

    private static void spendBudget(CallSite site) {
        for (int call = 0; call < 10_000_000; call++) {
            if (site.decide() != null) {
                return;
            }
        }
        throw new IllegalStateException("the assault at " + site + " never chose a call");
    }
}
