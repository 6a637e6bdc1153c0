package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.SocketException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyTest {

    interface OrderRepository {
        Optional<String> findById(long id);

        List<String> findAll() throws SQLException;

        void save(String order) throws IOException;

        CompletionStage<String> findAsync(long id);

        default String describe(long id) {
            return findById(id).map(order -> "order " + order).orElse("no order");
        }
    }

    static final class Orders implements OrderRepository {
        final Map<Long, String> rows = new java.util.concurrent.ConcurrentHashMap<>(Map.of(1L, "apples"));

        @Override
        public Optional<String> findById(long id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public List<String> findAll() {
            return List.copyOf(rows.values());
        }

        @Override
        public void save(String order) throws IOException {
            if (order.isBlank()) {
                throw new IOException("blank order");
            }
            rows.put((long) rows.size() + 1, order);
        }

        @Override
        public CompletionStage<String> findAsync(long id) {
            return CompletableFuture.completedFuture(rows.get(id));
        }

        @Override
        public String describe(long id) {
            return "overridden " + id;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Orders orders && orders.rows.equals(rows);
        }

        @Override
        public int hashCode() {
            return rows.hashCode();
        }

        @Override
        public String toString() {
            return "Orders" + rows;
        }
    }

    private final ChaosEngine engine = ChaosEngine.create();
    private final Orders target = new Orders();
    private final OrderRepository orders = engine.proxy(OrderRepository.class, target, "orders-repo");

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void behavesAsTheTargetWhenChaosIsOff() throws Exception {
        orders.save("pears");

        assertThat(orders.findById(2)).contains("pears");
        assertThat(orders.findAll()).containsExactlyInAnyOrder("apples", "pears");
        assertThatThrownBy(() -> orders.save(" "))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("blank order");
    }

    @Test
    void equalsHashCodeAndToStringBehaveAsOnTheTarget() {
        Orders twin = new Orders();
        OrderRepository otherProxy = engine.proxy(OrderRepository.class, twin, "other");

        assertThat(orders)
                .isEqualTo(orders)
                .isEqualTo(twin)
                .isEqualTo(otherProxy)
                .isNotEqualTo(null);
        assertThat(orders.hashCode()).isEqualTo(target.hashCode());
        assertThat(orders).hasToString("Orders{1=apples}");
        twin.rows.put(9L, "plums");
        assertThat(orders).isNotEqualTo(otherProxy);
    }

    @Test
    void defaultMethodsRunAsOnTheTarget() {
        assertThat(orders.describe(1)).isEqualTo("overridden 1");
    }

    @Test
    void targetsMethodsByTypeAndMethodAttributes() {
        engine.assaults()
                .put(Assault.builder("finds")
                        .target(new Target(
                                CallSiteKind.REPOSITORY,
                                Glob.of("orders-*"),
                                Map.of("type", Glob.of("OrderRepository"), "method", Glob.of("find*"))))
                        .fault(new Fault.ExceptionFault(IllegalStateException.class, "db down"))
                        .build());
        engine.enable();

        assertThatThrownBy(() -> orders.findById(1))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("db down");
        assertThatThrownBy(orders::findAll).isExactlyInstanceOf(IllegalStateException.class);
        assertThat(orders.describe(1)).as("describe is not a find* method").isEqualTo("overridden 1");
    }

    @Test
    void throwsDeclaredCheckedExceptionsAsSuch() {
        arm(new Fault.ExceptionFault(SQLException.class, "deadlock"));

        assertThatThrownBy(orders::findAll)
                .isExactlyInstanceOf(SQLException.class)
                .hasMessage("deadlock");
    }

    @Test
    void neverWrapsUndeclaredCheckedExceptionsInUndeclaredThrowable() {
        arm(new Fault.ExceptionFault(SQLException.class, "deadlock"));
        assertThatThrownBy(() -> orders.findById(1))
                .isNotInstanceOf(UndeclaredThrowableException.class)
                .isExactlyInstanceOf(InjectedFaultException.class)
                .cause()
                .isExactlyInstanceOf(SQLException.class);

        arm(new Fault.ConnectionReset());
        assertThatThrownBy(() -> orders.save("x"))
                .isExactlyInstanceOf(SocketException.class)
                .hasMessage("Connection reset");
        assertThatThrownBy(() -> orders.findById(1))
                .isExactlyInstanceOf(UncheckedIOException.class)
                .cause()
                .isExactlyInstanceOf(SocketException.class);
    }

    @Test
    void completionStageMethodsFailAsynchronously() {
        arm(new Fault.ConnectionReset());

        CompletableFuture<String> result = orders.findAsync(1).toCompletableFuture();

        await().until(result::isDone);
        assertThatThrownBy(result::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(SocketException.class);
    }

    @Test
    void rejectsClassesAsProxyTypes() {
        assertThatThrownBy(() -> engine.proxy(Orders.class, target, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("type must be an interface, but was dev.turbulence.ProxyTest$Orders");
    }

    private void arm(Fault fault) {
        engine.assaults().clear();
        engine.assaults()
                .put(Assault.builder("repo")
                        .target(CallSiteKind.REPOSITORY, "orders-repo")
                        .fault(fault)
                        .build());
        engine.enable();
    }
}
