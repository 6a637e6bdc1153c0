package dev.turbulence.resilience4j;

import dev.turbulence.Assault;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Limits;
import dev.turbulence.schema.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A chaos experiment as data: the steady state that must hold before anything is injected (and again at the
 * end), the assaults to apply, the hypothesis that must hold while they run, the alarms that stop it at
 * once, how long it runs, and how the system must recover once the assaults are removed. Built in Java or
 * read by {@link ExperimentSchema}; run by {@link ExperimentRunner}. Immutable; the constructor rejects a
 * bad definition whole with an {@link InvalidDefinitionException} that lists every problem.
 *
 * @param name unique name, matching {@link Limits#NAME_PATTERN}
 * @param steadyState point-in-time probes that must hold before the assaults and after the recovery
 * @param assaults the assaults applied for the run, at least one; the chaos-core schema, unchanged
 * @param hypothesis what must happen while the assaults run, at least one probe
 * @param stopConditions names of alarms that abort the experiment as soon as they go to ALARM
 * @param duration how long the assaults run, at most 12 hours
 * @param baseline how long the alarms that {@code firesWithin} probes name are watched without faults before the
 *     steady state is checked, or {@code null} for two periods of the longest of them; zero for none, which
 *     leaves those probes INCONCLUSIVE
 * @param recovery what must hold once the assaults are removed
 * @param alarms alarms defined for this experiment only, added to the monitor for the run
 * @param load traffic the runner makes itself, or {@code null} when the application makes it; a load read from a file
 *     names its call, which the runner resolves
 */
public record Experiment(
        String name,
        List<Probe> steadyState,
        List<Assault> assaults,
        List<Probe> hypothesis,
        List<String> stopConditions,
        Duration duration,
        Duration baseline,
        List<Probe> recovery,
        List<Alarm> alarms,
        Load load) {

    public Experiment {
        steadyState = copy(steadyState);
        assaults = copy(assaults);
        hypothesis = copy(hypothesis);
        stopConditions = copy(stopConditions);
        recovery = copy(recovery);
        alarms = copy(alarms);
        Problems problems = new Problems();
        check(
                new Draft(
                        name,
                        steadyState,
                        assaults,
                        hypothesis,
                        stopConditions,
                        duration,
                        baseline,
                        recovery,
                        alarms,
                        load),
                problems);
        problems.throwIfAny(describe(name));
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Returns a copy whose traffic comes from {@code load}, as for an experiment read from a file. */
    public Experiment withLoad(Load load) {
        return new Experiment(
                name, steadyState, assaults, hypothesis, stopConditions, duration, baseline, recovery, alarms, load);
    }

    /** Returns a copy whose assaults run for {@code duration}. */
    public Experiment withDuration(Duration duration) {
        return new Experiment(
                name, steadyState, assaults, hypothesis, stopConditions, duration, baseline, recovery, alarms, load);
    }

    /** Every probe, in the order steady state, hypothesis, recovery. */
    public List<Probe> probes() {
        List<Probe> all = new ArrayList<>(steadyState);
        all.addAll(hypothesis);
        all.addAll(recovery);
        return all;
    }

    static String describe(String name) {
        return "experiment" + (name == null ? "" : " '" + name + "'");
    }

    /** The parts of an experiment as read so far: entries the schema could not read are {@code null}. */
    record Draft(
            String name,
            List<Probe> steadyState,
            List<Assault> assaults,
            List<Probe> hypothesis,
            List<String> stopConditions,
            Duration duration,
            Duration baseline,
            List<Probe> recovery,
            List<Alarm> alarms,
            Load load) {}

    Draft draft() {
        return new Draft(
                name, steadyState, assaults, hypothesis, stopConditions, duration, baseline, recovery, alarms, load);
    }

    /** Checks what can be checked without the registries, skipping {@code null} entries. */
    static void check(Draft draft, Problems problems) {
        String name = draft.name();
        Duration duration = draft.duration();
        Limits.checkName(problems, "name", name);
        boolean validDuration = false;
        if (duration == null) {
            problems.add("duration", null, "is required");
        } else if (!Limits.isLifetime(duration)) {
            problems.add("duration", duration.toString(), Limits.LIFETIME_RULE);
        } else {
            validDuration = true;
        }
        Duration baseline = draft.baseline();
        if (baseline != null && (baseline.isNegative() || baseline.compareTo(Limits.MAX_LIFETIME) > 0)) {
            problems.add("baseline", baseline.toString(), "must be >= 0 and <= PT12H");
        }
        if (draft.assaults().isEmpty()) {
            problems.add("assaults", null, "must list at least one assault");
        }
        if (draft.hypothesis().isEmpty()) {
            problems.add("hypothesis", null, "must list at least one probe: an experiment without one proves nothing");
        }
        placed(draft.steadyState(), "steadyState", problems, Probe.PointInTime.class);
        placed(draft.hypothesis(), "hypothesis", problems, Probe.PointInTime.class, Probe.DuringAssaults.class);
        placed(draft.recovery(), "recovery", problems, Probe.PointInTime.class, Probe.AfterAssaults.class);
        for (int i = 0; i < draft.hypothesis().size(); i++) {
            Probe probe = draft.hypothesis().get(i);
            Duration within = probe instanceof Probe.CircuitBreakerOpens opens
                    ? opens.within()
                    : probe instanceof Probe.AlarmFires fires ? fires.within() : null;
            if (within != null && validDuration && within.compareTo(duration) > 0) {
                String field = probe instanceof Probe.AlarmFires ? "firesWithin" : "opensWithin";
                problems.add(
                        "hypothesis[" + i + "]." + field,
                        within.toString(),
                        "must be <= duration (" + duration + "): nothing is observed after the assaults end");
            }
        }
        unique(draft.assaults().stream().map(a -> a == null ? null : a.name()).toList(), "assaults", problems);
        unique(draft.alarms().stream().map(a -> a == null ? null : a.name()).toList(), "alarms", problems);
        for (int i = 0; i < draft.stopConditions().size(); i++) {
            String alarm = draft.stopConditions().get(i);
            if (alarm != null && alarm.isBlank()) {
                problems.add("stopConditions[" + i + "].alarm", alarm, "must name an alarm");
            }
        }
    }

    @SafeVarargs
    private static void placed(
            List<Probe> probes, String section, Problems problems, Class<? extends Probe>... allowed) {
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            if (probe != null && Arrays.stream(allowed).noneMatch(family -> family.isInstance(probe))) {
                problems.add(
                        section + "[" + i + "]",
                        probe.describe(),
                        "is not allowed in " + section + "; allowed there: " + allowedChecks(section));
            }
        }
    }

    private static String allowedChecks(String section) {
        String pointInTime = "circuitBreaker state/failureRateAtLeast/failureRateAtMost, alarm state";
        return switch (section) {
            case "steadyState" -> pointInTime;
            case "recovery" -> pointInTime + ", circuitBreaker closesWithin, alarm clearsWithin";
            default ->
                pointInTime
                        + ", circuitBreaker opensWithin/notPermittedCallsAtLeast, retry successfulWithRetryAtLeast,"
                        + " bulkhead rejectedCallsAtLeast/rejectedCallsAtMost, timeLimiter timeoutsAtLeast,"
                        + " rateLimiter rejectedCallsAtLeast/rejectedCallsAtMost,"
                        + " fallback servedAtLeast, requests succeededAtLeast, meter succeededAtLeast,"
                        + " alarm firesWithin";
        };
    }

    private static void unique(List<String> names, String section, Problems problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name != null && !seen.add(name)) {
                problems.add(section + "[" + i + "].name", name, "must be unique within the experiment");
            }
        }
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** A reusable builder; {@link #build()} validates and returns an immutable {@link Experiment}. */
    public static final class Builder {
        private final String name;
        private final List<Probe> steadyState = new ArrayList<>();
        private final List<Assault> assaults = new ArrayList<>();
        private final List<Probe> hypothesis = new ArrayList<>();
        private final List<String> stopConditions = new ArrayList<>();
        private final List<Probe> recovery = new ArrayList<>();
        private final List<Alarm> alarms = new ArrayList<>();
        private Duration duration;
        private Duration baseline;
        private Load load;

        private Builder(String name) {
            this.name = name;
        }

        public Builder steadyState(Probe.PointInTime... probes) {
            steadyState.addAll(Arrays.asList(probes));
            return this;
        }

        public Builder assault(Assault assault) {
            assaults.add(Objects.requireNonNull(assault, "assault"));
            return this;
        }

        public Builder hypothesis(Probe... probes) {
            hypothesis.addAll(Arrays.asList(probes));
            return this;
        }

        /** Aborts the experiment as soon as the alarm called {@code alarm} goes to ALARM. */
        public Builder stopCondition(String alarm) {
            stopConditions.add(Objects.requireNonNull(alarm, "alarm"));
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /**
         * How long the alarms that {@code firesWithin} probes name are watched without faults first; by default two
         * periods of the longest of them.
         */
        public Builder baseline(Duration baseline) {
            this.baseline = baseline;
            return this;
        }

        public Builder recovery(Probe... probes) {
            recovery.addAll(Arrays.asList(probes));
            return this;
        }

        /** Defines an alarm for this experiment only. */
        public Builder alarm(Alarm alarm) {
            alarms.add(Objects.requireNonNull(alarm, "alarm"));
            return this;
        }

        public Builder load(Load load) {
            this.load = load;
            return this;
        }

        public Experiment build() {
            return new Experiment(
                    name,
                    steadyState,
                    assaults,
                    hypothesis,
                    stopConditions,
                    duration,
                    baseline,
                    recovery,
                    alarms,
                    load);
        }
    }
}
