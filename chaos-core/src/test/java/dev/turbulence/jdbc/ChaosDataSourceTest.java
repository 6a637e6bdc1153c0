package dev.turbulence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Fault;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbc.JdbcPreparedStatement;
import org.h2.jdbc.JdbcResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With no fault firing, the wrappers behave exactly as the pool's own objects. */
class ChaosDataSourceTest {

    private final ChaosEngine engine = ChaosEngine.create();
    private HikariDataSource pool;
    private DataSource orders;

    @BeforeEach
    void openPool() throws SQLException {
        pool = H2Pool.create();
        orders = ChaosDataSource.decorate(engine, "orders-db", pool);
    }

    @AfterEach
    void closePool() {
        pool.close();
        engine.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void runsQueriesUpdatesBatchesAndTransactionsAsThePool(boolean chaosOnElsewhere) throws SQLException {
        if (chaosOnElsewhere) {
            engine.assaults()
                    .put(Assault.builder("elsewhere")
                            .target(CallSiteKind.JDBC, "billing-db")
                            .fault(new Fault.JdbcFailure(Fault.JdbcFailure.Preset.DEADLOCK, null))
                            .build());
            engine.enable();
        }
        try (Connection connection = orders.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO orders (item) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, "pears");
                assertThat(insert.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isEqualTo(2);
                }
                insert.setString(1, "plums");
                insert.addBatch();
                insert.setString(1, "figs");
                insert.addBatch();
                assertThat(insert.executeBatch()).containsExactly(1, 1);
            }
            connection.commit();
        }

        assertThat(items()).containsExactly("apples", "pears", "plums", "figs");
    }

    @Test
    void leadsBackToTheWrappersFromStatementsResultSetsAndMetadata() throws SQLException {
        try (Connection connection = orders.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT item FROM orders")) {
            assertThat(statement.getConnection()).isSameAs(connection);
            assertThat(rows.getStatement()).isSameAs(statement);
            assertThat(statement.getResultSet()).isNotNull();
            assertThat(connection.getMetaData().getConnection()).isSameAs(connection);
            try (ResultSet tables = connection.getMetaData().getTables(null, null, "ORDERS", null)) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getString("TABLE_NAME")).isEqualTo("ORDERS");
            }
            try (PreparedStatement prepared = connection.prepareStatement("SELECT item FROM orders WHERE id = ?")) {
                prepared.setLong(1, 1);
                try (ResultSet row = prepared.executeQuery()) {
                    assertThat(row.getStatement()).isSameAs(prepared);
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).isEqualTo("apples");
                }
            }
        }
    }

    @Test
    void unwrapsAndAnswersIsWrapperForAsThePoolsObjects() throws SQLException {
        try (Connection wrapped = orders.getConnection();
                Connection pooled = pool.getConnection()) {
            assertThat(wrapped.isWrapperFor(JdbcConnection.class))
                    .isEqualTo(pooled.isWrapperFor(JdbcConnection.class))
                    .isTrue();
            assertThat(wrapped.isWrapperFor(DataSource.class))
                    .isEqualTo(pooled.isWrapperFor(DataSource.class))
                    .isFalse();
            assertThat(wrapped.unwrap(JdbcConnection.class)).isInstanceOf(JdbcConnection.class);
            assertThatThrownBy(() -> wrapped.unwrap(DataSource.class))
                    .isInstanceOf(SQLException.class)
                    .hasMessage(messageOf(() -> pooled.unwrap(DataSource.class)));

            try (PreparedStatement statement = wrapped.prepareStatement("SELECT item FROM orders")) {
                assertThat(statement.isWrapperFor(JdbcPreparedStatement.class)).isTrue();
                assertThat(statement.unwrap(JdbcPreparedStatement.class)).isInstanceOf(JdbcPreparedStatement.class);
                try (ResultSet rows = statement.executeQuery()) {
                    assertThat(rows.unwrap(JdbcResultSet.class)).isInstanceOf(JdbcResultSet.class);
                }
            }
        }
        assertThat(orders.isWrapperFor(HikariDataSource.class)).isTrue();
        assertThat(orders.unwrap(HikariDataSource.class)).isSameAs(pool);
    }

    @Test
    void passesTheDriversOwnExceptionsThrough() throws SQLException {
        try (Connection connection = orders.getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT nothing FROM nowhere"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("NOWHERE")
                    .extracting(failure -> ((SQLException) failure).getSQLState())
                    .isEqualTo("42S02");
        }
    }

    @Test
    void equalsHashCodeAndToStringAreTheWrappedObjects() throws SQLException {
        try (Connection connection = orders.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT item FROM orders");
            ResultSet first = statement.getResultSet();
            ResultSet again = statement.getResultSet();

            assertThat(first).isEqualTo(again).hasSameHashCodeAs(again);
            assertThat(first).isNotEqualTo(connection);
            assertThat(first.toString())
                    .contains(first.unwrap(JdbcResultSet.class).toString());
        }
    }

    @Test
    void wrapsCallableStatementsAndMetadata() throws SQLException {
        try (Connection connection = orders.getConnection();
                CallableStatement call = connection.prepareCall("CALL 1")) {
            try (ResultSet result = call.executeQuery()) {
                assertThat(result.getStatement()).isSameAs(call);
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(1);
            }
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(metadata.getDatabaseProductName()).isEqualTo("H2");
            assertThat(metadata.getConnection()).isSameAs(connection);
        }
    }

    @Test
    void returnsConnectionsToThePool() throws SQLException {
        for (int i = 0; i < 5; i++) {
            try (Connection connection = orders.getConnection()) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }

        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
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

    private static String messageOf(SqlCall call) {
        try {
            call.run();
            return null;
        } catch (SQLException failure) {
            return failure.getMessage();
        }
    }

    interface SqlCall {
        void run() throws SQLException;
    }
}
