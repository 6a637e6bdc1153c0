package dev.turbulence.resilience4j;

import io.github.resilience4j.retry.Retry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides a {@link Probe.RetryRecovers} probe. Resilience4j counts a failure of a retry with
 * {@code maxAttempts} 1 as {@code failed_with_retry} although it never retried, so the configuration is
 * checked before the meters are believed.
 */
final class RetryVerdicts {

    private RetryVerdicts() {}

    static ProbeResult decide(Probe.RetryRecovers probe, Window window, Retry retry) {
        String key = "retry:" + probe.name();
        long withoutRetry = window.end().grew(window.start(), key + ":successful_without_retry");
        long recovered = window.end().grew(window.start(), key + ":successful_with_retry");
        long exhausted = window.end().grew(window.start(), key + ":failed_with_retry");
        long notRetried = window.end().grew(window.start(), key + ":failed_without_retry");
        long failing = recovered + exhausted + notRetried;
        int maxAttempts = retry.getRetryConfig().getMaxAttempts();
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("maxAttempts", maxAttempts);
        observed.put("successfulWithoutRetry", withoutRetry);
        observed.put("successfulWithRetry", recovered);
        observed.put("failedWithRetry", exhausted);
        observed.put("failedWithoutRetry", notRetried);
        observed.put("injections", window.injections());
        String name = "retry " + Text.quoted(probe.name());
        if (maxAttempts <= 1 && (failing > 0 || window.injections() > 0)) {
            return Verdicts.failed(
                    probe,
                    name + " has maxAttempts " + maxAttempts + ", so it never retries: " + failing
                            + " calls met a failure and none was retried (Resilience4j counts " + exhausted
                            + " of them as failed_with_retry) while " + window.injections() + " faults were injected",
                    observed);
        }
        if (failing == 0) {
            return window.injections() == 0
                    ? Verdicts.noFault(probe, window, observed)
                    : Verdicts.inconclusive(
                            probe,
                            name + " saw no failing call while " + window.injections() + " faults were injected ("
                                    + withoutRetry + " calls succeeded at once): the injection sits outside the retry,"
                                    + " or something below it answered every failure",
                            observed);
        }
        double share = (double) recovered / failing;
        observed.put("successfulWithRetryShare", share);
        String text = name + " recovered " + recovered + " of " + failing + " calls that met a failure ("
                + Text.percent(share) + ") with up to " + maxAttempts + " attempts";
        if (share >= probe.atLeast()) {
            return Verdicts.passed("hypothesis", probe, text, observed);
        }
        return Verdicts.unmet(
                probe,
                window,
                text + ", less than " + Text.percent(probe.atLeast()) + "; " + exhausted + " failed after "
                        + maxAttempts + " attempts, " + notRetried
                        + " were not retried (their exception is not retryable)",
                observed,
                window.cutShort());
    }
}
