package dev.turbulence;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Limits;
import dev.turbulence.schema.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One fault, switched on like a feature flag: where it applies ({@link Target}), what happens (a per-call
 * {@link Fault}, or a per-process {@link Stress}: exactly one of them), how often ({@code rate} or
 * {@code everyNth}), how many times at most ({@code maxInjections}) and for how long ({@code duration}; when
 * absent the engine's default lifetime applies — every assault expires). Immutable; the constructor rejects a bad
 * definition whole with an {@link InvalidDefinitionException} that lists every problem.
 *
 * @param name unique name matching {@link Limits#NAME_PATTERN}
 * @param target the call sites it applies to; the application's own endpoints (kind inbound) take only latency,
 *     exception, http-status and connection-reset
 * @param fault what happens to an assaulted call; {@code null} for a stressor
 * @param stress the load the process puts on itself while the assault is active; {@code null} for a fault
 * @param rate the share of matching calls assaulted, {@code 0 < rate <= 1}
 * @param everyNth when given, exactly every n-th matching call is assaulted instead of a random share
 * @param maxInjections when given, the most injections this assault makes; never exceeded
 * @param duration how long the assault lives from its activation, at most 12 hours; {@code null} for the
 *     engine's default lifetime
 * @param seed when given, makes the sequence of decisions and sampled latencies reproducible
 * @param dryRun whether to only record "would inject" events instead of injecting
 * @param afterCall whether the fault strikes after the real call: the call runs, and its answer is then delayed by
 *     the latency, or lost to the failure (the fault that finds a retry around a call that is not idempotent); for
 *     latency, for the failures the real call can meet after its work is done (exception, http-status,
 *     connection-reset, read-timeout and the JDBC presets), and for returned-value, which then replaces the answer;
 *     not for target.kind inbound, whose faults strike before the application's endpoint runs
 * @param requestScoped whether the assault applies only to the calls of requests whose signed chaos context names
 *     it ({@link RequestScope}), and to no other call
 * @param enabled whether the assault is switched on
 */
public record Assault(
        String name,
        Target target,
        Fault fault,
        Stress stress,
        double rate,
        Long everyNth,
        Long maxInjections,
        Duration duration,
        Long seed,
        boolean dryRun,
        boolean afterCall,
        boolean requestScoped,
        boolean enabled) {

    /** The kinds of call site whose calls return a value a {@link Fault.ReturnedValue} can replace. */
    private static final Set<CallSiteKind> RETURNING =
            Set.of(CallSiteKind.SUPPLIER, CallSiteKind.REPOSITORY, CallSiteKind.BEAN);

    /** The faults an application's own HTTP endpoint can answer with. */
    private static final Set<String> INBOUND_FAULTS = Set.of("latency", "exception", "http-status", "connection-reset");

    public Assault {
        target = target == null ? Target.everything() : target;
        if (stress != null && target.kind() == CallSiteKind.ANY) {
            target = new Target(CallSiteKind.PROCESS, target.name(), target.attributes());
        }
        Problems problems = new Problems();
        Limits.checkName(problems, "name", name);
        if (fault == null && stress == null) {
            problems.add("fault", null, "is required");
        } else if (fault != null && stress != null) {
            problems.add("fault", fault.type(), "must be one fault or one stressor, not both (" + stress.type() + ")");
        } else if (stress != null && target.kind() != CallSiteKind.PROCESS) {
            problems.add(
                    "fault.type",
                    stress.type(),
                    "needs target.kind process (target.kind is " + target.kind().id() + ")");
        } else if (fault != null) {
            checkFitsTarget(problems, fault, target.kind());
        }
        if (stress != null) {
            rejectPerCallFields(
                    problems, stress, target, rate, everyNth, maxInjections, dryRun, afterCall, requestScoped);
        } else if (afterCall && target.kind() == CallSiteKind.INBOUND) {
            problems.add(
                    "afterCall",
                    true,
                    "applies to the calls an application makes; an inbound fault strikes before its endpoint runs");
        } else if (afterCall && (fault instanceof Fault.ConnectionRefused || fault instanceof Fault.CorruptBody)) {
            problems.add(
                    "afterCall",
                    true,
                    "applies to latency and to the failures a call can meet once its work is done (exception,"
                            + " http-status, connection-reset, read-timeout); " + fault.type()
                            + (fault instanceof Fault.ConnectionRefused
                                    ? " means the request never left"
                                    : " always damages the real answer"));
        }
        if (!(rate > 0 && rate <= 1)) {
            problems.add("rate", rate, "must be > 0 and <= 1");
        }
        if (everyNth != null && everyNth < 1) {
            problems.add("everyNth", everyNth, "must be >= 1");
        }
        if (everyNth != null && rate != 1.0) {
            problems.add("everyNth", everyNth, "must not be given together with rate");
        }
        if (maxInjections != null && maxInjections < 1) {
            problems.add("maxInjections", maxInjections, "must be >= 1");
        }
        if (duration != null && !Limits.isLifetime(duration)) {
            problems.add("duration", duration.toString(), Limits.LIFETIME_RULE);
        }
        problems.throwIfAny("assault " + (name == null ? "" : "'" + name + "'"));
    }

    /** Adds the problem of a fault that no call site of the target's kind can express. */
    private static void checkFitsTarget(Problems problems, Fault fault, CallSiteKind kind) {
        List<CallSiteKind> kinds = fault.siteKinds();
        if (!kinds.isEmpty() && !kinds.contains(kind)) {
            problems.add(
                    fault instanceof Fault.JdbcFailure ? "fault.preset" : "fault.type",
                    fault instanceof Fault.JdbcFailure jdbc ? jdbc.preset().id() : fault.type(),
                    "needs target.kind "
                            + kinds.stream().map(CallSiteKind::id).collect(Collectors.joining(" or "))
                            + " (target.kind is " + kind.id() + ")");
        } else if (fault instanceof Fault.ReturnedValue && !RETURNING.contains(kind)) {
            problems.add(
                    "target.kind",
                    kind.id(),
                    "must be supplier, repository or bean for fault.type returned-value: the call sites whose calls"
                            + " return a value");
        } else if (kind == CallSiteKind.PROCESS) {
            problems.add(
                    "target.kind",
                    "process",
                    "must be a call-site kind for fault.type " + fault.type()
                            + "; process takes only disk-fill, heap-pressure, cpu-burn and thread-exhaustion");
        } else if (kind == CallSiteKind.INBOUND && !INBOUND_FAULTS.contains(fault.type())) {
            problems.add(
                    "fault.type",
                    fault.type(),
                    "must be latency, exception, http-status or connection-reset for target.kind inbound: the faults"
                            + " an application's own endpoint can answer with");
        }
    }

    private static void rejectPerCallFields(
            Problems problems,
            Stress stress,
            Target target,
            double rate,
            Long everyNth,
            Long maxInjections,
            boolean dryRun,
            boolean afterCall,
            boolean requestScoped) {
        String why = "applies to calls; a stressor (" + stress.type() + ") runs for the assault's whole lifetime";
        if (rate != 1.0) {
            problems.add("rate", rate, why);
        }
        if (everyNth != null) {
            problems.add("everyNth", everyNth, why);
        }
        if (maxInjections != null) {
            problems.add("maxInjections", maxInjections, why);
        }
        if (dryRun) {
            problems.add("dryRun", true, why);
        }
        if (afterCall) {
            problems.add("afterCall", true, why);
        }
        if (requestScoped) {
            problems.add("requestScoped", true, why);
        }
        if (!target.name().equals(Glob.any())) {
            problems.add("target.name", target.name().pattern(), "applies to call sites; target.kind process has none");
        }
        if (!target.attributes().isEmpty()) {
            problems.add(
                    "target.attributes",
                    target.attributes().keySet(),
                    "apply to call sites; target.kind process has none");
        }
    }

    /** Starts an assault definition; the default is every call, no budget, the default lifetime. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Returns a copy with {@code enabled} set. */
    public Assault withEnabled(boolean enabled) {
        return new Assault(
                name,
                target,
                fault,
                stress,
                rate,
                everyNth,
                maxInjections,
                duration,
                seed,
                dryRun,
                afterCall,
                requestScoped,
                enabled);
    }

    /** The schema name of its fault or stressor, such as {@code latency} or {@code disk-fill}. */
    public String type() {
        return fault != null ? fault.type() : stress.type();
    }

    /** A reusable builder; {@link #build()} validates and returns an immutable {@link Assault}. */
    public static final class Builder {
        private final String name;
        private Target target = Target.everything();
        private Fault fault;
        private Stress stress;
        private double rate = 1.0;
        private Long everyNth;
        private Long maxInjections;
        private Duration duration;
        private Long seed;
        private boolean dryRun;
        private boolean afterCall;
        private boolean requestScoped;
        private boolean enabled = true;

        private Builder(String name) {
            this.name = name;
        }

        public Builder target(Target target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        public Builder target(CallSiteKind kind, String namePattern) {
            return target(Target.of(kind, namePattern));
        }

        /** What happens to an assaulted call; replaces a stressor given before. */
        public Builder fault(Fault fault) {
            this.fault = fault;
            this.stress = null;
            return this;
        }

        /** The load the process puts on itself while the assault is active; replaces a fault given before. */
        public Builder stress(Stress stress) {
            this.stress = stress;
            this.fault = null;
            return this;
        }

        public Builder rate(double rate) {
            this.rate = rate;
            return this;
        }

        public Builder everyNth(long everyNth) {
            this.everyNth = everyNth;
            return this;
        }

        public Builder maxInjections(long maxInjections) {
            this.maxInjections = maxInjections;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Whether the fault strikes after the real call, which runs first; see {@link Assault#afterCall()}. */
        public Builder afterCall(boolean afterCall) {
            this.afterCall = afterCall;
            return this;
        }

        /** Whether the assault applies only within a request's signed scope; see {@link Assault#requestScoped()}. */
        public Builder requestScoped(boolean requestScoped) {
            this.requestScoped = requestScoped;
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Assault build() {
            return new Assault(
                    name,
                    target,
                    fault,
                    stress,
                    rate,
                    everyNth,
                    maxInjections,
                    duration,
                    seed,
                    dryRun,
                    afterCall,
                    requestScoped,
                    enabled);
        }
    }
}
