package dev.turbulence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Fault;
import dev.turbulence.Fault.JdbcFailure.Preset;
import dev.turbulence.Glob;
import dev.turbulence.Target;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class JdbcFaultsTest {

    private final ChaosEngine engine = ChaosEngine.create();
    private HikariDataSource pool;
    private DataSource orders;
    private DataSource reports;

    @BeforeEach
    void openPool() throws SQLException {
        pool = H2Pool.create();
        orders = ChaosDataSource.decorate(engine, "orders-db", pool);
        reports = ChaosDataSource.decorate(engine, "reports-db", pool);
    }

    @AfterEach
    void closePool() {
        pool.close();
        engine.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "connection-failure, java.sql.SQLTransientConnectionException,   08001, Could not connect to the database: Connection refused",
        "link-failure,       java.sql.SQLNonTransientConnectionException, 08S01, Communications link failure: the connection to the database was lost",
        "deadlock,           java.sql.SQLTransactionRollbackException,    40001, Deadlock detected; the transaction was rolled back",
        "statement-timeout,  java.sql.SQLTimeoutException,                57014, Statement timed out and was cancelled"
    })
    void throwsEachPresetWithItsTypeSqlStateAndMessage(String preset, Class<?> type, String sqlState, String message)
            throws SQLException {
        arm(Map.of("operation", "query"), presetNamed(preset, null));

        try (Connection connection = orders.getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT item FROM orders"))
                    .isExactlyInstanceOf(type)
                    .hasMessage(message)
                    .extracting(failure -> ((SQLException) failure).getSQLState())
                    .isEqualTo(sqlState);
        }
    }

    @Test
    void failsConnectingWithoutTakingAConnectionFromThePool() {
        arm(Map.of("operation", "connect"), presetNamed("connection-failure", "db-1 is down"));

        assertThatThrownBy(orders::getConnection)
                .isExactlyInstanceOf(SQLTransientConnectionException.class)
                .hasMessage("db-1 is down");
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void failsAnUpdateBeforeItReachesTheDatabase() throws SQLException {
        arm(Map.of("operation", "update", "verb", "INSERT"), presetNamed("link-failure", null));

        try (Connection connection = orders.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (item) VALUES (?)")) {
            insert.setString(1, "pears");
            assertThatThrownBy(insert::executeUpdate).isExactlyInstanceOf(SQLNonTransientConnectionException.class);
            assertThatThrownBy(insert::execute).isExactlyInstanceOf(SQLNonTransientConnectionException.class);
            assertThat(count(connection)).as("SELECT is not targeted").isEqualTo(1);
        }
        assertThat(items()).containsExactly("apples");
    }

    @Test
    void failsACommitSoTheTransactionIsNotCommitted() throws SQLException {
        arm(Map.of("operation", "commit"), presetNamed("deadlock", null));

        try (Connection connection = orders.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO orders (item) VALUES ('pears')");
            }
            assertThatThrownBy(connection::commit)
                    .isExactlyInstanceOf(SQLTransactionRollbackException.class)
                    .extracting(failure -> ((SQLException) failure).getSQLState())
                    .isEqualTo("40001");
            connection.rollback();
        }
        assertThat(items()).containsExactly("apples");
    }

    @Test
    void afterTheCallTheCommitIsMadeAndItsAnswerLost() throws SQLException {
        arm(Map.of("operation", "commit"), presetNamed("link-failure", null), true);

        try (Connection connection = orders.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO orders (item) VALUES ('pears')");
            }
            assertThatThrownBy(connection::commit).isExactlyInstanceOf(SQLNonTransientConnectionException.class);
        }
        assertThat(items())
                .as("committed, though the caller was told otherwise")
                .containsExactly("apples", "pears");
    }

    @Test
    void afterTheCallAnUpdateIsWrittenAndAnOpenedConnectionGivenBack() throws SQLException {
        arm(Map.of("operation", "update"), presetNamed("link-failure", null), true);

        try (Connection connection = orders.getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO orders (item) VALUES ('plums')"))
                    .isExactlyInstanceOf(SQLNonTransientConnectionException.class);
        }
        assertThat(items()).containsExactly("apples", "plums");

        arm(Map.of("operation", "connect"), presetNamed("link-failure", null), true);
        assertThatThrownBy(orders::getConnection).isExactlyInstanceOf(SQLNonTransientConnectionException.class);
        assertThat(pool.getHikariPoolMXBean().getActiveConnections())
                .as("the lost connection went back")
                .isZero();
    }

    @Test
    void neverLeaksAFaultOntoAnotherDataSource() throws SQLException {
        arm(Map.of(), presetNamed("deadlock", null));

        for (int i = 0; i < 3; i++) {
            try (Connection connection = reports.getConnection()) {
                connection.setAutoCommit(false);
                assertThat(count(connection)).isEqualTo(1);
                connection.commit();
            }
            assertThatThrownBy(orders::getConnection).isExactlyInstanceOf(SQLTransactionRollbackException.class);
        }
    }

    @Test
    void givesNetworkFaultsTheShapeADriverGivesThem() throws SQLException {
        arm(Map.of("operation", "connect"), new Fault.ConnectionRefused());
        assertThatThrownBy(orders::getConnection)
                .isExactlyInstanceOf(SQLTransientConnectionException.class)
                .hasCauseExactlyInstanceOf(ConnectException.class)
                .extracting(failure -> ((SQLException) failure).getSQLState())
                .isEqualTo("08001");

        arm(Map.of("operation", "query"), new Fault.ConnectionReset());
        try (Connection connection = orders.getConnection()) {
            assertThatThrownBy(() -> count(connection))
                    .isExactlyInstanceOf(SQLNonTransientConnectionException.class)
                    .hasCauseExactlyInstanceOf(SocketException.class)
                    .extracting(failure -> ((SQLException) failure).getSQLState())
                    .isEqualTo("08S01");
        }
    }

    @Test
    void readTimeoutEndsAtTheStatementsQueryTimeout() throws SQLException {
        arm(Map.of("operation", "query"), new Fault.ReadTimeout(null));

        try (Connection connection = orders.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            assertThatThrownBy(() -> statement.executeQuery("SELECT item FROM orders"))
                    .isExactlyInstanceOf(SQLTimeoutException.class)
                    .extracting(failure -> ((SQLException) failure).getSQLState())
                    .isEqualTo("57014");
        }
    }

    @Test
    void readTimeoutWithoutAQueryTimeoutHangsForAfter() throws SQLException {
        arm(Map.of("operation", "query"), new Fault.ReadTimeout(Duration.ofMillis(100)));

        try (Connection connection = orders.getConnection()) {
            assertThatThrownBy(() -> count(connection)).isExactlyInstanceOf(SQLTimeoutException.class);
        }
    }

    @Test
    void latencyDelaysTheRealCall() throws SQLException {
        arm(Map.of("verb", "SELECT"), new Fault.FixedLatency(Duration.ofMillis(50)));

        try (Connection connection = orders.getConnection()) {
            assertThat(count(connection)).isEqualTo(1);
        }
    }

    @Test
    void latencyPastTheQueryTimeoutTimesTheStatementOut() throws SQLException {
        arm(Map.of("operation", "query"), new Fault.FixedLatency(Duration.ofHours(1)));

        try (Connection connection = orders.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            assertThatThrownBy(() -> statement.executeQuery("SELECT item FROM orders"))
                    .isExactlyInstanceOf(SQLTimeoutException.class);
        }
    }

    @Test
    void throwsConfiguredExceptionsAsTheyAre() throws SQLException {
        arm(Map.of("operation", "query"), new Fault.ExceptionFault(SQLException.class, "custom"));
        try (Connection connection = orders.getConnection()) {
            assertThatThrownBy(() -> count(connection))
                    .isExactlyInstanceOf(SQLException.class)
                    .hasMessage("custom");
        }

        arm(Map.of("operation", "query"), new Fault.ExceptionFault(TimeoutException.class, "undeclared"));
        try (Connection connection = orders.getConnection()) {
            assertThatThrownBy(() -> count(connection))
                    .isExactlyInstanceOf(dev.turbulence.InjectedFaultException.class)
                    .cause()
                    .isExactlyInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void faultsPlainStatementsBatchesByOperationAlone() throws SQLException {
        arm(Map.of("operation", "update"), presetNamed("deadlock", null));

        try (Connection connection = orders.getConnection();
                Statement statement = connection.createStatement()) {
            statement.addBatch("INSERT INTO orders (item) VALUES ('pears')");
            assertThatThrownBy(statement::executeBatch).isExactlyInstanceOf(SQLTransactionRollbackException.class);
        }
        assertThat(items()).containsExactly("apples");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SELECT * FROM orders                          | SELECT | execute       | query
            '  select 1'                                  | SELECT | executeQuery  | query
            '/* hint */ -- note\n  insert into t values 1' | INSERT | executeUpdate | update
            '(SELECT 1) UNION (SELECT 2)'                 | SELECT | execute       | query
            '{call refresh_stock(?)}'                     | CALL   | execute       | update
            WITH recent AS (SELECT 1) SELECT * FROM recent | WITH  | execute       | query
            delete from orders                            | DELETE | execute       | update
            '42'                                          |        | execute       | update
            """)
    void readsTheVerbAndOperationOfStatements(String sql, String verb, String method, String operation) {
        String unescaped = sql.replace("\\n", "\n");
        assertThat(JdbcFaults.verbOf(unescaped)).isEqualTo(verb);
        assertThat(JdbcFaults.operationOf(method, JdbcFaults.verbOf(unescaped))).isEqualTo(operation);
    }

    private void arm(Map<String, String> attributes, Fault fault) {
        arm(attributes, fault, false);
    }

    private void arm(Map<String, String> attributes, Fault fault, boolean afterCall) {
        Map<String, Glob> globs = new java.util.HashMap<>();
        attributes.forEach((key, value) -> globs.put(key, Glob.of(value)));
        engine.assaults().clear();
        engine.assaults()
                .put(Assault.builder("orders-db-fault")
                        .target(new Target(CallSiteKind.JDBC, Glob.of("orders-db"), globs))
                        .fault(fault)
                        .afterCall(afterCall)
                        .build());
        engine.enable();
    }

    private static Fault presetNamed(String id, String message) {
        for (Preset preset : Preset.values()) {
            if (preset.id().equals(id)) {
                return new Fault.JdbcFailure(preset, message);
            }
        }
        throw new IllegalArgumentException(id);
    }

    private static int count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM orders")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private List<String> items() throws SQLException {
        List<String> items = new ArrayList<>();
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT item FROM orders ORDER BY id")) {
            while (rows.next()) {
                items.add(rows.getString(1));
            }
        }
        return items;
    }
}
