package dev.turbulence.resilience4j;

import static dev.turbulence.resilience4j.Verdicts.failed;
import static dev.turbulence.resilience4j.Verdicts.inconclusive;
import static dev.turbulence.resilience4j.Verdicts.passed;
import static dev.turbulence.resilience4j.Verdicts.result;
import static dev.turbulence.resilience4j.Verdicts.unmet;

import dev.turbulence.Assault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides the circuit breaker probes from a breaker's state, its meters and the transitions recorded. */
final class BreakerVerdicts {

    private final Verifier verifier;
    private final List<Assault> assaults;
    private final List<ExperimentReport.StateChange> changes;
    private final Timekeeper time;
    private final Clock clock;

    BreakerVerdicts(
            Verifier verifier, List<Assault> assaults, List<ExperimentReport.StateChange> changes, Timekeeper time) {
        this.verifier = verifier;
        this.assaults = assaults;
        this.changes = changes;
        this.time = time;
        this.clock = time.clock();
    }

    ProbeResult state(Probe.CircuitBreakerState probe, String phase) {
        CircuitBreaker.State state = breaker(probe.name()).getState();
        Map<String, Object> observed = Map.of("state", state.name());
        return state == probe.state()
                ? result(phase, probe, Verdict.PASSED, breakerName(probe) + " is " + state, observed)
                : result(
                        phase,
                        probe,
                        Verdict.FAILED,
                        breakerName(probe) + " is " + state + ", not " + probe.state(),
                        observed);
    }

    ProbeResult failureRate(Probe.CircuitBreakerFailureRate probe, String phase) {
        CircuitBreaker breaker = breaker(probe.name());
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        float rate = metrics.getFailureRate();
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("failureRate", (double) rate);
        observed.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
        observed.put("failedCalls", metrics.getNumberOfFailedCalls());
        if (rate < 0) {
            return result(
                    phase,
                    probe,
                    Verdict.INCONCLUSIVE,
                    breakerName(probe) + " has no failure rate yet: it recorded " + metrics.getNumberOfBufferedCalls()
                            + " calls, fewer than minimumNumberOfCalls ("
                            + breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls() + ")",
                    observed);
        }
        boolean holds = (probe.atLeast() == null || rate >= probe.atLeast())
                && (probe.atMost() == null || rate <= probe.atMost());
        return result(
                phase,
                probe,
                holds ? Verdict.PASSED : Verdict.FAILED,
                breakerName(probe) + " has a failure rate of " + Text.decimal(rate) + "% ("
                        + metrics.getNumberOfFailedCalls() + " of " + metrics.getNumberOfBufferedCalls()
                        + " calls failed)" + (holds ? "" : ", outside " + probe.check()),
                observed);
    }

    ProbeResult opens(Probe.CircuitBreakerOpens probe, Window window) {
        String key = "circuitBreaker:" + probe.name();
        Map<String, Object> observed = breakerCounts(key, window);
        String before = window.start().state(key);
        Optional<ExperimentReport.StateChange> opened = changes.stream()
                .filter(change -> change.kind().equals("circuitBreaker")
                        && change.name().equals(probe.name())
                        && change.to().equals("OPEN")
                        && !change.at().isBefore(window.from())
                        && !change.at().isAfter(window.end().at()))
                .findFirst();
        if (opened.isPresent()) {
            Duration after = Duration.between(window.from(), opened.get().at());
            observed.put("openedAfterMs", after.toMillis());
            String text = breakerName(probe) + " opened " + Text.duration(after) + " after the assaults started";
            String counts = "; over the assaults it recorded " + observed.get("failedCalls") + " of "
                    + observed.get("calls") + " calls as failures and refused " + observed.get("notPermittedCalls");
            return after.compareTo(probe.within()) <= 0
                    ? passed("hypothesis", probe, text + " (within " + probe.within() + ")" + counts, observed)
                    : failed(probe, text + ", later than " + probe.within() + counts, observed);
        }
        if (before.equals("OPEN") || before.equals("FORCED_OPEN")) {
            return inconclusive(
                    probe, breakerName(probe) + " was already " + before + " when the assaults started", observed);
        }
        return unmet(
                probe,
                window,
                breakerName(probe) + " stayed " + before + " for " + Text.duration(window.length()) + " of assaults;"
                        + " it recorded " + observed.get("failedCalls") + " of " + observed.get("calls")
                        + " calls as failures (" + observed.get("ignoredCalls") + " ignored, "
                        + observed.get("notPermittedCalls") + " not permitted) while " + window.injections()
                        + " faults were injected; "
                        + Diagnosis.breakerStayedClosed(
                                breaker(probe.name()),
                                (long) observed.get("calls") + (long) observed.get("notPermittedCalls"),
                                (long) observed.get("failedCalls"),
                                window.injections(),
                                assaults),
                observed,
                window.cutShort() && window.length().compareTo(probe.within()) < 0);
    }

    ProbeResult notPermitted(Probe.CircuitBreakerNotPermitted probe, Window window) {
        String key = "circuitBreaker:" + probe.name();
        Map<String, Object> observed = breakerCounts(key, window);
        long refused = (long) observed.get("notPermittedCalls");
        String text = breakerName(probe) + " refused " + refused + " calls while the assaults ran";
        if (refused >= probe.atLeast()) {
            return passed("hypothesis", probe, text, observed);
        }
        return unmet(
                probe,
                window,
                text + ", fewer than " + probe.atLeast() + "; it ended "
                        + window.end().state(key) + " and recorded "
                        + observed.get("failedCalls") + " of " + observed.get("calls") + " calls as failures while "
                        + window.injections() + " faults were injected; "
                        + Diagnosis.breakerStayedClosed(
                                breaker(probe.name()),
                                (long) observed.get("calls") + refused,
                                (long) observed.get("failedCalls"),
                                window.injections(),
                                assaults),
                observed,
                window.cutShort());
    }

    private Map<String, Object> breakerCounts(String key, Window window) {
        Map<String, Object> observed = new LinkedHashMap<>();
        long successful = window.end().grew(window.start(), key + ":successful");
        long failed = window.end().grew(window.start(), key + ":failed");
        long ignored = window.end().grew(window.start(), key + ":ignored");
        observed.put("stateAtStart", window.start().state(key));
        observed.put("stateAtEnd", window.end().state(key));
        observed.put("calls", successful + failed + ignored);
        observed.put("failedCalls", failed);
        observed.put("ignoredCalls", ignored);
        observed.put("notPermittedCalls", window.end().grew(window.start(), key + ":notPermitted"));
        observed.put("injections", window.injections());
        return observed;
    }

    ProbeResult closes(Probe.CircuitBreakerCloses probe, Instant removedAt, Snapshot atRemoval)
            throws InterruptedException {
        CircuitBreaker breaker = breaker(probe.name());
        Duration left = Duration.between(clock.instant(), removedAt.plus(probe.within()));
        if (!left.isNegative()) {
            time.await(() -> breaker.getState() == CircuitBreaker.State.CLOSED, left);
        }
        Snapshot now = verifier.snapshot();
        String key = "circuitBreaker:" + probe.name();
        Map<String, Object> observed = new LinkedHashMap<>();
        long calls = now.grew(atRemoval, key + ":successful")
                + now.grew(atRemoval, key + ":failed")
                + now.grew(atRemoval, key + ":ignored");
        long refused = now.grew(atRemoval, key + ":notPermitted");
        CircuitBreaker.State state = breaker.getState();
        observed.put("state", state.name());
        observed.put("calls", calls);
        observed.put("failedCalls", now.grew(atRemoval, key + ":failed"));
        observed.put("notPermittedCalls", refused);
        if (state == CircuitBreaker.State.CLOSED) {
            Duration after = Duration.between(removedAt, now.at());
            observed.put("closedAfterMs", after.toMillis());
            return passed(
                    "recovery",
                    probe,
                    breakerName(probe) + " was CLOSED " + Text.duration(after) + " after the assaults were removed",
                    observed);
        }
        if (calls + refused == 0) {
            return inconclusive(
                    "recovery",
                    probe,
                    breakerName(probe) + " is still " + state + " " + probe.within() + " after the assaults were"
                            + " removed, and no call reached it: an OPEN breaker moves to HALF_OPEN only on a call"
                            + " unless automaticTransitionFromOpenToHalfOpenEnabled",
                    observed);
        }
        return result(
                "recovery",
                probe,
                Verdict.FAILED,
                breakerName(probe) + " is still " + state + " " + probe.within() + " after the assaults were removed;"
                        + " it recorded " + observed.get("failedCalls") + " of " + calls
                        + " calls as failures and refused "
                        + refused + " (waitDurationInOpenState "
                        + Text.duration(Duration.ofMillis(breaker.getCircuitBreakerConfig()
                                .getWaitIntervalFunctionInOpenState()
                                .apply(1)))
                        + ")",
                observed);
    }

    private CircuitBreaker breaker(String name) {
        return verifier.breaker(name);
    }

    private static String breakerName(Probe probe) {
        return "breaker " + Text.quoted(probe.name());
    }
}
