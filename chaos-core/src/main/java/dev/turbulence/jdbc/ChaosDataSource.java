package dev.turbulence.jdbc;

import dev.turbulence.ChaosEngine;
import dev.turbulence.Injection;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that injects faults where the application meets the database: when it connects,
 * runs a query or an update, and commits. It is one call site of kind {@code jdbc} with the name given to
 * {@link #decorate}; targets match the attributes {@code operation} ({@code connect}, {@code query},
 * {@code update}, {@code commit}) and {@code verb} (the SQL statement's first keyword, such as
 * {@code SELECT} or {@code INSERT}; absent for {@code connect}, {@code commit} and a plain statement's batch).
 *
 * <p>A fault applies before the operation, so a failed update or commit changes nothing. Failures are the
 * {@link SQLException}s a driver raises: the {@code exception} presets, {@code connection-refused} as the
 * {@code connection-failure} preset caused by a {@link java.net.ConnectException}, {@code connection-reset}
 * as {@code link-failure} caused by a {@link java.net.SocketException}, {@code read-timeout} as
 * {@code statement-timeout} once the statement's own query timeout (or {@code after}, or the assault's
 * expiry) has passed; a latency at least as long as the query timeout ends the same way. An {@code exception}
 * fault with a {@code class} is thrown as configured: an {@link SQLException} or unchecked exception as it
 * is, an {@link java.io.IOException} as {@link java.io.UncheckedIOException}, another checked one inside an
 * {@link dev.turbulence.InjectedFaultException}.
 *
 * <p>Connections, statements, result sets and metadata are wrapped so that their faults apply too; while
 * no fault fires they behave exactly as the wrapped objects, {@code unwrap} and {@code isWrapperFor}
 * included (both ask the wrapped object). Each wrapped method costs one reflective call; deciding whether
 * an operation is assaulted costs one volatile read while chaos is off. Thread-safe as the wrapped data
 * source.
 */
public final class ChaosDataSource implements DataSource {

    private final DataSource delegate;
    private final JdbcFaults faults;

    private ChaosDataSource(DataSource delegate, JdbcFaults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    /** Decorates {@code dataSource}: a call site of kind {@code jdbc} called {@code name}. */
    public static ChaosDataSource decorate(ChaosEngine engine, String name, DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new ChaosDataSource(dataSource, new JdbcFaults(engine, Objects.requireNonNull(name, "name")));
    }

    @Override
    public Connection getConnection() throws SQLException {
        Injection injection = faults.beforeConnect();
        return connected(injection, delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Injection injection = faults.beforeConnect();
        return connected(injection, delegate.getConnection(username, password));
    }

    /** The connection opened, or, when an after-call failure loses it, closed and the failure thrown. */
    private Connection connected(Injection injection, Connection connection) throws SQLException {
        try {
            JdbcFaults.afterCall(injection);
        } catch (SQLException | RuntimeException | Error lost) {
            connection.close();
            throw lost;
        }
        return JdbcProxy.connection(faults, connection);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "ChaosDataSource[" + faults.name() + "]: " + delegate;
    }
}
