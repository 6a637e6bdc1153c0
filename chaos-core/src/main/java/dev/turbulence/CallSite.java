package dev.turbulence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One place where faults can be injected, such as one decorated supplier or one repository method. Which
 * assaults can match it is resolved once per plan version and cached; with chaos off, {@link #decide()} is
 * one volatile read and a branch. Thread-safe; adapters create one per call site and keep it.
 */
public final class CallSite {

    private final CallContext context;
    private final CallSiteKind kind;
    private final String name;
    private final Map<String, String> attributes;
    private volatile Resolution resolution = new Resolution(null, new ActiveAssault[0], new ActiveAssault[0]);

    CallSite(CallContext context, CallSiteKind kind, String name, Map<String, String> attributes) {
        requireConcrete(kind);
        this.context = context;
        this.kind = kind;
        this.name = name;
        this.attributes = Map.copyOf(attributes);
    }

    /** @throws IllegalArgumentException for {@code any} and {@code process}, which no call site has */
    static void requireConcrete(CallSiteKind kind) {
        if (kind == CallSiteKind.ANY || kind == CallSiteKind.PROCESS) {
            throw new IllegalArgumentException("a call site has a concrete call-site kind, but was " + kind.id());
        }
    }

    public CallSiteKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * Decides what happens to one call here, matching targets against this site's own attributes.
     *
     * @return the injection to apply, or {@code null} when the call goes through untouched
     */
    public Injection decide() {
        Plan plan = context.live();
        return plan == null ? null : decide(plan);
    }

    /** {@link #decide()} under {@code plan}, the plan in force that the caller has just read. */
    Injection decide(Plan plan) {
        ActiveAssault[] candidates = resolve(plan).matching;
        // Checked here, not in the large decide below, so that the not-targeted path is inlined whole.
        return candidates.length == 0 ? null : decide(candidates, null);
    }

    /**
     * Decides what happens to one call whose attributes are known only per call (an HTTP request's method,
     * host and path); targets are matched against {@code callAttributes} for this call only.
     *
     * @return the injection to apply, or {@code null} when the call goes through untouched
     */
    public Injection decide(Map<String, String> callAttributes) {
        Plan plan = context.live();
        if (plan == null) {
            return null;
        }
        ActiveAssault[] candidates = resolve(plan).sameSite;
        return candidates.length == 0 ? null : decide(candidates, callAttributes);
    }

    /**
     * Whether any assault in force can match this site by kind and name. Adapters whose attributes are known
     * only per call ask this first, so that they build those attributes only when chaos may strike. Cheap
     * and allocation-free.
     */
    public boolean isTargeted() {
        Plan plan = context.live();
        return plan != null && resolve(plan).sameSite.length > 0;
    }

    /**
     * This site's candidates under {@code plan}. Small, so that the JIT inlines it into every call's path; the
     * resolution for a new plan is a method of its own, so that its size never keeps this one from being inlined.
     */
    private Resolution resolve(Plan plan) {
        Resolution current = resolution;
        return current.plan == plan ? current : resolveAnew(plan);
    }

    private Resolution resolveAnew(Plan plan) {
        List<ActiveAssault> sameSite = new ArrayList<>();
        List<ActiveAssault> matching = new ArrayList<>();
        for (ActiveAssault active : plan.assaults) {
            Target target = active.assault.target();
            if (active.assault.enabled() && target.matchesSite(kind, name)) {
                sameSite.add(active);
                if (target.matchesAttributes(attributes)) {
                    matching.add(active);
                }
            }
        }
        Resolution resolved =
                new Resolution(plan, matching.toArray(ActiveAssault[]::new), sameSite.toArray(ActiveAssault[]::new));
        resolution = resolved;
        return resolved;
    }

    /**
     * Finds the first candidate that chooses this call; the calls no assault chooses, the most frequent ones, stay in
     * this small loop, and only a chosen call goes on to {@link #inject}.
     */
    private Injection decide(ActiveAssault[] candidates, Map<String, String> callAttributes) {
        // The first candidate is asked before the loop, since most sites have one: the JIT's set-up of a loop (its
        // range checks and safepoint strips) costs more than one pass through it.
        long call = choose(candidates[0], callAttributes);
        if (call != ActiveAssault.PASS) {
            return inject(candidates, 0, call, callAttributes);
        }
        for (int i = 1; i < candidates.length; i++) {
            call = choose(candidates[i], callAttributes);
            if (call != ActiveAssault.PASS) {
                return inject(candidates, i, call, callAttributes);
            }
        }
        return null;
    }

    /** What {@code active} answers for this call ({@link ActiveAssault#choose}); a pass when its target does not match. */
    private static long choose(ActiveAssault active, Map<String, String> callAttributes) {
        return callAttributes != null && !active.assault.target().matchesAttributes(callAttributes)
                ? ActiveAssault.PASS
                : active.choose();
    }

    /** Admits the call {@code candidates[first]} chose, then asks the candidates after it, and builds the injection. */
    private Injection inject(
            ActiveAssault[] candidates, int first, long firstCall, Map<String, String> callAttributes) {
        long now = context.millis();
        Duration latency = Duration.ZERO;
        Duration latencyAfterCall = Duration.ZERO;
        Fault.Failure failure = null;
        boolean failureAfterCall = false;
        Duration failureDelay = Duration.ZERO;
        Fault.CorruptBody corruption = null;
        Fault.ReturnedValue returned = null;
        boolean returnedAfterCall = false;
        for (int i = first; i < candidates.length; i++) {
            ActiveAssault active = candidates[i];
            Assault assault = active.assault;
            long call = firstCall;
            if (i > first) {
                call = choose(active, callAttributes);
                if (call == ActiveAssault.PASS) {
                    continue;
                }
            }
            call = active.admit(call, now);
            if (call == ActiveAssault.JUST_EXPIRED) {
                context.emit(active.expiredAt(now));
                continue;
            }
            if (call == ActiveAssault.PASS) {
                continue;
            }
            Instant at = Instant.ofEpochMilli(now);
            if (assault.dryRun()) {
                context.emit(new ChaosEvent.WouldInject(
                        at, assault.name(), assault.fault().type(), kind, name));
                continue;
            }
            context.emit(
                    new ChaosEvent.Injected(at, assault.name(), assault.fault().type(), kind, name));
            if (assault.fault() instanceof Fault.Latency delay) {
                Duration sampled = active.sampleLatency(delay, call);
                if (assault.afterCall()) {
                    latencyAfterCall = latencyAfterCall.plus(sampled);
                } else {
                    latency = latency.plus(sampled);
                }
            } else if (assault.fault() instanceof Fault.CorruptBody corrupt) {
                corruption = corrupt;
            } else if (assault.fault() instanceof Fault.ReturnedValue answer) {
                returned = answer;
                returnedAfterCall = assault.afterCall();
            } else {
                failure = (Fault.Failure) assault.fault();
                failureAfterCall = assault.afterCall();
                failureDelay = failureDelay(failure, active, now);
                break;
            }
        }
        if (failure == null
                && corruption == null
                && returned == null
                && latency.isZero()
                && latencyAfterCall.isZero()) {
            return null;
        }
        return new Injection(
                context.waits(),
                latency,
                failure,
                failureAfterCall,
                failureDelay,
                corruption,
                latencyAfterCall,
                failure == null ? returned : null,
                returnedAfterCall);
    }

    private static Duration failureDelay(Fault failure, ActiveAssault active, long now) {
        if (failure instanceof Fault.ReadTimeout timeout) {
            return timeout.after() != null ? timeout.after() : Duration.ofMillis(active.expiresAt.toEpochMilli() - now);
        }
        return Duration.ZERO;
    }

    /** The enabled assaults that can match this site under one plan version. */
    private record Resolution(Plan plan, ActiveAssault[] matching, ActiveAssault[] sameSite) {}

    @Override
    public String toString() {
        return kind.id() + ":" + name + (attributes.isEmpty() ? "" : attributes);
    }
}
