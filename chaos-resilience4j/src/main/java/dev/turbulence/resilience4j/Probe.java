package dev.turbulence.resilience4j;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problems;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One check of an experiment, read from Resilience4j's registries and Micrometer meters. Immutable values;
 * constructors reject bad values with an {@link InvalidDefinitionException} naming the schema field.
 *
 * <p>Three families decide where a probe may stand: {@link PointInTime} probes (a state now) anywhere,
 * {@link DuringAssaults} probes (what happened while the assaults ran) only in the hypothesis, and
 * {@link AfterAssaults} probes (how the system recovers) only in the recovery.
 */
public sealed interface Probe permits Probe.PointInTime, Probe.DuringAssaults, Probe.AfterAssaults {

    /**
     * The schema key naming what is probed: {@code circuitBreaker}, {@code retry}, {@code bulkhead},
     * {@code timeLimiter}, {@code rateLimiter}, {@code threadPoolBulkhead}, {@code fallback}, {@code alarm},
     * {@code requests} or {@code meter}.
     */
    String subject();

    /** The name of the probed instance (breaker, retry, bulkhead, limiter), fallback, alarm, meter or request uri. */
    String name();

    /** The check in the schema's words, such as {@code opensWithin PT10S}. */
    String check();

    /** The probe as one line, such as {@code circuitBreaker 'inventory' opensWithin PT10S}. */
    default String describe() {
        return subject() + " '" + name() + "' " + check();
    }

    /** A state read at the moment the probe is evaluated; allowed in steady state, hypothesis and recovery. */
    sealed interface PointInTime extends Probe permits CircuitBreakerState, CircuitBreakerFailureRate, AlarmInState {}

    /** What happened while the assaults ran; allowed only in the hypothesis. */
    sealed interface DuringAssaults extends Probe
            permits CircuitBreakerOpens,
                    CircuitBreakerNotPermitted,
                    RetryRecovers,
                    BulkheadRejections,
                    RateLimiterRejections,
                    ThreadPoolBulkheadRejections,
                    TimeLimiterTimeouts,
                    FallbackServes,
                    RequestsSucceed,
                    MeterSucceeds,
                    AlarmFires {}

    /** How the system comes back once the assaults are removed; allowed only in the recovery. */
    sealed interface AfterAssaults extends Probe permits CircuitBreakerCloses, AlarmClears {}

    static CircuitBreakerState circuitBreakerIs(String name, CircuitBreaker.State state) {
        return new CircuitBreakerState(name, state);
    }

    static CircuitBreakerOpens circuitBreakerOpensWithin(String name, Duration within) {
        return new CircuitBreakerOpens(name, within);
    }

    static CircuitBreakerCloses circuitBreakerClosesWithin(String name, Duration within) {
        return new CircuitBreakerCloses(name, within);
    }

    static AlarmClears alarmClearsWithin(String name, Duration within) {
        return new AlarmClears(name, within);
    }

    static CircuitBreakerFailureRate circuitBreakerFailureRateAtMost(String name, float percent) {
        return new CircuitBreakerFailureRate(name, null, percent);
    }

    static CircuitBreakerFailureRate circuitBreakerFailureRateAtLeast(String name, float percent) {
        return new CircuitBreakerFailureRate(name, percent, null);
    }

    static CircuitBreakerNotPermitted circuitBreakerNotPermittedAtLeast(String name, long calls) {
        return new CircuitBreakerNotPermitted(name, calls);
    }

    static RetryRecovers retrySuccessfulWithRetryAtLeast(String name, double share) {
        return new RetryRecovers(name, share);
    }

    static BulkheadRejections bulkheadRejectedAtLeast(String name, long calls) {
        return new BulkheadRejections(name, calls, null);
    }

    static BulkheadRejections bulkheadRejectedAtMost(String name, long calls) {
        return new BulkheadRejections(name, null, calls);
    }

    static TimeLimiterTimeouts timeLimiterTimeoutsAtLeast(String name, long calls) {
        return new TimeLimiterTimeouts(name, calls);
    }

    static FallbackServes fallbackServedAtLeast(String name, double share) {
        return new FallbackServes(name, share);
    }

    static AlarmInState alarmIs(String name, AlarmState state) {
        return new AlarmInState(name, state);
    }

    static AlarmFires alarmFiresWithin(String name, Duration within) {
        return new AlarmFires(name, within);
    }

    /** The breaker is in {@code state} ({@code state: CLOSED}). */
    record CircuitBreakerState(String name, CircuitBreaker.State state) implements PointInTime {
        public CircuitBreakerState {
            Problems problems = named("circuitBreaker", name);
            if (state == null) {
                problems.add("state", null, "is required");
            }
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "circuitBreaker";
        }

        @Override
        public String check() {
            return "state " + state;
        }
    }

    /**
     * The breaker's failure rate (percent, as Resilience4j computes it over its sliding window) is within the
     * bounds ({@code failureRateAtLeast}, {@code failureRateAtMost}); at least one bound is given.
     */
    record CircuitBreakerFailureRate(String name, Float atLeast, Float atMost) implements PointInTime {
        public CircuitBreakerFailureRate {
            Problems problems = named("circuitBreaker", name);
            percent(problems, "failureRateAtLeast", atLeast);
            percent(problems, "failureRateAtMost", atMost);
            if (atLeast == null && atMost == null) {
                problems.add("failureRateAtLeast", null, "or failureRateAtMost is required");
            } else if (atLeast != null && atMost != null && atLeast > atMost) {
                problems.add("failureRateAtLeast", atLeast, "must be <= failureRateAtMost (" + atMost + ")");
            }
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "circuitBreaker";
        }

        @Override
        public String check() {
            return (atLeast == null ? "" : "failureRateAtLeast " + atLeast)
                    + (atLeast != null && atMost != null ? " " : "")
                    + (atMost == null ? "" : "failureRateAtMost " + atMost);
        }

        private static void percent(Problems problems, String field, Float value) {
            if (value != null && !(value >= 0 && value <= 100)) {
                problems.add(field, value, "must be a percentage between 0 and 100");
            }
        }
    }

    /** The alarm is in {@code state} ({@code state: OK}). */
    record AlarmInState(String name, AlarmState state) implements PointInTime {
        public AlarmInState {
            Problems problems = named("alarm", name);
            if (state == null) {
                problems.add("state", null, "is required");
            }
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "alarm";
        }

        @Override
        public String check() {
            return "state " + state;
        }
    }

    /** The breaker goes to OPEN at most {@code within} after the assaults are applied ({@code opensWithin}). */
    record CircuitBreakerOpens(String name, Duration within) implements DuringAssaults {
        public CircuitBreakerOpens {
            Problems problems = named("circuitBreaker", name);
            positive(problems, "opensWithin", within);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "circuitBreaker";
        }

        @Override
        public String check() {
            return "opensWithin " + within;
        }
    }

    /** The breaker refused at least {@code atLeast} calls while the assaults ran ({@code notPermittedCallsAtLeast}). */
    record CircuitBreakerNotPermitted(String name, long atLeast) implements DuringAssaults {
        public CircuitBreakerNotPermitted {
            Problems problems = named("circuitBreaker", name);
            atLeastOne(problems, "notPermittedCallsAtLeast", atLeast);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "circuitBreaker";
        }

        @Override
        public String check() {
            return "notPermittedCallsAtLeast " + atLeast;
        }
    }

    /**
     * Of the calls through the retry that met a failure while the assaults ran, at least the share
     * {@code atLeast} succeeded after retrying ({@code successfulWithRetryAtLeast}, 0 to 1). A retry that
     * never retries ({@code maxAttempts} 1) fails this probe whatever its meters say.
     */
    record RetryRecovers(String name, double atLeast) implements DuringAssaults {
        public RetryRecovers {
            Problems problems = named("retry", name);
            share(problems, "successfulWithRetryAtLeast", atLeast);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "retry";
        }

        @Override
        public String check() {
            return "successfulWithRetryAtLeast " + atLeast;
        }
    }

    /** The bulkhead rejected a number of calls within the bounds ({@code rejectedCallsAtLeast}, {@code rejectedCallsAtMost}). */
    record BulkheadRejections(String name, Long atLeast, Long atMost) implements DuringAssaults {
        public BulkheadRejections {
            Problems problems = named("bulkhead", name);
            rejections(problems, atLeast, atMost);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "bulkhead";
        }

        @Override
        public String check() {
            return rejectionBounds(atLeast, atMost);
        }
    }

    /** The time limiter cut at least {@code atLeast} calls short ({@code timeoutsAtLeast}). */
    record TimeLimiterTimeouts(String name, long atLeast) implements DuringAssaults {
        public TimeLimiterTimeouts {
            Problems problems = named("timeLimiter", name);
            atLeastOne(problems, "timeoutsAtLeast", atLeast);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "timeLimiter";
        }

        @Override
        public String check() {
            return "timeoutsAtLeast " + atLeast;
        }
    }

    /**
     * Of the failed or rejected calls that reached the {@link Fallback} called {@code name}, at least the
     * share {@code atLeast} were answered by it ({@code servedAtLeast}, 0 to 1).
     */
    record FallbackServes(String name, double atLeast) implements DuringAssaults {
        public FallbackServes {
            Problems problems = named("fallback", name);
            share(problems, "servedAtLeast", atLeast);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "fallback";
        }

        @Override
        public String check() {
            return "servedAtLeast " + atLeast;
        }
    }

    /**
     * The thread-pool bulkhead refused a number of calls within the bounds ({@code rejectedCallsAtLeast},
     * {@code rejectedCallsAtMost}) while the assaults ran: its threads and queue were full, as a slowed downstream
     * makes them.
     */
    record ThreadPoolBulkheadRejections(String name, Long atLeast, Long atMost) implements DuringAssaults {
        public ThreadPoolBulkheadRejections {
            Problems problems = named("threadPoolBulkhead", name);
            rejections(problems, atLeast, atMost);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "threadPoolBulkhead";
        }

        @Override
        public String check() {
            return rejectionBounds(atLeast, atMost);
        }
    }

    /**
     * The rate limiter refused a number of calls within the bounds ({@code rejectedCallsAtLeast},
     * {@code rejectedCallsAtMost}) while the assaults ran: a retry storm or a slowed downstream meets its limit.
     */
    record RateLimiterRejections(String name, Long atLeast, Long atMost) implements DuringAssaults {
        public RateLimiterRejections {
            Problems problems = named("rateLimiter", name);
            rejections(problems, atLeast, atMost);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "rateLimiter";
        }

        @Override
        public String check() {
            return rejectionBounds(atLeast, atMost);
        }
    }

    /**
     * Callers saw no failure: of the application's own requests to {@code uri} (its {@code http.server.requests}
     * meter's {@code uri} tag, such as {@code /products/{id}}), and of {@code method} when given, at least the share
     * {@code atLeast} were answered without a server error (5xx) while the assaults ran ({@code succeededAtLeast},
     * 0 to 1). Needs no change to the application: Spring Boot records that meter for every request it serves.
     */
    record RequestsSucceed(String name, String method, double atLeast) implements DuringAssaults {
        public RequestsSucceed {
            Problems problems = named("requests", name);
            if (method != null && method.isBlank()) {
                problems.add("method", method, "must name an HTTP method, such as GET");
            }
            share(problems, "succeededAtLeast", atLeast);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "requests";
        }

        @Override
        public String check() {
            return (method == null ? "" : "method " + method + " ") + "succeededAtLeast " + atLeast;
        }
    }

    /**
     * Callers saw no failure, by a meter of the application's own: of the events the meter {@code name} counted
     * with {@code tags} (a counter, a timer …), at least the share {@code atLeast} were not failures — those that
     * also carry {@code failedTags} — while the assaults ran ({@code succeededAtLeast}, 0 to 1).
     */
    record MeterSucceeds(String name, Map<String, String> tags, Map<String, String> failedTags, double atLeast)
            implements DuringAssaults {
        public MeterSucceeds {
            Problems problems = named("meter", name);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
            if (failedTags == null || failedTags.isEmpty()) {
                problems.add("failedTags", null, "is required: the tags of the failures, such as {outcome: failure}");
            }
            share(problems, "succeededAtLeast", atLeast);
            problems.throwIfAny("probe");
            failedTags = Map.copyOf(failedTags);
        }

        @Override
        public String subject() {
            return "meter";
        }

        @Override
        public String check() {
            return (tags.isEmpty() ? "" : "tags " + new TreeMap<>(tags) + " ") + "failedTags "
                    + new TreeMap<>(failedTags) + " succeededAtLeast " + atLeast;
        }
    }

    /** The alarm goes to ALARM at most {@code within} after the assaults are applied ({@code firesWithin}). */
    record AlarmFires(String name, Duration within) implements DuringAssaults {
        public AlarmFires {
            Problems problems = named("alarm", name);
            positive(problems, "firesWithin", within);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "alarm";
        }

        @Override
        public String check() {
            return "firesWithin " + within;
        }
    }

    /** The breaker is CLOSED at most {@code within} after the assaults are removed ({@code closesWithin}). */
    record CircuitBreakerCloses(String name, Duration within) implements AfterAssaults {
        public CircuitBreakerCloses {
            Problems problems = named("circuitBreaker", name);
            positive(problems, "closesWithin", within);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "circuitBreaker";
        }

        @Override
        public String check() {
            return "closesWithin " + within;
        }
    }

    /**
     * The alarm, having gone to ALARM during the run, is OK again at most {@code within} after the assaults are
     * removed ({@code clearsWithin}).
     */
    record AlarmClears(String name, Duration within) implements AfterAssaults {
        public AlarmClears {
            Problems problems = named("alarm", name);
            positive(problems, "clearsWithin", within);
            problems.throwIfAny("probe");
        }

        @Override
        public String subject() {
            return "alarm";
        }

        @Override
        public String check() {
            return "clearsWithin " + within;
        }
    }

    private static Problems named(String field, String name) {
        Problems problems = new Problems();
        if (name == null || name.isBlank()) {
            problems.add(field, name, "is required");
        }
        return problems;
    }

    private static void positive(Problems problems, String field, Duration value) {
        if (value == null) {
            problems.add(field, null, "is required");
        } else if (value.isNegative() || value.isZero()) {
            problems.add(field, value.toString(), "must be > 0");
        }
    }

    private static void share(Problems problems, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            problems.add(field, value, "must be a share between 0.0 and 1.0");
        }
    }

    /**
     * The bounds of a number of rejected calls: at least one of them, at least one rejection, a lower below a
     * higher.
     */
    private static void rejections(Problems problems, Long atLeast, Long atMost) {
        if (atLeast != null) {
            atLeastOne(problems, "rejectedCallsAtLeast", atLeast);
        }
        if (atMost != null && atMost < 0) {
            problems.add("rejectedCallsAtMost", atMost, "must be >= 0");
        }
        if (atLeast == null && atMost == null) {
            problems.add("rejectedCallsAtLeast", null, "or rejectedCallsAtMost is required");
        } else if (atLeast != null && atMost != null && atLeast > atMost) {
            problems.add("rejectedCallsAtLeast", atLeast, "must be <= rejectedCallsAtMost (" + atMost + ")");
        }
    }

    private static String rejectionBounds(Long atLeast, Long atMost) {
        return (atLeast == null ? "" : "rejectedCallsAtLeast " + atLeast)
                + (atLeast != null && atMost != null ? " " : "")
                + (atMost == null ? "" : "rejectedCallsAtMost " + atMost);
    }

    private static void atLeastOne(Problems problems, String field, long value) {
        if (value < 1) {
            problems.add(field, value, "must be >= 1");
        }
    }
}
