package dev.turbulence.spring;

import dev.turbulence.schema.Binder;
import dev.turbulence.schema.Form;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Name;

/**
 * One experiment in {@code chaos.experiments.<name>}: the fields of the experiment schema, typed, plus when it runs
 * by itself. Only binds: the experiment is read from {@link #toTree()} by the experiment schema, the one validation
 * path, so a bad value fails start-up naming the property, the value and what is allowed.
 *
 * @param name the experiment's name; the key under {@code chaos.experiments} names it, and a name given must be the
 *     same
 * @param steadyState what must hold before the assaults and after the recovery: breaker and alarm states
 * @param assaults the assaults applied for the run, each with its name
 * @param hypothesis what must happen while the assaults run
 * @param stopConditions alarms that stop the experiment as soon as they go to ALARM
 * @param duration how long the assaults run, at most 12 hours
 * @param baseline how long the alarms of firesWithin probes are watched without faults first (two periods of the
 *     longest of them when absent)
 * @param recovery what must hold once the assaults are removed
 * @param alarms alarms defined for this experiment only
 * @param load traffic the experiment makes itself: a request to the application's own server
 * @param schedule a cron expression of six fields on which the experiment runs by itself
 * @param trigger the class name of an application event that starts the experiment
 */
public record ExperimentProperties(
        String name,
        List<Probe> steadyState,
        List<AssaultProperties> assaults,
        List<Probe> hypothesis,
        List<StopCondition> stopConditions,
        Duration duration,
        Duration baseline,
        List<Probe> recovery,
        List<Alarm> alarms,
        Load load,
        String schedule,
        String trigger) {

    /** How the properties are written in the schemas: as named, but for the exception's class and an alarm's for. */
    private static final Binder SCHEMA = Binder.create()
            .with(Form.of(AssaultProperties.Fault.class).field("exceptionClass", "class"))
            .with(Form.of(Alarm.class).field("forDuration", "for"));

    /** The experiment as the experiment schema reads it, without {@code schedule} and {@code trigger}. */
    Map<String, Object> toTree() {
        Map<String, Object> tree = SCHEMA.write(this);
        tree.remove("schedule");
        tree.remove("trigger");
        return tree;
    }

    /**
     * One probe: the breaker, retry, bulkhead, time limiter, rate limiter, fallback, alarm or requests it
     * watches, and one check (or the two bounds of a range).
     *
     * @param circuitBreaker the circuit breaker probed
     * @param retry the retry probed
     * @param bulkhead the bulkhead probed
     * @param timeLimiter the time limiter probed
     * @param rateLimiter the rate limiter probed
     * @param threadPoolBulkhead the thread-pool bulkhead probed
     * @param fallback the fallback probed
     * @param alarm the alarm probed
     * @param requests the uri of the application's own requests probed, as http.server.requests tags it, such as
     *     /products/{id}
     * @param method the HTTP method of the requests probed; every method when absent
     * @param meter a meter of the application's own whose events are probed, such as orders.placed
     * @param tags the tags the meter's events must carry to be counted
     * @param failedTags the tags that mark the meter's events that are failures, such as outcome: failure
     * @param state the state the breaker or the alarm must be in
     * @param opensWithin how soon the breaker must open once the assaults start
     * @param closesWithin how soon the breaker must close once the assaults end
     * @param failureRateAtLeast the lowest failure rate of the breaker, in percent
     * @param failureRateAtMost the highest failure rate of the breaker, in percent
     * @param notPermittedCallsAtLeast the fewest calls the open breaker must refuse
     * @param successfulWithRetryAtLeast the smallest share of retried calls that must succeed
     * @param rejectedCallsAtLeast the fewest calls the bulkhead, the thread-pool bulkhead or the rate limiter must
     *     reject
     * @param rejectedCallsAtMost the most calls the bulkhead, the thread-pool bulkhead or the rate limiter may reject
     * @param timeoutsAtLeast the fewest calls the time limiter must time out
     * @param servedAtLeast the smallest share of failed calls the fallback must serve
     * @param firesWithin how soon the alarm must fire once the assaults start
     * @param clearsWithin how soon the alarm must clear once the assaults end
     * @param succeededAtLeast the smallest share of the requests probed that must be answered without a 5xx, or
     *     of the meter's events that must not be failures
     */
    public record Probe(
            String circuitBreaker,
            String retry,
            String bulkhead,
            String timeLimiter,
            String rateLimiter,
            String threadPoolBulkhead,
            String fallback,
            String alarm,
            String requests,
            String method,
            String meter,
            Map<String, String> tags,
            Map<String, String> failedTags,
            String state,
            Duration opensWithin,
            Duration closesWithin,
            Double failureRateAtLeast,
            Double failureRateAtMost,
            Long notPermittedCallsAtLeast,
            Double successfulWithRetryAtLeast,
            Long rejectedCallsAtLeast,
            Long rejectedCallsAtMost,
            Long timeoutsAtLeast,
            Double servedAtLeast,
            Duration firesWithin,
            Duration clearsWithin,
            Double succeededAtLeast) {}

    /** @param alarm the alarm that stops the experiment */
    public record StopCondition(String alarm) {}

    /**
     * An alarm on a Micrometer meter, evaluated like a CloudWatch alarm.
     *
     * @param name the alarm's name
     * @param statistic what is computed from the meter: count, rate, ratio, gauge or percentile
     * @param meter the meter's name
     * @param tags the tags the meter must carry
     * @param denominator the meter a ratio divides by
     * @param percentile the percentile of a percentile statistic, more than 0 and at most 1
     * @param comparison how the value meets the threshold: greater-than, greater-or-equal, less-than or less-or-equal
     * @param threshold the value the statistic is compared with
     * @param period how long one datapoint covers
     * @param evaluationPeriods how many datapoints are evaluated
     * @param datapointsToAlarm how many of those must breach
     * @param forDuration how long datapoints must breach without a break, instead of evaluation periods
     * @param missingData what a missing datapoint counts as: breaching, not-breaching or ignore
     */
    public record Alarm(
            String name,
            String statistic,
            String meter,
            Map<String, String> tags,
            Denominator denominator,
            Double percentile,
            String comparison,
            Double threshold,
            Duration period,
            Integer evaluationPeriods,
            Integer datapointsToAlarm,
            @Name("for") Duration forDuration,
            String missingData) {}

    /**
     * @param meter the meter's name
     * @param tags the tags the meter must carry
     */
    public record Denominator(String meter, Map<String, String> tags) {}

    /**
     * @param callsPerSecond how many calls a second the experiment makes
     * @param concurrency how many calls may be in flight at once (1 when absent)
     * @param call a call registered on an ExperimentRunner in plain Java; in Spring Boot, declare a request
     * @param request a request to the application's own server
     */
    public record Load(Double callsPerSecond, Integer concurrency, String call, Request request) {}

    /**
     * @param method the HTTP method (GET when absent)
     * @param path the path on the application's own server, such as /products/1
     */
    public record Request(String method, String path) {}
}
