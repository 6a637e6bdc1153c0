package dev.turbulence.resilience4j;

import dev.turbulence.schema.Binder;
import dev.turbulence.schema.Fields;
import dev.turbulence.schema.Form;
import dev.turbulence.schema.Problems;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        CHECKS.put("rateLimiter", List.of("rejectedCallsAtLeast", "rejectedCallsAtMost"));
        CHECKS.put("threadPoolBulkhead", List.of("rejectedCallsAtLeast", "rejectedCallsAtMost"));
        CHECKS.put("fallback", List.of("servedAtLeast"));
        CHECKS.put("alarm", List.of("state", "firesWithin", "clearsWithin"));
        CHECKS.put("requests", List.of("succeededAtLeast"));
        CHECKS.put("meter", List.of("succeededAtLeast"));
    }

    /** Checks that may be given together, as the two bounds of one range. */
    private static final Set<Set<String>> PAIRS = Set.of(
            Set.of("failureRateAtLeast", "failureRateAtMost"), Set.of("rejectedCallsAtLeast", "rejectedCallsAtMost"));

    /** The probe each subject's check makes; the two bounds of a range make one. */
    private static final Map<String, Class<? extends Record>> RECORDS = Map.ofEntries(
            Map.entry("circuitBreaker.state", Probe.CircuitBreakerState.class),
            Map.entry("circuitBreaker.opensWithin", Probe.CircuitBreakerOpens.class),
            Map.entry("circuitBreaker.closesWithin", Probe.CircuitBreakerCloses.class),
            Map.entry("circuitBreaker.failureRateAtLeast", Probe.CircuitBreakerFailureRate.class),
            Map.entry("circuitBreaker.failureRateAtMost", Probe.CircuitBreakerFailureRate.class),
            Map.entry("circuitBreaker.notPermittedCallsAtLeast", Probe.CircuitBreakerNotPermitted.class),
            Map.entry("retry.successfulWithRetryAtLeast", Probe.RetryRecovers.class),
            Map.entry("bulkhead.rejectedCallsAtLeast", Probe.BulkheadRejections.class),
            Map.entry("bulkhead.rejectedCallsAtMost", Probe.BulkheadRejections.class),
            Map.entry("timeLimiter.timeoutsAtLeast", Probe.TimeLimiterTimeouts.class),
            Map.entry("rateLimiter.rejectedCallsAtLeast", Probe.RateLimiterRejections.class),
            Map.entry("rateLimiter.rejectedCallsAtMost", Probe.RateLimiterRejections.class),
            Map.entry("threadPoolBulkhead.rejectedCallsAtLeast", Probe.ThreadPoolBulkheadRejections.class),
            Map.entry("threadPoolBulkhead.rejectedCallsAtMost", Probe.ThreadPoolBulkheadRejections.class),
            Map.entry("fallback.servedAtLeast", Probe.FallbackServes.class),
            Map.entry("alarm.state", Probe.AlarmInState.class),
            Map.entry("alarm.firesWithin", Probe.AlarmFires.class),
            Map.entry("alarm.clearsWithin", Probe.AlarmClears.class),
            Map.entry("requests.succeededAtLeast", Probe.RequestsSucceed.class),
            Map.entry("meter.succeededAtLeast", Probe.MeterSucceeds.class));

    /** Fields a subject takes besides its checks: which requests are counted. */
    private static final Map<String, Set<String>> SELECTORS =
            Map.of("requests", Set.of("method"), "meter", Set.of("tags", "failedTags"));

    /** How each probe is written: its subject names what is probed, its check is the field of its bound. */
    private static final Binder BINDER = Binder.create()
            .with(Form.of(Probe.CircuitBreakerState.class).field("name", "circuitBreaker"))
            .with(Form.of(Probe.CircuitBreakerOpens.class)
                    .field("name", "circuitBreaker")
                    .field("within", "opensWithin"))
            .with(Form.of(Probe.CircuitBreakerCloses.class)
                    .field("name", "circuitBreaker")
                    .field("within", "closesWithin"))
            .with(Form.of(Probe.CircuitBreakerFailureRate.class)
                    .field("name", "circuitBreaker")
                    .field("atLeast", "failureRateAtLeast")
                    .field("atMost", "failureRateAtMost"))
            .with(Form.of(Probe.CircuitBreakerNotPermitted.class)
                    .field("name", "circuitBreaker")
                    .field("atLeast", "notPermittedCallsAtLeast"))
            .with(Form.of(Probe.RetryRecovers.class)
                    .field("name", "retry")
                    .field("atLeast", "successfulWithRetryAtLeast"))
            .with(Form.of(Probe.BulkheadRejections.class)
                    .field("name", "bulkhead")
                    .field("atLeast", "rejectedCallsAtLeast")
                    .field("atMost", "rejectedCallsAtMost"))
            .with(Form.of(Probe.RateLimiterRejections.class)
                    .field("name", "rateLimiter")
                    .field("atLeast", "rejectedCallsAtLeast")
                    .field("atMost", "rejectedCallsAtMost"))
            .with(Form.of(Probe.ThreadPoolBulkheadRejections.class)
                    .field("name", "threadPoolBulkhead")
                    .field("atLeast", "rejectedCallsAtLeast")
                    .field("atMost", "rejectedCallsAtMost"))
            .with(Form.of(Probe.TimeLimiterTimeouts.class)
                    .field("name", "timeLimiter")
                    .field("atLeast", "timeoutsAtLeast"))
            .with(Form.of(Probe.FallbackServes.class).field("name", "fallback").field("atLeast", "servedAtLeast"))
            .with(Form.of(Probe.AlarmInState.class).field("name", "alarm"))
            .with(Form.of(Probe.AlarmFires.class).field("name", "alarm").field("within", "firesWithin"))
            .with(Form.of(Probe.AlarmClears.class).field("name", "alarm").field("within", "clearsWithin"))
            .with(Form.of(Probe.MeterSucceeds.class)
                    .field("name", "meter")
                    .field("atLeast", "succeededAtLeast")
                    .defaultTo("tags", Map.of(), "none"))
            .with(Form.of(Probe.RequestsSucceed.class)
                    .field("name", "requests")
                    .field("atLeast", "succeededAtLeast")
                    .defaultTo("method", null, "every method"));

    private ProbeSchema() {}

    /** Reads one probe; {@code null} when it cannot be made, its problems reported under {@code path}. */
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
        known.addAll(SELECTORS.getOrDefault(subject, Set.of()));
        // only to find the checks given: the binder reports what is wrong with the fields
        Fields fields = Fields.of(tree, path, known, new Problems());
        List<String> checks = CHECKS.get(subject).stream().filter(fields::has).toList();
        if (checks.isEmpty()) {
            problems.add(path, subject + " " + fields.raw(subject), "must give a check: one of " + CHECKS.get(subject));
            return null;
        }
        if (checks.size() > 1 && !PAIRS.contains(Set.copyOf(checks))) {
            problems.add(
                    fields.path(checks.get(1)),
                    fields.raw(checks.get(1)),
                    "must not be given together with " + checks.get(0) + ": a probe makes one check");
            return null;
        }
        return (Probe) BINDER.bind(RECORDS.get(subject + "." + checks.get(0)), tree, path, problems);
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
}
