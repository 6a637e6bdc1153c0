package dev.turbulence.resilience4j;

import dev.turbulence.Assault;
import dev.turbulence.Failures;
import dev.turbulence.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Why a resilience mechanism did not react to the injected faults: explanation fragments read from its configuration. */
final class Diagnosis {

    private Diagnosis() {}

    /**
     * Why {@code breaker} did not open although {@code injected} faults were injected, of which it saw {@code seen}
     * calls and recorded {@code failed} as failures.
     */
    static String breakerStayedClosed(
            CircuitBreaker breaker, long seen, long failed, long injected, List<Assault> assaults) {
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.DISABLED || state == CircuitBreaker.State.METRICS_ONLY) {
            return "it is " + state + ", so it never opens";
        }
        if (seen == 0) {
            return "it saw none of the calls: the injection sits outside the breaker, or the calls never reach it";
        }
        CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
        if (failed == 0) {
            List<String> reasons = new ArrayList<>();
            for (Assault assault : assaults) {
                (assault.fault() != null
                                ? unrecorded(config, assault.fault())
                                : Optional.of("the " + assault.type() + " stressor loads the process and fails no call"
                                        + " by itself"))
                        .ifPresent(reasons::add);
            }
            if (!reasons.isEmpty()) {
                return String.join("; ", reasons.stream().distinct().toList());
            }
            return injected > 0
                    ? "the faults never reached it: it would record what was injected, yet none of the " + seen
                            + " calls it saw failed while " + injected + " faults were injected — the injection"
                            + " sits outside the breaker; put the chaos decorator inside it"
                    : "none of the calls it saw failed";
        }
        float rate = breaker.getMetrics().getFailureRate();
        return (rate < 0
                        ? "it recorded fewer than minimumNumberOfCalls (" + config.getMinimumNumberOfCalls() + ") calls"
                        : "its failure rate " + Text.decimal(rate) + "% stayed below failureRateThreshold "
                                + Text.decimal(config.getFailureRateThreshold()) + "%")
                + " (sliding window " + config.getSlidingWindowSize() + " "
                + config.getSlidingWindowType()
                        .name()
                        .toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-') + ")";
    }

    /** Why a call failing with {@code fault} does not count as a failure for a breaker configured so, if it does not. */
    private static Optional<String> unrecorded(CircuitBreakerConfig config, Fault fault) {
        if (fault instanceof Fault.HttpStatus status) {
            return Optional.of("the injected http-status " + status.status()
                    + " is a response, not an exception: the breaker records it only through recordResult");
        }
        if (fault instanceof Fault.Latency) {
            return Optional.of("the assaults only add latency: the breaker counts a slow call only above"
                    + " slowCallDurationThreshold (" + Text.duration(config.getSlowCallDurationThreshold()) + ")");
        }
        if (fault instanceof Fault.CorruptBody) {
            return Optional.of("the injected corrupt-body damages a response that arrived: the breaker sees a success");
        }
        Throwable thrown = Failures.of((Fault.Failure) fault); // the faults left are failures: Fault is sealed
        Throwable seenBySupplier = Failures.forSite(thrown);
        String name = thrown.getClass().getSimpleName();
        if (config.getIgnoreExceptionPredicate().test(seenBySupplier)) {
            return Optional.of("the injected exception " + name + " is in ignoreExceptions, so the breaker ignores it");
        }
        if (config.getRecordExceptionPredicate().test(seenBySupplier)) {
            return Optional.empty();
        }
        if (seenBySupplier != thrown && config.getRecordExceptionPredicate().test(thrown)) {
            return Optional.of("a Supplier sees the injected " + name + " as "
                    + seenBySupplier.getClass().getSimpleName() + ", which recordExceptions does not include");
        }
        return Optional.of("the injected exception " + name
                + " is not in recordExceptions, so the breaker counts it as a success");
    }

    /** The longest delay the assaults add before a call, or {@code null} when none adds one. */
    static Duration injectedDelay(List<Assault> assaults) {
        Duration longest = null;
        for (Assault assault : assaults) {
            Duration delay = null;
            if (assault.fault() instanceof Fault.FixedLatency fixed) {
                delay = fixed.delay();
            } else if (assault.fault() instanceof Fault.UniformLatency uniform) {
                delay = uniform.max();
            } else if (assault.fault() instanceof Fault.LogNormalLatency logNormal) {
                delay = logNormal.median();
            } else if (assault.fault() instanceof Fault.ReadTimeout timeout && timeout.after() != null) {
                delay = timeout.after();
            }
            if (delay != null && (longest == null || delay.compareTo(longest) > 0)) {
                longest = delay;
            }
        }
        return longest;
    }
}
