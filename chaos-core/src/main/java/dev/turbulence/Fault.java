package dev.turbulence;

import dev.turbulence.internal.Problems;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What happens to an assaulted call. Immutable values; their constructors reject bad values with an
 * {@link InvalidAssaultException} naming the field.
 *
 * <p>When several assaults fire on one call, every latency applies first, then at most one failure, the
 * first in this order: {@code connection-refused}, {@code connection-reset}, {@code read-timeout},
 * {@code http-status}, {@code exception}; {@code corrupt-body} applies only when no failure did, after the
 * real call returned.
 */
public sealed interface Fault {

    /** The schema name of this fault, such as {@code http-status}. */
    String type();

    /** Position in the application order above; lower applies first. */
    int order();

    /** Whether only HTTP call sites can express this fault. */
    default boolean httpOnly() {
        return false;
    }

    /** A delay before the real call. */
    sealed interface Latency extends Fault {
        /** Draws one delay; {@code u1} and {@code u2} are independent uniform numbers in [0, 1). */
        Duration sample(double u1, double u2);

        @Override
        default String type() {
            return "latency";
        }

        @Override
        default int order() {
            return 0;
        }
    }

    /** Always the same delay. */
    record FixedLatency(Duration delay) implements Latency {
        public FixedLatency {
            Problems problems = new Problems();
            requirePositive(problems, "fixed", delay);
            problems.throwIfAny("latency");
        }

        @Override
        public Duration sample(double u1, double u2) {
            return delay;
        }
    }

    /** A delay drawn uniformly between {@code min} and {@code max}. */
    record UniformLatency(Duration min, Duration max) implements Latency {
        public UniformLatency {
            Problems problems = new Problems();
            requirePositive(problems, "min", min);
            requirePositive(problems, "max", max);
            if (problems.isEmpty() && max.compareTo(min) < 0) {
                problems.add("max", max.toString(), "must be >= min (" + min + ")");
            }
            problems.throwIfAny("latency");
        }

        @Override
        public Duration sample(double u1, double u2) {
            long span = max.toNanos() - min.toNanos();
            return min.plusNanos((long) (span * u1));
        }
    }

    /** A log-normal delay: most calls near {@code median}, a long tail growing with {@code sigma}. */
    record LogNormalLatency(Duration median, double sigma) implements Latency {
        public LogNormalLatency {
            Problems problems = new Problems();
            requirePositive(problems, "median", median);
            if (!(sigma > 0 && sigma <= 4)) {
                problems.add("sigma", sigma, "must be > 0 and <= 4");
            }
            problems.throwIfAny("latency");
        }

        @Override
        public Duration sample(double u1, double u2) {
            double gaussian = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
            double nanos = median.toNanos() * Math.exp(sigma * gaussian);
            return Duration.ofNanos((long) Math.min(nanos, Duration.ofHours(1).toNanos()));
        }
    }

    /** Throws a new instance of {@code exceptionClass}, with {@code message} where it takes one. */
    record ExceptionFault(Class<? extends Throwable> exceptionClass, String message) implements Fault {
        public ExceptionFault {
            Objects.requireNonNull(exceptionClass, "exceptionClass");
            if (constructor(exceptionClass) == null) {
                throw new InvalidAssaultException(
                        "exception",
                        List.of(new Problem(
                                "class", exceptionClass.getName(), "must have a public (String) or () constructor")));
            }
        }

        /** Creates the throwable to inject; a new one each call, so its stack trace is the caller's. */
        public Throwable newThrowable() {
            Constructor<? extends Throwable> constructor = constructor(exceptionClass);
            try {
                return constructor.getParameterCount() == 1
                        ? constructor.newInstance(message)
                        : constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                return new IllegalStateException("Could not create " + exceptionClass.getName(), e);
            }
        }

        private static Constructor<? extends Throwable> constructor(Class<? extends Throwable> type) {
            try {
                return type.getConstructor(String.class);
            } catch (NoSuchMethodException noStringConstructor) {
                try {
                    return type.getConstructor();
                } catch (NoSuchMethodException noDefaultConstructor) {
                    return null;
                }
            }
        }

        @Override
        public String type() {
            return "exception";
        }

        @Override
        public int order() {
            return 5;
        }
    }

    /** A real HTTP response with this status, headers and body, sent instead of the request. */
    record HttpStatus(int status, Map<String, String> headers, String body) implements Fault {
        public HttpStatus {
            if (status < 100 || status > 599) {
                throw new InvalidAssaultException(
                        "http-status", List.of(new Problem("status", status, "must be between 100 and 599")));
            }
            headers = Map.copyOf(headers);
            body = body == null ? "" : body;
        }

        @Override
        public String type() {
            return "http-status";
        }

        @Override
        public int order() {
            return 4;
        }

        @Override
        public boolean httpOnly() {
            return true;
        }
    }

    /** The connection cannot be opened: {@code java.net.ConnectException}. */
    record ConnectionRefused() implements Fault {
        @Override
        public String type() {
            return "connection-refused";
        }

        @Override
        public int order() {
            return 1;
        }
    }

    /** The peer resets the connection: {@code java.net.SocketException} "Connection reset". */
    record ConnectionReset() implements Fault {
        @Override
        public String type() {
            return "connection-reset";
        }

        @Override
        public int order() {
            return 2;
        }
    }

    /**
     * No answer: the call hangs until the caller's own timeout, {@code after} (when given) or the assault's
     * expiry, then fails with a timeout.
     */
    record ReadTimeout(Duration after) implements Fault {
        public ReadTimeout {
            if (after != null) {
                Problems problems = new Problems();
                requirePositive(problems, "after", after);
                problems.throwIfAny("read-timeout");
            }
        }

        @Override
        public String type() {
            return "read-timeout";
        }

        @Override
        public int order() {
            return 3;
        }
    }

    /** The real response arrives damaged. */
    record CorruptBody(Mode mode) implements Fault {
        public CorruptBody {
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public String type() {
            return "corrupt-body";
        }

        @Override
        public int order() {
            return 6;
        }

        @Override
        public boolean httpOnly() {
            return true;
        }

        /** How the body is damaged. */
        public enum Mode {
            /** Only the first half of the body arrives. */
            TRUNCATE,
            /** The body is replaced by bytes of the same length that are not what the server sent. */
            GARBAGE,
            /** The body is empty. */
            EMPTY;

            public String id() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    private static void requirePositive(Problems problems, String field, Duration value) {
        if (value == null) {
            problems.add(field, null, "is required");
        } else if (value.isNegative() || value.isZero()) {
            problems.add(field, value.toString(), "must be > 0");
        }
    }
}
