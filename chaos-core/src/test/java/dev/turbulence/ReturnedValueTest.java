package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.schema.InvalidDefinitionException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The returned-value fault: a call answers null, an empty value of its type, or a given value. */
class ReturnedValueTest {

    /** An order, which no string can be. */
    record Order(String sku) {}

    interface Orders {
        Optional<Order> find(String sku);

        List<Order> all();

        int count();

        String status();

        Order latest();

        CompletionStage<String> statusLater();

        Mono<Order> findReactive(String sku);
    }

    static final class RealOrders implements Orders {
        final AtomicInteger calls = new AtomicInteger();

        private <T> T called(T value) {
            calls.incrementAndGet();
            return value;
        }

        @Override
        public Optional<Order> find(String sku) {
            return called(Optional.of(new Order(sku)));
        }

        @Override
        public List<Order> all() {
            return called(List.of(new Order("a")));
        }

        @Override
        public int count() {
            return called(1);
        }

        @Override
        public String status() {
            return called("open");
        }

        @Override
        public Order latest() {
            return called(new Order("a"));
        }

        @Override
        public CompletionStage<String> statusLater() {
            return called(CompletableFuture.completedFuture("open"));
        }

        @Override
        public Mono<Order> findReactive(String sku) {
            return Mono.fromCallable(() -> called(new Order(sku)));
        }
    }

    private final ChaosEngine engine = ChaosEngine.create();
    private final RealOrders real = new RealOrders();
    private final Orders orders = engine.proxy(Orders.class, real, "orders");

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void emptyAnswersTheEmptyValueOfEachReturnTypeWithoutTheCall() {
        arm(new Fault.ReturnedValue(true, null), false);

        assertThat(orders.find("a")).isEmpty();
        assertThat(orders.all()).isEmpty();
        assertThat(orders.count()).isZero();
        assertThat(orders.status()).isEmpty();
        assertThat(orders.latest()).as("a type with no empty value").isNull();
        StepVerifier.create(orders.findReactive("a")).verifyComplete();
        assertThat(real.calls).as("no real call was made").hasValue(0);
    }

    @Test
    void aGivenValueIsConvertedToTheReturnType() {
        arm(new Fault.ReturnedValue(false, "7"), false);

        assertThat(orders.count()).isEqualTo(7);
        assertThat(orders.status()).isEqualTo("7");
        assertThat(orders.statusLater().toCompletableFuture().join()).isEqualTo("7");
        assertThatThrownBy(orders::latest)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("returned-value '7' cannot be a " + Order.class.getName()
                        + "; a value may be a string, a number, a boolean or an Optional of a string");
    }

    @Test
    void nullIsTheDefaultAndAPrimitiveGetsItsZero() {
        arm(new Fault.ReturnedValue(false, null), false);

        assertThat(orders.find("a"))
                .as("the Optional itself is null: the bug it finds")
                .isNull();
        assertThat(orders.count()).isZero();
    }

    @Test
    void afterTheCallTheRealCallRunsAndASuppliersAnswerTakesTheEmptyValueOfItsClass() {
        engine.assaults()
                .put(Assault.builder("stock-empty")
                        .target(CallSiteKind.SUPPLIER, "stock")
                        .fault(new Fault.ReturnedValue(true, null))
                        .afterCall(true)
                        .build());
        engine.enable();
        AtomicInteger made = new AtomicInteger();
        Supplier<List<String>> stock = engine.decorateSupplier("stock", () -> {
            made.incrementAndGet();
            return new java.util.ArrayList<>(List.of("apples"));
        });

        assertThat(stock.get()).isEmpty();
        assertThat(made).hasValue(1);
        Runnable restock = engine.decorateRunnable("stock", made::incrementAndGet);
        restock.run();
        assertThat(made).as("a runnable answers nothing, and runs").hasValue(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "java.util.Optional,      Optional.empty",
        "java.util.Collection,    []",
        "java.util.ArrayList,     []",
        "java.util.HashSet,       []",
        "java.util.SortedMap,     {}",
        "java.lang.CharSequence,  ''",
        "java.lang.Object,        null",
        "boolean,                 false",
        "long,                    0"
    })
    void theEmptyValueOfATypeIsOfItsFamily(Class<?> type, String expected) {
        Object empty = ReturnedValues.empty(type);

        assertThat(String.valueOf(empty)).isEqualTo(expected.equals("''") ? "" : expected);
    }

    @Test
    void theEmptyValueOfAStreamOrAnArrayIsEmpty() {
        assertThat((Stream<?>) ReturnedValues.empty(Stream.class)).isEmpty();
        assertThat((String[]) ReturnedValues.empty(String[].class)).isEmpty();
        assertThat(ReturnedValues.empty(Set.class)).isEqualTo(Set.of());
        assertThat(ReturnedValues.empty(Map.class)).isEqualTo(Map.of());
        assertThat(ReturnedValues.empty(Collection.class)).isEqualTo(List.of());
    }

    @Test
    void isReadFromTheSchemaForCallSitesThatReturnAValueOnly() {
        Assault assault = AssaultSchema.fromYaml(
                "{name: no-orders, target: {kind: repository}, fault: {type: returned-value, empty: true}}");

        assertThat(assault.fault()).isEqualTo(new Fault.ReturnedValue(true, null));
        assertThat(AssaultSchema.fromYaml("{name: n, target: {kind: bean}, fault: {type: returned-value}}")
                        .fault())
                .isEqualTo(new Fault.ReturnedValue(false, null));
        assertThatThrownBy(() -> AssaultSchema.fromYaml(
                        "{name: n, target: {kind: http}, fault: {type: returned-value, value: '0'}}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid assault 'n': target.kind must be supplier, repository or bean for fault.type"
                        + " returned-value: the call sites whose calls return a value, but was 'http'");
        assertThatThrownBy(() -> AssaultSchema.fromYaml(
                        "{name: n, target: {kind: bean}, fault: {type: returned-value, empty: true, value: x}}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("fault.value must not be given together with empty, but was 'x'");
    }

    private void arm(Fault fault, boolean afterCall) {
        engine.assaults()
                .put(Assault.builder("orders-answer")
                        .target(CallSiteKind.REPOSITORY, "orders")
                        .fault(fault)
                        .afterCall(afterCall)
                        .build());
        engine.enable();
    }
}
