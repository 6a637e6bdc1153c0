package dev.turbulence.resilience4j;

import static dev.turbulence.resilience4j.Verdicts.failed;
import static dev.turbulence.resilience4j.Verdicts.inconclusive;
import static dev.turbulence.resilience4j.Verdicts.noFault;
import static dev.turbulence.resilience4j.Verdicts.passed;
import static dev.turbulence.resilience4j.Verdicts.result;
import static dev.turbulence.resilience4j.Verdicts.unmet;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Decides probes from what a run observed: snapshots of counts and states, and the state changes recorded.
 * Every verdict carries the values it rests on; when the outcome cannot be decided it is INCONCLUSIVE.
 */
final class Verifier {

    static final String BREAKER_CALLS = "resilience4j.circuitbreaker.calls";
    static final String BREAKER_NOT_PERMITTED = "resilience4j.circuitbreaker.not.permitted.calls";
    static final String RETRY_CALLS = "resilience4j.retry.calls";
    static final String TIME_LIMITER_CALLS = "resilience4j.timelimiter.calls";
    static final String SERVER_REQUESTS = "http.server.requests";

    private static final List<String> BREAKER_KINDS = List.of("successful", "failed", "ignored");
    private static final List<String> RETRY_KINDS =
            List.of("successful_without_retry", "successful_with_retry", "failed_with_retry", "failed_without_retry");
    private static final List<String> TIME_LIMITER_KINDS = List.of("successful", "failed", "timeout");

    private final ExperimentRunner runner;
    private final Experiment experiment;
    private final Recorder recorder;
    private final Map<String, Supplier<Double>> counts = new LinkedHashMap<>();
    private final Map<String, Supplier<String>> states = new LinkedHashMap<>();
    final TreeSet<String> breakers = new TreeSet<>();
    final TreeSet<String> alarms = new TreeSet<>();
    private final Map<String, EventWatches.BulkheadCounts> bulkheadCounts = new LinkedHashMap<>();

    Verifier(ExperimentRunner runner, Experiment experiment, Recorder recorder) {
        this.runner = runner;
        this.experiment = experiment;
        this.recorder = recorder;
        counts.put("injections", () -> (double) recorder.injections());
        experiment.probes().forEach(probe -> {
            if (probe instanceof Probe.RequestsSucceed requests) {
                register(requests);
            } else if (probe instanceof Probe.MeterSucceeds meter) {
                meter(key(meter) + ":all", MeterSelector.of(meter.name(), meter.tags()));
                Map<String, String> failedTags = new LinkedHashMap<>(meter.tags());
                failedTags.putAll(meter.failedTags());
                meter(key(meter) + ":failed", MeterSelector.of(meter.name(), failedTags));
            } else {
                register(probe.subject(), probe.name());
            }
        });
        experiment.stopConditions().forEach(alarm -> register("alarm", alarm));
    }

    private void register(String subject, String name) {
        String key = subject + ":" + name;
        switch (subject) {
            case "circuitBreaker" -> {
                breakers.add(name);
                runner.watches.watch(breaker(name));
                for (String kind : BREAKER_KINDS) {
                    meter(key + ":" + kind, MeterSelector.of(BREAKER_CALLS, "name", name, "kind", kind));
                }
                meter(key + ":notPermitted", MeterSelector.of(BREAKER_NOT_PERMITTED, "name", name));
                states.put(key, () -> breaker(name).getState().name());
            }
            case "retry" ->
                RETRY_KINDS.forEach(
                        kind -> meter(key + ":" + kind, MeterSelector.of(RETRY_CALLS, "name", name, "kind", kind)));
            case "timeLimiter" ->
                TIME_LIMITER_KINDS.forEach(kind ->
                        meter(key + ":" + kind, MeterSelector.of(TIME_LIMITER_CALLS, "name", name, "kind", kind)));
            case "fallback" ->
                List.of("served", "failed")
                        .forEach(outcome -> meter(
                                key + ":" + outcome,
                                MeterSelector.of(Fallback.METER, "name", name, "outcome", outcome)));
            case "bulkhead" -> {
                EventWatches.BulkheadCounts watched = runner.watches.counts(bulkhead(name));
                bulkheadCounts.put(name, watched);
                rejections(key, watched);
            }
            case "rateLimiter" -> rejections(key, runner.watches.counts(rateLimiter(name)));
            case "threadPoolBulkhead" -> rejections(key, runner.watches.counts(threadPoolBulkhead(name)));
            case "alarm" -> {
                alarms.add(name);
                states.put(key, () -> runner.alarms.state(name).name());
                counts.put(key + ":datapoints", () -> (double) alarm(name).datapoints());
                counts.put(key + ":missing", () -> (double) alarm(name).missingDatapoints());
                counts.put(key + ":breaching", () -> (double) alarm(name).breachingDatapoints());
            }
            default -> throw new IllegalStateException("no probe subject " + subject);
        }
    }

    /** Counts the application's requests that {@code probe} selects: all of them, and those answered with a 5xx. */
    private void register(Probe.RequestsSucceed probe) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("uri", probe.name());
        if (probe.method() != null) {
            tags.put("method", probe.method());
        }
        meter(key(probe) + ":all", MeterSelector.of(SERVER_REQUESTS, tags));
        tags.put("outcome", "SERVER_ERROR");
        meter(key(probe) + ":serverError", MeterSelector.of(SERVER_REQUESTS, tags));
    }

    private static String key(Probe.MeterSucceeds probe) {
        return "meter:" + probe.name() + new TreeMap<>(probe.tags()) + new TreeMap<>(probe.failedTags());
    }

    private static String key(Probe.RequestsSucceed probe) {
        return "requests:" + (probe.method() == null ? "*" : probe.method()) + ":" + probe.name();
    }

    private void meter(String key, MeterSelector selector) {
        counts.put(key, () -> Meters.count(runner.meters, selector));
    }

    /** Starts the bulkheads' peaks of calls in flight afresh: called as the assaults start. */
    void restartPeaks() {
        bulkheadCounts.values().forEach(EventWatches.BulkheadCounts::restartPeak);
    }

    Snapshot snapshot() {
        Instant at = runner.clock.instant();
        Map<String, Double> countsNow = new LinkedHashMap<>();
        counts.forEach((key, read) -> countsNow.put(key, readSafely(read, null)));
        Map<String, String> statesNow = new LinkedHashMap<>();
        states.forEach((key, read) -> statesNow.put(key, readSafely(read, "UNKNOWN")));
        return new Snapshot(at, countsNow, statesNow);
    }

    /** A value that cannot be read (an instance removed from its registry meanwhile) reads as {@code absent}. */
    private static <T> T readSafely(Supplier<T> read, T absent) {
        try {
            return read.get();
        } catch (RuntimeException gone) {
            return absent;
        }
    }

    /** Calls and failures the probed breakers recorded since {@code start}, failures including refused calls. */
    long[] breakerTraffic(Snapshot start, Snapshot now) {
        long calls = 0;
        long failures = 0;
        for (String name : breakers) {
            String key = "circuitBreaker:" + name;
            long refused = now.grew(start, key + ":notPermitted");
            calls += now.grew(start, key + ":successful")
                    + now.grew(start, key + ":failed")
                    + now.grew(start, key + ":ignored")
                    + refused;
            failures += now.grew(start, key + ":failed") + refused;
        }
        return new long[] {calls, failures};
    }

    // ---- point in time

    ProbeResult pointInTime(Probe.PointInTime probe, String phase) {
        if (probe instanceof Probe.CircuitBreakerState expected) {
            return breakers().state(expected, phase);
        }
        if (probe instanceof Probe.CircuitBreakerFailureRate expected) {
            return breakers().failureRate(expected, phase);
        }
        Probe.AlarmInState expected = (Probe.AlarmInState) probe;
        AlarmStatus status = alarm(expected.name());
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("state", status.state().name());
        observed.put("since", status.since().toString());
        observed.put("lastValue", status.lastValue());
        String text = "alarm " + Text.quoted(expected.name()) + " is " + status.state() + " since " + status.since()
                + "; latest datapoint " + (status.lastValue() == null ? "missing" : status.lastValue());
        return result(
                phase,
                probe,
                status.state() == expected.state() ? Verdict.PASSED : Verdict.FAILED,
                status.state() == expected.state() ? text : text + ", not " + expected.state(),
                observed);
    }

    // ---- during the assaults

    ProbeResult during(Probe.DuringAssaults probe, Window window) {
        if (probe instanceof Probe.CircuitBreakerOpens opens) {
            return breakers().opens(opens, window);
        }
        if (probe instanceof Probe.CircuitBreakerNotPermitted refused) {
            return breakers().notPermitted(refused, window);
        }
        if (probe instanceof Probe.RetryRecovers retry) {
            return RetryVerdicts.decide(retry, window, retry(retry.name()));
        }
        if (probe instanceof Probe.BulkheadRejections rejections) {
            return bulkhead(rejections, window);
        }
        if (probe instanceof Probe.TimeLimiterTimeouts timeouts) {
            return timeouts(timeouts, window);
        }
        if (probe instanceof Probe.FallbackServes fallback) {
            return fallback(fallback, window);
        }
        if (probe instanceof Probe.RequestsSucceed requests) {
            return requests(requests, window);
        }
        if (probe instanceof Probe.MeterSucceeds meter) {
            long counted = window.end().grew(window.start(), key(meter) + ":all");
            long failures = window.end().grew(window.start(), key(meter) + ":failed");
            String events = "events of " + meter.name() + (meter.tags().isEmpty() ? "" : new TreeMap<>(meter.tags()));
            return succeeded(
                    probe,
                    meter.atLeast(),
                    counted,
                    failures,
                    window,
                    events,
                    "were no failures",
                    "the meter counted none");
        }
        if (probe instanceof Probe.RateLimiterRejections rejections) {
            return rateLimiter(rejections, window);
        }
        if (probe instanceof Probe.ThreadPoolBulkheadRejections rejections) {
            return threadPoolBulkhead(rejections, window);
        }
        return fires((Probe.AlarmFires) probe, window);
    }

    private ProbeResult bulkhead(Probe.BulkheadRejections probe, Window window) {
        String key = "bulkhead:" + probe.name();
        long permitted = window.end().grew(window.start(), key + ":permitted");
        long rejected = window.end().grew(window.start(), key + ":rejected");
        Bulkhead bulkhead = bulkhead(probe.name());
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("permittedCalls", permitted);
        observed.put("rejectedCalls", rejected);
        int mostInFlight = bulkheadCounts.get(probe.name()).mostInFlight();
        observed.put("mostInFlight", (long) mostInFlight);
        observed.put("maxConcurrentCalls", bulkhead.getBulkheadConfig().getMaxConcurrentCalls());
        observed.put("injections", window.injections());
        String text = "bulkhead " + Text.quoted(probe.name()) + " rejected " + rejected + " of "
                + (permitted + rejected)
                + " calls, with at most " + mostInFlight + " in flight (maxConcurrentCalls "
                + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                + ", maxWaitDuration "
                + Text.duration(bulkhead.getBulkheadConfig().getMaxWaitDuration()) + ")";
        if (probe.atMost() != null && rejected > probe.atMost()) {
            return failed(probe, text + ", more than " + probe.atMost(), observed);
        }
        if (probe.atLeast() != null && rejected < probe.atLeast()) {
            return unmet(
                    probe,
                    window,
                    text + ", fewer than " + probe.atLeast() + " while " + window.injections() + " faults were injected"
                            + (permitted + rejected == 0
                                    ? "; it saw none of the calls: the injection sits outside the bulkhead, or the"
                                            + " calls never reach it"
                                    : ""),
                    observed,
                    window.cutShort());
        }
        if (probe.atLeast() == null && window.injections() == 0) {
            return noFault(probe, window, observed);
        }
        return passed("hypothesis", probe, text, observed);
    }

    private ProbeResult timeouts(Probe.TimeLimiterTimeouts probe, Window window) {
        String key = "timeLimiter:" + probe.name();
        long successful = window.end().grew(window.start(), key + ":successful");
        long failedCalls = window.end().grew(window.start(), key + ":failed");
        long timedOut = window.end().grew(window.start(), key + ":timeout");
        long calls = successful + failedCalls + timedOut;
        TimeLimiter limiter =
                runner.timeLimiters.find(probe.name()).orElseThrow(() -> missing("time limiter", probe.name()));
        Duration limit = limiter.getTimeLimiterConfig().getTimeoutDuration();
        Duration injected = Diagnosis.injectedDelay(experiment.assaults());
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("calls", calls);
        observed.put("timeouts", timedOut);
        observed.put("timeoutDurationMs", limit.toMillis());
        observed.put("injectedLatencyMs", injected == null ? null : injected.toMillis());
        observed.put("injections", window.injections());
        String text = "time limiter " + Text.quoted(probe.name()) + " timed out " + timedOut + " of " + calls
                + " calls (timeoutDuration " + Text.duration(limit) + ")";
        if (timedOut >= probe.atLeast()) {
            return passed("hypothesis", probe, text, observed);
        }
        String why;
        if (calls == 0) {
            why = "it saw none of the calls: the injection sits outside the time limiter, or the calls never reach it";
        } else if (injected == null) {
            why = "the assaults inject no latency";
        } else if (limit.compareTo(injected) >= 0) {
            why = "its timeoutDuration " + Text.duration(limit) + " is not shorter than the injected latency "
                    + Text.duration(injected) + ", so no call ran long enough to time out";
        } else {
            why = "the delayed calls did not reach it";
        }
        return unmet(
                probe,
                window,
                text + ", fewer than " + probe.atLeast() + " while " + window.injections() + " faults were injected; "
                        + why,
                observed,
                window.cutShort());
    }

    private ProbeResult rateLimiter(Probe.RateLimiterRejections probe, Window window) {
        RateLimiterConfig config = rateLimiter(probe.name()).getRateLimiterConfig();
        return rejections(
                probe,
                probe.atLeast(),
                probe.atMost(),
                window,
                "rate limiter " + Text.quoted(probe.name()),
                "limitForPeriod " + config.getLimitForPeriod() + " per " + Text.duration(config.getLimitRefreshPeriod())
                        + ", timeoutDuration " + Text.duration(config.getTimeoutDuration()),
                Map.of("limitForPeriod", config.getLimitForPeriod()));
    }

    /**
     * The result of a probe on the calls a limit refused while the assaults ran, between {@code atLeast} and
     * {@code atMost}; {@code limits} describes the limit, {@code settings} adds its settings, in order, to what was
     * observed.
     */
    private ProbeResult rejections(
            Probe probe,
            Long atLeast,
            Long atMost,
            Window window,
            String limit,
            String limits,
            Map<String, Object> settings) {
        String key = probe.subject() + ":" + probe.name();
        long permitted = window.end().grew(window.start(), key + ":permitted");
        long rejected = window.end().grew(window.start(), key + ":rejected");
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("permittedCalls", permitted);
        observed.put("rejectedCalls", rejected);
        observed.putAll(settings);
        observed.put("injections", window.injections());
        String text = limit + " rejected " + rejected + " of " + (permitted + rejected) + " calls (" + limits + ")";
        if (atMost != null && rejected > atMost) {
            return unmet(probe, window, text + ", more than " + atMost, observed, window.cutShort());
        }
        if (atLeast != null && rejected < atLeast) {
            return unmet(
                    probe,
                    window,
                    text + ", fewer than " + atLeast + " while " + window.injections() + " faults were injected"
                            + (permitted + rejected == 0 ? "; it saw none of the calls: the calls never reach it" : ""),
                    observed,
                    window.cutShort());
        }
        return window.injections() == 0
                ? noFault(probe, window, observed)
                : passed("hypothesis", probe, text, observed);
    }

    /** Reads a limit's permitted and rejected calls under {@code key}. */
    private void rejections(String key, EventWatches.Rejections watched) {
        counts.put(key + ":permitted", () -> (double) watched.permitted.sum());
        counts.put(key + ":rejected", () -> (double) watched.rejected.sum());
    }

    private ProbeResult threadPoolBulkhead(Probe.ThreadPoolBulkheadRejections probe, Window window) {
        ThreadPoolBulkheadConfig config = threadPoolBulkhead(probe.name()).getBulkheadConfig();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("maxThreadPoolSize", config.getMaxThreadPoolSize());
        settings.put("queueCapacity", config.getQueueCapacity());
        return rejections(
                probe,
                probe.atLeast(),
                probe.atMost(),
                window,
                "thread-pool bulkhead " + Text.quoted(probe.name()),
                "maxThreadPoolSize " + config.getMaxThreadPoolSize() + ", queueCapacity " + config.getQueueCapacity(),
                settings);
    }

    private ThreadPoolBulkhead threadPoolBulkhead(String name) {
        return runner.threadPoolBulkheads.find(name).orElseThrow(() -> missing("thread-pool bulkhead", name));
    }

    private RateLimiter rateLimiter(String name) {
        return runner.rateLimiters.find(name).orElseThrow(() -> missing("rate limiter", name));
    }

    private ProbeResult requests(Probe.RequestsSucceed probe, Window window) {
        long served = window.end().grew(window.start(), key(probe) + ":all");
        long serverErrors = window.end().grew(window.start(), key(probe) + ":serverError");
        String requests = (probe.method() == null ? "requests" : probe.method() + " requests") + " to " + probe.name();
        return succeeded(
                probe,
                probe.atLeast(),
                served,
                serverErrors,
                window,
                requests,
                "were answered without a server error",
                "the application served none (" + SERVER_REQUESTS
                        + " counts the requests of a Spring Boot application by their uri template)");
    }

    /**
     * What the callers saw: of {@code counted} events ({@code what}), {@code failures} failed; passed when at
     * least the share {@code atLeast} {@code succeeded}, while faults were injected.
     */
    private ProbeResult succeeded(
            Probe probe,
            double atLeast,
            long counted,
            long failures,
            Window window,
            String what,
            String succeeded,
            String none) {
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("counted", counted);
        observed.put("failures", failures);
        observed.put("injections", window.injections());
        if (counted == 0) {
            return inconclusive(
                    probe,
                    "no " + what + " while " + window.injections() + " faults were injected: " + none
                            + ", so nothing shows what the callers saw",
                    observed);
        }
        double share = (double) (counted - failures) / counted;
        observed.put("succeededShare", share);
        String text = (counted - failures) + " of " + counted + " " + what + " " + succeeded + " ("
                + Text.percent(share) + ")";
        if (share >= atLeast && window.injections() == 0) {
            return noFault(probe, window, observed);
        }
        return share >= atLeast
                ? passed("hypothesis", probe, text, observed)
                : unmet(
                        probe,
                        window,
                        text + ", less than " + Text.percent(atLeast) + ": the callers saw " + failures + " failures",
                        observed,
                        window.cutShort());
    }

    private ProbeResult fallback(Probe.FallbackServes probe, Window window) {
        String key = "fallback:" + probe.name();
        long served = window.end().grew(window.start(), key + ":served");
        long failedAnswers = window.end().grew(window.start(), key + ":failed");
        long asked = served + failedAnswers;
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("served", served);
        observed.put("failed", failedAnswers);
        observed.put("injections", window.injections());
        if (asked == 0) {
            return inconclusive(
                    probe,
                    "fallback " + Text.quoted(probe.name())
                            + " was never invoked: no failed or rejected call reached it" + " while "
                            + window.injections() + " faults were injected",
                    observed);
        }
        double share = (double) served / asked;
        observed.put("servedShare", share);
        String text = "fallback " + Text.quoted(probe.name()) + " answered " + served + " of " + asked
                + " failed or rejected calls (" + Text.percent(share) + ")";
        return share >= probe.atLeast()
                ? passed("hypothesis", probe, text, observed)
                : unmet(
                        probe,
                        window,
                        text + ", less than " + Text.percent(probe.atLeast()) + "; the fallback itself threw "
                                + failedAnswers + " times",
                        observed,
                        window.cutShort());
    }

    private ProbeResult fires(Probe.AlarmFires probe, Window window) {
        String key = "alarm:" + probe.name();
        AlarmStatus status = alarm(probe.name());
        long datapoints = window.end().grew(window.start(), key + ":datapoints");
        long missing = window.end().grew(window.start(), key + ":missing");
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("stateAtStart", window.start().state(key));
        observed.put("datapoints", datapoints);
        observed.put("missingDatapoints", missing);
        observed.put("lastValue", status.lastValue());
        observed.put("injections", window.injections());
        Optional<ExperimentReport.StateChange> fired = recorder.stateChanges.stream()
                .filter(change -> change.kind().equals("alarm")
                        && change.name().equals(probe.name())
                        && change.to().equals("ALARM")
                        && !change.at().isBefore(window.from())
                        && !change.at().isAfter(window.end().at()))
                .findFirst();
        String name = "alarm " + Text.quoted(probe.name());
        Window baseline = window.baseline();
        long baselineData = 0;
        if (baseline != null) {
            baselineData = baseline.end().grew(baseline.start(), key + ":datapoints")
                    - baseline.end().grew(baseline.start(), key + ":missing");
            long breached = baseline.end().grew(baseline.start(), key + ":breaching");
            observed.put("baselineDatapoints", baselineData);
            observed.put("baselineBreachingDatapoints", breached);
            if (breached > 0) {
                return failed(
                        probe,
                        name + " breached " + breached + " of its "
                                + baseline.end().grew(baseline.start(), key + ":datapoints")
                                + " datapoints in the " + Text.duration(baseline.length()) + " baseline without faults:"
                                + " it fires on normal traffic, so its firing does not show that the monitoring caught"
                                + " the faults (" + status.alarm().describe() + ")",
                        observed);
            }
        }
        if (fired.isPresent() && baseline == null) {
            return inconclusive(
                    probe,
                    "no baseline: " + name + " fired, but it was not watched without faults first (baseline 0 s), so"
                            + " it might fire without the faults",
                    observed);
        }
        if (fired.isPresent() && baselineData == 0) {
            return inconclusive(
                    probe,
                    "no baseline: " + name + " fired, but it took no datapoint with data in the "
                            + Text.duration(baseline.length()) + " baseline without faults (is there traffic before"
                            + " the assaults?), so it might fire without the faults",
                    observed);
        }
        if (fired.isPresent()) {
            Duration after = Duration.between(window.from(), fired.get().at());
            observed.put("firedAfterMs", after.toMillis());
            String text = name + " fired " + Text.duration(after) + " after the assaults started";
            return after.compareTo(probe.within()) <= 0
                    ? passed("hypothesis", probe, text + " (within " + probe.within() + ")", observed)
                    : failed(probe, text + ", later than " + probe.within(), observed);
        }
        if ("ALARM".equals(window.start().state(key))) {
            return inconclusive(probe, name + " was already in ALARM when the assaults started", observed);
        }
        // an abort before the probe's deadline leaves it undecided, whether or not the alarm was evaluated yet
        boolean undecidedByAbort = window.cutShort() && window.length().compareTo(probe.within()) < 0;
        if (!undecidedByAbort && !status.meterSeen()) {
            return inconclusive(
                    probe,
                    name + " never fired, and its meter " + status.alarm().meter() + " never appeared",
                    observed);
        }
        if (!undecidedByAbort && (datapoints == 0 || datapoints == missing)) {
            return inconclusive(
                    probe,
                    name + " never fired, and it took no datapoint with data while the assaults ran (" + datapoints
                            + " datapoints, " + missing + " missing; period "
                            + status.alarm().period() + ")",
                    observed);
        }
        return unmet(
                probe,
                window,
                name + " stayed OK for " + Text.duration(window.length()) + " of assaults: the monitoring did not catch"
                        + " them; latest datapoint " + (status.lastValue() == null ? "missing" : status.lastValue())
                        + " against " + status.alarm().describe(),
                observed,
                undecidedByAbort);
    }

    /** Decides a probe of how the system recovers once the assaults are removed, waiting as long as it allows. */
    ProbeResult after(Probe.AfterAssaults probe, Instant removedAt, Snapshot atRemoval) throws InterruptedException {
        if (probe instanceof Probe.AlarmClears clears) {
            return clears(clears, removedAt);
        }
        return breakers().closes((Probe.CircuitBreakerCloses) probe, removedAt, atRemoval);
    }

    private ProbeResult clears(Probe.AlarmClears probe, Instant removedAt) throws InterruptedException {
        String name = "alarm " + Text.quoted(probe.name());
        boolean fired = recorder.stateChanges.stream()
                .anyMatch(change -> change.kind().equals("alarm")
                        && change.name().equals(probe.name())
                        && change.to().equals("ALARM"));
        Duration left = Duration.between(runner.clock.instant(), removedAt.plus(probe.within()));
        if (fired && !left.isNegative()) {
            runner.time.await(() -> runner.alarms.state(probe.name()) == AlarmState.OK, left);
        }
        AlarmStatus status = alarm(probe.name());
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("state", status.state().name());
        observed.put("lastValue", status.lastValue());
        if (!fired) {
            return inconclusive(
                    "recovery",
                    probe,
                    name + " never went to ALARM during the run, so it had nothing to clear from",
                    observed);
        }
        if (status.state() == AlarmState.OK) {
            Duration after = Duration.between(removedAt, status.since());
            observed.put("clearedAfterMs", Math.max(0, after.toMillis()));
            return passed(
                    "recovery",
                    probe,
                    name + " was OK again " + Text.duration(after.isNegative() ? Duration.ZERO : after)
                            + " after the assaults were removed",
                    observed);
        }
        return result(
                "recovery",
                probe,
                Verdict.FAILED,
                name + " is still ALARM " + probe.within() + " after the assaults were removed; latest datapoint "
                        + (status.lastValue() == null ? "missing" : status.lastValue()) + " against "
                        + status.alarm().describe(),
                observed);
    }

    private BreakerVerdicts breakers() {
        return new BreakerVerdicts(this, experiment.assaults(), recorder.stateChanges, runner.time);
    }

    // ---- lookups

    CircuitBreaker breaker(String name) {
        return runner.circuitBreakers.find(name).orElseThrow(() -> missing("circuit breaker", name));
    }

    private Bulkhead bulkhead(String name) {
        return runner.bulkheads.find(name).orElseThrow(() -> missing("bulkhead", name));
    }

    private Retry retry(String name) {
        return runner.retries.find(name).orElseThrow(() -> missing("retry", name));
    }

    AlarmStatus alarm(String name) {
        return runner.alarms.status(name).orElseThrow(() -> missing("alarm", name));
    }

    static IllegalStateException missing(String kind, String name) {
        return new IllegalStateException(kind + " '" + name + "' disappeared during the experiment");
    }

    private static String breakerName(Probe probe) {
        return "breaker " + Text.quoted(probe.name());
    }
}
