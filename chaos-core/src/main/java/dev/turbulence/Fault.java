package dev.turbulence;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Limits;
import dev.turbulence.schema.Problem;
import dev.turbulence.schema.Problems;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What happens to an assaulted call: a {@link Latency} before it, a {@link Failure} in its place, a
 * {@link CorruptBody corrupted} answer after it, or a {@link ReturnedValue} for its answer. Per-process loads are
 * {@link Stress}es, not faults. Immutable
 * values holding data only; their constructors reject bad values with an {@link InvalidDefinitionException}
 * naming the field.
 *
 * <p>When several assaults fire on one call, every latency applies first, then at most one failure, the
 * first in this order: {@code connection-refused}, {@code connection-reset}, {@code read-timeout},
 * {@code http-status}, {@code exception}; {@code corrupt-body} applies only when no failure did, after the
 * real call returned, and so does {@code returned-value}.
 */
public sealed interface Fault {

    /** The schema name of this fault, such as {@code http-status}. */
    String type();

    /** Position in the application order above; lower applies first. */
    int order();

    /** The only kinds of call site that can express this fault; empty when every kind can. */
    default List<CallSiteKind> siteKinds() {
        return List.of();
    }

    /**
     * A fault that replaces the call with a failure. What a failure becomes depends on the shape of the call
     * site — a thrown exception, a failed stage, an error signal, an HTTP response, an {@link SQLException} — and
     * each adapter shape says it in one {@link Shape}.
     */
    sealed interface Failure extends Fault {

        /** What this failure becomes at the call sites of {@code shape}. */
        <R> R in(Shape<R> shape);
    }

    /**
     * What each failure becomes at one shape of call site: one method per failure kind, so that a new kind fails
     * to compile in every shape until each says what the failure does there. An implementation may hold the one
     * call it shapes.
     *
     * @param <R> what a failure becomes there, such as the {@link Throwable} to raise
     */
    interface Shape<R> {
        R exception(ExceptionFault fault);

        R jdbc(JdbcFailure fault);

        R httpStatus(HttpStatus fault);

        R connectionRefused(ConnectionRefused fault);

        R connectionReset(ConnectionReset fault);

        R readTimeout(ReadTimeout fault);
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

    /**
     * Throws a new instance of {@code exceptionClass}: made with {@code arguments} when given, by the public
     * constructor they fit (see {@link ExceptionFactory}), else with {@code message} where it takes one.
     *
     * @param arguments the constructor's arguments — strings, numbers, booleans — or {@code null}; not together with
     *     {@code message}
     */
    record ExceptionFault(Class<? extends Throwable> exceptionClass, String message, List<Object> arguments)
            implements Failure {
        public ExceptionFault {
            arguments = arguments == null || arguments.isEmpty() ? null : List.copyOf(arguments);
            Problems problems = new Problems();
            String refused =
                    exceptionClass == null ? "is required" : ExceptionFactory.refusal(exceptionClass, arguments);
            if (exceptionClass == null) {
                problems.add("class", null, refused);
            } else if (refused != null) {
                problems.add("class", exceptionClass.getName(), refused);
            } else if (arguments != null) {
                if (message != null) {
                    problems.add("message", message, "must not be given together with arguments");
                }
                String misfit = ExceptionFactory.misfit(exceptionClass, arguments);
                if (misfit != null) {
                    problems.add("arguments", arguments, misfit);
                }
            }
            problems.throwIfAny("exception");
        }

        /** Throws {@code exceptionClass} made with its {@code (String)} or {@code ()} constructor. */
        public ExceptionFault(Class<? extends Throwable> exceptionClass, String message) {
            this(exceptionClass, message, null);
        }

        /** Creates the throwable to inject; a new one each call, so its stack trace is the caller's. */
        public Throwable newThrowable() {
            return ExceptionFactory.create(exceptionClass, message, arguments);
        }

        @Override
        public <R> R in(Shape<R> shape) {
            return shape.exception(this);
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

    /**
     * Throws the {@link SQLException} a JDBC driver raises for a common failure, with {@code message} or the
     * preset's own. Only JDBC call sites can express it; in the schema it is an {@code exception} that names
     * a {@code preset} instead of a {@code class}.
     */
    record JdbcFailure(Preset preset, String message) implements Failure {
        public JdbcFailure {
            if (preset == null) {
                throw new InvalidDefinitionException("exception", List.of(new Problem("preset", null, "is required")));
            }
        }

        /** Creates the exception to inject; a new one each call, so its stack trace is the caller's. */
        public SQLException newException() {
            return preset.newException(message != null ? message : preset.defaultMessage);
        }

        @Override
        public <R> R in(Shape<R> shape) {
            return shape.jdbc(this);
        }

        @Override
        public String type() {
            return "exception";
        }

        @Override
        public int order() {
            return 5;
        }

        @Override
        public List<CallSiteKind> siteKinds() {
            return List.of(CallSiteKind.JDBC);
        }

        /** The failures a JDBC driver reports, each with its exception type and SQLState. */
        public enum Preset {
            /** The database cannot be reached: {@link SQLTransientConnectionException}, SQLState 08001. */
            CONNECTION_FAILURE("08001", "Could not connect to the database: Connection refused"),
            /** The connection broke during the call: {@link SQLNonTransientConnectionException}, 08S01. */
            LINK_FAILURE("08S01", "Communications link failure: the connection to the database was lost"),
            /** A deadlock or serialization failure: {@link SQLTransactionRollbackException}, 40001. */
            DEADLOCK("40001", "Deadlock detected; the transaction was rolled back"),
            /** The statement ran past its timeout and was cancelled: {@link SQLTimeoutException}, 57014. */
            STATEMENT_TIMEOUT("57014", "Statement timed out and was cancelled");

            private final String sqlState;
            private final String defaultMessage;

            Preset(String sqlState, String defaultMessage) {
                this.sqlState = sqlState;
                this.defaultMessage = defaultMessage;
            }

            /** The name used in the schema, such as {@code link-failure}. */
            public String id() {
                return name().toLowerCase(Locale.ROOT).replace('_', '-');
            }

            public String sqlState() {
                return sqlState;
            }

            SQLException newException(String message) {
                return switch (this) {
                    case CONNECTION_FAILURE -> new SQLTransientConnectionException(message, sqlState);
                    case LINK_FAILURE -> new SQLNonTransientConnectionException(message, sqlState);
                    case DEADLOCK -> new SQLTransactionRollbackException(message, sqlState);
                    case STATEMENT_TIMEOUT -> new SQLTimeoutException(message, sqlState);
                };
            }
        }
    }

    /** A real HTTP response with this status, headers and body, sent instead of the request. */
    record HttpStatus(int status, Map<String, String> headers, String body) implements Failure {
        public HttpStatus {
            if (status < 100 || status > 599) {
                throw new InvalidDefinitionException(
                        "http-status", List.of(new Problem("status", status, "must be between 100 and 599")));
            }
            headers = Map.copyOf(headers);
            body = body == null ? "" : body;
        }

        @Override
        public <R> R in(Shape<R> shape) {
            return shape.httpStatus(this);
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
        public List<CallSiteKind> siteKinds() {
            return List.of(CallSiteKind.HTTP, CallSiteKind.INBOUND);
        }
    }

    /** The connection cannot be opened: {@code java.net.ConnectException}. */
    record ConnectionRefused() implements Failure {
        @Override
        public <R> R in(Shape<R> shape) {
            return shape.connectionRefused(this);
        }

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
    record ConnectionReset() implements Failure {
        @Override
        public <R> R in(Shape<R> shape) {
            return shape.connectionReset(this);
        }

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
    record ReadTimeout(Duration after) implements Failure {
        public ReadTimeout {
            if (after != null) {
                Problems problems = new Problems();
                requirePositive(problems, "after", after);
                problems.throwIfAny("read-timeout");
            }
        }

        @Override
        public <R> R in(Shape<R> shape) {
            return shape.readTimeout(this);
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
            if (mode == null) {
                throw new InvalidDefinitionException("corrupt-body", List.of(new Problem("mode", null, "is required")));
            }
        }

        /** Damages {@code body} as {@link #mode} says; returns a new array and leaves {@code body} as it is. */
        public byte[] damage(byte[] body) {
            return switch (mode) {
                case TRUNCATE -> Arrays.copyOf(body, body.length / 2);
                case GARBAGE -> garbage(body);
                case EMPTY -> new byte[0];
            };
        }

        private static byte[] garbage(byte[] body) {
            byte[] damaged = new byte[body.length];
            for (int i = 0; i < body.length; i++) {
                damaged[i] = (byte) ~body[i];
            }
            return damaged;
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
        public List<CallSiteKind> siteKinds() {
            return List.of(CallSiteKind.HTTP);
        }

        /** How the body is damaged. */
        public enum Mode {
            /** Only the first half of the body arrives. */
            TRUNCATE,
            /** Every byte of the body is inverted: the same length, none of the bytes the server sent. */
            GARBAGE,
            /** The body is empty. */
            EMPTY;

            public String id() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /**
     * The call answers with another value instead of its own: {@code null} (by default), the empty value of its
     * return type ({@code empty}: an empty {@code Optional}, collection, map, array, string or stream), or a given
     * {@code value}, converted to the return type (a string, a number, a boolean, or an {@code Optional} of the
     * string). For the call sites whose return type is known: proxy and bean methods, and suppliers, whose answer's
     * type is known only once the real call returned (an {@linkplain Assault#afterCall() after-call} assault).
     *
     * @param empty whether the call answers the empty value of its return type
     * @param value the value the call answers, converted to its return type; {@code null} for none
     */
    record ReturnedValue(boolean empty, String value) implements Fault {
        public ReturnedValue {
            if (empty && value != null) {
                throw new InvalidDefinitionException(
                        "returned-value",
                        List.of(new Problem("value", value, "must not be given together with empty")));
            }
        }

        /**
         * What the call answers when it returns {@code type} ({@code Object} when unknown).
         *
         * @throws IllegalArgumentException when {@link #value} cannot be a {@code type}
         */
        public Object answerAs(Class<?> type) {
            return empty ? ReturnedValues.empty(type) : ReturnedValues.converted(value, type);
        }

        @Override
        public String type() {
            return "returned-value";
        }

        @Override
        public int order() {
            return 7;
        }
    }

    private static void requirePositive(Problems problems, String field, Duration value) {
        if (value == null) {
            problems.add(field, null, "is required");
        } else if (value.isNegative() || value.isZero()) {
            problems.add(field, value.toString(), "must be > 0");
        } else if (value.compareTo(Limits.MAX_LIFETIME) > 0) {
            problems.add(field, value.toString(), "must be <= PT12H, the longest lifetime of an assault");
        }
    }
}
