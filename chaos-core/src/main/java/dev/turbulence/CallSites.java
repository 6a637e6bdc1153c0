package dev.turbulence;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The call sites the engine's decorators have wrapped, by kind and name, so that a user sees what took effect:
 * each is logged once, when it is first wrapped, and listed by {@link ChaosEngine#callSites()}. Holds at most
 * {@link #LIMIT} of them, so that names made up per call cannot grow it without bound. Thread-safe.
 */
final class CallSites {

    /** The most call sites listed; further ones are wrapped as ever, only not listed. */
    static final int LIMIT = 1_000;

    private static final System.Logger LOG = System.getLogger(CallSites.class.getName());

    private final Set<WrappedCallSite> wrapped = ConcurrentHashMap.newKeySet();

    /** Records that a call site of {@code kind} called {@code name} was wrapped; logs it the first time. */
    void add(CallSiteKind kind, String name) {
        if (wrapped.size() < LIMIT && wrapped.add(new WrappedCallSite(kind, name))) {
            LOG.log(System.Logger.Level.INFO, "Chaos can reach the " + kind.id() + " call site " + name);
            if (wrapped.size() == LIMIT) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Chaos lists the first " + LIMIT + " call sites only; are call-site names made up per call?");
            }
        }
    }

    /** The call sites wrapped so far, by kind and name. */
    List<WrappedCallSite> list() {
        return wrapped.stream()
                .sorted(Comparator.comparing(
                                (WrappedCallSite site) -> site.kind().id())
                        .thenComparing(WrappedCallSite::name))
                .toList();
    }
}
