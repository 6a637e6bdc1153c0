package dev.turbulence.jdbc;

import dev.turbulence.CallSite;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Failures;
import dev.turbulence.Fault;
import dev.turbulence.Injection;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The call sites of one decorated data source, and what their faults become as {@link SQLException}s. */
final class JdbcFaults {

    private static final Set<String> QUERY_VERBS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN");

    /** What a driver throws for each failure. */
    private static final Fault.Shape<Throwable> THROWN_BY_DRIVER = new Fault.Shape<>() {
        @Override
        public Throwable exception(Fault.ExceptionFault fault) {
            return Failures.forSite(fault.newThrowable(), SQLException.class);
        }

        @Override
        public Throwable jdbc(Fault.JdbcFailure fault) {
            return fault.newException();
        }

        @Override
        public Throwable httpStatus(Fault.HttpStatus fault) {
            // unreachable through an assault: http-status needs target.kind http or inbound
            throw new IllegalArgumentException("http-status is not a failure a JDBC driver can express");
        }

        @Override
        public Throwable connectionRefused(Fault.ConnectionRefused fault) {
            return preset(Fault.JdbcFailure.Preset.CONNECTION_FAILURE)
                    .initCause(new ConnectException("Connection refused"));
        }

        @Override
        public Throwable connectionReset(Fault.ConnectionReset fault) {
            return preset(Fault.JdbcFailure.Preset.LINK_FAILURE).initCause(new SocketException("Connection reset"));
        }

        @Override
        public Throwable readTimeout(Fault.ReadTimeout fault) {
            return preset(Fault.JdbcFailure.Preset.STATEMENT_TIMEOUT);
        }
    };

    private final String name;
    private final CallSite connect;
    private final CallSite commit;
    private final CallSite statements;

    JdbcFaults(ChaosEngine engine, String name) {
        this.name = name;
        this.connect = engine.callSite(CallSiteKind.JDBC, name, Map.of("operation", "connect"));
        this.commit = engine.callSite(CallSiteKind.JDBC, name, Map.of("operation", "commit"));
        this.statements = engine.callSite(CallSiteKind.JDBC, name, Map.of());
    }

    String name() {
        return name;
    }

    /**
     * The faults before a connection is opened: thrown, or waited out. Each {@code before…} returns the injection for
     * {@link #afterCall}, {@code null} when the call goes through untouched.
     */
    Injection beforeConnect() throws SQLException {
        return apply(connect.decide(), null);
    }

    Injection beforeCommit() throws SQLException {
        return apply(commit.decide(), null);
    }

    /** Before {@code method} of {@code statement} runs {@code sql} ({@code null} for a plain batch). */
    Injection beforeExecute(String method, String sql, Statement statement) throws SQLException {
        if (!statements.isTargeted()) {
            return null;
        }
        String verb = sql == null ? null : verbOf(sql);
        String operation = operationOf(method, verb);
        Injection injection = statements.decide(
                verb == null ? Map.of("operation", operation) : Map.of("operation", operation, "verb", verb));
        if (injection == null) {
            return null;
        }
        int seconds = statement.getQueryTimeout();
        return apply(injection, seconds > 0 ? Duration.ofSeconds(seconds) : null);
    }

    /**
     * Once the real call has returned: waits out the after-call latency, then throws the after-call failure as the
     * driver would, the work done (a commit made, a row written) and its answer lost.
     */
    static void afterCall(Injection injection) throws SQLException {
        if (injection == null) {
            return;
        }
        injection.pause(injection.latencyAfterCall());
        Fault.Failure lost = injection.failureAfterCall();
        if (lost != null) {
            injection.pause(injection.failureDelay());
            throw Failures.sneakyThrow(lost.in(THROWN_BY_DRIVER));
        }
    }

    private static Injection apply(Injection injection, Duration queryTimeout) throws SQLException {
        if (injection == null) {
            return null;
        }
        Duration latency = injection.latency();
        if (queryTimeout != null && latency.compareTo(queryTimeout) >= 0) {
            injection.pause(queryTimeout);
            throw preset(Fault.JdbcFailure.Preset.STATEMENT_TIMEOUT);
        }
        injection.pause(latency);
        Fault.Failure failure = injection.failure();
        if (failure != null) {
            // only a read timeout hangs first, until the query timeout when that comes first
            Duration hang = injection.failureDelay();
            injection.pause(
                    queryTimeout != null && queryTimeout.minus(latency).compareTo(hang) < 0
                            ? queryTimeout.minus(latency)
                            : hang);
            throw Failures.sneakyThrow(failure.in(THROWN_BY_DRIVER));
        }
        return injection;
    }

    private static SQLException preset(Fault.JdbcFailure.Preset preset) {
        return new Fault.JdbcFailure(preset, null).newException();
    }

    /** {@code query} or {@code update}, as the method says, or as the verb says for {@code execute}. */
    static String operationOf(String method, String verb) {
        return switch (method) {
            case "executeQuery" -> "query";
            case "execute" -> verb != null && QUERY_VERBS.contains(verb) ? "query" : "update";
            default -> "update";
        };
    }

    /** The first keyword of {@code sql}, upper case, past comments and opening brackets; null when none. */
    static String verbOf(String sql) {
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(' || c == '{') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < length && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i == start ? null : sql.substring(start, i).toUpperCase(Locale.ROOT);
    }
}
