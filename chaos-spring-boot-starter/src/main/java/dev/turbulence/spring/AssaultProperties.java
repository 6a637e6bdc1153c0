package dev.turbulence.spring;

import dev.turbulence.CallSiteKind;
import dev.turbulence.schema.Binder;
import dev.turbulence.schema.Form;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Name;

/**
 * One assault in {@code chaos.assaults.<name>}: the fields of the assault schema, typed, so that an IDE offers them
 * and their values. Only binds: the assault is read from {@link #toTree()} by the core schema, the one validation
 * path, so a bad value fails start-up naming the property, the value and what is allowed.
 *
 * @param name the assault's name: required in an experiment's list of assaults; under {@code chaos.assaults} the key
 *     names the assault, and a name given must be the same
 * @param target the call sites the assault applies to; every call site when absent
 * @param fault what happens to an assaulted call, or the load the process puts on itself
 * @param rate the share of the matching calls assaulted, more than 0 and at most 1 (1 when absent)
 * @param everyNth assault exactly every n-th matching call instead of a random share
 * @param maxInjections the most injections the assault makes
 * @param duration how long the assault lives from its activation, at most 12 hours (chaos.default-duration when
 *     absent)
 * @param seed makes the assault's decisions and sampled latencies reproducible
 * @param dryRun whether to only record "would inject" events instead of injecting
 * @param afterCall whether the fault strikes after the real call, which runs first: its answer is then delayed by
 *     the latency, or lost to the failure
 * @param requestScoped whether the assault applies only to requests whose signed chaos context names it
 *     (chaos.request-scope)
 * @param enabled whether the assault is switched on (true when absent)
 */
public record AssaultProperties(
        String name,
        Target target,
        Fault fault,
        Double rate,
        Long everyNth,
        Long maxInjections,
        Duration duration,
        Long seed,
        Boolean dryRun,
        Boolean afterCall,
        Boolean requestScoped,
        Boolean enabled) {

    /** How the properties are written in the core schema: as named, but for the exception's {@code class}. */
    private static final Binder SCHEMA =
            Binder.create().with(Form.of(Fault.class).field("exceptionClass", "class"));

    /** The assault as the core schema reads it: its given fields under their schema names. */
    Map<String, Object> toTree() {
        return SCHEMA.write(this);
    }

    /**
     * @param kind the kind of call site: any (every kind but inbound), supplier, http, repository, jdbc, bean, inbound
     *     (the application's own endpoints), or process for a stressor
     * @param name a glob over call-site names, such as inventory*
     * @param attributes globs over the call sites' attributes, such as path or method
     */
    public record Target(CallSiteKind kind, String name, Map<String, String> attributes) {}

    /**
     * The fault, or the stressor, and its fields; each type takes only its own (see the assault schema).
     *
     * @param type the kind of fault or stressor
     * @param fixed the delay of a fixed latency
     * @param min the shortest delay of a uniform latency
     * @param max the longest delay of a uniform latency
     * @param distribution lognormal, for a latency with a median and a sigma
     * @param median the median delay of a lognormal latency
     * @param sigma the spread of a lognormal latency (1 when absent)
     * @param exceptionClass the Throwable an exception fault throws
     * @param preset the JDBC failure an exception fault at a jdbc target raises: connection-failure,
     *     link-failure, deadlock or statement-timeout
     * @param message the message of the exception
     * @param arguments the arguments of the exception's constructor, for a class without a (String) or ()
     *     constructor
     * @param status the HTTP status of an http-status fault
     * @param headers the headers of the injected response
     * @param body the body of the injected response
     * @param after how long a read timeout hangs before it fails (until the caller's own timeout when absent)
     * @param mode how corrupt-body damages the response: truncate, garbage or empty
     * @param empty whether a returned-value fault answers the empty value of the call's return type
     * @param value the value a returned-value fault answers, converted to the call's return type (null when absent)
     * @param path the directory a disk fill writes into
     * @param leaveFreeBytes the usable bytes a disk fill leaves
     * @param fillPercent the share of the file store a disk fill leaves unusable, instead of leaveFreeBytes
     * @param overrideSafetyFloor whether a disk fill may leave less than 5 % of the file store usable
     * @param fraction the share of the maximum heap a heap pressure holds
     * @param load the share of a core each cpu-burn thread keeps busy
     * @param threads the threads a cpu burn or a thread exhaustion occupies
     * @param executor the executor bean a thread exhaustion occupies
     */
    public record Fault(
            Type type,
            Duration fixed,
            Duration min,
            Duration max,
            String distribution,
            Duration median,
            Double sigma,
            @Name("class") String exceptionClass,
            String preset,
            String message,
            List<String> arguments,
            Integer status,
            Map<String, String> headers,
            String body,
            Duration after,
            String mode,
            Boolean empty,
            String value,
            String path,
            Long leaveFreeBytes,
            Double fillPercent,
            Boolean overrideSafetyFloor,
            Double fraction,
            Double load,
            Integer threads,
            String executor) {}

    /** The kinds of fault and stressor, as the assault schema names them (http-status, disk-fill …). */
    public enum Type {
        LATENCY,
        EXCEPTION,
        HTTP_STATUS,
        CONNECTION_REFUSED,
        CONNECTION_RESET,
        READ_TIMEOUT,
        CORRUPT_BODY,
        RETURNED_VALUE,
        DISK_FILL,
        HEAP_PRESSURE,
        CPU_BURN,
        THREAD_EXHAUSTION;

        /** The schema's name, such as {@code http-status}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
