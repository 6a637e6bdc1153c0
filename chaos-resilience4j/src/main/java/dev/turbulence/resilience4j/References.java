package dev.turbulence.resilience4j;

import dev.turbulence.Assault;
import dev.turbulence.AssaultStatus;
import dev.turbulence.schema.Problems;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that what an experiment names exists in a runner's registries, meters, monitor and engine: whole before a
 * run, or at an application's start-up only the names, with those it declares that its registries do not hold yet.
 */
final class References {

    private final ExperimentRunner runner;
    /** The names that exist beyond the registries, by probe subject; {@code null} for the whole check of a run. */
    private final Map<String, Set<String>> declared;

    /** The whole check before a run: names, the meters they read, and the engine's assaults. */
    References(ExperimentRunner runner) {
        this.runner = runner;
        this.declared = null;
    }

    /**
     * The check at start-up, of names only: {@code declared} adds, by probe subject, the names an application gives
     * that its registries do not hold before their first call; their meters and the engine are checked at run start.
     */
    References(ExperimentRunner runner, Map<String, Set<String>> declared) {
        this.runner = runner;
        this.declared = Map.copyOf(declared);
    }

    void check(Experiment.Draft draft, Problems problems) {
        Set<String> alarms = new TreeSet<>(runner.alarms.names());
        draft.alarms().stream().filter(Objects::nonNull).map(Alarm::name).forEach(alarms::add);
        probes(draft.steadyState(), "steadyState", alarms, problems);
        probes(draft.hypothesis(), "hypothesis", alarms, problems);
        probes(draft.recovery(), "recovery", alarms, problems);
        for (int i = 0; i < draft.stopConditions().size(); i++) {
            String alarm = draft.stopConditions().get(i);
            if (alarm != null && !alarms.contains(alarm)) {
                problems.add("stopConditions[" + i + "].alarm", alarm, unknownAlarm(alarms));
            }
        }
        for (int i = 0; i < draft.alarms().size(); i++) {
            Alarm alarm = draft.alarms().get(i);
            if (alarm != null && runner.alarms.names().contains(alarm.name())) {
                problems.add(
                        "alarms[" + i + "].name",
                        alarm.name(),
                        "is already monitored by the runner's alarm monitor; rename it or use the monitored one");
            }
            if (alarm != null) {
                misspelt(problems, "alarms[" + i + "].meter", alarm.meter().name());
                if (alarm.denominator() != null) {
                    misspelt(
                            problems,
                            "alarms[" + i + "].denominator.meter",
                            alarm.denominator().name());
                }
            }
        }
        if (declared == null) {
            assaults(draft.assaults(), problems);
        }
        load(draft.load(), problems);
    }

    private void load(Load load, Problems problems) {
        if (load == null) {
            return;
        }
        if (load.call() instanceof DeclaredCall.Named named && !runner.calls.containsKey(named.name())) {
            problems.add(
                    "load.call",
                    named.name(),
                    "must name a call registered on the runner (ExperimentRunner.Builder.call); registered: "
                            + new TreeSet<>(runner.calls.keySet()));
        }
        if (load.call() instanceof DeclaredCall.Request request && runner.server == null) {
            problems.add(
                    "load.request",
                    request.describe(),
                    "needs the application's server: give it with ExperimentRunner.Builder.server; the Spring Boot"
                            + " starter gives its web server's");
        }
    }

    /**
     * Rejects a meter name that no meter of the registry has while known ones are a typo away (at most two edits):
     * it would only surface after a whole run, as an alarm without data. A name like no other is accepted, for a
     * meter created later (on the first request).
     */
    private void misspelt(Problems problems, String field, String meter) {
        Set<String> known = runner.meters.getMeters().stream()
                .map(m -> m.getId().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        if (known.contains(meter)) {
            return;
        }
        List<String> closest = known.stream()
                .filter(name -> Text.editDistance(name, meter) <= 2)
                .sorted(java.util.Comparator.comparingInt((String name) -> Text.editDistance(name, meter))
                        .thenComparing(name -> name))
                .limit(3)
                .toList();
        if (!closest.isEmpty()) {
            problems.add(field, meter, "names no meter of the runner's registry; closest known meters: " + closest);
        }
    }

    private void assaults(List<Assault> assaults, Problems problems) {
        Set<String> own =
                assaults.stream().filter(Objects::nonNull).map(Assault::name).collect(Collectors.toSet());
        for (int i = 0; i < assaults.size(); i++) {
            Assault assault = assaults.get(i);
            if (assault != null && runner.engine.assaults().get(assault.name()).isPresent()) {
                problems.add(
                        "assaults[" + i + "].name",
                        assault.name(),
                        "is already defined in the engine; an experiment applies and removes assaults of its own");
            }
        }
        if (!runner.engine.isEnabled()) {
            List<String> others = runner.engine.status().stream()
                    .filter(status -> status.state() == AssaultStatus.State.ACTIVE)
                    .map(status -> status.assault().name())
                    .filter(name -> !own.contains(name))
                    .toList();
            if (!others.isEmpty()) {
                problems.add(
                        "assaults",
                        others.toString(),
                        "must be the only assaults while chaos is off: switching chaos on for the experiment would"
                                + " apply these other assaults of the engine too");
            }
        }
    }

    private void probes(List<Probe> probes, String section, Set<String> alarms, Problems problems) {
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            if (probe != null) {
                probe(probe, section + "[" + i + "]." + probe.subject(), alarms, problems);
            }
        }
    }

    private void probe(Probe probe, String field, Set<String> alarms, Problems problems) {
        String name = probe.name();
        switch (probe.subject()) {
            case "circuitBreaker" -> {
                boolean exists = exists(
                        problems,
                        field,
                        name,
                        "circuitBreaker",
                        "circuit breaker",
                        runner.circuitBreakers.getAllCircuitBreakers().stream().map(CircuitBreaker::getName));
                if (exists && !(probe instanceof Probe.PointInTime)) {
                    meter(problems, field, name, Verifier.BREAKER_CALLS, "TaggedCircuitBreakerMetrics");
                }
            }
            case "retry" -> {
                if (exists(
                        problems,
                        field,
                        name,
                        "retry",
                        "retry",
                        runner.retries.getAllRetries().stream().map(Retry::getName))) {
                    meter(problems, field, name, Verifier.RETRY_CALLS, "TaggedRetryMetrics");
                }
            }
            case "bulkhead" ->
                exists(
                        problems,
                        field,
                        name,
                        "bulkhead",
                        "bulkhead",
                        runner.bulkheads.getAllBulkheads().stream().map(Bulkhead::getName));
            case "timeLimiter" -> {
                if (exists(
                        problems,
                        field,
                        name,
                        "timeLimiter",
                        "time limiter",
                        runner.timeLimiters.getAllTimeLimiters().stream().map(TimeLimiter::getName))) {
                    meter(problems, field, name, Verifier.TIME_LIMITER_CALLS, "TaggedTimeLimiterMetrics");
                }
            }
            case "rateLimiter" ->
                exists(
                        problems,
                        field,
                        name,
                        "rateLimiter",
                        "rate limiter",
                        runner.rateLimiters.getAllRateLimiters().stream().map(RateLimiter::getName));
            case "threadPoolBulkhead" ->
                exists(
                        problems,
                        field,
                        name,
                        "threadPoolBulkhead",
                        "thread-pool bulkhead",
                        runner.threadPoolBulkheads.getAllBulkheads().stream().map(ThreadPoolBulkhead::getName));
            case "fallback" -> {
                Set<String> known = new TreeSet<>(Meters.tagValues(runner.meters, Fallback.METER, "name"));
                if (declared != null) {
                    known.addAll(declared.getOrDefault("fallback", Set.of()));
                }
                if (!known.contains(name)) {
                    problems.add(
                            field,
                            name,
                            (declared == null
                                            ? "must name a Fallback counting into the runner's meter registry"
                                            : "must name a Fallback or an annotation's fallbackMethod")
                                    + "; known fallbacks: " + known);
                }
            }
            case "alarm" -> {
                if (!alarms.contains(name)) {
                    problems.add(field, name, unknownAlarm(alarms));
                }
            }
            case "requests" -> requests(problems, field, name);
            case "meter" -> misspelt(problems, field, name);
            default -> throw new IllegalStateException("no probe subject " + probe.subject());
        }
    }

    /**
     * Rejects a uri that no request of the application has had while others have, and it is a typo away from one
     * of theirs: a uri served for the first time later (no request yet) is accepted.
     */
    private void requests(Problems problems, String field, String uri) {
        List<String> known = Meters.tagValues(runner.meters, Verifier.SERVER_REQUESTS, "uri");
        if (!known.isEmpty() && !known.contains(uri) && known.stream().anyMatch(k -> Text.editDistance(k, uri) <= 2)) {
            problems.add(field, uri, "names no uri the application has served; served uris: " + known);
        }
    }

    /**
     * Whether {@code name} is one of {@code names} or, at start-up, of those declared for {@code subject}; a problem
     * when it is neither.
     */
    private boolean exists(
            Problems problems, String field, String name, String subject, String kind, Stream<String> names) {
        Set<String> known = names.collect(Collectors.toCollection(TreeSet::new));
        if (declared != null) {
            known.addAll(declared.getOrDefault(subject, Set.of()));
        }
        if (!known.contains(name)) {
            String where = declared == null
                    ? " of the runner's registry"
                    : " of the application (in its registry, configured, or named by an annotation)";
            problems.add(field, name, "must name a " + kind + where + "; known: " + known);
            return false;
        }
        return true;
    }

    /** Rejects a probe whose instance has no meter to read; not at start-up, before the meters are bound. */
    private void meter(Problems problems, String field, String name, String meter, String binder) {
        if (declared != null) {
            return;
        }
        List<String> known = Meters.tagValues(runner.meters, meter, "name");
        if (!known.contains(name)) {
            problems.add(
                    field,
                    name,
                    "needs meter " + meter + "{name=" + name + "}: bind " + binder
                            + " to the runner's meter registry; the meter exists for " + known);
        }
    }

    private static String unknownAlarm(Set<String> alarms) {
        return "must name an alarm of the experiment or of the runner's alarm monitor; known alarms: " + alarms;
    }
}
