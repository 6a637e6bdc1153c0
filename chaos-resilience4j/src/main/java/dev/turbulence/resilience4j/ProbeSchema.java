package dev.turbulence.resilience4j;

import dev.turbulence.schema.Fields;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import dev.turbulence.schema.Problems;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads one probe from its JSON/YAML form: one subject key naming what is probed, and its check. */
final class ProbeSchema {

    /** Each subject with the checks it allows. */
    private static final Map<String, List<String>> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put(
                "circuitBreaker",
                List.of(
                        "state",
                        "opensWithin",
                        "closesWithin",
                        "failureRateAtLeast",
                        "failureRateAtMost",
                        "notPermittedCallsAtLeast"));
        CHECKS.put("retry", List.of("successfulWithRetryAtLeast"));
        CHECKS.put("bulkhead", List.of("rejectedCallsAtLeast", "rejectedCallsAtMost"));
        CHECKS.put("timeLimiter", List.of("timeoutsAtLeast"));
        CHECKS.put("fallback", List.of("servedAtLeast"));
        CHECKS.put("alarm", List.of("state", "firesWithin", "clearsWithin"));
    }

    /** Checks that may be given together, as the two bounds of one range. */
    private static final Set<Set<String>> PAIRS = Set.of(
            Set.of("failureRateAtLeast", "failureRateAtMost"), Set.of("rejectedCallsAtLeast", "rejectedCallsAtMost"));

    private ProbeSchema() {}

    /** Reads a list of probes; an entry that cannot be read is {@code null}, its problems reported. */
    static List<Probe> list(Object tree, String section, Problems problems) {
        List<Probe> probes = new ArrayList<>();
        if (tree == null) {
            return probes;
        }
        if (!(tree instanceof List<?> entries)) {
            problems.add(section, tree, "must be a list of probes");
            return probes;
        }
        for (int i = 0; i < entries.size(); i++) {
            probes.add(probe(entries.get(i), section + "[" + i + "]", problems));
        }
        return probes;
    }

    static Probe probe(Object tree, String path, Problems problems) {
        if (!(tree instanceof Map<?, ?> map)) {
            problems.add(path, tree, "must be an object naming one of " + CHECKS.keySet());
            return null;
        }
        List<String> subjects = map.keySet().stream()
                .map(key -> camelCase(String.valueOf(key)))
                .filter(CHECKS::containsKey)
                .toList();
        if (subjects.size() != 1) {
            problems.add(
                    path,
                    subjects.isEmpty() ? map.keySet().toString() : subjects.toString(),
                    "must name exactly one of " + CHECKS.keySet());
            return null;
        }
        String subject = subjects.get(0);
        Set<String> known = new LinkedHashSet<>();
        known.add(subject);
        known.addAll(CHECKS.get(subject));
        int before = problems.list().size();
        Fields fields = Fields.of(tree, path, known, problems);
        String name = fields.string(subject);
        List<String> checks = CHECKS.get(subject).stream().filter(fields::has).toList();
        if (checks.isEmpty()) {
            problems.add(path, subject + " " + name, "must give a check: one of " + CHECKS.get(subject));
            return null;
        }
        if (checks.size() > 1 && !PAIRS.contains(Set.copyOf(checks))) {
            problems.add(
                    fields.path(checks.get(1)),
                    fields.raw(checks.get(1)),
                    "must not be given together with " + checks.get(0) + ": a probe makes one check");
            return null;
        }
        try {
            Probe probe = build(subject, checks.get(0), name, fields);
            return problems.list().size() == before ? probe : null;
        } catch (InvalidDefinitionException invalid) {
            for (Problem problem : invalid.problems()) {
                if (!problems.has(fields.path(problem.field()))) {
                    problems.add(fields.path(problem.field()), problem.value(), problem.message());
                }
            }
            return null;
        } catch (IncompleteProbe reported) {
            return null;
        }
    }

    private static Probe build(String subject, String check, String name, Fields fields) {
        return switch (subject + "." + check) {
            case "circuitBreaker.state" ->
                new Probe.CircuitBreakerState(name, constant(fields, "state", CircuitBreaker.State.class));
            case "circuitBreaker.opensWithin" -> new Probe.CircuitBreakerOpens(name, duration(fields, check));
            case "circuitBreaker.closesWithin" -> new Probe.CircuitBreakerCloses(name, duration(fields, check));
            case "circuitBreaker.failureRateAtLeast", "circuitBreaker.failureRateAtMost" ->
                new Probe.CircuitBreakerFailureRate(
                        name, percent(fields, "failureRateAtLeast"), percent(fields, "failureRateAtMost"));
            case "circuitBreaker.notPermittedCallsAtLeast" ->
                new Probe.CircuitBreakerNotPermitted(name, count(fields, check));
            case "retry.successfulWithRetryAtLeast" -> new Probe.RetryRecovers(name, number(fields, check));
            case "bulkhead.rejectedCallsAtLeast", "bulkhead.rejectedCallsAtMost" ->
                new Probe.BulkheadRejections(
                        name, fields.integer("rejectedCallsAtLeast"), fields.integer("rejectedCallsAtMost"));
            case "timeLimiter.timeoutsAtLeast" -> new Probe.TimeLimiterTimeouts(name, count(fields, check));
            case "fallback.servedAtLeast" -> new Probe.FallbackServes(name, number(fields, check));
            case "alarm.state" -> new Probe.AlarmInState(name, constant(fields, "state", AlarmState.class));
            case "alarm.firesWithin" -> new Probe.AlarmFires(name, duration(fields, check));
            case "alarm.clearsWithin" -> new Probe.AlarmClears(name, duration(fields, check));
            default -> throw new IllegalStateException("no probe for " + subject + "." + check);
        };
    }

    private static Duration duration(Fields fields, String field) {
        Duration value = fields.duration(field);
        if (value == null) {
            throw new IncompleteProbe();
        }
        return value;
    }

    private static double number(Fields fields, String field) {
        Double value = fields.number(field);
        if (value == null) {
            throw new IncompleteProbe();
        }
        return value;
    }

    private static long count(Fields fields, String field) {
        Long value = fields.integer(field);
        if (value == null) {
            throw new IncompleteProbe();
        }
        return value;
    }

    private static Float percent(Fields fields, String field) {
        Double value = fields.number(field);
        if (value == null && fields.has(field)) {
            throw new IncompleteProbe();
        }
        return value == null ? null : value.floatValue();
    }

    private static <E extends Enum<E>> E constant(Fields fields, String field, Class<E> type) {
        String text = fields.string(field);
        if (text != null) {
            for (E candidate : type.getEnumConstants()) {
                if (candidate.name().equals(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'))) {
                    return candidate;
                }
            }
            fields.problems()
                    .add(
                            fields.path(field),
                            text,
                            "must be one of "
                                    + Arrays.stream(type.getEnumConstants())
                                            .map(Enum::name)
                                            .collect(Collectors.joining(", ")));
        }
        throw new IncompleteProbe();
    }

    private static String camelCase(String key) {
        StringBuilder result = new StringBuilder(key.length());
        boolean upperNext = false;
        for (char c : key.toCharArray()) {
            if (c == '-') {
                upperNext = true;
            } else {
                result.append(upperNext ? Character.toUpperCase(c) : c);
                upperNext = false;
            }
        }
        return result.toString();
    }

    /** A probe whose fields already reported their problems. */
    private static final class IncompleteProbe extends RuntimeException {
        IncompleteProbe() {
            super(null, null, false, false);
        }
    }
}
